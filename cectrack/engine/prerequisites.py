"""Cards a renewal needs besides credits (CPR/AED): is one valid on the day of renewal?"""
from __future__ import annotations

import dataclasses
import datetime as dt

from ..records.model import Entry
from ..rules.model import PrerequisiteRule, RuleSet
from .counting import Assumptions
from .cycles import Cycle
from .reasons import reason
from .report import PrerequisiteResult


def check_prerequisite(rule: PrerequisiteRule, credential_id: str, ruleset: RuleSet,
                       cycle: Cycle, entries: tuple[Entry, ...], today: dt.date,
                       assumptions: Assumptions,
                       since: dt.date | None = None) -> PrerequisiteResult:
    """The result, with the kind of card or hours it is about (BOC calls its CPR/AED card
    `ecc`: a reader tells a CPR/AED card by its activity, not by the rule's id).  `since`:
    the day the holder was first certified."""
    result = _checked(rule, credential_id, ruleset, cycle, entries, today, assumptions, since)
    return dataclasses.replace(result, activity=rule.activity)


def _checked(rule: PrerequisiteRule, credential_id: str, ruleset: RuleSet,
             cycle: Cycle, entries: tuple[Entry, ...], today: dt.date,
             assumptions: Assumptions, since: dt.date | None) -> PrerequisiteResult:
    """Met when a card of the rule's activity, taken by today, is valid on the day of renewal
    (or, for an hours ledger such as teaching, when enough hours fall in the cycle)."""
    if rule.min_hours is not None:
        return _hours_ledger(rule, credential_id, cycle, entries, today, assumptions)
    assumptions.add(rule.hands_on_required)
    hands_on_needed = bool(rule.hands_on_required and rule.hands_on_required.value)
    cards = [e for e in entries
             if e.activity == rule.activity and e.completed <= today
             and (e.counts_for is None or credential_id in e.counts_for)]
    if not cards:
        return PrerequisiteResult(rule.id, rule.label, False, reason("no-card", label=rule.label))
    if hands_on_needed:
        with_skills = [c for c in cards if c.hands_on]
        if not with_skills:
            return PrerequisiteResult(
                rule.id, rule.label, False,
                reason("hands-on-card", body=ruleset.body, label=rule.label), cards[-1])
        cards = with_skills
    dated = [c for c in cards if c.expires is not None]
    if not dated:
        return PrerequisiteResult(rule.id, rule.label, False,
                                  reason("card-undated", label=rule.label), cards[-1])
    if rule.throughout is not None and rule.throughout.value:
        assumptions.add(rule.throughout)
        # Held from the later of the period start and the day the holder was certified (a
        # new AT has no card to show for the months before the exam).
        held_from = max(cycle.start, since) if since is not None else cycle.start
        gap = first_gap(dated, held_from, cycle.end)
        if gap is not None:
            return PrerequisiteResult(rule.id, rule.label, False,
                                      reason("card-gap", start=gap[0], end=gap[1]), dated[-1])
    return _valid_on_renewal(rule, cycle, today, max(dated, key=lambda c: (_expiry(c), c.completed)))


def renewal_day(cycle: Cycle, today: dt.date) -> dt.date:
    """The first day the holder can still renew on: the cycle end while it is ahead; in the
    grace period, today (a late renewal is made on a later day, never on the deadline)."""
    in_grace = cycle.grace_end is not None and cycle.end < today <= cycle.grace_end
    return today if in_grace else cycle.end


def _valid_on_renewal(rule: PrerequisiteRule, cycle: Cycle, today: dt.date,
                      card: Entry) -> PrerequisiteResult:
    """The latest card must be valid on the day of renewal: the cycle end, or in the grace
    period the day the holder renews (ACSM asks for a current card when you renew [A4])."""
    day, expires = renewal_day(cycle, today), _expiry(card)
    if expires >= day:
        return PrerequisiteResult(rule.id, rule.label, True,
                                  reason("card-valid", expires=expires), card)
    if day != cycle.end and cycle.grace_end is not None:  # renewal_day: in the grace period
        return PrerequisiteResult(
            rule.id, rule.label, False,
            reason("card-expired-in-grace", expires=expires, grace_end=cycle.grace_end), card)
    return PrerequisiteResult(
        rule.id, rule.label, False,
        reason("card-expires-early", expires=expires, cycle_end=cycle.end,
               expired=expires < today), card)


def _expiry(card: Entry) -> dt.date:
    assert card.expires is not None, "only cards with an `expires:` date are weighed"
    return card.expires


HOUR_UNITS = ("contact_hour", "CEC", "CME")  # one per hour


def _hours_ledger(rule: PrerequisiteRule, credential_id: str, cycle: Cycle,
                  entries: tuple[Entry, ...], today: dt.date,
                  assumptions: Assumptions) -> PrerequisiteResult:
    """Hours of an activity that is not education (Yoga Alliance: teaching) in the cycle."""
    minimum = rule.min_hours
    assert minimum is not None, "check_prerequisite sends only an hours rule here"
    assumptions.add(minimum)
    hours = round(sum(e.credits or 0 for e in entries
                      if e.activity == rule.activity and e.unit in HOUR_UNITS
                      and cycle.window_start <= e.completed <= min(cycle.end, today)
                      and (e.counts_for is None or credential_id in e.counts_for)), 2)
    needed = minimum.value
    return PrerequisiteResult(rule.id, rule.label, hours >= needed,
                              reason("hours-in-cycle", hours=hours, needed=needed))


def first_gap(cards: list[Entry], start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first stretch of [start, end] no card covers (a card runs from its completion to
    its expiry), or None when the cards cover it all."""
    covered_to = start - dt.timedelta(days=1)
    for card in sorted(cards, key=lambda c: c.completed):
        if card.completed > covered_to + dt.timedelta(days=1):
            return covered_to + dt.timedelta(days=1), min(card.completed - dt.timedelta(days=1), end)
        covered_to = max(covered_to, _expiry(card))
        if covered_to >= end:
            return None
    return (covered_to + dt.timedelta(days=1), end) if covered_to < end else None
