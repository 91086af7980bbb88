"""Where a credential's current cycle starts and ends, and its grace period.

Pure date arithmetic on a CycleRule; `today` is always a parameter.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
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
    # The unconfirmed rule the deadline itself was derived from (no `expires:` given), shown
    # next to the date wherever it stands: None when the date is the holder's or confirmed.
    end_fact: Fact | None = None

    def status_on(self, day: dt.date, met: bool) -> str:
        """met | in_progress | grace (expired, late renewal still possible) | lapsed"""
        if met:
            return "met"
        if day <= self.end:
            return "in_progress"
        # A grace period only helps while credit can still be earned in it; where it is
        # for filing only (NASM), an unmet requirement at the deadline means lapsed.
        if self.grace_end and day <= self.grace_end and self.earning_in_grace:
            return "grace"
        return "lapsed"


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February (a deadline's reading:
    a year from 29 February 2024 ends on 28 February 2025)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def anniversary(start: dt.date, years: int) -> dt.date:
    """The first day of the period `years` after one that began on `start`; 29 February
    becomes 1 March (the day after the 28 February that ends the year before it)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, month=3, day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def is_month_end(day: dt.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def day_in(year: int, month: int, day: int) -> dt.date:
    """`day` of `month` in `year`, or the month's last day where the month is shorter (a
    rule's 29 February is 28 February in a common year)."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def rule_end(rule: CycleRule, year: int) -> dt.date:
    """A `years_ending` cycle's end in `year`."""
    return day_in(year, rule.end_month, rule.end_day)


def _fixed_start(rule: CycleRule, index: int) -> dt.date:
    """The first day of the `index`-th global period counted from the rule's anchor (each
    counted from the anchor, so a leap day in one never shifts the next)."""
    return anniversary(_anchor(rule), index * int(rule.years.value))


def _anchor(rule: CycleRule) -> dt.date:
    assert rule.anchor is not None, "spec.py's CYCLE check: a fixed cycle has an anchor"
    return rule.anchor


def _fixed_index(rule: CycleRule, day: dt.date) -> int:
    """Which global period holds `day` (0: the one starting on the anchor)."""
    index = (day.year - _anchor(rule).year) // int(rule.years.value)
    while _fixed_start(rule, index) > day:
        index -= 1
    while _fixed_start(rule, index + 1) <= day:
        index += 1
    return index


def shift_end(end: dt.date, rule: CycleRule, cycles: int) -> dt.date:
    """The end of the cycle `cycles` after (or, negative, before) the one ending on `end`,
    counted the way the rule counts: a month-end cycle stays at the month's end (28 February
    2026 + 2 years = 29 February 2028), a `years_ending` cycle on its day, a global period
    from its anchor.  An end the rule would not give (an `expires:` typed from the portal)
    moves by whole years."""
    years = cycles * rule.years.value
    if rule.model in ("anniversary_month_end", "birth_month") and is_month_end(end):
        return month_end(add_years(end, years))
    if rule.model == "anniversary_day_before":  # from one anniversary to the day before the next
        return anniversary(end + dt.timedelta(days=1), years) - dt.timedelta(days=1)
    if rule.model == "years_ending" and end == rule_end(rule, end.year):
        return rule_end(rule, end.year + years)
    if rule.model == "fixed":
        index = _fixed_index(rule, end + dt.timedelta(days=1))
        if _fixed_start(rule, index) == end + dt.timedelta(days=1):
            return _fixed_start(rule, index + cycles) - dt.timedelta(days=1)
    return add_years(end, years)


def ends_around(rule: CycleRule, day: dt.date) -> tuple[dt.date, dt.date] | None:
    """The cycle ends nearest `day` on either side (the last on or before it, the first
    after it), where the model fixes the days cycles end on: one day of the year
    (`years_ending`) or a global calendar (`fixed`).  None where any day may end a cycle."""
    if rule.model == "years_ending":
        this = rule_end(rule, day.year)
        return (this, rule_end(rule, day.year + 1)) if this <= day else \
            (rule_end(rule, day.year - 1), this)
    if rule.model == "fixed":
        index = _fixed_index(rule, day + dt.timedelta(days=1))
        return (_fixed_start(rule, index) - dt.timedelta(days=1),
                _fixed_start(rule, index + 1) - dt.timedelta(days=1))
    return None


def first_end_fact(rule: CycleRule, since: dt.date) -> Fact:
    """The fact that says how many years the first cycle lasts for someone certified on
    `since` (CDR: an exam from January to May has a rule of its own, not stated)."""
    early = rule.first_end_after_years_early
    if early is not None and (since.month, since.day) <= (rule.end_month, rule.end_day):
        return early
    return rule.first_end_after_years or rule.years


def cycle_end_after(rule: CycleRule, since: dt.date,
                    birth_month: int | None = None) -> tuple[dt.date, tuple[Fact, ...]]:
    """The end of the first cycle for someone first certified on `since`, with the
    unconfirmed fact it rests on (if any): a derived deadline is only as sure as its rule.
    A `birth_month` cycle needs the holder's birth month (the caller checks it is known)."""
    if rule.model == "fixed":  # as sure as the length its periods are counted by
        end = _fixed_start(rule, _fixed_index(rule, since) + 1) - dt.timedelta(days=1)
        return end, (rule.years,) if rule.years.unconfirmed else ()
    first = first_end_fact(rule, since)
    if rule.model == "anniversary_month_end":
        end = month_end(add_years(since, first.value))
    elif rule.model == "anniversary_day_before":
        end = anniversary(since, first.value) - dt.timedelta(days=1)
    elif rule.model == "birth_month":
        end = month_end(dt.date(since.year + first.value, birth_month or 12, 1))
    else:
        end = rule_end(rule, since.year + first.value)
    return end, (first,) if first.unconfirmed else ()


def cycle_start(end: dt.date, rule: CycleRule) -> dt.date:
    """The first day of the cycle that ends on `end`: the day after the previous one ends."""
    return shift_end(end, rule, -1) + dt.timedelta(days=1)


def _anniversary_ends(rule: CycleRule, since: dt.date) -> Iterator[dt.date]:
    """The ends of an `anniversary_day_before` holder's cycles, each counted from the day
    joined (joined 29 February: every year ends on 28 February, the day before the
    anniversary, in a leap year too)."""
    years: int = first_end_fact(rule, since).value
    step: int = rule.years.value
    while True:
        yield anniversary(since, years) - dt.timedelta(days=1)
        years += step


def _next_end(rule: CycleRule, since: dt.date, end: dt.date) -> dt.date:
    if rule.model == "anniversary_day_before":
        later: dt.date = next(e for e in _anniversary_ends(rule, since) if e > end)
        return later
    return shift_end(end, rule, 1)


def _start_of(rule: CycleRule, since: dt.date | None, end: dt.date) -> dt.date:
    """The first day of the cycle ending on `end` (its nominal start, for proration)."""
    if rule.model == "anniversary_day_before" and since is not None and since <= end:
        before = since - dt.timedelta(days=1)
        for later in _anniversary_ends(rule, since):
            if later >= end:
                return before + dt.timedelta(days=1)
            before = later
    return cycle_start(end, rule)


def current_cycle(held: HeldCredential, rule: CycleRule, grace: GraceRule | None,
                  today: dt.date) -> Cycle | None:
    """The cycle the holder is working on today: from `expires`, else derived from `since`."""
    derived_from: tuple[Fact, ...] = ()
    birth_known = rule.model != "birth_month" or held.birth_month is not None
    if held.expires is not None:
        end = held.expires
    elif held.since is not None and birth_known:
        # Each later end is stepped from the first, so it rests on the same rule. Derived
        # cycles assume each earlier renewal happened: step to the cycle holding today.
        end, derived_from = cycle_end_after(rule, held.since, held.birth_month)
        while end < today:
            end = _next_end(rule, held.since, end)
    else:
        return None  # checks.py reports which date is missing
    assumptions = derived_from
    nominal = _start_of(rule, held.since, end)
    recertified = _recertified(held, rule, nominal, end)
    # A recertification ended the first cycle, whatever `since:` says.
    since = held.since
    first = since is not None and recertified is None and (
        cycle_end_after(rule, since, held.birth_month)[0] >= end if birth_known
        else since >= nominal)  # a birth month unknown: certified inside this cycle
    # A personal first cycle runs from certification; a global one keeps its own dates.
    start = since if since is not None and first and rule.model != "fixed" else nominal
    window_start = _window_start(held, rule, nominal, first)
    if recertified is not None:  # NREMT: from the day after, even before the cycle starts
        window_start = recertified + dt.timedelta(days=1)
        assumptions += _some_unconfirmed(rule.window_after_recertification)
    if rule.window_opens and not first:
        assumptions += _some_unconfirmed(rule.window_fact)
    if held.late_reported and rule.late_window and not first:
        assumptions += _some_unconfirmed(rule.late_window_fact)
    if held.reinstated and nominal < held.reinstated <= end:
        start = window_start = held.reinstated  # a shortened cycle from the reinstatement
    grace_end = grace.end_after(end) if grace else None
    earning = bool(grace and grace.earning_allowed.value)
    if grace:
        assumptions += tuple(f for f in (grace.length, grace.earning_allowed) if f.unconfirmed)
    return Cycle(start, end, window_start, grace_end, earning, assumptions, first, nominal,
                 derived_from[0] if derived_from else None)


def _recertified(held: HeldCredential, rule: CycleRule, nominal: dt.date,
                 end: dt.date) -> dt.date | None:
    """The last recertification, where credit counts from the day after it (NREMT): a day
    within a cycle's length before this cycle starts, or during it; None otherwise (the
    profile check reports a day that does not fit)."""
    fact, day = rule.window_after_recertification, held.recertified
    if fact is None or not fact.value or day is None:
        return None
    return day if cycle_start(nominal - dt.timedelta(days=1), rule) <= day < end else None


def _some_unconfirmed(fact: Fact | None) -> tuple[Fact, ...]:
    return (fact,) if fact is not None and fact.unconfirmed else ()


def _window_start(held: HeldCredential, rule: CycleRule, nominal: dt.date, first: bool) -> dt.date:
    """The first day credit counts: certification day for new holders, else the cycle start
    (or earlier, where the body opens the window before the cycle, as NCCPA does)."""
    if first and held.since is not None:
        return held.since
    if held.late_reported and rule.late_window:
        month, day = rule.late_window
        return max(day_in(nominal.year, month, day), nominal)
    if rule.window_opens:
        month, day, years_before = rule.window_opens
        return day_in(nominal.year - years_before, month, day)
    return max(nominal, held.since) if held.since else nominal
