"""Read rule files (cectrack/rules/*.yaml) into RuleSets, validating them like user data.

A defect in a rule file is a Problem with file and line, exactly as for a
credit file; a rule set with errors is left out rather than half-used.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from ..model import ERROR, Problem
from ..vocabulary import ACTIVITIES, UNITS, activity_label, unit_label
from ..yamlsource import YList, YMap, YNode, YScalar, read_yaml
from .model import (
    CONFIDENCES,
    SHARING_POLICIES,
    ActivityRule,
    CapRule,
    CategoryRule,
    CredentialRule,
    CycleRule,
    Fact,
    GraceRule,
    Library,
    PrerequisiteRule,
    ProrationBucket,
    RuleSet,
    Source,
    Version,
)

BUILTIN_DIR = Path(__file__).parent
CYCLE_MODELS = ("years_ending", "anniversary_month_end", "fixed")


_KIND_WORDS = {(int, float): "a number", int: "a whole number", bool: "true or false",
               dt.date: "a date as YYYY-MM-DD", str: "text"}


class RuleFileError(Exception):
    """Raised inside the reader to abandon one rule set; never escapes this module."""


def load_library(user_dir: Path | None = None,
                 root: Path | None = None) -> tuple[Library, list[Problem]]:
    """The built-in rule sets, then the tracker's own from `user_dir`.

    A user rule file for a body replaces the built-in one whole: copy the built-in file,
    change a value (say, an unconfirmed conversion) and the tracker uses yours.
    """
    rulesets: dict[str, RuleSet] = {}
    problems: list[Problem] = []
    folders = [(BUILTIN_DIR, "cectrack/rules/")]
    if user_dir is not None and user_dir.is_dir():
        prefix = user_dir.relative_to(root).as_posix() + "/" if root else ""
        folders.append((user_dir, prefix))
    for folder, prefix in folders:
        for path in sorted(folder.glob("*.yaml")):
            try:
                text = path.read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError:
                problems.append(Problem(ERROR, "encoding", prefix + path.name, 0,
                                        "the rule file is not UTF-8 text", "save it as UTF-8"))
                continue
            ruleset = load_ruleset(text, prefix + path.name, problems)
            if ruleset is not None:
                rulesets[ruleset.body] = ruleset
    return Library(rulesets), problems


def load_ruleset(text: str, file: str, problems: list[Problem]) -> RuleSet | None:
    documents, yaml_problems = read_yaml(text, file)
    problems.extend(yaml_problems)
    if yaml_problems:
        return None
    reader = _RuleReader(file, problems)
    try:
        if len(documents) != 1 or not isinstance(documents[0], YMap):
            reader.fail(documents[0] if documents else None, "a rule file is one map of keys")
        return reader.ruleset(documents[0])
    except RuleFileError:
        return None


class _RuleReader:
    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems
        self.source_ids: set[str] = set()
        self.body = ""

    def fail(self, node: YNode | None, message: str, hint: str = "") -> None:
        line = node.line if node is not None else 0
        self.problems.append(Problem(ERROR, "bad-rule", self.file, line, message, hint))
        raise RuleFileError(message)

    # --- generic shapes -------------------------------------------------
    def mapping(self, node: YNode, where: str, allowed: tuple[str, ...] = ()) -> YMap:
        if not isinstance(node, YMap):
            self.fail(node, f"{where} must be a map of `key: value` lines")
        for key in node.items:
            if allowed and key not in allowed:
                self.fail(node.items[key], f"{where} has an unknown key `{key}`",
                          "known keys: " + ", ".join(allowed))
        return node

    def get(self, node: YMap, key: str, where: str) -> YNode:
        if key not in node.items:
            self.fail(node, f"{where} has no `{key}:`")
        return node.items[key]

    def scalar(self, node: YNode, where: str, kind: type | tuple = object) -> Any:
        if not isinstance(node, YScalar) or not isinstance(node.value, kind) or (
                isinstance(node.value, bool) and kind in ((int, float), int)):
            found = f"'{node.raw}'" if isinstance(node, YScalar) else "a list or map"
            self.fail(node, f"{where} must be {_KIND_WORDS.get(kind, 'a single value')}, "
                            f"found {found}")
        return node.value

    def text(self, node: YNode, where: str) -> str:
        if not isinstance(node, YScalar):
            self.fail(node, f"{where} must be text")
        return node.raw

    def fact(self, node: YNode | None, what: str, kind: type | tuple = object) -> Fact | None:
        """A fact is a bare value (the tracker's own rule) or {value, source, confidence, note}."""
        if node is None:
            return None
        what = f"{self.body}: {what}"
        if not isinstance(node, YMap):
            return Fact(self.scalar(node, what, kind), what, "user")
        fields = self.mapping(node, what, ("value", "source", "confidence", "note"))
        value = self.scalar(self.get(fields, "value", what), what, kind)
        confidence = self.text(fields.items.get("confidence") or YScalar("user", "user", "", 0, 0),
                               what)
        if confidence not in CONFIDENCES:
            self.fail(fields.items["confidence"], f"{what}: confidence `{confidence}` is unknown",
                      "use C (confirmed), T (third party), U (unconfirmed) or user")
        source = fields.items.get("source")
        source_id = self.text(source, what) if source is not None else None
        if source_id is not None and source_id not in self.source_ids:
            self.fail(source, f"{what}: source `{source_id}` is not listed under `sources:`")
        note = fields.items.get("note")
        return Fact(value, what, confidence, source_id, self.text(note, what) if note else "")

    def each(self, node: YNode | None, where: str, read: Callable[[str, YNode], Any]) -> dict:
        if node is None:
            return {}
        return {key: read(key, value) for key, value in self.mapping(node, where).items.items()}

    # --- the rule file --------------------------------------------------
    def ruleset(self, root: YMap) -> RuleSet:
        top = ("body", "name", "unit", "sources", "credentials", "cycle", "grace",
               "conversions", "activities", "caps", "prerequisites", "audit", "categories",
               "min_categories", "proration", "versions", "rounding", "sharing",
               "petition_review_days", "default_category")
        self.mapping(root, "the rule file", top)
        body = self.body = self.text(self.get(root, "body", "the rule file"), "body")
        sources = self.each(root.items.get("sources"), "sources", self.source)
        self.source_ids = set(sources)
        number = (int, float)
        return RuleSet(
            body=body,
            name=self.text(self.get(root, "name", "the rule file"), "name"),
            unit=self.text(self.get(root, "unit", "the rule file"), "unit"),
            file=self.file,
            sources=sources,
            credentials=self.each(self.get(root, "credentials", "the rule file"), "credentials",
                                  self.credential),
            cycle=self.cycle(self.get(root, "cycle", "the rule file")),
            grace=self.grace(root.items.get("grace")),
            conversions=self.each(self.get(root, "conversions", "the rule file"), "conversions",
                                  lambda unit, node: self.conversion(unit, node, number)),
            activities=self.each(root.items.get("activities"), "activities", self.activity),
            caps=tuple(self.cap(node) for node in self.items(root.items.get("caps"), "caps")),
            prerequisites=tuple(self.prerequisite(node) for node in
                                self.items(root.items.get("prerequisites"), "prerequisites")),
            audit=self.each(root.items.get("audit"), "audit",
                            lambda key, node: self.fact(node, f"audit {key}")),
            categories=self.each(root.items.get("categories"), "categories", self.category),
            min_categories=self.fact(root.items.get("min_categories"),
                                     "credit needed from at least this many categories", int),
            proration=self.proration(root.items.get("proration")),
            versions=tuple(self.version(node) for node in
                           self.items(root.items.get("versions"), "versions")),
            rounding=self.fact(root.items.get("rounding"),
                               "each entry is rounded down to a multiple of", number),
            sharing=self.sharing(root.items.get("sharing")),
            petition_review_days=self.fact(root.items.get("petition_review_days"),
                                           "days to review a petition", int),
            default_category=self.fact(root.items.get("default_category"),
                                       "category of an entry that names none"),
        )

    def items(self, node: YNode | None, where: str) -> list[YNode]:
        if node is None:
            return []
        if not isinstance(node, YList):
            self.fail(node, f"{where} must be a list (lines starting with `- `)")
        return node.items

    def source(self, key: str, node: YNode) -> Source:
        fields = self.mapping(node, f"source {key}", ("url", "title"))
        return Source(key, self.text(self.get(fields, "url", key), "url"),
                      self.text(self.get(fields, "title", key), "title"))

    def credential(self, key: str, node: YNode) -> CredentialRule:
        fields = self.mapping(node, f"credential {key}", ("name", "required"))
        required = self.fact(self.get(fields, "required", key), f"{key}: credits required",
                             (int, float))
        return CredentialRule(key, self.text(self.get(fields, "name", key), "name"), required)

    def cycle(self, node: YNode) -> CycleRule:
        allowed = ("model", "years", "end_month", "end_day", "anchor", "first_end_after_years",
                   "window_opens")
        fields = self.mapping(node, "cycle", allowed)
        model = self.text(self.get(fields, "model", "cycle"), "cycle model")
        if model not in CYCLE_MODELS:
            self.fail(fields.items["model"], f"cycle model `{model}` is unknown",
                      "use one of: " + ", ".join(CYCLE_MODELS))
        anchor = fields.items.get("anchor")
        if model == "fixed" and anchor is None:
            self.fail(fields, "a `fixed` cycle needs `anchor:` (the first day of one cycle)")
        return CycleRule(
            model=model,
            years=self.fact(self.get(fields, "years", "cycle"), "cycle length in years", int),
            end_month=self.scalar(fields.items.get("end_month", YScalar(12, "12", "", 0, 0)),
                                  "end_month", int),
            end_day=self.scalar(fields.items.get("end_day", YScalar(31, "31", "", 0, 0)),
                                "end_day", int),
            anchor=self.scalar(anchor, "anchor", dt.date) if anchor is not None else None,
            first_end_after_years=self.fact(fields.items.get("first_end_after_years"),
                                            "years from first certification to the first cycle end",
                                            int),
            **self.window(fields.items.get("window_opens")),
        )

    def window(self, node: YNode | None) -> dict:
        """`window_opens: {month, day, years_before, source, confidence, note}`."""
        if node is None:
            return {}
        fields = self.mapping(node, "window_opens", ("month", "day", "years_before", "source",
                                                     "confidence", "note")).items
        parts = tuple(self.scalar(self.get(node, key, "window_opens"), key, int)
                      for key in ("month", "day", "years_before"))
        fact_node = YMap(node.line, node.col, {
            "value": YScalar(f"{parts[1]}/{parts[0]}", "", "", node.line, node.col),
            **{k: v for k, v in fields.items() if k in ("source", "confidence", "note")}})
        fact = self.fact(fact_node, "credit counts from this day/month before the cycle starts")
        return {"window_opens": parts, "window_fact": fact}

    def grace(self, node: YNode | None) -> GraceRule | None:
        if node is None:
            return None
        fields = self.mapping(node, "grace", ("months", "earning_allowed"))
        return GraceRule(
            months=self.fact(self.get(fields, "months", "grace"), "grace period in months", int),
            earning_allowed=self.fact(self.get(fields, "earning_allowed", "grace"),
                                      "credits may still be earned during the grace period", bool),
        )

    def conversion(self, unit: str, node: YNode, number: tuple, activity: str = "") -> Fact:
        if unit not in UNITS:
            self.fail(node, f"conversions: `{unit}` is not a known unit",
                      "known units: " + ", ".join(UNITS))
        where = f" ({activity})" if activity else ""
        return self.fact(node, f"credits per {unit_label(unit)}{where}", number)

    def activity(self, name: str, node: YNode) -> ActivityRule:
        if name not in ACTIVITIES:
            self.fail(node, f"activities: `{name}` is not a known activity",
                      "known activities: " + ", ".join(ACTIVITIES))
        allowed = ("accepted", "earns_from", "fixed", "per_service_year", "min_grade",
                   "default_credits", "weight", "weight_limit", "category", "conversions")
        fields = self.mapping(node, f"activity {name}", allowed).items
        number = (int, float)
        label = activity_label(name)
        return ActivityRule(
            name,
            accepted=self.fact(fields.get("accepted"), f"{name} earns credit", bool),
            earns_from=self.fact(fields.get("earns_from"), f"{name} earns credit from", dt.date),
            fixed=self.fact(fields.get("fixed"), f"credits per {activity_label(name)}", number),
            per_service_year=self.fact(fields.get("per_service_year"),
                                       f"credits per year of {name}", number),
            min_grade=self.fact(fields.get("min_grade"), f"lowest passing grade ({name})", str),
            default_credits=self.fact(fields.get("default_credits"),
                                      f"credits per {label} when none are given", number),
            weight=self.fact(fields.get("weight"), f"weight of a {label}", number),
            weight_limit=self.fact(fields.get("weight_limit"),
                                   f"credits a cycle the {label} weight applies to", number),
            category=self.fact(fields.get("category"), f"category of a {label}"),
            conversions=self.each(fields.get("conversions"), f"activity {name} conversions",
                                  lambda unit, n: self.conversion(unit, n, number, label)),
        )

    def cap(self, node: YNode) -> CapRule:
        allowed = ("id", "label", "activities", "categories", "per_item", "per_year", "per_cycle")
        fields = self.mapping(node, "a cap", allowed).items
        cap_id = self.text(self.get(node, "id", "a cap"), "id")
        activities = tuple(self.text(item, "activities")
                           for item in self.items(fields.get("activities"), "activities"))
        categories = tuple(self.text(item, "categories")
                           for item in self.items(fields.get("categories"), "categories"))
        for activity in activities:
            if activity not in ACTIVITIES:
                self.fail(fields["activities"], f"cap {cap_id}: `{activity}` is not a known activity")
        label = self.text(fields.get("label") or fields["id"], "label")
        number = (int, float)
        return CapRule(
            cap_id, label, activities, categories,
            per_item=self.fact(fields.get("per_item"), f"{label}: cap per item", number),
            per_year=self.fact(fields.get("per_year"), f"{label}: cap per year", number),
            per_cycle=self.fact(fields.get("per_cycle"), f"{label}: cap per cycle", number),
        )

    def prerequisite(self, node: YNode) -> PrerequisiteRule:
        allowed = ("id", "label", "activity", "hands_on_required")
        fields = self.mapping(node, "a prerequisite", allowed).items
        prereq_id = self.text(self.get(node, "id", "a prerequisite"), "id")
        label = self.text(fields.get("label") or fields["id"], "label")
        return PrerequisiteRule(
            prereq_id, label,
            activity=self.text(self.get(node, "activity", prereq_id), "activity"),
            hands_on_required=self.fact(fields.get("hands_on_required"),
                                        f"{label} must include a hands-on skills check", bool),
        )

    def category(self, key: str, node: YNode) -> CategoryRule:
        fields = self.mapping(node, f"category {key}", ("label", "min", "max")).items
        label = self.text(fields.get("label") or YScalar(key, key, "", 0, 0), "label")
        number = (int, float)
        return CategoryRule(key, label,
                            min=self.fact(fields.get("min"), f"category {key} minimum", number),
                            max=self.fact(fields.get("max"), f"category {key} maximum", number))

    def proration(self, node: YNode | None) -> tuple[ProrationBucket, ...]:
        buckets = []
        for item in self.items(node, "proration"):
            fields = self.mapping(item, "a proration bucket",
                                  ("certified_from_month", "certified_to_month", "required",
                                   "max")).items
            start = self.scalar(self.get(item, "certified_from_month", "proration"),
                                "certified_from_month", int)
            end = self.scalar(self.get(item, "certified_to_month", "proration"),
                              "certified_to_month", int)
            if end <= start:
                self.fail(item, "a proration bucket must end after it starts")
            where = f"certified {start}-{end} months into the cycle"
            required = self.fact(self.get(item, "required", "proration"),
                                 f"credits required if {where}", (int, float))
            maxima = self.each(fields.get("max"), "max", lambda cat, n: self.fact(
                n, f"category {cat} maximum if {where}", (int, float)))
            buckets.append(ProrationBucket(start, end, required, maxima))
        return tuple(buckets)

    def version(self, node: YNode) -> Version:
        fields = self.mapping(node, "a version", ("cycles_from", "cycles_until", "categories",
                                                  "proration", "note")).items
        dates = [self.scalar(fields[key], key, dt.date) if key in fields else None
                 for key in ("cycles_from", "cycles_until")]
        categories = fields.get("categories")
        return Version(
            dates[0], dates[1],
            categories=self.each(categories, "categories", self.category) if categories else None,
            proration=self.proration(fields["proration"]) if "proration" in fields else None)

    def sharing(self, node: YNode | None) -> Fact | None:
        fact = self.fact(node, "sharing between this body's credentials", str)
        if fact is not None and fact.value not in SHARING_POLICIES:
            self.fail(node, f"sharing `{fact.value}` is unknown",
                      "use one of: " + ", ".join(SHARING_POLICIES))
        return fact
