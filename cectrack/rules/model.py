"""A certifying body's rules as plain values.

Every number or flag a rule relies on is a Fact: the value, the source it was
read from and how sure we are (C confirmed, T third party, U unconfirmed,
`user` for the tracker's own override).  The engine reports every U fact a
result depends on, so no unconfirmed rule is shown as settled.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

CONFIDENCES = ("C", "T", "U", "user")
CONFIDENCE_WORDS = {
    "C": "confirmed on the body's own page",
    "T": "from a third party only",
    "U": "unconfirmed: a default you can override",
    "user": "your own rule",
}


@dataclass(frozen=True)
class Source:
    id: str
    url: str
    title: str


@dataclass(frozen=True)
class Fact:
    value: Any
    what: str  # plain words: what this fact is, e.g. "ACSM: CEC per CEU"
    confidence: str = "C"
    source: str | None = None  # a Source id of the rule set
    note: str = ""

    @property
    def unconfirmed(self) -> bool:
        return self.confidence == "U"


@dataclass(frozen=True)
class CredentialRule:
    id: str
    name: str
    required: Fact


@dataclass(frozen=True)
class CycleRule:
    """How long a cycle is and where it ends.

    model: `years_ending` (N years ending on a fixed month/day, e.g. 31 Dec),
           `anniversary_month_end` (N years, ending on the last day of the month earned),
           `fixed` (global cycles of N years counted from `anchor`, the same for everyone).
    """

    model: str
    years: Fact
    end_month: int = 12
    end_day: int = 31
    anchor: dt.date | None = None
    first_end_after_years: Fact | None = None  # years from `since` to the first cycle end


@dataclass(frozen=True)
class GraceRule:
    months: Fact
    earning_allowed: Fact


@dataclass(frozen=True)
class ActivityRule:
    """How one activity earns credit at this body (absent activity: counted as awarded)."""

    name: str
    accepted: Fact | None = None  # false: never earns credit here
    earns_from: Fact | None = None  # date from which this activity earns credit
    fixed: Fact | None = None  # a fixed value per item, whatever was awarded
    per_service_year: Fact | None = None  # service credit per year inside the cycle
    min_grade: Fact | None = None  # college courses: the lowest passing grade


@dataclass(frozen=True)
class CapRule:
    """At most so much credit from a group of activities, per item, per year or per cycle."""

    id: str
    label: str
    activities: tuple[str, ...]
    per_item: Fact | None = None
    per_year: Fact | None = None
    per_cycle: Fact | None = None


@dataclass(frozen=True)
class PrerequisiteRule:
    """A card that must be valid on the cycle end (e.g. CPR/AED)."""

    id: str
    label: str
    activity: str
    hands_on_required: Fact | None = None


@dataclass(frozen=True)
class RuleSet:
    body: str
    name: str
    unit: str
    file: str
    cycle: CycleRule
    grace: GraceRule | None
    credentials: dict[str, CredentialRule]
    conversions: dict[str, Fact]  # entry unit -> body units per 1 entry unit
    activities: dict[str, ActivityRule] = field(default_factory=dict)
    caps: tuple[CapRule, ...] = ()
    prerequisites: tuple[PrerequisiteRule, ...] = ()
    audit: dict[str, Fact] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)

    def activity(self, name: str) -> ActivityRule:
        return self.activities.get(name) or ActivityRule(name)


@dataclass(frozen=True)
class Library:
    """Every rule set known to this installation, by body and by credential id."""

    rulesets: dict[str, RuleSet]

    def for_credential(self, credential_id: str) -> RuleSet | None:
        for ruleset in self.rulesets.values():
            if credential_id in ruleset.credentials:
                return ruleset
        return None

    def credential_ids(self) -> list[str]:
        return [cid for rs in self.rulesets.values() for cid in rs.credentials]
