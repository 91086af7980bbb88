"""How much a credential requires this cycle: the base figure, or a prorated one."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from ..records.model import HeldCredential
from ..rules.model import Fact, PathRule, RuleSet
from .counting import Assumptions
from .cycles import Cycle, cycle_start
from .reasons import Reason, reason


@dataclass(frozen=True)
class Requirement:
    required: Fact
    maxima: dict[str, Fact | None] = field(default_factory=dict)  # category -> maximum
    note: Reason | None = None  # how it came about (proration, a first renewal, a path)
    minima: dict[str, Fact | None] = field(default_factory=dict)  # category -> minimum
    path: PathRule | None = None  # the holder's declared way to renew, if not the CE total


def months_into(cycle: Cycle, held: HeldCredential) -> int | None:
    """Whole months from the cycle's nominal start to certification; None if certified before."""
    start = cycle.nominal_start or cycle.start
    if held.since is None or held.since < start:
        return None
    return (held.since.year - start.year) * 12 + held.since.month - start.month


def requirement_for(held: HeldCredential, rules: RuleSet, cycle: Cycle,
                    assumptions: Assumptions, today: dt.date) -> Requirement:
    """The base requirement, the first renewal's, or a prorated one when the holder was
    certified during the cycle."""
    required = rules.credentials[held.id].required
    path = rules.paths.get(held.renewal_path or "")
    if path is not None:
        return on_path(path, rules, required, assumptions)
    maxima = {cid: category.max for cid, category in rules.categories.items()}
    own = rules.credentials[held.id].minima  # NREMT: each level's component hours
    minima = {cid: own.get(cid, category.min) for cid, category in rules.categories.items()}
    first = first_renewal(held, rules, cycle, assumptions, today)
    if first is not None:
        return replace(first, maxima=maxima, minima=minima)
    months = months_into(cycle, held)
    bucket = next((b for b in rules.proration
                   if months is not None and b.from_month <= months < b.to_month), None)
    if bucket is None:
        assumptions.add(required)
        return Requirement(required, maxima, minima=minima)
    assumptions.add(bucket.required)
    # A bucket's maxima replace the base ones it names (BOC: B 17 and D 14 of 25).
    prorated = {cid: bucket.max.get(cid, maxima[cid]) for cid in rules.categories}
    # A prorated requirement prorates the category minimums too (BOC: 10 of 50, 5 of 25);
    # with nothing due, nothing is due in any category.
    if bucket.required.value == 0:
        minima = {cid: None for cid in rules.categories}
    else:
        minima = {cid: bucket.min.get(cid, minima[cid]) for cid in rules.categories}
    assert held.since is not None  # a bucket is found only for a holder certified in the cycle
    # CSCCa: prorated, by amounts not published
    code = "prorated-unpublished" if bucket.required.value == required.value else "prorated"
    note = reason(code, since=held.since, months=months, body=rules.body,
                  required=bucket.required.value, usual=required.value, unit=rules.unit)
    return Requirement(bucket.required, prorated, note, minima)


def on_path(path: PathRule, rules: RuleSet, required: Fact,
            assumptions: Assumptions) -> Requirement:
    """The holder renews another way than the CE total (NBRC: quarterly assessments): no
    credit and no category minimum is asked, and the note says why."""
    assumptions.add(path.about)
    asked = replace(path.about, value=0)  # its value is the requirement; the note says why
    note = reason("renewal-path", path=path.id, label=path.label, body=rules.body,
                  usual=required.value, unit=rules.unit, about=path.about.value,
                  about_note=path.about.note or None)
    return Requirement(asked, {cid: c.max for cid, c in rules.categories.items()}, note,
                       {cid: None for cid in rules.categories}, path)


def stub_window(held: HeldCredential, rules: RuleSet, cycle: Cycle) -> Cycle:
    """Certified where the previous period asked nothing (BOC: in its second year), credit
    counts from the certification day toward this, full period."""
    cycle_rule = rules.cycle_for(held.id)
    stub = cycle_rule.stub_joins_next
    if stub is None or not stub.value or held.since is None or cycle.first:
        return cycle
    start = cycle.nominal_start or cycle.start
    previous = cycle_start(start - dt.timedelta(days=1), cycle_rule)
    if not previous <= held.since < start:
        return cycle
    months = (held.since.year - previous.year) * 12 + held.since.month - previous.month
    bucket = next((b for b in rules.for_cycle(previous).proration
                   if b.from_month <= months < b.to_month), None)
    if bucket is None or bucket.required.value != 0:
        return cycle
    return replace(cycle, window_start=held.since,
                   assumptions=cycle.assumptions + ((stub,) if stub.unconfirmed else ()))


def first_renewal(held: HeldCredential, rules: RuleSet, cycle: Cycle, assumptions: Assumptions,
                  today: dt.date) -> Requirement | None:
    """In the holder's first cycle, the credential's `first_renewal` figure (California PT:
    15 hours), unless it holds only on time and the expiry date has passed (then the usual
    figure, said so in the note)."""
    credential = rules.credentials[held.id]
    rule = credential.first_renewal
    if rule is None or not cycle.first:
        return None
    assumptions.add(rule.on_time_only)
    on_time_only = bool(rule.on_time_only and rule.on_time_only.value)
    figures = {"required": rule.required.value, "usual": credential.required.value,
               "unit": rules.unit}
    if on_time_only and today > cycle.end:
        assumptions.add(credential.required)
        return Requirement(credential.required, note=reason(
            "first-renewal-late", cycle_end=cycle.end, **figures))
    assumptions.add(rule.required)
    return Requirement(rule.required, note=reason(
        "first-renewal", by=cycle.end if on_time_only else None, **figures))
