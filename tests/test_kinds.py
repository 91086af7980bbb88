"""Issue 26, item 2: one home per rule kind.  Every field of a RuleSet (and of its cycle, grace,
activity and prerequisite rules) is a kind in cectrack/rules/kinds.py, and each kind has its
key in the rule format (spec.py), code that applies it, words that explain it (render/) and a
row in docs/guide/rules.md; a planted kind missing any of them fails."""
from __future__ import annotations

import ast
import dataclasses
import re
from functools import cache

from conftest import REPO

from cectrack.rules.kinds import KINDS, NOT_KINDS, OWNERS, Kind
from cectrack.rules.model import Fact, RuleSet
from cectrack.rules.spec import RULE_FILE, ListOf, MapOf

PACKAGE = REPO / "cectrack"
GUIDE = (REPO / "docs" / "guide" / "rules.md").read_text("utf-8")


@cache
def attributes(path: str, function: str = "") -> frozenset[str]:
    """Every attribute name read in a file of cectrack/, or in one function of it."""
    tree = ast.parse((PACKAGE / path).read_text("utf-8"))
    if function:
        found = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == function]
        if not found:
            return frozenset()
        tree = found[0]
    return frozenset(n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute))


def spec_key(key: str):
    """The spec.py Key at a dotted path of the rule format, or None."""
    shape, found = RULE_FILE, None
    for part in key.split("."):
        while isinstance(shape, (MapOf, ListOf)):
            shape = shape.item
        found = next((k for k in getattr(shape, "keys", ()) if k.name == part), None)
        if found is None:
            return None
        shape = found.shape
    return found


def docs_row(key: str, guide: str) -> str:
    """The row of the rule-file table whose first cell names the key's first part."""
    top = key.split(".")[0]
    rows = [line for line in guide.split("## What a rule file can say", 1)[-1].splitlines()
            if line.startswith("| ") and f"`{top}`" in line.split("|")[1]]
    return rows[0] if rows else ""


def owner_key(kind: Kind) -> str:
    """The key a kind sits under ("activities" for "activities.weight"; "" at the top)."""
    return kind.key.rpartition(".")[0]


def dotted(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def unclaimed_fields(kinds=KINDS, owners=OWNERS) -> list[str]:
    """Fields of the rule dataclasses that no kind declares."""
    claimed = {dotted(owner_key(k), f) for k in kinds for f in k.model_fields} | set(NOT_KINDS)
    every = [dotted(prefix, f.name) for prefix, owner in owners.items()
             for f in dataclasses.fields(owner)]
    return [name for name in every if name not in claimed]


def missing_parts(kind: Kind, owners=OWNERS, guide: str = GUIDE) -> list[str]:
    """What a kind lacks: its model field, spec key, engine step, explanation or docs row."""
    missing = []
    owner = owners.get(owner_key(kind))
    fields = set(kind.model_fields)
    if owner is None or not fields <= {f.name for f in dataclasses.fields(owner)}:
        missing.append("model field")
    if spec_key(kind.key) is None:
        missing.append("spec key")
    if kind.engine and not ((PACKAGE / kind.engine).is_file()
                            and fields & attributes(kind.engine)):
        missing.append("engine step")
    path, _, function = kind.explain.partition(":")
    if not ((PACKAGE / path).is_file() and fields & attributes(path, function)):
        missing.append("explanation")
    if not re.search(rf"\b{re.escape(kind.key.split('.')[-1])}\b", docs_row(kind.key, guide)):
        missing.append("docs row")
    return missing


def test_every_field_of_the_rules_is_a_declared_kind():
    assert unclaimed_fields() == []
    keys = [k.key for k in KINDS]
    assert len(keys) == len(set(keys))


def test_every_kind_has_its_field_key_engine_step_explanation_and_docs_row():
    incomplete = {k.key: missing_parts(k) for k in KINDS if missing_parts(k)}
    assert incomplete == {}


def test_every_top_level_key_of_the_format_is_a_kind():
    assert {k.name for k in RULE_FILE.keys} == {k.key for k in KINDS if "." not in k.key}


def test_a_planted_kind_without_a_declaration_explanation_or_docs_row_fails():
    planted = dataclasses.make_dataclass(
        "RuleSet", [("hours_cap", Fact | None, dataclasses.field(default=None))], bases=(RuleSet,),
        frozen=True)
    owners = {**OWNERS, "": planted}
    assert unclaimed_fields(owners=owners) == ["hours_cap"]
    kind = Kind("hours_cap", "engine/maxima.py", "render/explain.py:_caps")
    assert unclaimed_fields(KINDS + (kind,), owners) == []
    # Declared, but no key in the format, no code reads it, no words or row for it.
    assert missing_parts(kind, owners) == ["spec key", "engine step", "explanation", "docs row"]
    # An existing kind loses its words or its row: each is reported.
    weight = next(k for k in KINDS if k.key == "activities.weight")
    assert missing_parts(weight) == []
    assert missing_parts(dataclasses.replace(weight, explain="render/explain.py:_caps")) \
        == ["explanation"]
    assert missing_parts(weight, guide=GUIDE.replace("`weight`, ", "")) == ["docs row"]
    assert missing_parts(dataclasses.replace(weight, engine="engine/cycles.py")) == ["engine step"]
