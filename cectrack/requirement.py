"""How much a credential requires this cycle: the base figure, or a prorated one."""
from __future__ import annotations

from dataclasses import dataclass, field

from .counting import Assumptions
from .cycles import Cycle
from .model import HeldCredential
from .rules.model import Fact, RuleSet
from .words import fmt


@dataclass(frozen=True)
class Requirement:
    required: Fact
    maxima: dict[str, Fact | None] = field(default_factory=dict)  # category -> maximum
    note: str = ""


def months_into(cycle: Cycle, held: HeldCredential) -> int | None:
    """Whole months from the cycle's nominal start to certification; None if certified before."""
    start = cycle.nominal_start or cycle.start
    if held.since is None or held.since < start:
        return None
    return (held.since.year - start.year) * 12 + held.since.month - start.month


def requirement_for(held: HeldCredential, rules: RuleSet, cycle: Cycle,
                    assumptions: Assumptions) -> Requirement:
    """The base requirement, prorated when the holder was certified during the cycle."""
    required = rules.credentials[held.id].required
    maxima = {cid: category.max for cid, category in rules.categories.items()}
    months = months_into(cycle, held)
    bucket = next((b for b in rules.proration
                   if months is not None and b.from_month <= months < b.to_month), None)
    if bucket is None:
        assumptions.add(required)
        return Requirement(required, maxima)
    assumptions.add(bucket.required)
    prorated = {cid: bucket.max.get(cid) for cid in rules.categories}
    note = (f"prorated: certified {held.since.isoformat()}, {months} months into the cycle, "
            f"so {fmt(bucket.required.value)} {rules.unit} instead of {fmt(required.value)}")
    return Requirement(bucket.required, prorated, note)
