"""Totals a holder's entries against each credential's rules for its current cycle.

Pure: no files, no clock.  `today` is a parameter, so every figure can be
reproduced and tested.  Caps and category maxima count the most credit they allow
together; where several ways give that total, the earliest courses count (maxima.py).
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from ..records.model import Entry, HeldCredential, Tracker
from ..rules.model import ActivityRule, Fact, Library, RuleSet
from .checks import recertified_ignored, validate
from .counting import (
    Assumptions,
    Eligibility,
    Value,
    WeightLedger,
    category_of,
    is_pass_grade,
    value_key,
    value_of,
)
from .cycles import Cycle, add_years, current_cycle
from .duplicates import duplicates, same_provider
from .maxima import Claim, Granted, Maxima
from .overlap import Key, last_earning_day, split_overlap
from .prerequisites import check_prerequisite
from .reasons import Reason, reason
from .report import (
    CategoryResult,
    CredentialResult,
    EntryResult,
    LifetimeResult,
    Report,
)
from .requirement import requirement_for, stub_window


def build_report(tracker: Tracker, library: Library, today: dt.date) -> Report:
    entries, repeats = tracker.entries, duplicates(tracker.entries)
    problems = list(tracker.problems) + validate(tracker, library, today, repeats)
    results, past, lifetime = [], [], []
    if tracker.profile is not None:
        for held in tracker.profile.credentials:
            held = dataclasses.replace(held, id=library.canonical(held.id))  # PMA-NCPT
            ruleset = library.for_credential(held.id)
            if ruleset is None:
                continue  # validate() reported the unknown id
            never = never_expires(held, ruleset)
            if never is not None:
                lifetime.append(never)
                continue
            cycle = current_cycle(held, ruleset.cycle_for(held.id), ruleset.grace, today)
            if cycle is None:
                continue  # validate() reported the missing dates
            cycle = stub_window(held, ruleset, cycle)
            problems += recertified_ignored(held, ruleset, ruleset.cycle_for(held.id),
                                            cycle.window_start, tracker.profile.file)
            before = cycle_before(held, ruleset, cycle, today)
            kept_before, left_to_now = counted_once(held, ruleset, before, cycle, entries,
                                                    today, repeats)
            results.append(evaluate(held, ruleset, cycle, entries, today, repeats,
                                    kept_before))
            if before is not None and still_auditable(ruleset, before, today):
                past.append(evaluate(held, ruleset, before, entries, today, repeats,
                                     left_to_now))
    holder = tracker.profile.name if tracker.profile else None
    holding = tuple(dataclasses.replace(h, id=library.canonical(h.id))
                    for h in (tracker.profile.credentials if tracker.profile else ()))
    return Report(today, holder,
                  tuple(renewed_by_new_credentials(apply_sharing(results, library), holding,
                                                   library)),
                  tuple(problems),
                  tuple(renewed_by_new_credentials(apply_sharing(past, library), holding,
                                                   library)),
                  tuple(lifetime))


def never_expires(held: HeldCredential, ruleset: RuleSet) -> LifetimeResult | None:
    """A credential first earned before the body's lifetime day, with no `expires:` given
    (NBRC: before 1 July 2002), never expires: it has no cycle to count."""
    before = ruleset.cycle_for(held.id).lifetime_if_earned_before
    if before is None or held.since is None or held.expires is not None \
            or held.since >= before.value:
        return None
    return LifetimeResult(held.id, ruleset.credentials[held.id].name, ruleset.body,
                          held.since, before)


def renewed_by_new_credentials(results: list[CredentialResult], held: tuple[HeldCredential, ...],
                               library: Library) -> list[CredentialResult]:
    """Where a body says so (ACE), earning another of its credentials during a cycle meets
    that cycle's whole credit requirement (the CPR/AED card is still needed): every cycle
    open on the day it was earned, current or still auditable, of every other credential.
    The requirement stays the body's figure, shown as met by the new certification."""
    renewed = []
    for result in results:
        rule = library.rulesets[result.body].new_credential_renews
        earned = sorted((h.since, h.id) for h in held if h.since and h.id != result.id
                        and library.for_credential(h.id) is library.rulesets[result.body]
                        and result.cycle.window_start <= h.since <= min(result.cycle.end, result.today))
        if rule is None or not rule.value or not earned:
            renewed.append(result)
            continue
        since, other = earned[0]
        note = reason("renewed-by-new", credential=other, since=since, body=result.body,
                      required=result.required, unit=result.unit)
        renewed.append(dataclasses.replace(
            result, renewed_by=(other, since), required_reason=note,
            assumptions=result.assumptions + ((rule,) if rule.unconfirmed else ())))
    return renewed


def cycle_before(held: HeldCredential, ruleset: RuleSet, cycle: Cycle,
                 today: dt.date) -> Cycle | None:
    """The cycle before `cycle`; None where `cycle` is the holder's first."""
    if cycle.first:
        return None
    end = (cycle.nominal_start or cycle.start) - dt.timedelta(days=1)
    # The last recertification opened the current cycle's window, not the earlier one's.
    return current_cycle(dataclasses.replace(held, expires=end, recertified=None),
                         ruleset.cycle_for(held.id), ruleset.grace, today)


def still_auditable(ruleset: RuleSet, earlier: Cycle, today: dt.date) -> bool:
    """Whether the body may still audit a cycle already renewed (records kept after it)."""
    keep = ruleset.audit.get("keep_records_years")
    renewed_by = earlier.grace_end or earlier.end
    return today <= add_years(renewed_by, keep.value if keep else 1)


def counted_once(held: HeldCredential, ruleset: RuleSet, earlier: Cycle | None, later: Cycle,
                 entries: tuple[Entry, ...], today: dt.date,
                 repeats: dict[Key, Entry]) -> tuple[dict[Key, Reason], dict[Key, Reason]]:
    """(what `later` leaves to `earlier`, what `earlier` leaves to `later`) where a credit
    inside both cycles' windows counts in one of them (overlap.py)."""
    if earlier is None:
        return {}, {}
    # Whether a cycle is met turns only on the courses that may count in it: those outside
    # its window would each be examined and left out again at every test (NCCPA, 10,000
    # courses: 7,300 of them, 0.02 s).  The cards' checks, which look at every course, are
    # not part of the question.
    inside = tuple(e for e in entries
                   if earlier.window_start <= e.completed <= last_earning_day(earlier))

    def met_without(elsewhere: dict[Key, Reason]) -> bool:
        result = evaluate(held, ruleset, earlier, inside, today, repeats, elsewhere)
        return result.still_needed is None and not result.shortfalls

    return split_overlap(ruleset.cycle_for(held.id), earlier, later, entries, met_without)


def evaluate(held: HeldCredential, ruleset: RuleSet, cycle: Cycle,
             entries: tuple[Entry, ...], today: dt.date,
             repeats: dict[tuple[str, int], Entry] | None = None,
             elsewhere: dict[Key, Reason] | None = None) -> CredentialResult:
    """One credential's result for one cycle; `repeats` are entries recorded twice (each
    maps to the entry it repeats), counted once; `elsewhere` are entries counted in another
    cycle, each with the reason."""
    rules = ruleset.for_cycle(cycle.nominal_start or cycle.start).held_as(held.id)
    assumptions = Assumptions(cycle.assumptions)
    requirement = requirement_for(held, rules, cycle, assumptions, today)
    counter = _Counter(held.id, rules, cycle, today, assumptions, requirement.maxima,
                       repeats or {}, elsewhere or {})
    results = counter.count(sorted(entries, key=lambda e: (e.completed, e.file, e.line)))
    prerequisites = tuple(
        check_prerequisite(rule, held.id, rules, cycle, entries, today, assumptions, held.since)
        for rule in rules.prerequisites)
    return CredentialResult(
        id=held.id, name=rules.credentials[held.id].name, body=rules.body, unit=rules.unit,
        number=held.number, cycle=cycle, required=float(requirement.required.value),
        earned=round(sum(r.counted for r in results), 2), today=today,
        prerequisites=prerequisites, entries=tuple(results), assumptions=assumptions.facts,
        categories=counter.maxima.summary(rules, requirement.minima),
        min_categories=rules.min_categories.value if rules.min_categories else None,
        required_reason=requirement.note,
        groups=() if requirement.path else group_minimums(rules, results, assumptions),
        renewal_path=requirement.path,
        caps=counter.maxima.uses(cycle))


def group_minimums(rules: RuleSet, results: list[EntryResult],
                   assumptions: Assumptions) -> tuple[CategoryResult, ...]:
    """Minimums over several categories together (CDR: ethics or health equity) and over
    the body's own courses (AFAA: from AFAA or NASM)."""
    groups = []
    for group in rules.category_groups:
        assumptions.add(group.min)
        earned = sum(r.counted for r in results if r.category in group.categories)
        groups.append(CategoryResult(group.id, group.label, round(earned, 2), group.min.value))
    own = rules.provider_minimum
    if own is not None:
        assumptions.add(own.min)
        earned = sum(r.counted for r in results
                     if any(same_provider(r.entry.provider, p) for p in own.providers)
                     and (not own.activities or r.entry.activity in own.activities))
        # Its words ("from AFAA or NASM courses") are made in render/reasons.py.
        groups.append(CategoryResult("own-courses", "", round(earned, 2), own.min.value,
                                     providers=own.providers[:2], activities=own.activities))
    return tuple(groups)


class _Counter:
    """Counts one credential's entries for one cycle: each entry's eligibility and worth in
    date order (a weight's first N credits are the earliest), then what every cap and
    category maximum allows together (maxima.py)."""

    def __init__(self, credential_id: str, rules: RuleSet, cycle: Cycle, today: dt.date,
                 assumptions: Assumptions, maxima: dict[str, Fact | None],
                 repeats: dict[tuple[str, int], Entry], elsewhere: dict[Key, Reason]) -> None:
        self.credential_id, self.rules, self.cycle, self.today = credential_id, rules, cycle, today
        self.repeats, self.elsewhere = repeats, elsewhere
        self.assumptions = assumptions
        self.weights = WeightLedger(assumptions)
        self.eligibility = Eligibility(credential_id, rules, cycle, today)
        self.maxima = Maxima(rules.caps, maxima, assumptions)
        # Each value_key()'s value, once: the facts it added are in `assumptions` by then,
        # so the entries alike after it add nothing (10,000 courses: 0.03 s fewer).
        self.values: dict[tuple[object, ...], Value] = {}

    def count(self, entries: list[Entry]) -> list[EntryResult]:
        """Every entry's result, `entries` in date order."""
        results: list[EntryResult | None] = []
        claims: list[Claim] = []
        # (place in results, entry, value, category) of entries that may count
        waiting: list[tuple[int, Entry, Value, str | None]] = []
        for entry in entries:
            found = self.examine(entry)
            if isinstance(found, EntryResult):
                results.append(found)
                continue
            value, category = found
            position = len(results)
            for year, amount in value.allotments:
                claims.append(Claim(position, year, amount, entry.activity, category))
            waiting.append((position, entry, value, category))
            results.append(None)
        granted = iter(self.maxima.allocate(claims))
        for position, entry, value, category in waiting:
            parts = [next(granted) for _ in value.allotments]
            results[position] = self.result(entry, value, category, parts)
        return [r for r in results if r is not None]  # every place is filled by now

    def examine(self, entry: Entry) -> EntryResult | tuple[Value, str | None]:
        """Why the entry does not count, or its worth before any maximum and its category."""
        original = self.repeats.get((entry.file, entry.line))
        if original is not None:
            return EntryResult(entry, None, 0.0, (reason("repeat", original=original.file),))
        activity = self.rules.activity_for(entry.activity, entry.tags)
        why = self.eligibility.reason(entry, activity)
        if why is None and (entry.file, entry.line) in self.elsewhere:
            why = self.elsewhere[(entry.file, entry.line)]
            self.assumptions.add(self.rules.cycle_for(self.credential_id).overlap)
        if why:
            return EntryResult(entry, None, 0.0, (why,))
        pass_fail = activity.pass_fail_counts
        if pass_fail is not None and is_pass_grade(entry.grade):
            self.assumptions.add(pass_fail)
        value = self.value(entry, activity)
        if value.excluded:
            return EntryResult(entry, None, 0.0, (value.excluded,))
        return value, category_of(entry, activity, self.rules, self.assumptions)

    def value(self, entry: Entry, activity: ActivityRule) -> Value:
        """value_of(), worked out once for the entries alike in all it reads."""
        key = value_key(entry, activity, self.cycle)
        if key is None:
            return value_of(entry, activity, self.rules, self.cycle, self.assumptions,
                            self.weights)
        found = self.values.get(key)
        if found is None:
            found = self.values[key] = value_of(entry, activity, self.rules, self.cycle,
                                                self.assumptions, self.weights)
        return found

    def result(self, entry: Entry, value: Value, category: str | None,
               granted: list[Granted]) -> EntryResult:
        if len(granted) == 1:  # nearly every entry: one part, one grant
            counted, held_back = granted[0].counted, granted[0].notes
        else:
            counted = round(sum(g.counted for g in granted), 2)
            held_back = tuple(dict.fromkeys(note for g in granted for note in g.notes))
        notes = value.notes + held_back if held_back else value.notes
        if entry.completed > self.cycle.end:
            notes += (reason("grace-period", cycle_end=self.cycle.end),)
        if counted <= 0 < value.total:
            return EntryResult(entry, value.total, 0.0, held_back or (reason("capped"),),
                               notes, category)
        return EntryResult(entry, value.total, counted, None, notes, category)


def apply_sharing(results: list[CredentialResult], library: Library) -> list[CredentialResult]:
    """Pooled and highest-only bodies: every credential of the body needs the largest requirement."""
    shared = []
    for result in results:
        rules = library.rulesets[result.body]
        sharing = rules.sharing
        group = [r for r in results if r.body == result.body and r.id != result.id]
        if sharing is None or sharing.value == "each" or not group:
            shared.append(result)
            continue
        policy = sharing.value
        assumptions = result.assumptions + ((sharing,) if sharing.unconfirmed
                                            and sharing not in result.assumptions else ())
        shared.append(dataclasses.replace(
            _shared_figures(result, group, policy, rules.body), assumptions=assumptions,
            shared_with=tuple(r.id for r in group)))
    return shared


def _shared_figures(result: CredentialResult, group: list[CredentialResult], policy: str,
                    body: str) -> CredentialResult:
    """Pooled: one submission renews them all, so each takes the figures (requirement,
    credit, category maxima) of the credential with the largest requirement; taking only
    its requirement would set a total the smaller credential's category maxima can never
    reach.  Highest only: the largest requirement, over each credential's own credit."""
    leader = max([result, *group], key=lambda r: (r.required, r.id == result.id))
    if leader is result:
        return result
    note = reason("shared-total", required=leader.required, unit=result.unit, body=body,
                  policy=policy, counted_as=leader.id if policy == "pooled" else None)
    if policy != "pooled":
        return dataclasses.replace(result, required=leader.required, required_reason=note)
    return dataclasses.replace(
        result, required=leader.required, earned=leader.earned, entries=leader.entries,
        categories=leader.categories, caps=leader.caps, min_categories=leader.min_categories,
        required_reason=note)
