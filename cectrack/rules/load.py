"""Read rule files (cectrack/rules/*.yaml) into RuleSets, validating them like user data.

A defect in a rule file is a Problem with file and line, exactly as for a
credit file; a rule set with errors is left out rather than half-used.
"""
from __future__ import annotations

import calendar
import datetime as dt
import difflib
import math
import re
from pathlib import Path
from typing import Any, Callable

from ..fields import FIRST_DAY, LAST_DAY, MAX_AMOUNT
from ..model import ERROR, Problem
from ..paths import inside, printable, read_data_file
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


CREDENTIAL_ID = re.compile(r"^[A-Z0-9][A-Za-z0-9.-]{0,39}$")  # BODY-CODE, safe in a file name


def _key_node(node: YMap, key: str) -> YScalar:
    """Where `key` itself stands, for a problem about the key."""
    return YScalar(key, key, "", node.key_lines.get(key, node.line), node.key_cols.get(key, 0))


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
            file = printable(prefix + path.name)
            text = _rule_text(path, folder, file, problems)
            ruleset = load_ruleset(text, file, problems) if text is not None else None
            if ruleset is not None and _ids_are_unique(ruleset, rulesets, problems):
                rulesets[ruleset.body] = ruleset
    return Library(rulesets), problems


def _rule_text(path: Path, folder: Path, file: str, problems: list[Problem]) -> str | None:
    """A rule file's text, or None with the reason reported (a folder, a link out, …)."""
    data = read_data_file(path) if inside(folder, path) else "it is a link outside the folder"
    if isinstance(data, str):
        problems.append(Problem(ERROR, "bad-rule", file, 0, f"the rule file is not read: {data}",
                                "keep each rule file as a plain .yaml file in rules/"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(ERROR, "encoding", file, 0,
                                "the rule file is not UTF-8 text", "save it as UTF-8"))
        return None


def _ids_are_unique(ruleset: RuleSet, known: dict[str, RuleSet], problems: list[Problem]) -> bool:
    """A credential id belongs to one body; a file replacing a body (same `body:`) may reuse
    that body's ids, another body may not."""
    for other in known.values():
        if other.body == ruleset.body:
            continue
        for credential_id in set(ruleset.credentials) & set(other.credentials):
            problems.append(Problem(
                ERROR, "bad-rule", ruleset.file, 0,
                f"credential `{credential_id}` is already defined by {other.body} in {other.file}",
                "give the credential an id of its own, starting with your body's code"))
            return False
    return True


def load_ruleset(text: str, file: str, problems: list[Problem]) -> RuleSet | None:
    documents, yaml_problems = read_yaml(text, file)
    problems.extend(yaml_problems)
    if yaml_problems:
        return None
    reader = _RuleReader(file, problems)
    try:
        if len(documents) != 1 or not isinstance(documents[0], YMap):
            reader.fail(documents[0] if documents else None, "a rule file is one map of keys")
        ruleset = reader.ruleset(documents[0])
    except RuleFileError:
        return None
    return None if reader.broken else ruleset


class _RuleReader:
    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems
        self.source_ids: set[str] = set()
        self.body = ""
        self.broken = False  # a defect was reported: the rule set is not used
        self.root_credentials: YMap | None = None

    def fail(self, node: YNode | None, message: str, hint: str = "") -> None:
        line, col = (node.line, node.col) if node is not None else (0, 0)
        self.problems.append(Problem(ERROR, "bad-rule", self.file, line, message, hint, col, 1))
        self.broken = True
        raise RuleFileError(message)

    def part(self, read: Callable[[], Any], default: Any = None) -> Any:
        """Read one part of the file; on a defect (already reported) go on with the next
        part, so every defect of the file is reported in one run."""
        try:
            return read()
        except RuleFileError:
            return default

    def check(self, node: YNode, ok: bool, message: str, hint: str = "") -> None:
        """Report a value out of its range (and carry on with the next part)."""
        if not ok:
            self.fail(node, message, hint)

    # --- generic shapes -------------------------------------------------
    def mapping(self, node: YNode, where: str, allowed: tuple[str, ...] = ()) -> YMap:
        if not isinstance(node, YMap):
            self.fail(node, f"{where} must be a map of `key: value` lines")
        unknown = [key for key in node.items if allowed and key not in allowed]
        for key in unknown:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            self.part(lambda: self.fail(
                _key_node(node, key), f"{where} has an unknown key `{key}`",
                f"did you mean `{close[0]}`?" if close else "known keys: " + ", ".join(allowed)))
        if unknown:
            raise RuleFileError(where)
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
        value = node.value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.check(node, math.isfinite(value) and abs(value) < MAX_AMOUNT,
                       f"{where} is {node.raw}, beyond any rule's numbers",
                       f"write a finite number below {MAX_AMOUNT:,}")
        if isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            self.check(node, FIRST_DAY <= day <= LAST_DAY,
                       f"{where} is {node.raw}, outside the years {FIRST_DAY.year}–{LAST_DAY.year}")
        return value

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
        read_items = {key: self.part(lambda k=key, v=value: read(k, v))
                      for key, value in self.mapping(node, where).items.items()}
        return {key: value for key, value in read_items.items() if value is not None}

    # --- the rule file --------------------------------------------------
    def ruleset(self, root: YMap) -> RuleSet:
        top = ("body", "name", "unit", "sources", "credentials", "cycle", "grace",
               "conversions", "activities", "caps", "prerequisites", "audit", "categories",
               "min_categories", "proration", "versions", "rounding", "sharing",
               "petition_review_days", "default_category")
        self.part(lambda: self.mapping(root, "the rule file", top))
        body = self.body = self.text(self.get(root, "body", "the rule file"), "body")
        credentials = root.items.get("credentials")
        self.root_credentials = credentials if isinstance(credentials, YMap) else None
        sources = self.each(root.items.get("sources"), "sources", self.source)
        self.source_ids = set(sources)
        number = (int, float)
        part, get = self.part, self.get
        ruleset = RuleSet(
            body=body,
            name=part(lambda: self.text(get(root, "name", "the rule file"), "name"), ""),
            unit=part(lambda: self.text(get(root, "unit", "the rule file"), "unit"), ""),
            file=self.file,
            sources=sources,
            credentials=part(lambda: self.each(get(root, "credentials", "the rule file"),
                                               "credentials", self.credential), {}),
            cycle=part(lambda: self.cycle(get(root, "cycle", "the rule file"))),
            grace=part(lambda: self.grace(root.items.get("grace"))),
            conversions=part(lambda: self.each(
                get(root, "conversions", "the rule file"), "conversions",
                lambda unit, node: self.conversion(unit, node, number)), {}),
            activities=part(lambda: self.each(root.items.get("activities"), "activities",
                                              self.activity), {}),
            caps=tuple(part(lambda n=node: self.cap(n))
                       for node in part(lambda: self.items(root.items.get("caps"), "caps"), [])),
            prerequisites=tuple(part(lambda n=node: self.prerequisite(n)) for node in part(
                lambda: self.items(root.items.get("prerequisites"), "prerequisites"), [])),
            audit=part(lambda: self.each(root.items.get("audit"), "audit",
                                         lambda key, node: self.fact(node, f"audit {key}")), {}),
            categories=part(lambda: self.each(root.items.get("categories"), "categories",
                                              self.category), {}),
            min_categories=part(lambda: self.bounded(
                root.items.get("min_categories"),
                "credit needed from at least this many categories", int, 0, 20)),
            proration=part(lambda: self.proration(root.items.get("proration")), ()),
            versions=tuple(part(lambda n=node: self.version(n)) for node in part(
                lambda: self.items(root.items.get("versions"), "versions"), [])),
            rounding=part(lambda: self.bounded(root.items.get("rounding"),
                                               "each entry is rounded down to a multiple of",
                                               number, 0, MAX_AMOUNT, above=True)),
            sharing=part(lambda: self.sharing(root.items.get("sharing"))),
            petition_review_days=part(lambda: self.bounded(
                root.items.get("petition_review_days"), "days to review a petition", int,
                0, 3650)),
            default_category=part(lambda: self.fact(root.items.get("default_category"),
                                                    "category of an entry that names none")),
        )
        self.references(root, ruleset)
        return ruleset

    def bounded(self, node: YNode | None, what: str, kind: type | tuple, low: float,
                high: float, above: bool = False) -> Fact | None:
        """A numeric fact within [low, high] (or above `low`, exclusive, when `above`)."""
        fact = self.fact(node, what, kind)
        if fact is not None:
            ok = (fact.value > low if above else fact.value >= low) and fact.value <= high
            where = node.items["value"] if isinstance(node, YMap) and "value" in node.items else node
            self.check(where, ok, f"{self.body}: {what} is {fact.value:g}, but must be "
                       f"{'more than' if above else 'at least'} {low:g} and at most {high:g}",
                       "check the value against the body's published rule")
        return fact

    def references(self, root: YMap, ruleset: RuleSet) -> None:
        """Names that must refer to something the file defines: categories, activities."""
        defined = set(ruleset.categories)
        for version in ruleset.versions:
            if version is not None and version.categories:
                defined |= set(version.categories)
        named = [(cap_node, category) for cap, cap_node in zip(
            ruleset.caps, self.part(lambda: self.items(root.items.get("caps"), "caps"), []))
            if cap is not None for category in cap.categories]
        for activity_name, activity in ruleset.activities.items():
            if activity.category is not None:
                named.append((root.items["activities"].items[activity_name],
                              str(activity.category.value)))
        if ruleset.default_category is not None:
            named.append((root.items["default_category"], str(ruleset.default_category.value)))
        for node, category in named:
            close = difflib.get_close_matches(category, sorted(defined), n=1, cutoff=0.5)
            self.part(lambda n=node, c=category, near=close: self.check(
                n, c in defined, f"{self.body}: category `{c}` is not defined under `categories:`",
                f"did you mean `{near[0]}`?" if near else
                "define it under `categories:` or use one of: " + ", ".join(sorted(defined))))

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
        self.check(_key_node(self.root_credentials, key) if self.root_credentials else node,
                   bool(CREDENTIAL_ID.match(key)),
                   f"credential id `{key}` is not of the form BODY-CODE",
                   "use capital letters, digits and dashes, e.g. FBN-RN")
        required = self.bounded(self.get(fields, "required", key), f"{key}: credits required",
                                (int, float), 0, MAX_AMOUNT)
        return CredentialRule(key, self.text(self.get(fields, "name", key), "name"), required)

    def cycle(self, node: YNode) -> CycleRule:
        allowed = ("model", "years", "end_month", "end_day", "anchor", "first_end_after_years",
                   "window_opens")
        fields = self.mapping(node, "cycle", allowed)
        model = self.text(self.get(fields, "model", "cycle"), "cycle model")
        self.part(lambda: self.check(fields.items["model"], model in CYCLE_MODELS,
                                     f"cycle model `{model}` is unknown",
                                     "use one of: " + ", ".join(CYCLE_MODELS)))
        anchor = fields.items.get("anchor")
        if model == "fixed" and anchor is None:
            self.fail(fields, "a `fixed` cycle needs `anchor:` (the first day of one cycle)")
        end_month_node = fields.items.get("end_month", YScalar(12, "12", "", 0, 0))
        end_month = self.scalar(end_month_node, "end_month", int)
        self.part(lambda: self.check(end_month_node, 1 <= end_month <= 12,
                                     f"cycle end_month is {end_month}", "months run from 1 to 12"))
        end_month = end_month if 1 <= end_month <= 12 else 12
        end_day_node = fields.items.get("end_day", YScalar(31, "31", "", 0, 0))
        end_day = self.scalar(end_day_node, "end_day", int)
        last = calendar.monthrange(2001, end_month)[1]
        self.check(end_day_node, 1 <= end_day <= last, f"cycle end_day is {end_day}",
                   f"month {end_month} has days 1 to {last}")
        return CycleRule(
            model=model,
            years=self.bounded(self.get(fields, "years", "cycle"), "cycle length in years", int,
                               1, 20),
            end_month=end_month,
            end_day=end_day,
            anchor=self.scalar(anchor, "anchor", dt.date) if anchor is not None else None,
            first_end_after_years=self.bounded(
                fields.items.get("first_end_after_years"),
                "years from first certification to the first cycle end", int, 1, 20),
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
        self.check(node, 1 <= parts[0] <= 12 and 0 <= parts[2] <= 5
                   and 1 <= parts[1] <= calendar.monthrange(2001, parts[0] if 1 <= parts[0] <= 12
                                                            else 1)[1],
                   f"window_opens is day {parts[1]} of month {parts[0]}, {parts[2]} years before",
                   "give a real day and month, and years_before from 0 to 5")
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
            months=self.bounded(self.get(fields, "months", "grace"), "grace period in months",
                                int, 0, 60),
            earning_allowed=self.fact(self.get(fields, "earning_allowed", "grace"),
                                      "credits may still be earned during the grace period", bool),
        )

    def conversion(self, unit: str, node: YNode, number: tuple, activity: str = "") -> Fact:
        if unit not in UNITS:
            self.fail(node, f"conversions: `{unit}` is not a known unit",
                      "known units: " + ", ".join(UNITS))
        where = f" ({activity})" if activity else ""
        return self.bounded(node, f"credits per {unit_label(unit)}{where}", number, 0,
                            MAX_AMOUNT, above=True)

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
            fixed=self.bounded(fields.get("fixed"), f"credits per {activity_label(name)}", number, 0, MAX_AMOUNT),
            per_service_year=self.bounded(fields.get("per_service_year"),
                                       f"credits per year of {name}", number, 0, MAX_AMOUNT),
            min_grade=self.fact(fields.get("min_grade"), f"lowest passing grade ({name})", str),
            default_credits=self.bounded(fields.get("default_credits"),
                                      f"credits per {label} when none are given", number, 0, MAX_AMOUNT),
            weight=self.bounded(fields.get("weight"), f"weight of a {label}", number, 0, MAX_AMOUNT),
            weight_limit=self.bounded(fields.get("weight_limit"),
                                   f"credits a cycle the {label} weight applies to", number, 0, MAX_AMOUNT),
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
            per_item=self.bounded(fields.get("per_item"), f"{label}: cap per item", number, 0,
                                  MAX_AMOUNT),
            per_year=self.bounded(fields.get("per_year"), f"{label}: cap per year", number, 0,
                                  MAX_AMOUNT),
            per_cycle=self.bounded(fields.get("per_cycle"), f"{label}: cap per cycle", number,
                                   0, MAX_AMOUNT),
        )

    def prerequisite(self, node: YNode) -> PrerequisiteRule:
        allowed = ("id", "label", "activity", "hands_on_required")
        fields = self.mapping(node, "a prerequisite", allowed).items
        prereq_id = self.text(self.get(node, "id", "a prerequisite"), "id")
        label = self.text(fields.get("label") or fields["id"], "label")
        activity = self.text(self.get(node, "activity", prereq_id), "activity")
        self.check(fields["activity"], activity in ACTIVITIES,
                   f"prerequisite {prereq_id}: `{activity}` is not a known activity",
                   "known activities: " + ", ".join(ACTIVITIES))
        return PrerequisiteRule(
            prereq_id, label,
            activity=activity,
            hands_on_required=self.fact(fields.get("hands_on_required"),
                                        f"{label} must include a hands-on skills check", bool),
        )

    def category(self, key: str, node: YNode) -> CategoryRule:
        fields = self.mapping(node, f"category {key}", ("label", "min", "max")).items
        label = self.text(fields.get("label") or YScalar(key, key, "", 0, 0), "label")
        number = (int, float)
        return CategoryRule(key, label,
                            min=self.bounded(fields.get("min"), f"category {key} minimum", number,
                                             0, MAX_AMOUNT),
                            max=self.bounded(fields.get("max"), f"category {key} maximum", number,
                                             0, MAX_AMOUNT))

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
