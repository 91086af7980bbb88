"""Charts drawn at build time as inline SVG: no script, no third-party host, they print.

Each chart carries a <title> and <desc> that say in words what it shows, and the page gives
its figures as a table too, for screen readers and for print.  Colours come from the
stylesheet (classes, not inline colours) so both palettes apply.  Every text in an SVG
passes through `text()`, which escapes it.
"""
from __future__ import annotations

import datetime as dt
from html import escape

from markupsafe import Markup

from ..engine.report import CredentialResult
from ..engine.standing import expected_by
from ..records.vocabulary import unit_label
from ..records.words import fmt, long_date

WIDTH, HEIGHT = 640, 230
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 14, 30


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
    top = max(c.required, points[-1][1], 1.0) * 1.12
    f = _Frame(c.cycle.window_start, last, top)
    path = _steps(points, f, min(today, last))
    expected = expected_by(c, today)
    unit = unit_label(c.unit, 2)
    desc = (f"{fmt(c.earned)} of {fmt(c.required)} {unit} earned from "
            f"{long_date(c.cycle.window_start)} to {long_date(today)}; a steady pace would have "
            f"reached {fmt(expected)} by then, and {fmt(c.required)} by the deadline, "
            f"{long_date(c.cycle.end)}.")
    parts = [
        f'<svg class="cectrack-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{chart_id}-title">{text(c.id)}: credit earned over the cycle</title>',
        f'<desc id="{chart_id}-desc">{text(desc)}</desc>',
        *_axes(c, f, last),
        f'<line class="cectrack-chart-required" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
        f'y1="{f.y(c.required)}" y2="{f.y(c.required)}"/>',
        f'<line class="cectrack-chart-pace" x1="{f.x(c.cycle.window_start)}" y1="{f.y(0)}" '
        f'x2="{f.x(c.cycle.end)}" y2="{f.y(c.required)}"/>',
        f'<path class="cectrack-chart-earned" d="{path}"/>',
        f'<line class="cectrack-chart-today" x1="{f.x(today)}" x2="{f.x(today)}" y1="{TOP}" '
        f'y2="{HEIGHT - BOTTOM}"/>',
        f'<text class="cectrack-chart-label" x="{f.x(today) - 4}" y="{HEIGHT - BOTTOM - 6}" '
        'text-anchor="end">today</text>',
        '</svg>',
    ]
    return Markup("".join(parts))


def _steps(points: list[tuple[dt.date, float]], f: _Frame, until: dt.date) -> str:
    d = [f"M{f.x(points[0][0])},{f.y(0)}"]
    for day, total in points[1:]:
        d.append(f"H{f.x(day)}V{f.y(total)}")
    d.append(f"H{f.x(until)}")
    return "".join(d)


def _axes(c: CredentialResult, f: _Frame, last: dt.date) -> list[str]:
    base = HEIGHT - BOTTOM
    parts = [f'<line class="cectrack-chart-axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" '
             f'y2="{base}"/>']
    for value in (0.0, c.required / 2, c.required):
        parts.append(f'<text class="cectrack-chart-label" x="{LEFT - 6}" y="{f.y(value) + 4}" '
                     f'text-anchor="end">{text(fmt(value))}</text>')
    start = c.cycle.window_start
    year = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    while dt.date(year, 1, 1) <= last:
        x = f.x(dt.date(year, 1, 1))
        parts.append(f'<line class="cectrack-chart-grid" x1="{x}" x2="{x}" y1="{TOP}" '
                     f'y2="{base}"/>')
        parts.append(f'<text class="cectrack-chart-label" x="{x}" y="{base + 18}" '
                     f'text-anchor="middle">{year}</text>')
        year += 1
    parts.append(f'<text class="cectrack-chart-label" x="{LEFT + 4}" '
                 f'y="{f.y(c.required) - 5}">{text(fmt(c.required))} {text(unit_label(c.unit, 2))} '
                 'required</text>')
    return parts


def category_bars(c: CredentialResult, chart_id: str) -> Markup:
    """Credit per category against its minimum (a mark) and maximum (the bar's end)."""
    rows = [k for k in c.categories + c.groups if k.min is not None or k.max is not None]
    if not rows:
        return Markup("")
    row_height, label_width = 26, 150
    height = row_height * len(rows) + 8
    scale = max(max((k.max or 0, k.min or 0, k.earned) for k in rows)) or 1.0
    width = WIDTH - label_width - 90
    desc = "; ".join(_category_words(k, unit_label(c.unit, 2)) for k in rows)
    parts = [f'<svg class="cectrack-chart cectrack-bars" viewBox="0 0 {WIDTH} {height}" '
             f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
             f'<title id="{chart_id}-title">{text(c.id)}: credit by category</title>',
             f'<desc id="{chart_id}-desc">{text(desc)}.</desc>']
    for i, k in enumerate(rows):
        y = 4 + i * row_height
        limit = k.max if k.max is not None else scale
        parts += [
            f'<text class="cectrack-chart-label" x="{label_width - 8}" y="{y + 15}" '
            f'text-anchor="end">{text(k.id)}</text>',
            f'<rect class="cectrack-bar-room" x="{label_width}" y="{y + 3}" '
            f'width="{round(limit / scale * width, 1)}" height="16"/>',
            f'<rect class="cectrack-bar-earned" x="{label_width}" y="{y + 3}" '
            f'width="{round(min(k.earned, limit) / scale * width, 1)}" height="16"/>',
        ]
        if k.min is not None:
            x = label_width + round(k.min / scale * width, 1)
            parts.append(f'<line class="cectrack-bar-min" x1="{x}" x2="{x}" y1="{y}" '
                         f'y2="{y + 22}"/>')
        parts.append(f'<text class="cectrack-chart-label" x="{label_width + width + 8}" '
                     f'y="{y + 15}">{text(_category_figure(k))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


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
