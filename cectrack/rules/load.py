"""Read rule files (cectrack/rules/*.yaml) into RuleSets, validating them like user data.

A defect in a rule file is a Problem with file and line, exactly as for a
credit file; a rule set with errors is left out rather than half-used.
"""
from __future__ import annotations

import datetime as dt
import difflib
import math
from pathlib import Path
from typing import Any, TypeGuard

from ..files.paths import inside
from ..files.text import Unreadable, read_text
from ..files.visible import printable
from ..problem import ERROR, Problem
from ..records.fields import FIRST_DAY, LAST_DAY, MAX_AMOUNT
from ..records.vocabulary import ACTIVITIES, UNITS
from ..records.yamlsource import YList, YMap, YNode, YScalar, read_yaml, unclear_number
from .model import CategoryRule, Fact, Library, RuleSet, nesting_problems
from .spec import (
    CONFIDENCE,
    FACT_KEYS,
    RULE_FILE,
    SOURCE_ID,
    FactOf,
    ListOf,
    MapOf,
    Record,
    Shape,
    Value,
)

BUILTIN_DIR = Path(__file__).parent


def _key_node(node: YMap, key: str) -> YScalar:
    """Where `key` itself stands, for a problem about the key."""
    return YScalar(key, key, "", node.key_lines.get(key, node.line), node.key_cols.get(key, 0))


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
            ruleset = _cached_ruleset(text, file, problems) if text is not None else None
            if ruleset is not None and _ids_are_unique(ruleset, rulesets, problems):
                rulesets[ruleset.body] = ruleset
    return Library(rulesets), problems


# A rule file's RuleSet depends only on its name and text: parsed once per process, so
# each rebuild of `mkdocs serve` does not read fifteen rule files again.
_PARSED: dict[tuple[str, str], tuple[RuleSet | None, tuple[Problem, ...]]] = {}


def _cached_ruleset(text: str, file: str, problems: list[Problem]) -> RuleSet | None:
    key = (file, text)
    if key not in _PARSED:
        if len(_PARSED) >= 1_000:  # a long-lived process whose rule files keep changing
            _PARSED.clear()
        found: list[Problem] = []
        _PARSED[key] = (load_ruleset(text, file, found), tuple(found))
    ruleset, reported = _PARSED[key]
    problems.extend(reported)
    return ruleset


def _rule_text(path: Path, folder: Path, file: str, problems: list[Problem]) -> str | None:
    """A rule file's text, or None with the reason reported (a folder, a link out, …)."""
    text: str | Unreadable
    if not inside(folder, path):
        text = Unreadable("unreadable-file", "it is a link outside the folder")
    else:
        text = read_text(path)
    if isinstance(text, str):
        return text
    if text.code == "encoding":
        problems.append(Problem(ERROR, "encoding", file, text.line,
                                f"the rule file is {text.reason}", "save it as UTF-8"))
    else:
        problems.append(Problem(ERROR, "bad-rule", file, 0,
                                f"the rule file is not read: {text.reason}",
                                "keep each rule file as a plain .yaml file in rules/"))
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
    """One rule file's RuleSet, or None with every defect of the file reported."""
    documents, yaml_problems = read_yaml(text, file)
    problems.extend(yaml_problems)
    if yaml_problems:
        return None
    reader = _RuleReader(file, problems)
    if len(documents) != 1:
        reader.report(documents[1] if documents else None, "a rule file is one map of keys",
                      "remove the `---` lines: one body per file")
        return None
    values = reader.read(RULE_FILE, documents[0], _Context())
    reader.resolve_references()
    if values is not _INVALID and isinstance(documents[0], YMap):
        _check_caps_nest(reader, values, documents[0])
        _check_category_nesting(reader, values, documents[0])
    if reader.broken or values is _INVALID:
        return None
    return RuleSet(**{**values, "file": file, "sources": values["sources"] or {},
                      "vocabulary": values["vocabulary"] or {"units": {}, "activities": {},
                                                             "tags": {}},
                      **{key: values[key] or {} for key in ("activities", "audit", "categories",
                                                            "paths")},
                      "aliases": values["aliases"] or {},
                      **{key: tuple(values[key] or ()) for key in
                         ("caps", "prerequisites", "proration", "versions", "category_groups")}})


def _with_versions(key: str, values: dict[str, Any],
                   root: YMap) -> list[tuple[Any, YNode | None]]:
    """The file's `key` (caps, categories) and each version's that gives its own, with the
    node each was read from."""
    lists = [(values[key], root.items.get(key))]
    versions = root.items.get("versions")
    for version, node in zip(values["versions"] or (), getattr(versions, "items", ())):
        if getattr(version, key) is not None and isinstance(node, YMap):
            lists.append((getattr(version, key), node.items.get(key)))
    return lists


def _check_caps_nest(reader: "_RuleReader", values: dict[str, Any], root: YMap) -> None:
    """Every list of caps (the file's and each version's) must nest: see nesting_problems."""
    for caps, node in _with_versions("caps", values, root):
        for index, message, hint in nesting_problems(tuple(caps or ())):
            reader.report(node.items[index] if isinstance(node, YList) else node, message, hint)


MAX_CATEGORY_DEPTH = 12  # categories inside categories: deeper than any body's topics


def _check_category_nesting(reader: "_RuleReader", values: dict[str, Any], root: YMap) -> None:
    """`within:` must lead up to a category of the same list without coming back (a loop),
    at most MAX_CATEGORY_DEPTH deep; a category that holds others has no `max` (a cap on it
    limits what is inside)."""
    for categories, node in _with_versions("categories", values, root):
        for cid, category in (categories or {}).items():
            item = node.items[cid] if isinstance(node, YMap) else node
            where = (item.items.get("within") if isinstance(item, YMap) else None) or item
            message, hint = _nesting_fault(cid, category, categories,
                                           reader.defined["category"])
            if message:
                reader.report(where, message, hint)


def _nesting_fault(cid: str, category: CategoryRule, categories: dict[str, CategoryRule],
                   known: set[str]) -> tuple[str, str]:
    """What is wrong with where one category stands among the others ('' when nothing; a
    name defined nowhere in the file is reported as such already)."""
    if category.max is not None and any(c.within == cid for c in categories.values()):
        return (f"category `{cid}` holds other categories (their `within: {cid}`), so it "
                "cannot have a `max:`",
                f"put the maximum in a cap with `categories: [{cid}]`, which holds the "
                "categories inside it too")
    chain, current = [cid], category.within
    while current is not None:
        if current not in categories:
            return ("", "") if current not in known else (f"category `{cid}` is within `{current}`, which is not a category of "
                    "the same list", f"define `{current}` next to `{cid}`")
        if current in chain:
            return (f"category `{cid}` is within itself: "
                    + " → ".join([*chain, current]), "remove one `within:` of the loop")
        chain.append(current)
        if len(chain) > MAX_CATEGORY_DEPTH:
            return (f"category `{cid}` is nested more than {MAX_CATEGORY_DEPTH} deep",
                    f"categories inside categories go at most {MAX_CATEGORY_DEPTH} levels down")
        current = categories[current].within
    return "", ""


class _Context(dict[str, Any]):
    """Names a `what` template may use; an unknown one reads as `?` rather than failing."""

    def __missing__(self, key: str) -> str:
        return "?"


def _fill(template: str, context: dict[str, Any]) -> str:
    return template.format_map(_Context(context))


_INVALID = object()  # a part that could not be read (its defect is already reported)

_KIND_WORDS = {"text": "text", "int": "a whole number", "number": "a number",
               "bool": "true or false", "date": "a date as YYYY-MM-DD", "any": "a single value"}
_DEFINED_UNDER = {"source": "sources", "category": "categories", "credential": "credentials",
                  "unit": "vocabulary: units", "activity": "vocabulary: activities",
                  "tag": "vocabulary: tags"}


class _RuleReader:
    """Reads YAML nodes by walking the format table of spec.py; never raises on bad data."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems
        self.broken = False  # a defect was reported: the rule set is not used
        self.references: list[tuple[str, YNode, str]] = []  # (what kind, where, name)
        self.defined: dict[str, set[str]] = {"source": set(), "category": set(),
                                             "unit": set(UNITS), "activity": set(ACTIVITIES),
                                             "credential": set(), "tag": set()}

    def report(self, node: YNode | None, message: str, hint: str = "") -> object:
        line, col = (node.line, node.col) if node is not None else (0, 0)
        self.problems.append(Problem(ERROR, "bad-rule", self.file, line, message, hint, col, 1))
        self.broken = True
        return _INVALID

    def read(self, shape: Shape, node: YNode, context: dict[str, Any]) -> Any:
        if isinstance(shape, Record):
            return self.record(shape, node, context)
        if isinstance(shape, MapOf):
            return self.map_of(shape, node, context)
        if isinstance(shape, ListOf):
            return self.list_of(shape, node, context)
        if isinstance(shape, FactOf):
            return self.fact(shape, node, context)
        return self.value(shape, node, _fill("{where}", context))

    # --- maps and lists -------------------------------------------------
    def is_map(self, node: YNode, where: str) -> TypeGuard[YMap]:
        if isinstance(node, YMap):
            return True
        self.report(node, f"{where} must be a map of `key: value` lines",
                    "write one `key: value` per line, indented under it")
        return False

    def known_keys(self, node: YMap, allowed: list[str], where: str) -> set[str] | None:
        """Report every key the format does not have, with the nearest one it does.

        Returns the keys suggested (a misspelt required key is not also "missing"),
        or None when every key is known."""
        unknown = [key for key in node.items if key not in allowed]
        suggested = set()
        for key in unknown:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            suggested.update(close)
            self.report(_key_node(node, key), f"{where} has an unknown key `{key}`",
                        f"did you mean `{close[0]}`?" if close else "known keys: " + ", ".join(allowed))
        return suggested if unknown else None

    def record(self, spec: Record, node: YNode, context: dict[str, Any]) -> Any:
        where = _fill(spec.what, {**context, **_scalars(node)})
        if not self.is_map(node, where):
            return _INVALID
        suggested = self.known_keys(node, [key.name for key in spec.keys], where)
        complete = suggested is None
        inner = _Context({**context, **_scalars(node)})
        labels = [item.raw for k in spec.label if isinstance(item := node.items.get(k), YScalar)]
        if labels:
            inner["label"] = labels[0]
        values: dict[str, Any] = {}
        for key in spec.keys:
            child = node.items.get(key.name)
            if child is None:
                complete = complete and not key.required
                if key.required and key.name not in (suggested or ()):
                    self.report(node, f"{where} has no `{key.name}:`",
                                f"add `{key.name}: …`" + (f" ({key.doc})" if key.doc else ""))
                value = None
            else:
                value = self.read(key.shape, child, {**inner, "where": f"{where} {key.name}"})
                complete = complete and value is not _INVALID
            values[key.field or key.name] = value
        if spec.key_as:
            values[spec.key_as] = context.get("key")
        if not complete:
            return _INVALID
        return self.make(spec, node, values, inner)

    def make(self, spec: Record, node: YMap, values: dict[str, Any],
             context: dict[str, Any]) -> Any:
        """Run the record's cross-key checks, then build its model value."""
        failed = [self.report(node.items.get(check.at, node), _fill(check.message, values),
                              check.hint) for check in spec.checks if not check.ok(values)]
        if failed:
            return _INVALID
        if spec.fact_what:
            values["what"] = _fill("{body}: " + spec.fact_what, context)
        return spec.make(values)

    def map_of(self, spec: MapOf, node: YNode, context: dict[str, Any]) -> Any:
        where = _fill(spec.what, context)
        if not self.is_map(node, where):
            return _INVALID
        result, complete = {}, True
        if spec.defines:
            self.defined[spec.defines] |= set(node.items)
        for key, child in node.items.items():
            key_ok = self.value(spec.key, _key_node(node, key), where)
            value = self.read(spec.item, child, {**context, "key": key, **spec.context(key)})
            complete = complete and key_ok is not _INVALID and value is not _INVALID
            result[key] = value
        return result if complete else _INVALID

    def list_of(self, spec: ListOf, node: YNode, context: dict[str, Any]) -> Any:
        where = _fill(spec.what, context)
        if not isinstance(node, YList):
            return self.report(node, f"{where} must be a list (lines starting with `- `)")
        items = [self.read(spec.item, child, context) for child in node.items]
        return _INVALID if _INVALID in items else items

    # --- facts and values -----------------------------------------------
    def fact(self, spec: FactOf, node: YNode, context: dict[str, Any]) -> Any:
        """A bare value is the tracker's own rule; a map carries source and confidence."""
        what = _fill("{body}: " + spec.what, context)
        if not isinstance(node, YMap):
            value = self.value(spec.value, node, what)
            return _INVALID if value is _INVALID else Fact(value, what, "user")
        if self.known_keys(node, list(FACT_KEYS), what) is not None:
            return _INVALID
        if "value" not in node.items:
            return self.report(node, f"{what} has no `value:`", "add `value: …`")
        parts = {key: self.value(shape, node.items[key], what if key == "value" else f"{what} {key}")
                 for key, shape in (("value", spec.value), ("source", SOURCE_ID),
                                    ("confidence", CONFIDENCE), ("note", Value("text")))
                 if key in node.items}
        if _INVALID in parts.values():
            return _INVALID
        return Fact(parts["value"], what, parts.get("confidence", "user"), parts.get("source"),
                    parts.get("note", ""))

    def value(self, spec: Value, node: YNode, where: str) -> Any:
        if not isinstance(node, YScalar):
            return self.report(node, f"{where} must be {_value_words(spec)}, found a list or map")
        value = node.value
        if spec.kind in ("text", "choice"):
            return self.word(spec, node, where)
        if not _is_kind(value, spec.kind):
            return self.report(node, f"{where} must be {_value_words(spec)}, found '{node.raw}'")
        if spec.kind in ("int", "number"):
            return self.number(spec, node, where)
        if isinstance(value, dt.date):
            value = value.date() if isinstance(value, dt.datetime) else value
            if not FIRST_DAY <= value <= LAST_DAY:
                return self.report(node, f"{where} is {node.raw}, outside the years "
                                         f"{FIRST_DAY.year}–{LAST_DAY.year}")
        return value

    def word(self, spec: Value, node: YScalar, where: str) -> Any:
        """Text, a choice among known words, an id or a name that refers to another part."""
        text = node.raw
        if node.value is None or not text.strip():
            return self.report(node, f"{where} is empty", f"write {_value_words(spec)}")
        if spec.kind == "choice" and text not in spec.choices:
            close = difflib.get_close_matches(text, spec.choices, n=1, cutoff=0.5)
            return self.report(node, f"{where}: `{text}` is not a known {spec.noun or 'name'}",
                               f"did you mean `{close[0]}`?" if close else
                               spec.hint or "use one of: " + ", ".join(spec.choices))
        if spec.pattern is not None and not spec.pattern.match(text):
            return self.report(node, f"{where}: `{text}` is not of the expected form", spec.hint)
        if spec.ref:
            self.references.append((spec.ref, node, text))
        return text

    def number(self, spec: Value, node: YScalar, where: str) -> Any:
        value = node.value
        reading = unclear_number(node)
        if reading is not None:
            return self.report(node, f"{where}: {reading}", "write a plain decimal number")
        if not (math.isfinite(value) and abs(value) < MAX_AMOUNT):
            return self.report(node, f"{where} is {node.raw}, beyond any rule's numbers",
                               f"write a finite number below {MAX_AMOUNT:,}")
        low, high = spec.low, spec.high
        too_low = low is not None and (value <= low if spec.above else value < low)
        if too_low or (high is not None and value > high):
            return self.report(node, f"{where} is {value:g}, but must be "
                                     f"{'more than' if spec.above else 'at least'} {low:g} "
                                     f"and at most {high:g}",
                               "check the value against the body's published rule")
        return value

    # --- references -----------------------------------------------------
    def resolve_references(self) -> None:
        """Every source and category a fact names must be defined in the same file."""
        for kind, node, name in self.references:
            names = sorted(self.defined[kind])
            if name in names:
                continue
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
            section = _DEFINED_UNDER[kind]
            if kind in ("unit", "activity"):  # a word: built in, or declared by the file
                self.report(node, f"`{name}` is not a known {kind}",
                            f"did you mean `{close[0]}`?" if close else
                            f"declare it under `{section}:` or use one of: " + ", ".join(names))
                continue
            self.report(node, f"{kind} `{name}` is not defined under `{section}:`",
                        f"did you mean `{close[0]}`?" if close else
                        f"define it under `{section}:`" +
                        (" or use one of: " + ", ".join(names) if names else ""))


def _scalars(node: YNode) -> dict[str, str]:
    """The raw text of a map's scalar values, for `what` templates ({id}, {body}, …)."""
    if not isinstance(node, YMap):
        return {}
    found = {key: child.raw for key, child in node.items.items() if isinstance(child, YScalar)}
    for key, child in node.items.items():  # a list of words reads as "a or b" (by_tag's tags)
        if not isinstance(child, YList):
            continue
        words = [i.raw for i in child.items if isinstance(i, YScalar)]
        if words and len(words) == len(child.items):
            found[key] = " or ".join(words)
    return found


def _is_kind(value: Any, kind: str) -> bool:
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "date":
        return isinstance(value, dt.date)
    return True


def _value_words(spec: Value) -> str:
    if spec.kind == "choice":
        return "one of: " + ", ".join(spec.choices)
    return _KIND_WORDS[spec.kind]
