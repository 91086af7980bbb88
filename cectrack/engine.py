"""Totals a holder's entries against each credential's rules for its current cycle.

Pure: no files, no clock.  `today` is a parameter, so every figure can be
reproduced and tested.  Entries are taken in date order, so when a cap is
reached it is the later entries that stop counting.
"""
from __future__ import annotations

import datetime as dt

from .counting import Assumptions, CapLedger, exclusion_reason, value_of
from .cycles import Cycle, current_cycle
from .model import Entry, HeldCredential, Tracker
from .prerequisites import check_prerequisite
from .report import CredentialResult, EntryResult, Report
from .rules.model import Library, RuleSet
from .validate import validate


def build_report(tracker: Tracker, library: Library, today: dt.date) -> Report:
    problems = list(tracker.problems) + validate(tracker, library, today)
    results = []
    if tracker.profile is not None:
        for held in tracker.profile.credentials:
            ruleset = library.for_credential(held.id)
            if ruleset is None:
                continue  # validate() reported the unknown id
            cycle = current_cycle(held, ruleset.cycle, ruleset.grace, today)
            if cycle is None:
                continue  # validate() reported the missing dates
            results.append(evaluate(held, ruleset, cycle, tracker.entries, today))
    holder = tracker.profile.name if tracker.profile else None
    return Report(today, holder, tuple(results), tuple(problems))


def evaluate(held: HeldCredential, ruleset: RuleSet, cycle: Cycle,
             entries: tuple[Entry, ...], today: dt.date) -> CredentialResult:
    """One credential's result for one cycle."""
    assumptions = Assumptions(cycle.assumptions)
    ledger = CapLedger(ruleset.caps, cycle, assumptions)
    results = [
        _count(entry, held.id, ruleset, cycle, today, ledger, assumptions)
        for entry in sorted(entries, key=lambda e: (e.completed, e.file, e.line))
    ]
    required_fact = ruleset.credentials[held.id].required
    assumptions.add(required_fact)
    prerequisites = tuple(
        check_prerequisite(rule, held.id, ruleset, cycle, entries, today, assumptions)
        for rule in ruleset.prerequisites)
    earned = round(sum(r.counted for r in results), 2)
    required = float(required_fact.value)
    met = earned >= required and all(p.met for p in prerequisites)
    return CredentialResult(
        id=held.id, name=ruleset.credentials[held.id].name, body=ruleset.body,
        unit=ruleset.unit, number=held.number, cycle=cycle, required=required, earned=earned,
        met=met, status=_status(met, cycle, today), today=today, prerequisites=prerequisites,
        entries=tuple(results), assumptions=assumptions.facts, rules_file=ruleset.file)


def _count(entry: Entry, credential_id: str, ruleset: RuleSet, cycle: Cycle, today: dt.date,
           ledger: CapLedger, assumptions: Assumptions) -> EntryResult:
    reason = exclusion_reason(entry, credential_id, ruleset, cycle, today)
    if reason:
        return EntryResult(entry, None, 0.0, reason)
    value = value_of(entry, ruleset, cycle, assumptions)
    if value.excluded:
        return EntryResult(entry, None, 0.0, value.excluded)
    counted, cap_notes = ledger.take(entry.activity, value.allotments)
    notes = value.notes + cap_notes
    if entry.completed > cycle.end:
        notes += (f"earned in the grace period (after {cycle.end.isoformat()}): a late fee applies",)
    if counted <= 0 and value.total > 0:
        return EntryResult(entry, value.total, 0.0, "; ".join(cap_notes) or "capped", notes)
    return EntryResult(entry, value.total, counted, None, notes)


def _status(met: bool, cycle: Cycle, today: dt.date) -> str:
    if met:
        return "met"
    if today <= cycle.end:
        return "in_progress"
    if cycle.grace_end and today <= cycle.grace_end:
        return "grace"
    return "lapsed"
