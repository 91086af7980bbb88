"""The rule-file format as data: every key, its shape, its range and what it refers to.

`load.py` reads a rule file by walking this table, as `fields.py` does for credit files, so
the format is written down once: the reader checks it, the docs test lists it.  A fact's
`what` is a template filled from where it stands ({body}, {key}, {label}, {unit}, sibling
values), so a rule reads as plain words on every page ("NSCA: credits per contact hour").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from ..records.fields import MAX_AMOUNT
from ..records.vocabulary import UNITS, activity_label, unit_label
from .model import (
    CONFIDENCES,
    SHARING_POLICIES,
    ActivityRule,
    CapRule,
    CategoryGroup,
    CategoryRule,
    CredentialRule,
    CycleRule,
    Fact,
    FirstRenewal,
    GraceRule,
    PathRule,
    PrerequisiteRule,
    ProrationBucket,
    ProviderMinimum,
    RenewalRule,
    Source,
    TagRule,
    Version,
)

CYCLE_MODELS = ("years_ending", "anniversary_month_end", "fixed", "anniversary_day_before",
                "birth_month")
CREDENTIAL_ID = re.compile(r"^[A-Z0-9][A-Za-z0-9.-]{0,39}$")  # BODY-CODE, safe in a file name


@dataclass(frozen=True)
class Value:
    """One scalar.  kind: text | int | number | bool | date | choice | any.

    `low`/`high` bound numbers (`above`: strictly more than `low`); `choices` lists the
    words a choice allows; `ref` names what the text must refer to, checked when the whole
    file is read ("category", "source")."""

    kind: str
    low: float | None = None
    high: float | None = None
    above: bool = False
    choices: tuple[str, ...] = ()
    ref: str = ""
    noun: str = ""  # what a choice is, for messages: "unit", "activity"
    pattern: re.Pattern[str] | None = None  # text must match it (ids that become file names)
    hint: str = ""


@dataclass(frozen=True)
class FactOf:
    """A Value that may carry its source: bare (`2`) or `{value, source, confidence, note}`."""

    value: Value
    what: str


@dataclass(frozen=True)
class Key:
    name: str
    shape: "Shape"
    required: bool = False
    doc: str = ""
    field: str = ""  # the model's name for it, when it differs


@dataclass(frozen=True)
class Check:
    """A rule across keys of one map: `ok(values)` must hold; `at` names the key to point to."""

    ok: Callable[[dict[str, Any]], bool]
    message: str  # a template over the values
    hint: str = ""
    at: str = ""


@dataclass(frozen=True)
class Record:
    """A map with fixed keys, made into a model value by `make(values)`."""

    keys: tuple[Key, ...]
    what: str
    make: Callable[[dict[str, Any]], Any] = dict
    checks: tuple[Check, ...] = ()
    key_as: str = ""  # inside a MapOf: pass the map key to `make` under this name
    label: tuple[str, ...] = ()  # context {label}: the first of these keys given, else {key}
    fact_what: str = ""  # the record is itself a fact: `make` gets its `what` under "what"


@dataclass(frozen=True)
class MapOf:
    """A map whose keys the file chooses (`key` checks them); each value read by `item`."""

    item: "Shape"
    what: str
    key: Value = Value("text")
    context: Callable[[str], dict[str, str]] = lambda key: {}
    defines: str = ""  # its keys are the names a Value with this `ref` may use


@dataclass(frozen=True)
class ListOf:
    item: "Shape"
    what: str


Shape = Value | FactOf | Record | MapOf | ListOf

NUMBER = Value("number", 0, MAX_AMOUNT)
FACTOR = Value("number", 0, MAX_AMOUNT, above=True)
# Units and activities: the built-in words (vocabulary.py) or those a rule file declares
# under `vocabulary:`, checked once the whole file is read.
ACTIVITY = Value("text", ref="activity")
UNIT = Value("text", ref="unit")
WORD = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,31}$")
CATEGORY = Value("text", ref="category")
SOURCE_ID = Value("text", ref="source")
CONFIDENCE = Value("choice", choices=CONFIDENCES, noun="confidence mark",
                   hint="C (confirmed), T (third party), U (unconfirmed) or user")


def _cap_of(what: str) -> FactOf:
    return FactOf(NUMBER, "{label}: cap " + what)


def _unit_context(key: str) -> dict[str, str]:
    return {"unit": unit_label(key)}


def _conversions(what: str) -> MapOf:
    return MapOf(FactOf(FACTOR, what), "conversions",
                 key=UNIT, context=_unit_context)


SOURCE = Record((Key("url", Value("text"), True), Key("title", Value("text"), True)),
                "source {key}", lambda v: Source(**v), key_as="id")

def _day_fact(values: dict[str, Any]) -> Fact:
    """The fact behind a day-of-year record (window_opens, late_window_opens)."""
    return Fact(f"{values['day']}/{values['month']}", values["what"],
                values.get("confidence") or "user", values.get("source"), values.get("note") or "")


def _window(values: dict[str, Any]) -> tuple[tuple[int, int, int], Fact]:
    """window_opens becomes the (month, day, years_before) triple and the fact behind it."""
    return (values["month"], values["day"], values["years_before"]), _day_fact(values)


def _days_in(month: Any) -> int:
    return (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1] \
        if isinstance(month, int) and 1 <= month <= 12 else 31


WINDOW = Record(
    (Key("month", Value("int", 1, 12), True), Key("day", Value("int", 1, 31), True),
     Key("years_before", Value("int", 0, 5), True),
     Key("source", SOURCE_ID), Key("confidence", CONFIDENCE), Key("note", Value("text"))),
    "window_opens", _window, fact_what="credit counts from this day/month before the cycle starts",
    checks=(Check(lambda v: v["day"] <= _days_in(v["month"]),
                  "window_opens: month {month} has no day {day}", at="day"),))


def _late_window(values: dict[str, Any]) -> tuple[tuple[int, int], Fact]:
    return (values["month"], values["day"]), _day_fact(values)


LATE_WINDOW = Record(
    (Key("month", Value("int", 1, 12), True), Key("day", Value("int", 1, 31), True),
     Key("source", SOURCE_ID), Key("confidence", CONFIDENCE), Key("note", Value("text"))),
    "late_window_opens", _late_window,
    fact_what="after a late report, credit counts from this day/month of the cycle's first year",
    checks=(Check(lambda v: v["day"] <= _days_in(v["month"]),
                  "late_window_opens: month {month} has no day {day}", at="day"),))


OVERLAPS = ("earlier_first", "each")


def _cycle(values: dict[str, Any]) -> CycleRule:
    window = values.pop("window_opens", None)
    late = values.pop("late_window_opens", None)
    values = {k: v for k, v in values.items() if v is not None}
    if window is not None:
        values["window_opens"], values["window_fact"] = window
    if late is not None:
        values["late_window"], values["late_window_fact"] = late
    return CycleRule(**values)


CYCLE = Record(
    (Key("model", Value("choice", choices=CYCLE_MODELS, noun="cycle model"), True,
         "years_ending, anniversary_month_end or fixed"),
     Key("years", FactOf(Value("int", 1, 20), "cycle length in years"), True),
     Key("end_month", Value("int", 1, 12)), Key("end_day", Value("int", 1, 31)),
     Key("anchor", Value("date"), doc="the first day of one cycle (fixed cycles)"),
     Key("first_end_after_years", FactOf(
         Value("int", 1, 20), "years from first certification to the first cycle end")),
     Key("first_end_after_years_early", FactOf(
         Value("int", 1, 20), "years to the first cycle end when certified on or before the "
                              "end day of the year"),
         doc="for someone certified between 1 January and the end day"),
     Key("window_opens", WINDOW), Key("late_window_opens", LATE_WINDOW),
     Key("overlap", FactOf(Value("choice", choices=OVERLAPS, noun="overlap rule"),
                           "how a credit inside two cycles' windows counts"),
         doc="earlier_first (in the earlier cycle while it still needs it, else the next) "
             "or each (in both)"),
     Key("stub_joins_next", FactOf(Value("bool"), "certified where a period asks nothing, "
                                                  "credit counts toward the next period")),
     Key("window_after_recertification", FactOf(
         Value("bool"), "credit counts from the day after the last recertification"),
         doc="the holder gives the day as `recertified:` in the profile"),
     Key("lifetime_if_earned_before", FactOf(
         Value("date"), "a credential first earned before this day never expires"),
         doc="a holder with an earlier `since:` and no `expires:` has nothing to earn")),
    "cycle", _cycle,
    checks=(Check(lambda v: v["model"] != "fixed" or v.get("anchor") is not None,
                  "a `fixed` cycle needs `anchor:` (the first day of one cycle)",
                  "add `anchor: YYYY-MM-DD`"),
            Check(lambda v: (v.get("end_day") or 31) <= _days_in(v.get("end_month") or 12),
                  "cycle end_day is {end_day}, past the end of its month",
                  "give a day the month has", at="end_day")))

# A credential's first renewal, where it asks something else (kinds 57/65: California PT).
FIRST_RENEWAL = Record(
    (Key("required", FactOf(NUMBER, "{key}: credits required for the first renewal"), True),
     Key("on_time_only", FactOf(Value("bool"), "{key}: the first renewal's figure holds only "
                                               "when renewed by the expiry date"),
         doc="renewing later, the full `required` applies")),
    "credential {key} first_renewal", lambda v: FirstRenewal(**v))

CREDENTIAL = Record(
    (Key("name", Value("text"), True),
     Key("required", FactOf(NUMBER, "{key}: credits required"), True),
     Key("minima", MapOf(FactOf(NUMBER, "{name}: category {key} minimum"), "minima",
                         key=CATEGORY),
         doc="category minima of this credential alone, in place of the category's `min`"),
     Key("first_renewal", FIRST_RENEWAL),
     Key("cycle", CYCLE, doc="the credential's own cycle, where it differs from the body's")),
    "credential {key}", lambda v: CredentialRule(**{**v, "minima": v["minima"] or {}}),
    key_as="id")


GRACE = Record(
    (Key("months", FactOf(Value("int", 0, 60), "grace period in months"),
         doc="its length in months, or give `days`"),
     Key("days", FactOf(Value("int", 0, 1830), "grace period in days")),
     Key("earning_allowed", FactOf(Value("bool"),
                                   "credits may still be earned during the grace period"), True),
     Key("late_until_months", FactOf(Value("int", 0, 60),
                                     "late renewal accepted, with a higher fee, until months after expiry"))),
    "grace", lambda v: GraceRule(**v),
    checks=(Check(lambda v: (v.get("months") is None) != (v.get("days") is None),
                  "grace needs its length as `months:` or as `days:` (one of them)",
                  "write `months: 6` or `days: 90`"),))

# The values an activity takes for entries with one of some tags (kinds 61/67).
TAG_RULE = Record(
    (Key("tags", ListOf(Value("text", ref="tag"), "tags"), True,
         "the entry tags these values are for (any of them)"),
     Key("accepted", FactOf(Value("bool"), "{key} with tag {tags} earns credit")),
     Key("fixed", FactOf(NUMBER, "credits per {label} with tag {tags}")),
     Key("per_day", FactOf(NUMBER, "credits per day of a {label} with tag {tags}")),
     Key("default_credits", FactOf(NUMBER, "credits per {label} with tag {tags} when none are given")),
     Key("weight", FactOf(NUMBER, "weight of a {label} with tag {tags}")),
     Key("category", FactOf(CATEGORY, "category of a {label} with tag {tags}")),
     Key("conversions", _conversions("credits per {unit} ({label} with tag {tags})")),
     Key("hands_on_required", FactOf(Value("bool"), "a {label} with tag {tags} earns credit "
                                                    "only with a hands-on skills check"))),
    "by_tag of {label}", lambda v: TagRule(tuple(v.pop("tags")), ActivityRule(
        v.pop("name", ""), **{**v, "conversions": v["conversions"] or {}})),
    key_as="name")

ACTIVITY_RULE = Record(
    (Key("accepted", FactOf(Value("bool"), "{key} earns credit")),
     Key("earns_from", FactOf(Value("date"), "{key} earns credit from")),
     Key("fixed", FactOf(NUMBER, "credits per {label}")),
     Key("per_service_year", FactOf(NUMBER, "credits per year of {key}")),
     Key("min_grade", FactOf(Value("text"), "lowest passing grade ({key})")),
     Key("pass_fail_counts", FactOf(Value("bool"), "a pass in a pass/fail {label} counts")),
     Key("default_credits", FactOf(NUMBER, "credits per {label} when none are given")),
     Key("weight", FactOf(NUMBER, "weight of a {label}")),
     Key("weight_limit", FactOf(NUMBER, "credits a cycle the {label} weight applies to")),
     Key("category", FactOf(CATEGORY, "category of a {label}")),
     Key("category_providers", ListOf(Value("text"), "category_providers"),
         doc="the category applies only to courses of these providers (CSCCa: its own "
             "National Conference); others fall to the default category"),
     Key("conversions", _conversions("credits per {unit} ({label})")),
     Key("hands_on_required", FactOf(Value("bool"), "a {label} earns credit only with a "
                                                    "hands-on skills check")),
     Key("warning", FactOf(Value("text"), "a {label}: a warning")),
     Key("per_day", FactOf(NUMBER, "credits per day of a {label}"),
         doc="a value per day attended, from `started:` to `completed:`"),
     Key("by_tag", ListOf(TAG_RULE, "by_tag"),
         doc="other values for entries with one of some tags")),
    "activity {key}", lambda v: ActivityRule(**{**v, "conversions": v["conversions"] or {},
                                                "category_providers": tuple(v["category_providers"] or ()),
                                                "by_tag": tuple(v["by_tag"] or ())}),
    key_as="name")

CAP = Record(
    (Key("id", Value("text"), True), Key("label", Value("text")),
     Key("activities", ListOf(ACTIVITY, "activities")),
     Key("categories", ListOf(CATEGORY, "categories")),
     Key("per_item", _cap_of("per item")), Key("per_year", _cap_of("per year")),
     Key("per_cycle", _cap_of("per cycle")),
     Key("credentials", ListOf(Value("text", ref="credential"), "credentials"),
         doc="the cap holds for these credentials of the body only")),
    "cap {id}", lambda v: CapRule(**{**v, "label": v["label"] or v["id"],
                                    "activities": tuple(v["activities"] or ()),
                                    "categories": tuple(v["categories"] or ()),
                                    "credentials": tuple(v["credentials"] or ())}),
    label=("label", "id"))

PREREQUISITE = Record(
    (Key("id", Value("text"), True), Key("label", Value("text")),
     Key("activity", ACTIVITY, True),
     Key("hands_on_required", FactOf(Value("bool"), "{label} must include a hands-on skills check")),
     Key("min_hours", FactOf(Value("number", 0, MAX_AMOUNT, above=True), "{label}: hours needed each cycle")),
     Key("throughout", FactOf(Value("bool"), "{label} must be held throughout the period"))),
    "prerequisite {id}", lambda v: PrerequisiteRule(**{**v, "label": v["label"] or v["id"]}),
    label=("label", "id"))

CATEGORY_RULE = Record(
    (Key("label", Value("text")), Key("min", FactOf(NUMBER, "category {key} minimum")),
     Key("max", FactOf(NUMBER, "category {key} maximum")),
     Key("within", CATEGORY, doc="the category that holds this one")),
    "category {key}", lambda v: CategoryRule(**{**v, "label": v["label"] or v["id"]}),
    key_as="id")

_BUCKET_WHERE = "certified {certified_from_month}-{certified_to_month} months into the cycle"
PRORATION_BUCKET = Record(
    (Key("certified_from_month", Value("int", 0, 240), True, field="from_month"),
     Key("certified_to_month", Value("int", 1, 240), True, field="to_month"),
     Key("required", FactOf(NUMBER, "credits required if " + _BUCKET_WHERE), True),
     Key("max", MapOf(FactOf(NUMBER, "category {key} maximum if " + _BUCKET_WHERE), "max",
                      key=CATEGORY)),
     Key("min", MapOf(FactOf(NUMBER, "category {key} minimum if " + _BUCKET_WHERE), "min",
                      key=CATEGORY))),
    "a proration bucket", lambda v: ProrationBucket(**{**v, "max": v["max"] or {},
                                                       "min": v["min"] or {}}),
    checks=(Check(lambda v: v["to_month"] > v["from_month"],
                  "a proration bucket must end after it starts", at="certified_to_month"),))

VERSION = Record(
    (Key("cycles_from", Value("date"), field="start"),
     Key("cycles_until", Value("date"), field="until"),
     Key("categories", MapOf(CATEGORY_RULE, "categories", defines="category")),
     Key("proration", ListOf(PRORATION_BUCKET, "proration")),
     Key("activities", MapOf(ACTIVITY_RULE, "activities", key=ACTIVITY,
                             context=lambda key: {"label": activity_label(key)})),
     Key("caps", ListOf(CAP, "caps")),
     Key("note", Value("text"))),
    "a version", lambda v: Version(v["start"], v["until"], v["categories"],
                                   None if v["proration"] is None else tuple(v["proration"]),
                                   v["activities"],
                                   None if v["caps"] is None else tuple(v["caps"])))

VOCABULARY_UNIT = Record(
    (Key("meaning", Value("text"), True, "what one unit is, in plain words"),
     Key("ambiguous_with", Value("choice", choices=tuple(UNITS), noun="built-in unit"),
         doc="a built-in unit of the same name people may write by mistake")),
    "unit {key}", dict)
VOCABULARY = Record(
    (Key("units", MapOf(VOCABULARY_UNIT, "vocabulary units", defines="unit",
                        key=Value("text", pattern=WORD, hint="letters, digits, - and _"))),
     Key("activities", MapOf(Value("text"), "vocabulary activities", defines="activity",
                             key=Value("text", pattern=WORD, hint="letters, digits, - and _"))),
     # Words an entry's `tags:` may hold, for values that depend on them (`by_tag`).
     Key("tags", MapOf(Value("text"), "vocabulary tags", defines="tag",
                       key=Value("text", pattern=WORD, hint="letters, digits, - and _")))),
    "vocabulary", lambda v: {"units": v["units"] or {}, "activities": v["activities"] or {},
                             "tags": v["tags"] or {}})

CATEGORY_GROUP = Record(
    (Key("id", Value("text"), True), Key("label", Value("text")),
     Key("categories", ListOf(CATEGORY, "categories"), True),
     Key("min", FactOf(NUMBER, "{label}: at least"), True)),
    "category group {id}", lambda v: CategoryGroup(**{**v, "label": v["label"] or v["id"],
                                                     "categories": tuple(v["categories"])}),
    label=("label", "id"))

PROVIDER_MINIMUM = Record(
    (Key("providers", ListOf(Value("text"), "providers"), True),
     Key("min", FactOf(NUMBER, "credit needed from the body's own courses"), True),
     Key("activities", ListOf(ACTIVITY, "activities"),
         doc="only these activities of the providers count toward it (NETA: workshops and "
             "home study)")),
    "provider_minimum", lambda v: ProviderMinimum(tuple(v["providers"]), v["min"],
                                                  tuple(v["activities"] or ())))

PATH = Record(
    (Key("label", Value("text"), True, "how it reads after 'you renew by', e.g. quarterly "
                                        "assessments"),
     Key("about", FactOf(Value("text"), "renewing by {label}"), True,
         "what the path asks, in the body's words")),
    "path {key}", lambda v: PathRule(**v), key_as="id", label=("label",))
PATH_ID = Value("text", pattern=re.compile(r"^(?!ce$)[a-z][a-z0-9_]{0,31}$"),
                hint="a lower-case word other than `ce` (the CE total, every body's way)")

# --- How to renew (the dashboard's Renew block) --------------------------------------------
WEB_ADDRESS = Value("text", pattern=re.compile(r"^https?://[^\s<>\"'`]+$"),
                    hint="a web address starting with https://")
MONEY = Value("text")  # as the body writes it: "$60", "$65 (members) or $90"
RENEWAL = Record(
    (Key("address", FactOf(WEB_ADDRESS, "where to renew"), True,
         "the body's renewal page or portal"),
     Key("fee", FactOf(MONEY, "renewal fee")),
     Key("fee_for", MapOf(FactOf(MONEY, "renewal fee for {key}"), "fee_for",
                          key=Value("text", ref="credential"))),
     Key("late_fee", FactOf(MONEY, "late fee")),
     Key("reinstatement", FactOf(Value("text"), "what reinstatement needs"))),
    "renewal", lambda v: RenewalRule(**{**v, "fee_for": v["fee_for"] or {}}))

RULE_FILE = Record(
    (Key("body", Value("text"), True, "the body's short name, e.g. NSCA"),
     Key("name", Value("text"), True, "the body's full name"),
     Key("unit", Value("text"), True, "the unit the body counts in"),
     # Before anything that names a unit or an activity, which may be declared here.
     Key("vocabulary", VOCABULARY),
     # Sources come before any fact, so a fact's `source:` can be checked against them.
     Key("sources", MapOf(SOURCE, "sources", defines="source")),
     Key("credentials", MapOf(CREDENTIAL, "credentials", defines="credential", key=Value(
         "text", pattern=CREDENTIAL_ID, hint="use capital letters, digits and dashes, e.g. FBN-RN")),
         True),
     Key("cycle", CYCLE, True),
     Key("grace", GRACE),
     Key("conversions", _conversions("credits per {unit}"), True),
     Key("activities", MapOf(ACTIVITY_RULE, "activities", key=ACTIVITY,
                             context=lambda key: {"label": activity_label(key)})),
     Key("caps", ListOf(CAP, "caps")),
     Key("prerequisites", ListOf(PREREQUISITE, "prerequisites")),
     Key("audit", MapOf(FactOf(Value("any"), "audit {key}"), "audit")),
     Key("categories", MapOf(CATEGORY_RULE, "categories", defines="category")),
     Key("min_categories", FactOf(Value("int", 0, 20),
                                  "credit needed from at least this many categories")),
     Key("proration", ListOf(PRORATION_BUCKET, "proration")),
     Key("versions", ListOf(VERSION, "versions")),
     Key("rounding", FactOf(FACTOR, "each entry is rounded down to a multiple of")),
     Key("sharing", FactOf(Value("choice", choices=tuple(SHARING_POLICIES), noun="sharing policy"),
                           "sharing between this body's credentials")),
     Key("petition_review_days", FactOf(Value("int", 0, 3650), "days to review a petition")),
     Key("default_category", FactOf(CATEGORY, "category of an entry that names none")),
     Key("category_groups", ListOf(CATEGORY_GROUP, "category_groups")),
     Key("provider_minimum", PROVIDER_MINIMUM),
     Key("aliases", MapOf(Value("text", ref="credential"), "aliases", key=Value(
         "text", pattern=CREDENTIAL_ID, hint="an id of the form BODY-CODE"))),
     Key("pace_per_year", FactOf(NUMBER, "recommended credit a year (not a rule)")),
     Key("new_credential_renews", FactOf(
         Value("bool"), "earning another of its credentials during a cycle meets that cycle's "
                        "whole requirement")),
     Key("paths", MapOf(PATH, "paths", key=PATH_ID),
         doc="ways to renew other than the CE total, which the holder declares"),
     # Last, as it is last in the files: how to renew (the dashboard's Renew block).
     Key("renewal", RENEWAL)),
    "the rule file")

FACT_KEYS = ("value", "source", "confidence", "note")


def all_keys(shape: Shape = RULE_FILE) -> set[str]:
    """Every key name the format knows, for the docs test."""
    if isinstance(shape, Record):
        return {key.name for key in shape.keys}.union(*(all_keys(k.shape) for k in shape.keys))
    if isinstance(shape, (MapOf, ListOf)):
        return all_keys(shape.item)
    return set()
