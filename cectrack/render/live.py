"""Lines whose words depend on the reader's day, and what the page's script needs to write them.

A page is built on one day and read on another.  Each such line is written here once, as a
function of the day (on engine/standing.py's answers).  `phases()` asks it for every day from
the build to the last day its answer can change and keeps the days it changes, as
[[first day, words], ...]; the page's script (fresh.js) picks the phase of the reader's
today and fills in the figures that change every day with the arithmetic of `fill()`:

    {days}        days to the deadline (or since it), e.g. 33
    {days_words}  the same with its word: "33 days", "1 day"
    {days_left}   "33 days left" or "5 days overdue"
    {per_week}    the credit still needed a week, to one decimal
    {per_month}   the credit still needed a month, to two decimals

So the build and the browser say the same thing on the same day (the tests compare them
day by day), and no rule is written twice.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Callable, Protocol, Sequence

from markupsafe import Markup

from ..engine.reasons import Reason
from ..engine.standing import (
    STATES,
    CycleDates,
    Pace,
    Prerequisite,
    Standable,
    WithCards,
    card_current,
    pace,
    per_month,
    per_week,
    renew_from,
    standing,
)
from ..records.words import counted, fmt, long_date
from .markup import html_attribute
from .reasons import prerequisite_warnings, reason_words

ONE_DAY = dt.timedelta(days=1)


class ShownPrerequisite(Prerequisite, Protocol):
    @property
    def detail_reason(self) -> Reason: ...


class Shown(WithCards, Standable, Protocol):
    """A credential as its card shows it (an engine.report.CredentialResult): the figures of
    the build day, `today`."""

    @property
    def prerequisites(self) -> Sequence[ShownPrerequisite]: ...
    @property
    def today(self) -> dt.date: ...
    @property
    def remaining(self) -> float: ...
    @property
    def unit(self) -> str: ...
Phases = list[list]  # [[ISO day or None, words...], ...]: the first phase has no day


def fill(template: str, end: dt.date, amount: float, today: dt.date) -> str:
    """The template's figures for `today` (fresh.js's `fill` is this function)."""
    days = (end - today).days
    values = {
        "days": str(abs(days)),
        "days_words": counted(abs(days), "day"),
        "days_left": days_text(days),
        "per_week": fmt(per_week(amount, days)),
        "per_month": fmt(per_month(amount, days)),
    }
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def days_text(days: int) -> str:
    """12 days left, 1 day left, 3 days overdue."""
    return f"{counted(days, 'day')} left" if days >= 0 else f"{counted(-days, 'day')} overdue"


def phases(words_on: Callable[[dt.date], tuple], first: dt.date, last: dt.date) -> Phases:
    """[[None, *words on `first`], [day, *words from that day], …] for every day up to
    `last` on which the words change (the words stay as they are after `last`)."""
    found: Phases = [[None, *words_on(first)]]
    day = first + ONE_DAY
    while day <= last:
        words = list(words_on(day))
        if words != found[-1][1:]:
            found.append([day.isoformat(), *words])
        day += ONE_DAY
    return found


def last_change(c: Shown) -> dt.date:
    """After this day nothing the dashboard says of `c` changes but the day counts."""
    days = [c.cycle.end, c.cycle.grace_end or c.cycle.end]
    days += [p.card.expires for p in c.prerequisites if p.card is not None and p.card.expires]
    return max(days) + ONE_DAY


def live_attribute(words_on: Callable[[dt.date], tuple], c: Shown,
                   amount: float = 0.0) -> Markup:
    """The JSON of one live line, for a data-cectrack-live attribute."""
    data = {"end": c.cycle.end.isoformat(), "amount": amount,
            "phases": phases(words_on, c.today, last_change(c))}
    return html_attribute(json.dumps(data, separators=(",", ":"), ensure_ascii=False))


def now(words_on: Callable[[dt.date], tuple], c: Shown, amount: float = 0.0) -> str:
    """The line as the build day reads it (what a reader without JavaScript sees)."""
    return fill(words_on(c.today)[-1], c.cycle.end, amount, c.today)


def now_kind(words_on: Callable[[dt.date], tuple], c: Shown) -> str:
    """The line's kind on the build day, when it has one ("current", "expired", …)."""
    words = words_on(c.today)
    return words[0] if len(words) > 1 else ""


# --- the lines -----------------------------------------------------------------------------

def state_words(c: Shown) -> Callable[[dt.date], tuple]:
    """(state, its words) on a day: "due_soon", "Due soon"."""
    def on(day: dt.date) -> tuple:
        state = standing(c, day).state
        return state, STATES[state]
    return on


def pace_template(c: Shown, p: Pace, late_fee: str | None) -> str:
    """The words under the credit still needed: how it can still be earned."""
    if p.kind == "month":
        return "still needed: {per_month} a month"
    if p.kind == "week":
        return "still needed in {days_words}: about {per_week} a week"
    if p.kind == "days":
        return "still needed in {days_words}"
    if p.kind == "today":
        return "still needed today, the deadline"
    if p.kind == "grace":
        fee = f"the late fee ({late_fee})" if late_fee else "a late fee"
        return f"still needed by {long_date(c.cycle.grace_end)}, with {fee}"
    if p.kind == "lapsed":
        over = "the grace period is over" if c.cycle.grace_end else "the deadline has passed"
        return f"still needed, but {over}: reinstatement needed"
    return "still needed"


def pace_words(c: Shown, late_fee: str | None) -> Callable[[dt.date], tuple]:
    return lambda day: (pace_template(c, pace(c, day), late_fee),)


def deadline_words(c: Shown) -> Callable[[dt.date], tuple]:
    """The words under the days left."""
    end = long_date(c.cycle.end)
    return lambda day: (f"to the deadline, {end}" if day <= c.cycle.end
                        else f"since the deadline, {end}",)


def card_words(c: Shown, index: int) -> Callable[[dt.date], tuple]:
    """A prerequisite's line: current or expired on the day, or what is missing."""
    p = c.prerequisites[index]

    def on(day: dt.date) -> tuple:
        current, card = card_current(p, day), p.card
        if current is None or card is None or card.expires is None or not p.met and current:
            return (("met" if p.met else "not met"), reason_words(p.detail_reason))
        expires = long_date(card.expires)
        return ("current", f"valid until {expires}") if current else (
            "expired", f"expired on {expires}")
    return on


def warning_words(c: Shown, index: int) -> Callable[[dt.date], tuple]:
    """The warning about one prerequisite's card on the day ("" for none)."""
    p = c.prerequisites[index]

    def on(day: dt.date) -> tuple:
        warnings = prerequisite_warnings(_OneCard(c.cycle, (p,)), day)
        return (warnings[0] if warnings else "",)
    return on


@dataclass(frozen=True)
class _OneCard:
    """A credential's cycle with one of its prerequisites: the warnings of that card."""

    cycle: CycleDates
    prerequisites: tuple[Prerequisite, ...]


def renew_shown_from(c: Shown) -> dt.date | None:
    """The first day the Renew block shows (None: from the start, the requirements met)."""
    return None if c.met else renew_from(c)


def summary_pace(c: Shown) -> str:
    """The pace in the terminal's one line: "about 1.4 a week", "6 a month" ("" if none)."""
    p = pace(c, c.today)
    if p.per_month is not None:  # set only where the pace is counted by the month
        return f"{fmt(p.per_month)} a month"
    if p.per_week is not None:
        return f"about {fmt(p.per_week)} a week"
    return ""
