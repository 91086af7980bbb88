"""What one entry is worth to one credential: eligibility, value, caps.

Each function answers one question about one entry; the engine calls them in
order.  Reasons are plain sentences, shown to the user as they are.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .cycles import Cycle, add_years
from .model import Entry
from .rules.model import CapRule, Fact, RuleSet
from .vocabulary import GRADES, PASS_GRADES, activity_label, unit_label


def fmt(amount: float) -> str:
    """A credit amount as people write it: 7.5, 45, 0.25."""
    return f"{round(amount, 2):g}"


class Assumptions:
    """The unconfirmed facts a result relies on, each once, in the order met."""

    def __init__(self, initial: tuple[Fact, ...] = ()):
        self._facts: list[Fact] = []
        for fact in initial:
            self.add(fact)

    def add(self, fact: Fact | None) -> None:
        if fact is not None and fact.unconfirmed and fact not in self._facts:
            self._facts.append(fact)

    @property
    def facts(self) -> tuple[Fact, ...]:
        return tuple(self._facts)


def exclusion_reason(entry: Entry, credential_id: str, ruleset: RuleSet, cycle: Cycle,
                     today: dt.date) -> str | None:
    """Why `entry` cannot count for this credential at all, or None if it may."""
    activity = ruleset.activity(entry.activity)
    if entry.counts_for is not None and credential_id not in entry.counts_for:
        return f"counts only for {', '.join(entry.counts_for)} (its `counts_for:`)"
    if activity.accepted is not None and not activity.accepted.value:
        return f"{ruleset.body} gives no credit for a {activity_label(entry.activity)}"
    if entry.completed > today:
        return f"completed {entry.completed.isoformat()}, after today ({today.isoformat()})"
    if entry.completed < cycle.window_start:
        if cycle.first:
            return (f"completed {entry.completed.isoformat()}, before you were certified "
                    f"({cycle.window_start.isoformat()})")
        return (f"completed {entry.completed.isoformat()}, before this cycle began "
                f"({cycle.start.isoformat()})")
    if entry.completed > cycle.end and not (
            cycle.earning_in_grace and cycle.grace_end and entry.completed <= cycle.grace_end):
        return (f"completed {entry.completed.isoformat()}, after this cycle ended "
                f"({cycle.end.isoformat()})")
    if activity.earns_from and entry.completed < activity.earns_from.value:
        return (f"{ruleset.body} gives credit for a {activity_label(entry.activity)} only from "
                f"{activity.earns_from.value.isoformat()}")
    if activity.min_grade:
        return grade_reason(entry.grade, activity.min_grade.value)
    return None


def grade_reason(grade: str | None, minimum: str) -> str | None:
    """Why a college grade does not pass, or None if it is `minimum` or better."""
    if grade is None:
        return f"no `grade:` recorded; a grade of {minimum} or better is needed"
    if grade in PASS_GRADES or grade.lower() in PASS_GRADES:
        return None
    if grade.upper() not in GRADES:
        return f"grade '{grade}' is not a letter grade; {minimum} or better is needed"
    if GRADES.index(grade.upper()) > GRADES.index(minimum):
        return f"grade {grade.upper()} is below the {minimum} needed"
    return None


@dataclass(frozen=True)
class Value:
    """An entry's worth in the body's unit, split by cycle-year for per-year caps."""

    allotments: tuple[tuple[int, float], ...] = ()  # (cycle-year index, amount)
    notes: tuple[str, ...] = ()
    excluded: str | None = None

    @property
    def total(self) -> float:
        return round(sum(amount for _, amount in self.allotments), 2)


def cycle_year(day: dt.date, cycle: Cycle) -> int:
    """0 for the cycle's first year, 1 for the second, …"""
    index = day.year - cycle.start.year
    return index - 1 if add_years(cycle.start, index) > day else index


def value_of(entry: Entry, ruleset: RuleSet, cycle: Cycle, assumptions: Assumptions) -> Value:
    activity = ruleset.activity(entry.activity)
    year = cycle_year(entry.completed, cycle)
    unit = ruleset.unit
    if activity.fixed is not None:
        assumptions.add(activity.fixed)
        amount = float(activity.fixed.value)
        return Value(((year, amount),),
                     (f"{ruleset.body} gives a fixed {fmt(amount)} {unit} per "
                      f"{activity_label(entry.activity)}",))
    if activity.per_service_year is not None and entry.credits is None:
        return _service_value(entry, activity.per_service_year, cycle, unit)
    if entry.credits is None:
        return Value(excluded=f"no `credits:` given, and {ruleset.body} gives "
                              f"{entry.activity} no fixed value")
    factor = ruleset.conversions.get(entry.unit)
    if factor is None:
        return Value(excluded=f"{ruleset.body} has no conversion for {unit_label(entry.unit)}")
    assumptions.add(factor)
    amount = round(entry.credits * factor.value, 2)
    notes = () if entry.unit == unit else (
        f"{fmt(entry.credits)} {unit_label(entry.unit)} × {fmt(factor.value)} = {fmt(amount)} {unit}",)
    return Value(((year, amount),), notes)


def _service_value(entry: Entry, per_year: Fact, cycle: Cycle, unit: str) -> Value:
    """Service credit: a fixed amount for each cycle-year the service touches inside the cycle."""
    first = max(entry.started or entry.completed, cycle.window_start)
    last = min(entry.completed, cycle.end)
    years = range(cycle_year(first, cycle), cycle_year(last, cycle) + 1)
    amount = float(per_year.value)
    note = f"{fmt(amount)} {unit} for each of {len(years)} service year(s) inside the cycle"
    return Value(tuple((year, amount) for year in years), (note,))


class CapLedger:
    """Keeps what each cap has used so far, per cycle-year and per cycle."""

    def __init__(self, caps: tuple[CapRule, ...], cycle: Cycle, assumptions: Assumptions):
        self.caps = caps
        self.cycle = cycle
        self.assumptions = assumptions
        self.used_year: dict[tuple[str, int], float] = {}
        self.used_cycle: dict[str, float] = {}

    def take(self, activity: str, allotments: tuple[tuple[int, float], ...]) -> tuple[float, tuple[str, ...]]:
        """Count as much of `allotments` as the caps allow; return it and a note per cut."""
        counted, notes = 0.0, []
        for year, amount in allotments:
            for cap in self.caps:
                if activity in cap.activities:
                    amount = self._limit(cap, year, amount, notes)
            counted += amount
        return round(counted, 2), tuple(notes)

    def _limit(self, cap: CapRule, year: int, amount: float, notes: list[str]) -> float:
        """Cut `amount` to what every limit of `cap` still allows, noting each limit that binds."""
        limits = [(cap.per_item, 0.0, "per item"),
                  (cap.per_year, self.used_year.get((cap.id, year), 0.0), "per year"),
                  (cap.per_cycle, self.used_cycle.get(cap.id, 0.0), "per cycle")]
        allowed = amount
        for fact, used, per in limits:
            if fact is not None and amount > float(fact.value) - used:
                self.assumptions.add(fact)
                notes.append(f"above the cap for {cap.label}: at most {fmt(fact.value)} {per}")
                allowed = min(allowed, max(0.0, round(float(fact.value) - used, 2)))
        self.used_year[(cap.id, year)] = self.used_year.get((cap.id, year), 0.0) + allowed
        self.used_cycle[cap.id] = self.used_cycle.get(cap.id, 0.0) + allowed
        return allowed
