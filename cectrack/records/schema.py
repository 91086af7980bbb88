"""JSON Schemas for credit files and the profile, made from the loader's own field tables.

One source of truth: fields.py says which keys exist and what each holds; this module only
translates that into JSON Schema, so editors (VS Code's YAML extension) check and complete
exactly what `cectrack check` accepts.
"""
from __future__ import annotations

import json
from typing import Any

from .. import __version__
from .fields import (
    ENTRY_FIELDS,
    HELD_FIELDS,
    MAX_DAYS,
    MEMBER_FIELDS,
    MONTHS,
    PROFILE_FIELDS,
    STUDIO_FIELDS,
    TEAM_FIELDS,
    FieldSpec,
)
from .studiokey import PUBLIC_PATTERN

# Draft-07: the newest draft the common YAML editor extensions check fully (VS Code's YAML
# extension does not yet support 2020-12); the schemas need nothing newer.
DIALECT = "http://json-schema.org/draft-07/schema#"
SCHEMA_DIR = ".schema"  # inside credits/: local copies that editors read offline
FILES = {"entry": "entry.schema.json", "profile": "profile.schema.json"}
_TEXT = {"type": ["string", "number", "boolean"]}  # YAML reads `approval: 123` as a number
_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


def _property(spec: FieldSpec, words: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    kinds: dict[str, dict[str, Any]] = {
        "text": dict(_TEXT),
        "date": dict(_DATE),
        "number": {"type": "number", "minimum": 0},
        "bool": {"type": "boolean"},
        "choice": {"enum": list(spec.choices) + [w for w in words.get(spec.name, ())
                                                 if w not in spec.choices]},
        "id_list": {"anyOf": [{"type": "string", "minLength": 1},
                              {"type": "array", "items": {"type": "string", "minLength": 1}}]},
        "category": {"anyOf": [{"type": ["string", "number"]},
                               {"type": "object", "additionalProperties": {"type": ["string", "number"]}}]},
        "studio_key": {"type": "string", "pattern": PUBLIC_PATTERN},
        "days": {"type": "integer", "minimum": 1, "maximum": MAX_DAYS},
        "word_list": {"anyOf": [{"enum": list(words.get(spec.name, ()))},
                                {"type": "array", "items": {"enum": list(words.get(spec.name, ()))}}]},
        "month": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 12},
                            {"type": "string", "enum": [*MONTHS, *(m[:3] for m in MONTHS)]}]},
    }
    schema = kinds[spec.kind]
    if spec.required and spec.kind == "text":
        schema = {**schema, "minLength": 1}
    return {"description": spec.doc, **schema}


def _object(specs: tuple[FieldSpec, ...], extra: dict[str, Any] | None = None,
            words: dict[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    properties = {s.name: _property(s, words or {}) for s in specs if s.kind != "list"}
    properties.update(extra or {})
    return {"type": "object", "additionalProperties": False,
            "required": [s.name for s in specs if s.required], "properties": properties}


def entry_schema(words: dict[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    entry = _object(ENTRY_FIELDS, words=words)
    return {
        "$schema": DIALECT,
        "title": "cectrack credit entry",
        "description": f"One course per file, or a list of them (cectrack {__version__}).",
        "definitions": {"entry": entry},
        "anyOf": [{"$ref": "#/definitions/entry"},
                  {"type": "array", "items": {"$ref": "#/definitions/entry"}}],
    }


def profile_schema(words: dict[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    held = _object(HELD_FIELDS)
    studio = _object(STUDIO_FIELDS)
    profile = _object(PROFILE_FIELDS, {
        "credentials": {"description": "the credentials held", "type": "array", "items": held},
        "studios": {"description": "studios that see your standing, sealed for their key",
                    "type": "array", "items": studio}})
    return {"$schema": DIALECT,
            "title": "cectrack profile (credits/profile.yaml)", **profile}


def team_schema(words: dict[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    """A studio's team.yaml (records/team.py)."""
    member = _object(MEMBER_FIELDS)
    team = _object(TEAM_FIELDS, {"members": {
        "description": "the trainers, each with name and standing", "type": "array",
        "items": member}})
    return {"$schema": DIALECT,
            "title": "cectrack team (team.yaml)", **team}


def schema_text(name: str, words: dict[str, tuple[str, ...]] | None = None) -> str:
    """The schema as stable JSON text (the same definitions give the same bytes); `words`
    are the units and activities the tracker's rule files add."""
    schema = {"entry": entry_schema, "profile": profile_schema, "team": team_schema}[name](words)
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def modeline(relative_path: str) -> str:
    """The first line that tells VS Code's YAML extension which schema a file follows."""
    return f"# yaml-language-server: $schema={relative_path}\n"
