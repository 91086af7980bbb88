"""What the engine has to say, as data: a stable code and its values.

Why a course does not count or counts less, how a requirement came about, what still stands
between the holder and renewal, and how a card stands.  The engine says what happened (`cap`,
{"cap": "cpr_aed", "max": 5, "per": "per year"}); the words are made once, in
render/reasons.py, for the terminal, the pages and the JSON's text.
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
                  "grade-below", "no-credits", "renewal-card", "no-conversion", "days-unknown",
                  "repeat",
                  "counted-in-earlier", "counts-in-next", "capped")
NOTE_CODES = ("category", "fixed-value", "default-credits", "converted", "converted-hours",
              "per-day", "rounded",
              "weighted", "service-years", "cap", "category-max", "grace-period")
# How the requirement came about (a credential's `required_note`).
REQUIRED_CODES = ("prorated", "prorated-unpublished", "renewal-path", "first-renewal",
                  "first-renewal-late", "renewed-by-new", "shared-total")
# A prerequisite's state (its `detail`): what is missing, or until when its card is valid.
PREREQUISITE_CODES = ("no-card", "hands-on-card", "card-undated", "card-gap", "card-valid",
                      "card-expired-in-grace", "card-expires-early", "hours-in-cycle")
# What still stands between the holder and renewal (a credential's `unmet`).
UNMET_CODES = ("credit-needed", "prerequisite", "category-short", "own-courses-short",
               "few-categories")
# A card that needs renewing before the credential can be (the dashboard's warnings).
WARNING_CODES = ("card-expired", "card-expires-before-deadline", "card-expires-in-grace")
ALL_CODES = (EXCLUDED_CODES + NOTE_CODES + REQUIRED_CODES + PREREQUISITE_CODES + UNMET_CODES
             + WARNING_CODES)
_CODES = frozenset(ALL_CODES)


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
    """The reason, shared with every equal one given since shared_reasons_clear(): a long
    career gives the same few thousand to tens of thousands of courses (10,000 courses:
    36,000 reasons, 5,000 of them different, 9 MB made anew each time)."""
    if code not in _CODES:  # a code without words or docs: a mistake in the engine
        raise ValueError(f"no such reason code: {code}")
    given = tuple(values.items())
    key = (code, given, _kinds(values))  # a lookup before making: 0.6 µs, not 2 (36,000 a check)
    try:
        shared = _SHARED.get(key)
    except TypeError:  # a value that cannot be a key (a list): not shared
        return Reason(code, given)
    if shared is None:
        shared = _SHARED[key] = Reason(code, given)
    return shared


_SHARED: dict[tuple[str, tuple[tuple[str, Any], ...], tuple[Any, ...]], Reason] = {}


def _kinds(values: dict[str, Any]) -> tuple[Any, ...]:
    """The values' types, inside tuples too: 5 and 5.0 are equal, and equal as keys, but
    each is worded as written, so they are two reasons."""
    kinds = tuple(map(type, values.values()))
    return kinds if tuple not in kinds else tuple(map(_types_of, values.values()))


def _types_of(value: Any) -> Any:
    return tuple(map(_types_of, value)) if type(value) is tuple else type(value)


def shared_reasons_clear() -> None:
    """Forget the reasons given so far (a one-off build, once its pages are made)."""
    _SHARED.clear()


def counted_notes(category: str | None, notes: tuple[Reason, ...]) -> tuple[Reason, ...]:
    """How a course was counted, as a packet and a credential page list it: its category
    first, then the engine's notes."""
    return ((reason("category", category=category),) if category else ()) + notes


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Reason):  # a prerequisite's detail inside an unmet reason
        return value.as_dict()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value
