"""What one entry is worth to one credential: eligibility, value, category (maxima.py
then counts what every cap and category maximum allows).

Each function answers one question about one entry; the engine calls them in
order.  Reasons are plain sentences, shown to the user as they are.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from .cycles import Cycle, anniversary
from .duplicates import same_provider
from ..records.model import Entry
from ..rules.model import ActivityRule, Fact, RuleSet
from ..records.vocabulary import ACTIVITIES, GRADES, PASS_GRADES, activity_label, unit_label
from ..records.words import fmt


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
    if another_bodys_word(entry.activity, ruleset):
        return (f"`{entry.activity}` is another body's own kind of activity; {ruleset.body} "
                "says nothing about it, so it earns no credit here")
    petition = petition_reason(entry, ruleset)
    if petition:
        return petition
    if activity.accepted is not None and not activity.accepted.value:
        return f"{ruleset.body} gives no credit for a {activity_label(entry.activity)}"
    if activity.hands_on_required is not None and activity.hands_on_required.value \
            and not entry.hands_on:
        return (f"{ruleset.body} gives credit for a {activity_label(entry.activity)} only with "
                "a hands-on skills check (`hands_on: true`)")
    if entry.completed > today:
        return f"completed {entry.completed.isoformat()}, after today ({today.isoformat()})"
    if entry.completed < cycle.window_start:
        if cycle.first:
            return (f"completed {entry.completed.isoformat()}, before you were certified "
                    f"({cycle.window_start.isoformat()})")
        if cycle.window_start != cycle.start:  # opened early (NCCPA) or late (a late report)
            return (f"completed {entry.completed.isoformat()}, before this cycle's credit "
                    f"window opened ({cycle.window_start.isoformat()})")
        return (f"completed {entry.completed.isoformat()}, before this cycle began "
                f"({cycle.window_start.isoformat()})")
    if entry.completed > cycle.end and not (
            cycle.earning_in_grace and cycle.grace_end and entry.completed <= cycle.grace_end):
        return (f"completed {entry.completed.isoformat()}, after this cycle ended "
                f"({cycle.end.isoformat()})")
    if activity.earns_from and entry.completed < activity.earns_from.value:
        return (f"{ruleset.body} gives credit for a {activity_label(entry.activity)} only from "
                f"{activity.earns_from.value.isoformat()}")
    if activity.min_grade:
        return grade_reason(entry.grade, activity.min_grade.value, activity.pass_fail_counts,
                            ruleset.body)
    return None


def another_bodys_word(activity: str, ruleset: RuleSet) -> bool:
    """An activity only another body's rule file declares (Yoga Alliance's `teaching`): a
    body that says nothing about it gives it nothing, rather than counting it as credit."""
    return (activity not in ACTIVITIES and activity not in ruleset.activities
            and activity not in ruleset.vocabulary["activities"])


def petition_reason(entry: Entry, ruleset: RuleSet) -> str | None:
    """A course the body had not pre-approved counts only once its petition is approved."""
    if entry.petition is None or ruleset.petition_review_days is None:
        return None
    days = ruleset.petition_review_days.value
    if entry.petition == "pending":
        return f"petition pending: {ruleset.body} reviews petitions within about {days} days"
    if entry.petition == "denied":
        return f"petition denied by {ruleset.body}"
    return None


def is_pass_grade(grade: str | None) -> bool:
    return grade is not None and (grade in PASS_GRADES or grade.lower() in PASS_GRADES)


def grade_reason(grade: str | None, minimum: str, pass_fail: Fact | None = None,
                 body: str = "the body") -> str | None:
    """Why a college grade does not pass, or None if it is `minimum` or better.  A pass in a
    pass/fail course passes only where the rules say so (a fact, often unconfirmed)."""
    if grade is None:
        return f"no `grade:` recorded; a grade of {minimum} or better is needed"
    if is_pass_grade(grade):
        if pass_fail is not None and pass_fail.value:
            return None
        return f"grade '{grade}' is pass/fail; {body} asks for a grade of {minimum} or better"
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
    """0 for the cycle's first year, 1 for the second, … (a cycle from 29 February 2024 has
    its second year from 1 March 2025)."""
    index = day.year - cycle.start.year
    return index - 1 if anniversary(cycle.start, index) > day else index


def value_of(entry: Entry, ruleset: RuleSet, cycle: Cycle, assumptions: Assumptions,
             weights: "WeightLedger") -> Value:
    """The entry's worth in the body's unit: fixed, per service year, or converted,
    then weighted and rounded as the body's rules say."""
    activity = ruleset.activity(entry.activity)
    if activity.per_service_year is not None and entry.credits is None:
        return _service_value(entry, activity.per_service_year, cycle, ruleset.unit)
    base = _base_value(entry, ruleset, assumptions)
    if base.excluded:
        return base
    (_, amount), = base.allotments
    amount, weight_notes = weights.apply(activity, amount)
    amount, rounding_notes = _rounded(amount, ruleset, assumptions)
    return Value(((cycle_year(entry.completed, cycle), amount),),
                 base.notes + weight_notes + rounding_notes)


def _base_value(entry: Entry, ruleset: RuleSet, assumptions: Assumptions) -> Value:
    activity = ruleset.activity(entry.activity)
    unit = ruleset.unit
    label = activity_label(entry.activity)
    if activity.fixed is not None:
        assumptions.add(activity.fixed)
        amount = float(activity.fixed.value)
        return Value(((0, amount),),
                     (f"{ruleset.body} gives a fixed {fmt(amount)} {unit} per {label}"
                      + source_mark(activity.fixed),))
    if entry.credits is None:
        if activity.default_credits is None:
            return Value(excluded=f"no `credits:` given, and {ruleset.body} gives a {label} "
                                  "no fixed value")
        assumptions.add(activity.default_credits)
        amount = float(activity.default_credits.value)
        return Value(((0, amount),), (f"no credits given: {ruleset.body} gives {fmt(amount)} "
                                      f"{unit} per {label}" + source_mark(activity.default_credits),))
    factor = activity.conversions.get(entry.unit) or ruleset.conversions.get(entry.unit)
    if factor is None:
        return Value(excluded=f"{ruleset.body} has no conversion for {unit_label(entry.unit)}")
    assumptions.add(factor)
    amount = round(entry.credits * factor.value, 4)
    notes = () if entry.unit == unit else (
        f"{fmt(entry.credits)} {unit_label(entry.unit, entry.credits)} × {fmt(factor.value)} = "
        f"{fmt(amount)} {unit}" + source_mark(factor),)
    return Value(((0, amount),), notes)


def source_mark(fact: Fact) -> str:
    """The mark next to a figure: the rule's source, and whether it is unconfirmed."""
    if fact.source:
        return f" (source {fact.source}{', unconfirmed' if fact.unconfirmed else ''})"
    return " (unconfirmed rule)" if fact.unconfirmed else ""


def _rounded(amount: float, ruleset: RuleSet, assumptions: Assumptions) -> tuple[float, tuple[str, ...]]:
    if ruleset.rounding is None:
        return round(amount, 2), ()
    step = float(ruleset.rounding.value)
    rounded = round(math.floor(amount / step + 1e-9) * step, 2)
    if rounded == round(amount, 2):
        return rounded, ()
    assumptions.add(ruleset.rounding)
    return rounded, (f"rounded down to a multiple of {fmt(step)}: {fmt(amount)} -> {fmt(rounded)}"
                     + source_mark(ruleset.rounding),)


class WeightLedger:
    """Applies activity weights, keeping how much of a weight's limit each cycle has used."""

    def __init__(self, assumptions: Assumptions):
        self.assumptions = assumptions
        self.used: dict[str, float] = {}

    def apply(self, activity: ActivityRule, amount: float) -> tuple[float, tuple[str, ...]]:
        if activity.weight is None:
            return amount, ()
        weight = float(activity.weight.value)
        weighted_part = amount
        if activity.weight_limit is not None:
            left = float(activity.weight_limit.value) - self.used.get(activity.name, 0.0)
            weighted_part = max(0.0, min(amount, left))
            self.assumptions.add(activity.weight_limit)
        self.used[activity.name] = self.used.get(activity.name, 0.0) + weighted_part
        self.assumptions.add(activity.weight)
        result = round(weighted_part * weight + (amount - weighted_part), 4)
        limit = (f" on the first {fmt(activity.weight_limit.value)} a cycle"
                 if activity.weight_limit is not None else "")
        return result, (f"weighted × {fmt(weight)}{limit}: {fmt(amount)} -> {fmt(result)}"
                        + source_mark(activity.weight),)


def category_of(entry: Entry, ruleset: RuleSet, assumptions: Assumptions) -> str | None:
    """The body's category for this entry: as the entry says, else by activity, else default."""
    if not ruleset.categories:
        return None
    named = entry.category.get(ruleset.body) if isinstance(entry.category, dict) else entry.category
    if named in ruleset.categories:
        return named
    rule = ruleset.activity(entry.activity)
    fact = rule.category
    if fact is not None and rule.category_providers and not any(
            same_provider(entry.provider, p) for p in rule.category_providers):
        fact = None  # CSCCa: only its own National Conference is Category A
    fact = fact or ruleset.default_category
    if fact is None:
        return None
    assumptions.add(fact)
    return str(fact.value)


def _service_value(entry: Entry, per_year: Fact, cycle: Cycle, unit: str) -> Value:
    """Service credit: a fixed amount for each cycle-year the service touches inside the cycle."""
    first = max(entry.started or entry.completed, cycle.window_start)
    last = min(entry.completed, cycle.end)
    years = range(cycle_year(first, cycle), cycle_year(last, cycle) + 1)
    amount = float(per_year.value)
    note = f"{fmt(amount)} {unit} for each of {len(years)} service year(s) inside the cycle"
    return Value(tuple((year, amount) for year in years), (note,))
