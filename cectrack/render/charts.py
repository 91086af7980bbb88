"""Charts drawn at build time as inline SVG: no script, no third-party host, they print.

Each chart carries a <title> and <desc> that say in words what it shows.  Colours come from
the stylesheet (classes, not inline colours) so both palettes apply.  The drawing stretches
to the width of the screen (and is taller on a phone), so its labels are not SVG text, which
would shrink with it to a few pixels: they are HTML laid over the drawing at the same
places, in CSS pixels, hidden from screen readers (the description says it all).  Every
text passes through `text()`, which escapes it.
"""
from __future__ import annotations

import datetime as dt
import math
from html import escape

from markupsafe import Markup

from ..engine.report import CredentialResult
from ..engine.standing import expected_by
from ..records.vocabulary import unit_label
from ..records.words import fmt, long_date
from .credentialwords import is_code

WIDTH, HEIGHT = 640, 230
LEFT, RIGHT, TOP, BOTTOM = 4, 16, 14, 30
# The credit scale's labels stand left of the drawing, in a gutter of CSS pixels as wide as
# the longest (12 px digits are under 7 px wide; 8 px apart from the axis): inside the
# drawing, which shrinks to 56 % on a phone, "3000" did not fit.
DIGIT_PX, GUTTER_GAP_PX = 7, 8


def text(value: object) -> str:
    return escape(str(value), quote=True)


def progress_points(c: CredentialResult, until: dt.date) -> list[tuple[dt.date, float]]:
    """The running total after each day a course counted, from the window's start."""
    total, points = 0.0, [(c.cycle.window_start, 0.0)]
    for r in sorted(c.counted_entries, key=lambda r: r.entry.completed):
        day = max(r.entry.completed, c.cycle.window_start)
        if day > until:
            break
        total = round(total + r.counted, 2)
        points.append((day, total))
    return points


class _Frame:
    """Dates and credits to SVG coordinates."""

    def __init__(self, first: dt.date, last: dt.date, top: float):
        self.first, self.span = first, max((last - first).days, 1)
        self.top = top

    def x(self, day: dt.date) -> float:
        share = min(max((day - self.first).days / self.span, 0.0), 1.0)
        return round(LEFT + share * (WIDTH - LEFT - RIGHT), 1)

    def y(self, credits: float) -> float:
        return round(HEIGHT - BOTTOM - credits / self.top * (HEIGHT - TOP - BOTTOM), 1)


def progress_chart(c: CredentialResult, chart_id: str) -> Markup:
    """Credit earned over the cycle, against the requirement and a steady pace."""
    today = c.today
    last = max(c.cycle.end, min(today, c.cycle.grace_end or c.cycle.end))
    points = progress_points(c, min(today, last))
    ticks = scale_ticks(max(c.required, points[-1][1], 1.0))
    f = _Frame(c.cycle.window_start, last, ticks[-1])
    path = _steps(points, f, min(today, last))
    expected = expected_by(c, today)
    unit = unit_label(c.unit, 2)
    desc = (f"{fmt(c.earned)} of {fmt(c.required)} {unit} earned from "
            f"{long_date(c.cycle.window_start)} to {long_date(today)}; a steady pace would have "
            f"reached {fmt(expected)} by then, and {fmt(c.required)} by the deadline, "
            f"{long_date(c.cycle.end)}.")
    lines, labels = _axes(c, f, last, ticks)
    labels.append(_label(f.x(today) - 4, HEIGHT - BOTTOM - 6, "today", "end"))
    gutter = GUTTER_GAP_PX + DIGIT_PX * max(len(fmt(value)) for value in ticks)
    parts = [
        f'<div class="cectrack-plot" style="--cectrack-gutter:{gutter}px">',
        f'<svg class="cectrack-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" preserveAspectRatio="none">',
        f'<title id="{chart_id}-title">{text(c.id)}: credit earned over the cycle</title>',
        f'<desc id="{chart_id}-desc">{text(desc)}</desc>',
        *lines,
        f'<line class="cectrack-chart-required" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
        f'y1="{f.y(c.required)}" y2="{f.y(c.required)}"/>',
        f'<line class="cectrack-chart-pace" x1="{f.x(c.cycle.window_start)}" y1="{f.y(0)}" '
        f'x2="{f.x(c.cycle.end)}" y2="{f.y(c.required)}"/>',
        f'<path class="cectrack-chart-earned" d="{path}"/>',
        f'<line class="cectrack-chart-today" x1="{f.x(today)}" x2="{f.x(today)}" y1="{TOP}" '
        f'y2="{HEIGHT - BOTTOM}"/>',
        '</svg>',
        '<div class="cectrack-plot-labels" aria-hidden="true">', *labels, '</div>',
        '</div>',
    ]
    return Markup("".join(parts))


def _label(x: float, y: float, words: str, anchor: str = "start") -> str:
    """A label at (x, y) of the drawing (y its baseline), as HTML placed in per cent of the
    drawing's box, so it stays where the SVG text would be however the drawing stretches."""
    return (f'<span class="cectrack-label cectrack-label--{anchor}" '
            f'style="left:{round(x / WIDTH * 100, 2)}%;top:{round(y / HEIGHT * 100, 2)}%">'
            f'{text(words)}</span>')


def _steps(points: list[tuple[dt.date, float]], f: _Frame, until: dt.date) -> str:
    d = [f"M{f.x(points[0][0])},{f.y(0)}"]
    for day, total in points[1:]:
        d.append(f"H{f.x(day)}V{f.y(total)}")
    d.append(f"H{f.x(until)}")
    return "".join(d)


def scale_ticks(highest: float, most: int = 5) -> list[float]:
    """The credit scale's marks: 0, then round steps (1, 2, 2.5 or 5 times a power of ten)
    up to the first mark at or above `highest` and a twelfth more (room for the required
    line's label). Two to `most` steps, whatever `highest` is: each mark labelled, the top
    one too, never closer than a fifth of the scale, however far earned is above required."""
    room = highest * 13 / 12
    power = 10.0 ** math.floor(math.log10(room / most))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= room / most)
    return [round(i * step, 9) for i in range(math.ceil(room / step - 1e-9) + 1)]


def _axes(c: CredentialResult, f: _Frame, last: dt.date,
          ticks: list[float]) -> tuple[list[str], list[str]]:
    """The axis, credit and year lines (SVG), and the labels (HTML)."""
    base = HEIGHT - BOTTOM
    lines = [f'<line class="cectrack-chart-axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" '
             f'y2="{base}"/>']
    lines += [f'<line class="cectrack-chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
              f'y1="{f.y(value)}" y2="{f.y(value)}"/>' for value in ticks[1:]]
    labels = [_label(0, f.y(value) + 4, fmt(value), "axis") for value in ticks]
    start = c.cycle.window_start
    year = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    while dt.date(year, 1, 1) <= last:
        x = f.x(dt.date(year, 1, 1))
        lines.append(f'<line class="cectrack-chart-grid" x1="{x}" x2="{x}" y1="{TOP}" '
                     f'y2="{base}"/>')
        labels.append(_label(x, base + 18, str(year), "middle"))
        year += 1
    labels.append(_label(LEFT + 4, f.y(c.required) - 5,
                         f"{fmt(c.required)} {unit_label(c.unit, 2)} required"))
    return lines, labels


def chart_rows(c: CredentialResult, nested: frozenset[str] = frozenset()) -> list:
    """The categories a card's chart shows: those with a minimum or maximum, and beside them
    any other that holds credit (NREMT's individual component, where a course goes by
    default), so the bars add up to what the card says; categories inside another
    (`nested`: NREMT's topics) are left to the credential page."""
    shown = [k for k in c.categories + c.groups if k.id not in nested]
    if not any(k.min is not None or k.max is not None for k in shown):
        return []
    return [k for k in shown if k.min is not None or k.max is not None or k.earned > 0]


def category_bars(c: CredentialResult, chart_id: str,
                  nested: frozenset[str] = frozenset()) -> Markup:
    """Credit per category against its minimum (a mark) and maximum (the bar's end): one row
    per category, its name and figure as text beside a bar drawn in CSS."""
    rows = chart_rows(c, nested)
    if not rows:
        return Markup("")
    scale = max(max((k.max or 0, k.min or 0, k.earned) for k in rows)) or 1.0
    desc = "; ".join(_category_words(k, unit_label(c.unit, 2)) for k in rows)
    parts = [f'<div class="cectrack-bars" role="img" aria-labelledby="{chart_id}-title '
             f'{chart_id}-desc">',
             f'<span id="{chart_id}-title" hidden>{text(c.id)}: credit by category</span>',
             f'<span id="{chart_id}-desc" hidden>{text(desc)}.</span>']
    for k in rows:
        limit = k.max if k.max is not None else scale
        bar = [f'<span class="cectrack-bar-room" style="width:{_share(limit, scale)}%"></span>',
               f'<span class="cectrack-bar-earned" '
               f'style="width:{_share(min(k.earned, limit), scale)}%"></span>']
        if k.min is not None:
            bar.append(f'<span class="cectrack-bar-min" style="left:{_share(k.min, scale)}%">'
                       '</span>')
        parts += ['<span class="cectrack-bar-row">',
                  f'<span class="cectrack-bar-label">{text(bar_label(k))}</span>',
                  f'<span class="cectrack-bar-track">{"".join(bar)}</span>',
                  f'<span class="cectrack-bar-figure">{text(_category_figure(k))}</span>',
                  '</span>']
    parts.append("</div>")
    return Markup("".join(parts))


def bar_label(k) -> str:
    """A body's short code as it is (NSCA's A), a longer id by its label (NREMT's
    `post_resuscitation` reads "Post-resuscitation care"), and a code the label only
    repeats by the label (NCCPA's 1: "Category 1", not a bare "1")."""
    return k.id if is_code(k) and k.label != f"Category {k.id}" else k.label


def category_caption(c: CredentialResult, nested: frozenset[str] = frozenset()) -> str:
    """What the bars mean, naming only what they show: a maximum, a minimum, or both."""
    rows = chart_rows(c, nested)
    parts = (["the bar's end is the most that counts"] if any(k.max is not None for k in rows)
             else []) + (["the mark the least needed"] if any(k.min is not None for k in rows)
                         else [])
    return "Credit by category" + (": " + ", ".join(parts) if parts else "") + "."


def _share(value: float, scale: float) -> float:
    return round(min(value / scale, 1.0) * 100, 2)


def _category_figure(k) -> str:
    figure = fmt(k.earned) + (f" of {fmt(k.max)} max" if k.max is not None else "")
    return figure + (f", min {fmt(k.min)}" if k.min is not None else "")


def _category_words(k, unit: str) -> str:
    words = f"{k.id} ({k.label}): {fmt(k.earned)} {unit}" if k.label else f"{k.id}: {fmt(k.earned)} {unit}"
    if k.min is not None:
        words += f", at least {fmt(k.min)} needed"
    if k.max is not None:
        words += f", at most {fmt(k.max)} count"
    return words
