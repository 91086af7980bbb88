"""What one entry is worth to one credential: eligibility, value, category (maxima.py
then counts what every cap and category maximum allows).

Each function answers one question about one entry; the engine calls them in
order.  Reasons are data (reasons.py), worded by render/reasons.py.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ..records.model import Entry
from ..records.vocabulary import ACTIVITIES, GRADES, PASS_GRADES
from ..rules.model import ActivityRule, Fact, RuleSet
from .cycles import Cycle, anniversary
from .duplicates import same_provider
from .reasons import Reason, reason

HOUR = "contact_hour"


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


class Eligibility:
    """Why an entry cannot count for one credential in one cycle, or None if it may: the
    checks in the order they are made, the first that fails answering.  A day outside the
    cycle gets its reason once for all the courses of that day (10,000 courses over ten
    years: 29,000 of a check's 40,000 answers are such days, 0.5 us each to make)."""

    def __init__(self, credential_id: str, ruleset: RuleSet, cycle: Cycle, today: dt.date):
        self.credential_id, self.ruleset, self.cycle, self.today = \
            credential_id, ruleset, cycle, today
        self._days: dict[dt.date, Reason | None] = {}

    def reason(self, entry: Entry, activity: ActivityRule) -> Reason | None:
        """`activity`: the entry's rule (ruleset.activity_for), looked up once by the caller
        for every question about the entry."""
        completed = entry.completed
        if completed not in self._days:
            self._days[completed] = self._outside(completed)
        return (self._refused(entry, activity) or self._days[completed]
                or self._not_yet(entry, activity))

    def _refused(self, entry: Entry, activity: ActivityRule) -> Reason | None:
        """What rules the entry out whenever it was done: whom it is for, its activity, its
        petition."""
        body, name = self.ruleset.body, entry.activity
        if entry.counts_for is not None and self.credential_id not in entry.counts_for:
            return reason("counts-only-for", credentials=tuple(entry.counts_for))
        if another_bodys_word(name, self.ruleset):
            return reason("another-bodys-activity", activity=name, body=body)
        petition = petition_reason(entry, self.ruleset)
        if petition:
            return petition
        if activity.accepted is not None and not activity.accepted.value:
            return reason("not-accepted", body=body, activity=name)
        if activity.hands_on_required is not None and activity.hands_on_required.value \
                and not entry.hands_on:
            return reason("hands-on-required", body=body, activity=name)
        return None

    def _outside(self, completed: dt.date) -> Reason | None:
        """A day after today, or outside the cycle's window."""
        cycle, today = self.cycle, self.today
        if completed > today:
            return reason("after-today", completed=completed, today=today)
        if completed < cycle.window_start:
            code = ("before-certified" if cycle.first else
                    # opened early (NCCPA) or late (a late report)
                    "before-window" if cycle.window_start != cycle.start else "before-cycle")
            return reason(code, completed=completed, window_start=cycle.window_start)
        if completed > cycle.end and not (
                cycle.earning_in_grace and cycle.grace_end and completed <= cycle.grace_end):
            return reason("after-cycle", completed=completed, cycle_end=cycle.end)
        return None

    def _not_yet(self, entry: Entry, activity: ActivityRule) -> Reason | None:
        """What the activity's own rules leave out: a course before the body took such
        courses, a college grade below its minimum."""
        if activity.earns_from and entry.completed < activity.earns_from.value:
            return reason("not-yet-accepted", body=self.ruleset.body, activity=entry.activity,
                          earns_from=activity.earns_from.value)
        if activity.min_grade:
            return grade_reason(entry.grade, activity.min_grade.value,
                                activity.pass_fail_counts, self.ruleset.body)
        return None


def another_bodys_word(activity: str, ruleset: RuleSet) -> bool:
    """An activity only another body's rule file declares (Yoga Alliance's `teaching`): a
    body that says nothing about it gives it nothing, rather than counting it as credit."""
    return (activity not in ACTIVITIES and activity not in ruleset.activities
            and activity not in ruleset.vocabulary["activities"])


def petition_reason(entry: Entry, ruleset: RuleSet) -> Reason | None:
    """A course the body had not pre-approved counts only once its petition is approved."""
    if entry.petition is None or ruleset.petition_review_days is None:
        return None
    if entry.petition == "pending":
        return reason("petition-pending", body=ruleset.body,
                      days=ruleset.petition_review_days.value)
    if entry.petition == "denied":
        return reason("petition-denied", body=ruleset.body)
    return None


def is_pass_grade(grade: str | None) -> bool:
    return grade is not None and (grade in PASS_GRADES or grade.lower() in PASS_GRADES)


def grade_reason(grade: str | None, minimum: str, pass_fail: Fact | None = None,
                 body: str = "the body") -> Reason | None:
    """Why a college grade does not pass, or None if it is `minimum` or better.  A pass in a
    pass/fail course passes only where the rules say so (a fact, often unconfirmed)."""
    if grade is None:
        return reason("no-grade", minimum=minimum)
    if is_pass_grade(grade):
        if pass_fail is not None and pass_fail.value:
            return None
        return reason("pass-fail-grade", grade=grade, body=body, minimum=minimum)
    if grade.upper() not in GRADES:
        return reason("not-a-letter-grade", grade=grade, minimum=minimum)
    if GRADES.index(grade.upper()) > GRADES.index(minimum):
        return reason("grade-below", grade=grade.upper(), minimum=minimum)
    return None


@dataclass(frozen=True)
class Value:
    """An entry's worth in the body's unit, split by cycle-year for per-year caps."""

    allotments: tuple[tuple[int, float], ...] = ()  # (cycle-year index, amount)
    notes: tuple[Reason, ...] = ()
    excluded: Reason | None = None

    @property
    def total(self) -> float:
        return round(sum(amount for _, amount in self.allotments), 2)


def cycle_year(day: dt.date, cycle: Cycle) -> int:
    """0 for the cycle's first year, 1 for the second, … (a cycle from 29 February 2024 has
    its second year from 1 March 2025)."""
    index = day.year - cycle.start.year
    return index - 1 if anniversary(cycle.start, index) > day else index


def value_of(entry: Entry, activity: ActivityRule, ruleset: RuleSet, cycle: Cycle,
             assumptions: Assumptions, weights: "WeightLedger") -> Value:
    """The entry's worth in the body's unit: fixed, per service year, or converted,
    then weighted and rounded as the body's rules say."""
    if activity.per_service_year is not None and entry.credits is None:
        return _service_value(entry, activity.per_service_year, cycle, ruleset.unit)
    base = _base_value(entry, activity, ruleset, assumptions)
    if base.excluded:
        return base
    (_, amount), = base.allotments
    amount, weight_notes = weights.apply(activity, amount)
    amount, rounding_notes = _rounded(amount, ruleset, assumptions)
    return Value(((cycle_year(entry.completed, cycle), amount),),
                 base.notes + weight_notes + rounding_notes)


def value_key(entry: Entry, activity: ActivityRule, cycle: Cycle) -> tuple[object, ...] | None:
    """All that value_of() reads of an entry, as a key: entries alike in it are worth the
    same (10,000 courses: a few hundred values).  None where it reads more: the days of a
    course counted by the day or the service year, or a weight's tally of what came before.
    The credits' type is part of it: 5 and 5.0 are equal but worded as written."""
    if activity.per_day is not None or activity.per_service_year is not None \
            or activity.weight is not None:
        return None
    return (entry.activity, entry.tags, entry.credits, type(entry.credits), entry.unit,
            cycle_year(entry.completed, cycle))


def _base_value(entry: Entry, activity: ActivityRule, ruleset: RuleSet,
                assumptions: Assumptions) -> Value:
    if activity.per_day is not None:
        return _day_value(entry, activity, ruleset, assumptions)
    fact = activity.fixed if activity.fixed is not None else \
        activity.default_credits if entry.credits is None else None
    if fact is not None:
        assumptions.add(fact)
        amount = float(fact.value)
        code = "fixed-value" if fact is activity.fixed else "default-credits"
        return Value(((0, amount),), (reason(code, amount=amount, body=ruleset.body,
                                             unit=ruleset.unit, activity=entry.activity,
                                             **sourced(fact)),))
    if entry.credits is None:
        cards = [p for p in ruleset.prerequisites
                 if p.activity == entry.activity and p.min_hours is None]
        if cards:  # the card the renewal asks for (ISSA's CPR/AED), recorded as proof
            return Value(excluded=reason("renewal-card", body=ruleset.body, label=cards[0].label))
        return Value(excluded=reason("no-credits", body=ruleset.body, activity=entry.activity))
    through_hours = _hours_value(entry, activity, ruleset, assumptions)
    if through_hours is not None:
        return through_hours
    factor = activity.conversions.get(entry.unit) or ruleset.conversions.get(entry.unit)
    if factor is None:
        return Value(excluded=reason("no-conversion", body=ruleset.body, unit=entry.unit))
    assumptions.add(factor)
    amount = round(entry.credits * factor.value, 4)
    notes = () if entry.unit == ruleset.unit else (
        reason("converted", credits=entry.credits, from_unit=entry.unit, factor=factor.value,
               amount=amount, unit=ruleset.unit, **sourced(factor),
               **({"tag": activity.tag} if activity.tag else {})),)
    return Value(((0, amount),), notes)


def _hours_value(entry: Entry, activity: ActivityRule, ruleset: RuleSet,
                 assumptions: Assumptions) -> Value | None:
    """A rate by the hour (CSEP's W-1 workshops: 2 PDC an hour) for credit given in another
    unit the body reads as hours: its own conversions say what one of that unit and one hour
    are worth, so 2 CEC at 1 PDC each, with an hour at 1 PDC, are 2 hours, and 4 PDC at 2 an
    hour.  None where the activity has no rate by the hour, a rate of its own for the unit,
    or the body no conversion for it (the body's own unit is never hours: CIMSPA's points)."""
    per_hour = activity.conversions.get(HOUR)
    unit = entry.unit
    if (per_hour is None or entry.credits is None or unit in activity.conversions
            or unit == ruleset.unit):
        return None
    worth, hour_worth = ruleset.conversions.get(unit), ruleset.conversions.get(HOUR)
    if worth is None or hour_worth is None:
        return None
    for fact in (worth, per_hour):
        assumptions.add(fact)
    hours = round(entry.credits * worth.value / hour_worth.value, 4)
    amount = round(hours * per_hour.value, 4)
    return Value(((0, amount),), (reason(
        "converted-hours", credits=entry.credits, from_unit=unit, hours=hours,
        factor=per_hour.value, amount=amount, unit=ruleset.unit, tag=activity.tag or None,
        hours_unconfirmed=worth.unconfirmed or hour_worth.unconfirmed, **sourced(per_hour)),))


def _day_value(entry: Entry, activity: ActivityRule, ruleset: RuleSet,
               assumptions: Assumptions) -> Value:
    """So much a day attended (CSEP's conferences), whatever the certificate awards: the
    days from `started:` (else the one day `completed:`) to `completed:`, both counted."""
    per_day = activity.per_day
    assert per_day is not None  # the caller's condition
    if entry.started and entry.started > entry.completed:  # an error of its own (checks.py)
        return Value(excluded=reason("days-unknown", started=entry.started,
                                     completed=entry.completed))
    assumptions.add(per_day)
    days = (entry.completed - (entry.started or entry.completed)).days + 1
    amount = round(days * float(per_day.value), 4)
    return Value(((0, amount),), (reason(
        "per-day", days=days, per_day=per_day.value, amount=amount, unit=ruleset.unit,
        activity=entry.activity, tag=activity.tag or None, **sourced(per_day)),))


def sourced(fact: Fact) -> dict[str, object]:
    """The values that mark a figure with its rule's source and whether it is unconfirmed."""
    return {"source": fact.source, "unconfirmed": fact.unconfirmed}


def _rounded(amount: float, ruleset: RuleSet, assumptions: Assumptions) -> tuple[float, tuple[Reason, ...]]:
    if ruleset.rounding is None:
        return round(amount, 2), ()
    step = float(ruleset.rounding.value)
    rounded = round(math.floor(amount / step + 1e-9) * step, 2)
    if rounded == round(amount, 2):
        return rounded, ()
    assumptions.add(ruleset.rounding)
    return rounded, (reason("rounded", step=step, before=amount, after=rounded,
                            **sourced(ruleset.rounding)),)


class WeightLedger:
    """Applies activity weights, keeping how much of a weight's limit each cycle has used."""

    def __init__(self, assumptions: Assumptions):
        self.assumptions = assumptions
        self.used: dict[str, float] = {}

    def apply(self, activity: ActivityRule, amount: float) -> tuple[float, tuple[Reason, ...]]:
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
        limit = activity.weight_limit.value if activity.weight_limit is not None else None
        return result, (reason("weighted", weight=weight, limit=limit, before=amount, after=result,
                               **sourced(activity.weight)),)


def category_of(entry: Entry, rule: ActivityRule, ruleset: RuleSet,
                assumptions: Assumptions) -> str | None:
    """The body's category for this entry: as the entry says, else by activity (`rule`),
    else default."""
    if not ruleset.categories:
        return None
    named = entry.category.get(ruleset.body) if isinstance(entry.category, dict) else entry.category
    if named in ruleset.categories:
        return named
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
    note = reason("service-years", amount=amount, unit=unit, years=len(years))
    return Value(tuple((year, amount) for year in years), (note,))
