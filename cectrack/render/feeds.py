"""What a site publishes for machines: status.json, the sealed standing and shields.io badges
(the calendar is icsfeed.py).

status.json is the JSON contract (PRODUCT.md, statusjson.py); each badge follows shields.io's
endpoint format.  The same report gives the same bytes (no build time inside), so rebuilding a
commit changes nothing.
"""
from __future__ import annotations

import functools
import json
from typing import Any, Callable

from ..engine.report import CredentialResult, Report
from ..files.paths import safe_name
from ..records.words import fmt
from .jsonstream import text_bytes, write_json
from .statusjson import report_to_json, standing_to_json


def status_json(report: Report) -> bytes:
    """Compact: a file for scripts (`cectrack status --json` prints it indented for people)."""
    return text_bytes(functools.partial(write_status_json, report))


def write_status_json(report: Report, write: Callable[[str], Any]) -> None:
    """status.json, one entry at a time (a career's entries, for every credential, would
    take tens of megabytes as one structure)."""
    write_json(report_to_json(report, lazy=True), write)
    write("\n")


def sealed_standing(report: Report, studio_keys: tuple[bytes, ...]) -> bytes:
    """The standing alone (no course, certificate or number), sealed for each studio the
    profile lists: only those studios can read it, on a public site or a private one."""
    from ..team.seal import seal_for
    plain = json.dumps(standing_to_json(report), ensure_ascii=False).encode("utf-8")
    return seal_for(studio_keys, plain)


def badge_path(c: CredentialResult) -> str:
    return f"badges/{safe_name(c.id.lower())}.json"


def badge_json(c: CredentialResult) -> bytes:
    """shields.io endpoint: https://img.shields.io/endpoint?url=<site>/badges/acsm-cpt.json"""
    color = ("brightgreen" if c.met else "red" if c.status in ("grace", "lapsed")
             else "orange" if c.days_left < 90 else "yellow")
    badge = {"schemaVersion": 1, "label": c.id, "color": color,
             "message": (f"{fmt(c.required)} {c.unit} by a new certification" if c.renewed_by
                         else f"{fmt(c.earned)}/{fmt(c.required)} {c.unit}") + (" ✓" if c.met else "")}
    return (json.dumps(badge, ensure_ascii=False) + "\n").encode()
