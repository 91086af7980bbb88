"""The engine's shortcuts (issue 28: a check of 10,000 courses) answer what the long way
answers: a day's reason outside a cycle made once (counting.Eligibility), one value for the
entries alike in all value_of() reads (counting.value_key), and the overlap's test counting
only the courses inside the earlier cycle's window (build.counted_once).  Each shortcut is
compared with the long way, for every credential of the built-in rules, over entries varied
in every way the rules read."""
from __future__ import annotations

import datetime as dt
import random

from cectrack.engine import build
from cectrack.engine.counting import (
    Assumptions,
    Eligibility,
    WeightLedger,
    value_key,
    value_of,
)
from cectrack.engine.cycles import Cycle, current_cycle
from cectrack.engine.overlap import split_overlap
from cectrack.records.model import Entry, HeldCredential
from cectrack.rules.load import load_library
from cectrack.rules.model import RuleSet

LIBRARY, _ = load_library()
TODAY = dt.date(2026, 11, 28)
EVERY_UNIT = sorted({unit for rules in LIBRARY.rulesets.values() for unit in rules.conversions})
EVERY_TAG = sorted({tag for rules in LIBRARY.rulesets.values()
                    for rule in rules.activities.values()
                    for variant in rule.by_tag for tag in variant.tags})
# Every code Eligibility gives, and every code of a value that is not a weight's or a day's.
ELIGIBILITY_CODES = {"counts-only-for", "another-bodys-activity", "petition-pending",
                     "petition-denied", "not-accepted", "hands-on-required", "not-yet-accepted",
                     "after-today", "before-certified", "before-window", "before-cycle",
                     "after-cycle", "no-grade", "pass-fail-grade", "not-a-letter-grade",
                     "grade-below"}
SHARED_VALUE_CODES = {"fixed-value", "default-credits", "converted", "converted-hours",
                      "no-credits", "renewal-card", "no-conversion"}


def varied_entries(rules: RuleSet, count: int = 400, seed: int = 28) -> list[Entry]:
    """Entries in date order, each field drawn from a few values so that many are alike:
    1 and 1.0 credits, the body's activities and others', tags, grades, petitions."""
    rng = random.Random(seed)
    own_tags = sorted({tag for rule in rules.activities.values()
                       for variant in rule.by_tag for tag in variant.tags})
    activities = sorted(set(rules.activities) | {"course", "college_course", "cpr_aed",
                                                 "teaching", "committee"})
    entries = []
    for line in range(count):
        completed = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(16 * 365))
        entries.append(Entry(
            file=f"credits/{line}.yaml", line=1, title=f"Course {line}", provider="Provider",
            completed=completed,
            started=rng.choice([None, None, completed - dt.timedelta(days=400),
                                completed + dt.timedelta(days=1)]),
            credits=rng.choice([None, 1, 1.0, 2.5, 0.35]),
            unit=rng.choice([rules.unit, "CEU", "CEC", "contact_hour", rng.choice(EVERY_UNIT)]),
            activity=rng.choice(activities),
            tags=rng.choice([(), (), *((tag,) for tag in own_tags), (rng.choice(EVERY_TAG),)]),
            grade=rng.choice([None, "A", "C", "D", "pass", "excellent"]),
            hands_on=rng.choice([None, True, False]),
            petition=rng.choice([None, None, "approved", "pending", "denied"]),
            counts_for=rng.choice([None, None, None, ("SOMEONE-ELSE",)]),
            category=rng.choice([None, None, *sorted(rules.categories)[:2]])))
    return sorted(entries, key=lambda e: (e.completed, e.file, e.line))


def every_cycle() -> list[tuple[HeldCredential, RuleSet, Cycle]]:
    """Each built-in credential's current cycle, held long (a cycle before it, a window
    opened early), held since this year (the first cycle), and ended in September (courses
    after its end)."""
    cycles = []
    for credential_id in sorted(LIBRARY.credential_ids()):
        ruleset = LIBRARY.for_credential(credential_id)
        assert ruleset is not None
        for since, expires in ((dt.date(2014, 6, 1), dt.date(2026, 12, 31)),
                               (dt.date(2026, 2, 1), dt.date(2026, 12, 31)),
                               (dt.date(2014, 6, 1), dt.date(2026, 9, 30))):
            held = HeldCredential(credential_id, 1, since=since, expires=expires,
                                  birth_month=6)
            cycle = current_cycle(held, ruleset.cycle_for(held.id), ruleset.grace, TODAY)
            if cycle is not None:
                rules = ruleset.for_cycle(cycle.nominal_start or cycle.start).held_as(held.id)
                cycles.append((held, rules, cycle))
    return cycles


def test_a_days_reason_made_once_is_the_one_made_for_each_entry():
    given = set()
    for held, rules, cycle in every_cycle():
        once = Eligibility(held.id, rules, cycle, TODAY)
        for entry in varied_entries(rules):
            activity = rules.activity_for(entry.activity, entry.tags)
            shared = once.reason(entry, activity)
            alone = Eligibility(held.id, rules, cycle, TODAY).reason(entry, activity)
            assert repr(shared) == repr(alone), (held.id, entry)
            given.add(shared.code if shared else None)
    assert ELIGIBILITY_CODES <= given


def test_a_value_shared_by_entries_alike_is_the_one_worked_out_for_each():
    given, shared_values = set(), 0
    for held, rules, cycle in every_cycle():
        counter = build._Counter(held.id, rules, cycle, TODAY, Assumptions(), {}, {}, {})
        long_way = Assumptions()
        for entry in varied_entries(rules):
            activity = rules.activity_for(entry.activity, entry.tags)
            if value_key(entry, activity, cycle) is None:
                continue  # by the day, by service year or weighted: never shared
            shared = counter.value(entry, activity)
            alone = value_of(entry, activity, rules, cycle, long_way, WeightLedger(long_way))
            assert repr(shared) == repr(alone), (held.id, entry)  # 1 and 1.0 as written
            given |= {r.code for r in shared.notes + (shared.excluded,) if r is not None}
        assert counter.assumptions.facts == long_way.facts  # the same facts, in order
        shared_values += len(counter.values)
    assert SHARED_VALUE_CODES <= given and shared_values > 0


def nccpa_courses(first: dt.date, every: int) -> tuple[Entry, ...]:
    """2 CME every `every` days from `first` to the end of 2026, every other one Category 1."""
    days = range(0, (dt.date(2026, 12, 31) - first).days, every)
    return tuple(Entry(f"credits/{n}.yaml", 1, f"Course {n}", "Provider",
                       first + dt.timedelta(days=day), 2, "CME",
                       category="1" if n % 2 else None)
                 for n, day in enumerate(days))


def test_the_overlap_split_from_the_earlier_window_is_the_split_from_every_course():
    ruleset = LIBRARY.rulesets["NCCPA"]
    held = HeldCredential("NCCPA-PA-C", 1, since=dt.date(2016, 6, 1),
                          expires=dt.date(2026, 12, 31))
    later = current_cycle(held, ruleset.cycle_for(held.id), ruleset.grace, TODAY)
    assert later is not None
    earlier = build.cycle_before(held, ruleset, later, TODAY)
    assert earlier is not None and earlier.window_start != earlier.start  # opened early
    splits = set()
    # From long before, from the early window's first day (its courses before the cycle's
    # start decide), from within the earlier cycle, from within the shared months.
    for first, every in ((dt.date(2021, 1, 1), 9), (dt.date(2022, 5, 1), 16),
                         (dt.date(2023, 6, 1), 7), (dt.date(2023, 9, 1), 5),
                         (dt.date(2024, 6, 1), 7)):
        entries = nccpa_courses(first, every)

        def met_without(elsewhere, entries=entries):
            result = build.evaluate(held, ruleset, earlier, entries, TODAY, {}, elsewhere)
            return result.still_needed is None and not result.shortfalls

        long_way = split_overlap(ruleset.cycle_for(held.id), earlier, later, entries,
                                 met_without)
        assert build.counted_once(held, ruleset, earlier, later, entries, TODAY, {}) == long_way
        splits.add(tuple(len(part) > 0 for part in long_way))
    assert splits == {(False, True), (True, True), (True, False)}  # none, some, all kept

