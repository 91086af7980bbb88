"""Why a course does not count, or counts less, as data: a stable code and its values.

The engine says what happened (`cap`, {"cap": "cpr_aed", "max": 5, "per": "per year"}); the
words are made once, in render/reasons.py, for the terminal, the pages and the JSON's text.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

# Every code the engine gives, each worded in render/reasons.py and listed in
# docs/guide/publishing.md (tests/test_reasons.py checks all three agree).
EXCLUDED_CODES = ("counts-only-for", "another-bodys-activity", "petition-pending",
                  "petition-denied", "not-accepted", "hands-on-required", "not-yet-accepted",
                  "after-today", "before-certified", "before-window", "before-cycle",
                  "after-cycle", "no-grade", "pass-fail-grade", "not-a-letter-grade",
                  "grade-below", "no-credits", "no-conversion", "repeat", "capped")
NOTE_CODES = ("category", "fixed-value", "default-credits", "converted", "per-day", "rounded",
              "weighted", "service-years", "cap", "category-max", "grace-period")
_CODES = frozenset(EXCLUDED_CODES + NOTE_CODES)


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    values: tuple[tuple[str, Any], ...] = ()  # (name, value) pairs: hashable, in order

    @property
    def of(self) -> dict[str, Any]:
        return dict(self.values)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: {"code": …, "values": {…}} with dates as YYYY-MM-DD."""
        return {"code": self.code, "values": {name: _plain(value) for name, value in self.values}}


def reason(code: str, **values: Any) -> Reason:
    if code not in _CODES:  # a code without words or docs: a mistake in the engine
        raise ValueError(f"no such reason code: {code}")
    return Reason(code, tuple(values.items()))


def counted_notes(category: str | None, notes: tuple[Reason, ...]) -> tuple[Reason, ...]:
    """How a course was counted, as a packet and a credential page list it: its category
    first, then the engine's notes."""
    return ((reason("category", category=category),) if category else ()) + notes


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value
