"""A certifying body's rules as plain values.

Every number or flag a rule relies on is a Fact: the value, the source it was
read from and how sure we are (C confirmed, T third party, U unconfirmed,
`user` for the tracker's own override).  The engine reports every U fact a
result depends on, so no unconfirmed rule is shown as settled.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping, TypeVar

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
class FirstRenewal:
    """What a credential's first renewal asks instead of `required` (kinds 57/65: California
    PT, 15 hours renewing on time; `on_time_only`: renewing after the expiry date, the full
    requirement applies)."""

    required: Fact
    on_time_only: Fact | None = None


@dataclass(frozen=True)
class CredentialRule:
    id: str
    name: str
    required: Fact
    # Category minima of this credential alone, in place of the category's own `min` (NREMT:
    # the national component is 20 hours for an EMT, 30 for a paramedic).
    minima: dict[str, Fact] = field(default_factory=dict)
    first_renewal: FirstRenewal | None = None
    cycle: CycleRule | None = None  # its own cycle, where the body's differ (CSEP, kind 71)


@dataclass(frozen=True)
class CycleRule:
    """How long a cycle is and where it ends.

    model: `years_ending` (N years ending on a fixed month/day, e.g. 31 Dec),
           `anniversary_month_end` (N years, ending on the last day of the month earned),
           `fixed` (global cycles of N years counted from `anchor`, the same for everyone),
           `anniversary_day_before` (N years from the day earned, ending the day before the
           anniversary: CIMSPA), `birth_month` (N years, ending on the last day of the
           holder's birth month: California licences).
    """

    model: str
    years: Fact
    end_month: int = 12
    end_day: int = 31
    anchor: dt.date | None = None
    first_end_after_years: Fact | None = None  # years from `since` to the first cycle end
    # For someone certified on or before the end day in their year (CDR: an exam from January
    # to May), where the body says something else, or nothing, about that case.
    first_end_after_years_early: Fact | None = None
    # Credit may count from before the cycle start: (month, day, years before the start's
    # year), e.g. NCCPA's window opens on 1 May of the year before the cycle starts.
    window_opens: tuple[int, int, int] | None = None
    window_fact: Fact | None = None
    # Where two cycles' windows overlap (NCCPA: May to December of a cycle's last year), how
    # a credit inside both counts: `earlier_first` (in the earlier cycle while it still needs
    # it, else in the next) or `each` (in both).  None: in both, as before.
    overlap: Fact | None = None
    # For a holder who reported the previous cycle late: credit counts from this (month, day)
    # of the cycle's first year (NSCA: 1 February).
    late_window: tuple[int, int] | None = None
    late_window_fact: Fact | None = None
    # Certified where a period asks nothing (BOC: its second year): credit counts from the
    # certification day toward the next, full period.
    stub_joins_next: Fact | None = None
    # Credit counts from the day after the holder's last recertification (profile
    # `recertified:`), whenever that was, rather than from the cycle's start (NREMT).
    window_after_recertification: Fact | None = None
    # A credential first earned before this day never expires (NBRC: before 1 July 2002):
    # nothing to earn, for a holder whose profile gives no `expires:`.
    lifetime_if_earned_before: Fact | None = None


@dataclass(frozen=True)
class GraceRule:
    """After the deadline: a grace period of `months` or `days`, in which credit may or may
    not still be earned; late filing may go on to `late_until_months` at a higher fee."""

    months: Fact | None
    earning_allowed: Fact
    days: Fact | None = None
    late_until_months: Fact | None = None

    @property
    def length(self) -> Fact:
        found = self.months if self.months is not None else self.days
        assert found is not None, "spec.py's GRACE check: one of months and days is given"
        return found

    def end_after(self, deadline: dt.date) -> dt.date:
        """The grace period's last day: so many days later, or the same day so many months
        later; after a deadline at a month's end, the end of that month (31 December + 6 =
        30 June, 28 February 2026 + 6 = 31 August)."""
        if self.months is None:
            return deadline + dt.timedelta(days=int(self.length.value))
        index = deadline.month - 1 + int(self.months.value)
        year, month = deadline.year + index // 12, index % 12 + 1
        last = calendar.monthrange(year, month)[1]
        at_month_end = deadline.day == calendar.monthrange(deadline.year, deadline.month)[1]
        return dt.date(year, month, last if at_month_end else min(deadline.day, last))


@dataclass(frozen=True)
class ActivityRule:
    """How one activity earns credit at this body (absent activity: counted as awarded)."""

    name: str
    accepted: Fact | None = None  # false: never earns credit here
    earns_from: Fact | None = None  # date from which this activity earns credit
    fixed: Fact | None = None  # a fixed value per item, whatever was awarded
    per_service_year: Fact | None = None  # service credit per year inside the cycle
    min_grade: Fact | None = None  # college courses: the lowest passing grade
    pass_fail_counts: Fact | None = None  # whether a "pass" in a pass/fail course passes
    default_credits: Fact | None = None  # used when an entry gives no `credits:`
    weight: Fact | None = None  # multiplier on the converted credits (NCCPA ×1.5)
    weight_limit: Fact | None = None  # the weight applies to the first N credits a cycle
    category: Fact | None = None  # the category this activity falls in, unless the entry says
    # The category holds only for courses of these providers (CSCCa: its own conference).
    category_providers: tuple[str, ...] = ()
    conversions: dict[str, Fact] = field(default_factory=dict)  # per-activity unit factors
    hands_on_required: Fact | None = None  # a card earns credit only with `hands_on: true`
    warning: Fact | None = None  # text: a warning at every entry of it (YA: presenting)
    per_day: Fact | None = None  # a value per day attended, `started:` to `completed:` (CSEP)
    # Other values for entries with one of some tags (CSEP: a CSEP conference 15 a day).
    by_tag: tuple["TagRule", ...] = ()
    tag: str = ""  # the tag whose values these are, once applied to an entry


@dataclass(frozen=True)
class TagRule:
    """The values an activity takes for an entry with any of `tags` (kinds 61/67: value by
    organiser, presenter or standing): those `values` sets replace the activity's own."""

    tags: tuple[str, ...]
    values: ActivityRule

    def applied_to(self, rule: ActivityRule, tag: str) -> ActivityRule:
        own = {name: value for name, value in vars(self.values).items()
               if value is not None and name in _TAG_VALUES}
        return replace(rule, **own, conversions={**rule.conversions, **self.values.conversions},
                       by_tag=(), tag=tag)


# The values a tag may change (an activity's other keys hold whatever the tag).
_TAG_VALUES = ("accepted", "fixed", "per_day", "default_credits", "weight", "category",
               "hands_on_required")


@functools.lru_cache(maxsize=256)
def _plain_activity(name: str) -> ActivityRule:
    """The rule of an activity a body says nothing about: counted as awarded (made once)."""
    return ActivityRule(name)


@dataclass(frozen=True)
class CapRule:
    """At most so much credit from a group of activities, per item, per year or per cycle."""

    id: str
    label: str
    activities: tuple[str, ...]  # empty: any activity
    categories: tuple[str, ...] = ()  # empty: any category
    per_item: Fact | None = None
    per_year: Fact | None = None
    per_cycle: Fact | None = None
    credentials: tuple[str, ...] = ()  # empty: every credential of the body

    def covers(self, other: "CapRule") -> bool:
        """Whether every course `other` counts falls under this cap too."""
        return (_within(other.activities, self.activities)
                and _within(other.categories, self.categories))

    def apart(self, other: "CapRule") -> bool:
        """Whether no course can fall under both caps."""
        return (bool(self.credentials and other.credentials
                     and not set(self.credentials) & set(other.credentials))
                or bool(self.activities and other.activities
                        and not set(self.activities) & set(other.activities))
                or bool(self.categories and other.categories
                        and not set(self.categories) & set(other.categories)))


def _within(inner: tuple[str, ...], outer: tuple[str, ...]) -> bool:
    """A cap's list inside another's (an empty list: any)."""
    return not outer or bool(inner) and set(inner) <= set(outer)


def nesting_problems(caps: tuple[CapRule, ...]) -> list[tuple[int, str, str]]:
    """Caps whose cycle or yearly limits cross rather than nest, as (index of the cap, the
    problem, a hint): credit capped on two axes is counted exactly when the caps of a body
    nest (one inside the other, or apart) and only categories cross them (engine/maxima.py)."""
    limited = [(i, cap) for i, cap in enumerate(caps) if cap.per_cycle or cap.per_year]
    found = []
    for n, (_, first) in enumerate(limited):
        for j, second in limited[n + 1:]:
            if first.apart(second):
                continue
            if not (first.covers(second) or second.covers(first)):
                found.append((j, f"caps `{first.id}` and `{second.id}` overlap without one "
                                 "holding the other, so a course could be limited by two caps "
                                 "that each count other courses too",
                              "make one cap's activities and categories part of the other's, "
                              "or keep them apart"))
                continue
            big, small = (first, second) if first.covers(second) else (second, first)
            if not small.covers(big) and big.per_year is not None and small.per_cycle is not None:
                found.append((j, f"cap `{small.id}` has a limit per cycle inside cap "
                                 f"`{big.id}`'s limit per year",
                              f"give `{small.id}` a limit per year, or `{big.id}` one per "
                              "cycle only"))
    return found


@dataclass(frozen=True)
class CategoryRule:
    """A body's category; credit above `max` is ignored, below `min` the cycle is not met.

    `within` names the category that holds this one (NREMT: ventilation within airway within
    the national component): a course in it counts toward it and every category it is in."""

    id: str
    label: str
    min: Fact | None = None
    max: Fact | None = None
    within: str | None = None


def category_family(categories: dict[str, CategoryRule]) -> dict[str, tuple[str, ...]]:
    """Each category with every category inside it at any depth, itself first (a loop of
    `within:` is refused when the file is read, so this ends)."""
    inside: dict[str, list[str]] = {cid: [] for cid in categories}
    for cid, category in categories.items():
        if category.within in inside:
            inside[category.within].append(cid)

    def family(cid: str) -> tuple[str, ...]:
        return (cid, *(member for child in inside[cid] for member in family(child)))
    return {cid: family(cid) for cid in categories}


def holders(cid: str, categories: Mapping[str, CategoryRule]) -> list[str]:
    """`cid` and every category holding it, innermost first (ventilation, airway, national);
    loops are refused when the file is read, and stopped here all the same."""
    chain: list[str] = []
    while cid in categories and cid not in chain:
        chain.append(cid)
        cid = categories[cid].within or ""
    return chain


def nested_categories(categories: Mapping[str, CategoryRule]) -> frozenset[str]:
    """The categories that sit inside another (NREMT's topics)."""
    return frozenset(cid for cid, category in categories.items() if category.within)


def caps_over_families(caps: tuple[CapRule, ...],
                       categories: dict[str, CategoryRule]) -> tuple[CapRule, ...]:
    """Caps on a category reach the categories inside it (a cap on `national` holds a course
    filed under `ventilation`)."""
    if not any(c.within for c in categories.values()):
        return caps
    family = category_family(categories)
    return tuple(replace(cap, categories=tuple(dict.fromkeys(
        member for cid in cap.categories for member in family.get(cid, (cid,)))))
        if cap.categories else cap for cap in caps)


@dataclass(frozen=True)
class ProrationBucket:
    """The requirement for someone certified `from_month`..`to_month` months into the cycle."""

    from_month: int
    to_month: int
    required: Fact
    max: dict[str, Fact] = field(default_factory=dict)  # category -> prorated maximum
    min: dict[str, Fact] = field(default_factory=dict)  # category -> prorated minimum


@dataclass(frozen=True)
class Version:
    """Rules that replace the base ones for cycles starting in [start, until]."""

    start: dt.date | None
    until: dt.date | None
    categories: dict[str, CategoryRule] | None = None
    proration: tuple[ProrationBucket, ...] | None = None
    activities: dict[str, ActivityRule] | None = None  # replace these activities' rules
    caps: tuple[CapRule, ...] | None = None  # replace the caps

    def applies_to(self, cycle_start: dt.date) -> bool:
        return ((self.start is None or cycle_start >= self.start)
                and (self.until is None or cycle_start <= self.until))


SHARING_POLICIES = {
    "each": "an entry counts in full for every credential whose cycle it falls in",
    "pooled": "one total serves every credential of this body (the largest requirement)",
    "highest_only": "only the highest requirement among the credentials held must be earned",
}


@dataclass(frozen=True)
class PrerequisiteRule:
    """A card that must be valid on the cycle end (e.g. CPR/AED)."""

    id: str
    label: str
    activity: str
    hands_on_required: Fact | None = None
    # A ledger rather than a card: met by this many hours of the activity in the cycle
    # (Yoga Alliance: 45 hours teaching).
    min_hours: Fact | None = None
    # Cards must cover the whole period without a gap, not just its end (BOC's ECC).
    throughout: Fact | None = None


@dataclass(frozen=True)
class CategoryGroup:
    """At least `min` from any of these categories together (CDR: ethics OR health equity)."""

    id: str
    label: str
    categories: tuple[str, ...]
    min: Fact


@dataclass(frozen=True)
class ProviderMinimum:
    """At least `min` credit from courses of these providers (AFAA: from AFAA or NASM);
    with `activities`, only from those (NETA: its own workshops or home study, kind 68)."""

    providers: tuple[str, ...]
    min: Fact
    activities: tuple[str, ...] = ()


@dataclass(frozen=True)
class PathRule:
    """Another way to renew than the CE total, which the holder declares (profile
    `renewal_path:`): on it the CE total is not asked (NBRC's quarterly assessments)."""

    id: str
    label: str  # "quarterly assessments", as it reads after "you renew by"
    about: Fact  # what the path asks, in the body's words, with its source


@dataclass(frozen=True)
class RenewalRule:
    """How to renew, as the dashboard's Renew block shows it: where, and what it costs.

    Each is a Fact with its source and confidence (an unconfirmed fee is shown as such).
    `fee_for` gives a credential its own fee where the body charges them differently."""

    address: Fact  # the body's renewal page or portal (an http(s) address)
    fee: Fact | None = None
    fee_for: dict[str, Fact] = field(default_factory=dict)
    late_fee: Fact | None = None  # renewing in the grace period (or late window)
    reinstatement: Fact | None = None  # what it takes once the grace period is over

    def fee_of(self, credential_id: str) -> Fact | None:
        return self.fee_for.get(credential_id, self.fee)

    def facts(self, credential_id: str) -> tuple[Fact, ...]:
        return tuple(f for f in (self.address, self.fee_of(credential_id), self.late_fee,
                                 self.reinstatement) if f is not None)


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
    categories: dict[str, CategoryRule] = field(default_factory=dict)
    min_categories: Fact | None = None  # credit from at least so many categories
    proration: tuple[ProrationBucket, ...] = ()
    versions: tuple[Version, ...] = ()
    rounding: Fact | None = None  # each entry rounds down to a multiple of this step
    sharing: Fact | None = None  # a SHARING_POLICIES key; default "each"
    petition_review_days: Fact | None = None  # the body reviews petitions in so many days
    default_category: Fact | None = None  # for entries whose activity and file name none
    # Words this body adds: {"units": {name: {meaning, ambiguous_with}}, "activities": {name:
    # meaning}, "tags": {name: meaning}}
    vocabulary: dict[str, dict[str, Any]] = field(
        default_factory=lambda: {"units": {}, "activities": {}, "tags": {}})
    category_groups: tuple[CategoryGroup, ...] = ()
    provider_minimum: ProviderMinimum | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # old or other id -> credential id
    pace_per_year: Fact | None = None  # a recommended pace, not a rule (CSCCa: 15 a year)
    new_credential_renews: Fact | None = None  # earning another of its credentials renews
    renewal: RenewalRule | None = None  # where to renew and what it costs
    paths: dict[str, PathRule] = field(default_factory=dict)  # other ways to renew, by id

    def activity(self, name: str) -> ActivityRule:
        found = self.activities.get(name)
        return found if found is not None else _plain_activity(name)

    def activity_for(self, name: str, tags: tuple[str, ...] = ()) -> ActivityRule:
        """The activity's rule for an entry with these tags: the first `by_tag` rule naming
        one of them, else the activity's own."""
        rule = self.activity(name)
        if tags and rule.by_tag:
            for variant in rule.by_tag:
                tag = next((t for t in variant.tags if t in tags), None)
                if tag is not None:
                    return variant.applied_to(rule, tag)
        return rule

    def cycle_for(self, credential_id: str) -> CycleRule:
        """The credential's own cycle where it has one (CSEP-CEP), else the body's."""
        credential = self.credentials.get(credential_id)
        own = credential.cycle if credential is not None else None
        return own if own is not None else self.cycle

    def for_cycle(self, cycle_start: dt.date) -> "RuleSet":
        """These rules as in force for a cycle starting on `cycle_start` (effective dating)."""
        result = self
        for version in self.versions:
            if version.applies_to(cycle_start):
                result = replace(
                    result,
                    categories=_or(version.categories, result.categories),
                    proration=_or(version.proration, result.proration),
                    caps=_or(version.caps, result.caps),
                    activities={**result.activities, **(version.activities or {})})
        caps = caps_over_families(result.caps, result.categories)
        return result if caps is result.caps else replace(result, caps=caps)

    def held_as(self, credential_id: str) -> "RuleSet":
        """These rules for one of the body's credentials: caps that name other credentials
        left out (NREMT: an EMT's and a paramedic's distributive limits differ)."""
        if not any(cap.credentials for cap in self.caps):
            return self
        return replace(self, caps=tuple(cap for cap in self.caps if not cap.credentials
                                        or credential_id in cap.credentials))


T = TypeVar("T")


def _or(replacement: T | None, base: T) -> T:
    """A version's part where it gives one (an empty one too), else the base rules' part."""
    return base if replacement is None else replacement


@dataclass(frozen=True)
class Library:
    """Every rule set known to this installation, by body and by credential id."""

    rulesets: dict[str, RuleSet]

    def canonical(self, credential_id: str) -> str:
        """The id a rule file uses for `credential_id`, which may be an alias (PMA-NCPT)."""
        return self._aliases.get(credential_id, credential_id)

    def for_credential(self, credential_id: str) -> RuleSet | None:
        return self._by_credential.get(self.canonical(credential_id))

    @functools.cached_property
    def _aliases(self) -> dict[str, str]:
        """Every alias -> its credential id; the first rule file to name an alias wins."""
        found: dict[str, str] = {}
        for ruleset in self.rulesets.values():
            for alias, credential_id in ruleset.aliases.items():
                found.setdefault(alias, credential_id)
        return found

    @functools.cached_property
    def _by_credential(self) -> dict[str, RuleSet]:
        """Every credential id -> its rule set (asked once per entry and credential)."""
        found: dict[str, RuleSet] = {}
        for ruleset in self.rulesets.values():
            for credential_id in ruleset.credentials:
                found.setdefault(credential_id, ruleset)
        return found

    def shared_unit(self, credential_ids: Iterable[str]) -> str | None:
        """The unit the bodies of these credentials all count in (ACE's ACE-CEC for an ACE
        trainer), or None when they count in several or none is known: what a new course is
        most likely awarded in, offered first."""
        units = {rs.unit for cid in credential_ids if (rs := self.for_credential(cid))}
        return units.pop() if len(units) == 1 else None

    def credential_ids(self) -> list[str]:
        return [cid for rs in self.rulesets.values() for cid in [*rs.credentials, *rs.aliases]]

    def declared(self, kind: str) -> dict[str, str]:
        """Units or activities the rule files add to the built-in words: name -> meaning."""
        found = {}
        for ruleset in self.rulesets.values():
            for name, about in ruleset.vocabulary[kind].items():
                found[name] = about["meaning"] if isinstance(about, dict) else about
        return found

    def entry_words(self) -> dict[str, tuple[str, ...]]:
        """Units and activities the rule files add, by the entry field that takes them."""
        return {"unit": tuple(self.declared("units")),
                "activity": tuple(self.declared("activities")),
                "tags": tuple(self.declared("tags"))}
