"""The JSON forms of a report: `cectrack status --json` and status.json (the public contract,
PRODUCT.md; docs/guide/publishing.md), and the standing a trainer shares with a studio."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..engine.report import (
    SCHEMA_VERSION,
    STANDING_KIND,
    CredentialResult,
    EntryResult,
    PrerequisiteResult,
    Report,
)
from ..rules.model import Fact
from .reasons import reason_words, reasons_words, words


def report_to_json(report: Report, lazy: bool = False) -> dict[str, Any]:
    """The JSON contract (PRODUCT.md).  `lazy`: the credentials and their entries come as
    iterators, made one at a time as a streaming writer asks (render/jsonstream.py)."""
    credentials = (_credential_json(c, lazy) for c in report.credentials)
    return {
        "schema": SCHEMA_VERSION,
        "as_of": report.as_of.isoformat(),
        "holder": report.holder,
        "credentials": credentials if lazy else list(credentials),
        "problems": [p.as_dict() for p in report.problems],
        # Added in issue 27: credentials that never expire, apart from those with a cycle.
        "lifetime": [{"id": c.id, "name": c.name, "body": c.body,
                      "since": c.since.isoformat(), "rule": _fact_json(c.rule)}
                     for c in report.lifetime],
    }


def standing_to_json(report: Report) -> dict[str, Any]:
    """What a trainer shares with a studio (team/seal.py seals it): where each credential
    stands, in the contract's keys, and nothing of the courses: no entries, categories,
    problems, notes or credential numbers."""
    return {
        "schema": SCHEMA_VERSION,
        "kind": STANDING_KIND,
        "as_of": report.as_of.isoformat(),
        "holder": report.holder,
        "credentials": [{
            "id": c.id, "name": c.name, "body": c.body, "unit": c.unit,
            "cycle": _cycle_json(c), "required": c.required, "earned": c.earned,
            "remaining": c.remaining, "met": c.met, "status": c.status,
            "days_left": c.days_left, "renewed_by": _renewed_json(c),
            "prerequisites": [_prerequisite_json(p) for p in c.prerequisites],
        } for c in report.credentials],
    }



def _cycle_json(c: CredentialResult) -> dict[str, Any]:
    return {
        "start": c.cycle.start.isoformat(),
        "end": c.cycle.end.isoformat(),
        "window_start": c.cycle.window_start.isoformat(),
        "grace_end": c.cycle.grace_end.isoformat() if c.cycle.grace_end else None,
        "earning_in_grace": c.cycle.earning_in_grace,
        # The deadline was worked out from `since:` by an unconfirmed rule (in assumptions).
        "end_unconfirmed": c.cycle.end_fact is not None,
    }


def _renewed_json(c: CredentialResult) -> dict[str, str] | None:
    """Another certification that met the whole requirement: then `remaining` is 0 whatever
    `earned` is (ACE)."""
    if c.renewed_by is None:
        return None
    return {"credential": c.renewed_by[0], "earned_on": c.renewed_by[1].isoformat()}


def _prerequisite_json(p: PrerequisiteResult, detail: bool = False) -> dict[str, Any]:
    """A card's expiry as a date (`valid_until`, None without a dated card), so a reader
    never has to parse the words of `detail`."""
    expires = p.card.expires if p.card is not None else None
    return {"id": p.id, "met": p.met, **(_detail_json(p) if detail else {}),
            "activity": p.activity, "valid_until": expires.isoformat() if expires else None}


def _detail_json(p: PrerequisiteResult) -> dict[str, Any]:
    """What is missing, or until when the card is valid: in words, and as data."""
    return {"detail": reason_words(p.detail_reason), "detail_reason": p.detail_reason.as_dict()}


def _credential_json(c: CredentialResult, lazy: bool = False) -> dict[str, Any]:
    entries = (_entry_json(r) for r in c.entries)
    return {
        "id": c.id,
        "name": c.name,
        "body": c.body,
        "unit": c.unit,
        "cycle": _cycle_json(c),
        "required": c.required,
        "earned": c.earned,
        "remaining": c.remaining,
        "met": c.met,
        "status": c.status,
        "state": c.state,
        "days_left": c.days_left,
        "pace_per_month": c.pace_per_month,
        "required_note": words(c.required_reason) or None,
        # The same as data (null, or {code, values}), as each entry's reasons.
        "required_note_reason": c.required_reason.as_dict() if c.required_reason else None,
        "renewed_by": _renewed_json(c),
        "renewal_path": ({"id": c.renewal_path.id, "label": c.renewal_path.label}
                         if c.renewal_path else None),
        "shared_with": list(c.shared_with),
        "unmet": [reason_words(r) for r in c.unmet_reasons],
        "unmet_reasons": [r.as_dict() for r in c.unmet_reasons],
        "prerequisites": [_prerequisite_json(p, detail=True) for p in c.prerequisites],
        "categories": [{"id": k.id, "label": k.label, "earned": k.earned, "min": k.min,
                        "max": k.max} for k in c.categories],
        "min_categories": c.min_categories,
        "entries": entries if lazy else list(entries),
        "assumptions": [_fact_json(f) for f in c.assumptions],
    }


def _entry_json(r: EntryResult) -> dict[str, Any]:
    e = r.entry
    return {
        "file": e.file,
        "line": e.line,
        "title": e.title,
        "completed": e.completed.isoformat(),
        "activity": e.activity,
        "credits": e.credits,
        "unit": e.unit,
        "converted": r.converted,
        "counted": r.counted,
        "category": r.category,
        "excluded": reasons_words(r.excluded),
        "notes": [reason_words(n) for n in r.notes],
        # The same as data: a stable code and its values each (added in schema 1).
        "excluded_reasons": None if r.excluded is None else [x.as_dict() for x in r.excluded],
        "note_reasons": [n.as_dict() for n in r.notes],
    }


def _fact_json(f: Fact) -> dict[str, Any]:
    value = f.value.isoformat() if isinstance(f.value, dt.date) else f.value
    return {"what": f.what, "value": value, "confidence": f.confidence,
            "source": f.source, "note": f.note}
