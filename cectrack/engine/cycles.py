"""Where a credential's current cycle starts and ends, and its grace period.

Pure date arithmetic on a CycleRule; `today` is always a parameter.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from ..records.model import HeldCredential
from ..rules.model import CycleRule, Fact, GraceRule


@dataclass(frozen=True)
class Cycle:
    start: dt.date  # first day of the cycle
    end: dt.date  # last day: the renewal deadline
    window_start: dt.date  # first day credit can count (later than start for a new holder)
    grace_end: dt.date | None  # last day of the grace period, if the body has one
    earning_in_grace: bool
    assumptions: tuple[Fact, ...] = ()
    first: bool = False  # the holder's first cycle, which starts on the certification date
    nominal_start: dt.date | None = None  # the start by the cycle rule alone (for proration)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's last day (31 Dec + 6 = 30 Jun)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def cycle_end_after(rule: CycleRule, since: dt.date) -> tuple[dt.date, tuple[Fact, ...]]:
    """The end of the first cycle for someone first certified on `since`."""
    years = rule.years.value
    if rule.model == "fixed":
        start = rule.anchor
        while add_years(start, years) <= since:
            start = add_years(start, years)
        while start > since:
            start = add_years(start, -years)
        return add_years(start, years) - dt.timedelta(days=1), ()
    if rule.model == "anniversary_month_end":
        return month_end(add_years(since, years)), ()
    first = rule.first_end_after_years or rule.years
    end = dt.date(since.year + first.value, rule.end_month, rule.end_day)
    return end, (first,) if first.unconfirmed else ()


def cycle_start(end: dt.date, rule: CycleRule) -> dt.date:
    """The first day of the cycle that ends on `end`."""
    return add_years(end, -rule.years.value) + dt.timedelta(days=1)


def current_cycle(held: HeldCredential, rule: CycleRule, grace: GraceRule | None,
                  today: dt.date) -> Cycle | None:
    """The cycle the holder is working on today: from `expires`, else derived from `since`."""
    assumptions: tuple[Fact, ...] = ()
    if held.expires is not None:
        end = held.expires
    elif held.since is not None:
        end, assumptions = cycle_end_after(rule, held.since)
        # Derived cycles assume each earlier renewal happened: step to the cycle holding today.
        while end < today:
            end = add_years(end, rule.years.value)
    else:
        return None
    nominal = cycle_start(end, rule)
    first = held.since is not None and cycle_end_after(rule, held.since)[0] >= end
    # A personal first cycle runs from certification; a global one keeps its own dates.
    start = held.since if first and rule.model != "fixed" else nominal
    window_start = _window_start(held, rule, nominal, first)
    if rule.window_opens and not first:
        assumptions += (rule.window_fact,) if rule.window_fact.unconfirmed else ()
    if held.late_reported and rule.late_window and not first:
        assumptions += (rule.late_window_fact,) if rule.late_window_fact.unconfirmed else ()
    if held.reinstated and nominal < held.reinstated <= end:
        start = window_start = held.reinstated  # a shortened cycle from the reinstatement
    grace_end = grace.end_after(end) if grace else None
    earning = bool(grace and grace.earning_allowed.value)
    if grace:
        assumptions += tuple(f for f in (grace.length, grace.earning_allowed) if f.unconfirmed)
    return Cycle(start, end, window_start, grace_end, earning, assumptions, first, nominal)


def _window_start(held: HeldCredential, rule: CycleRule, nominal: dt.date, first: bool) -> dt.date:
    """The first day credit counts: certification day for new holders, else the cycle start
    (or earlier, where the body opens the window before the cycle, as NCCPA does)."""
    if first:
        return held.since
    if held.late_reported and rule.late_window:
        month, day = rule.late_window
        return max(dt.date(nominal.year, month, day), nominal)
    if rule.window_opens:
        month, day, years_before = rule.window_opens
        return dt.date(nominal.year - years_before, month, day)
    return max(nominal, held.since) if held.since else nominal
