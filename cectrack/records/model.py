"""Plain values shared by every layer: what was read, what went wrong (and the registry
of problem codes), where.

Everything here is a frozen dataclass with no behaviour beyond small helpers,
so the loader, the engine and the renderers can pass them around freely.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"
# Where credit files live unless mkdocs.yml's `credits_dir` says otherwise.  The faces
# (cli, plugin) work out the tracker's own folder and pass it down; this is the one default.
CREDITS_DIR = "credits"

# Every problem code cectrack reports, with what it means.  docs/errors.md explains each
# with an example, and the tests check that every code here is documented and reproduced.
CODES: dict[str, str] = {
    # The YAML itself
    "yaml-syntax": "the file is not valid YAML",
    "encoding": "the file is not UTF-8 text",
    "unsafe-tag": "a YAML tag that would build an object (refused, never run)",
    "duplicate-key": "one key twice in an entry",
    "too-deep": "nesting deeper than any credit file needs (a self-referencing alias)",
    "too-large": "a file, list or alias expansion beyond cectrack's limits",
    "bad-text": "an invisible control character or a lone surrogate in the text",
    "hidden-character": "a character that hides or reorders text (a right-to-left override, "
                        "a zero-width space, a tag, a line separator), shown written out",
    "look-alike-letter": "a letter of another script that passes for a Latin one "
                         "(a Cyrillic 'а' in ACSM)",
    "unreadable-file": "a credit file that is not read: a link outside, a device, a bad name",
    "empty-file": "a credit file with no entry",
    "not-read": "a file that looks like a credit file but is not read (its name or folder)",
    # The format of an entry
    "not-an-entry": "a list item or document that is not `key: value` lines",
    "unknown-key": "a key the format does not have (often a typo)",
    "missing-key": "a required key is absent",
    "missing-value": "a required key has no value",
    "wrong-type": "a value of the wrong kind (a list where text belongs, …)",
    "invalid-date": "not a real date, or not written YYYY-MM-DD",
    "not-a-number": "credits that are not a number",
    "unclear-number": "a number YAML reads as another one (1:30 is 90, 010 is 8, 0x10 is 16)",
    "out-of-range": "a number or date beyond any sane value (10,000 credits, 1900–2200)",
    "negative-credits": "credits below zero",
    "unknown-unit": "a unit cectrack does not know",
    "ambiguous-unit": "a unit word a body you hold uses for something else (BOC's CEU is an hour)",
    "unknown-activity": "an activity cectrack does not know",
    "unknown-petition": "a petition state other than approved, pending or denied",
    # The profile
    "missing-credits-dir": "no credits/ folder where cectrack looked",
    "missing-profile": "no credits/profile.yaml",
    "not-a-profile": "profile.yaml is not one map with name and credentials",
    "not-a-credential": "a credentials item that is not `- id: …` with keys",
    "unknown-credential": "a credential id the rules library does not know",
    "duplicate-credential": "one credential listed twice in the profile",
    "missing-cycle-date": "a credential with neither expires nor since",
    "bad-studio-key": "a studio's key in the profile that is not a whole public key",
    # Meaning, against the rules and the calendar
    "dates-out-of-order": "dates that contradict each other",
    "future-date": "completed after today",
    "missing-credits": "no credits, and no rule gives the activity a fixed value",
    "credential-not-held": "counts_for names a credential the profile does not list",
    "card-without-expiry": "a CPR/AED or first-aid card without its expiry date",
    "decimal-unit-suspected": "a small CEC figure from a body that awards decimal units",
    "unknown-category": "a category that no body you hold has (counted as if none were named)",
    "questioned-activity": "an activity a body you hold may not count (Yoga Alliance: presenting)",
    # Audit readiness
    "no-evidence": "a counted course without a certificate",
    "duplicate-entry": "the same course recorded twice (counted once)",
    "missing-evidence": "the certificate's path does not exist",
    "evidence-outside": "the certificate's path leads outside the tracker",
    "evidence-private": "the certificate's path names a private file (.git, profile, config)",
    "evidence-not-a-file": "the certificate's path is a folder, device or link loop",
    "evidence-changed": "the certificate differs from the file first committed",
    "recorded-date-unknown": "git cannot say honestly when a course was first recorded",
    # Rule files
    "bad-rule": "a rule file (yours, under rules/) breaks the rule format",
    # A studio's team.yaml (cectrack team status, team render)
    "not-a-team": "team.yaml is not one map with studio and members",
    "bad-address": "a member's standing that is neither an https:// address nor a path inside",
    "duplicate-member": "one trainer listed twice in team.yaml",
}


@dataclass(frozen=True, slots=True)  # a large tracker may have thousands: no __dict__ each
class Problem:
    """One defect in the user's data, with the place it was found."""

    severity: str  # ERROR or WARNING
    code: str  # stable id, documented in docs/errors.md
    file: str  # path relative to the tracker root, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the file as a whole
    message: str
    hint: str = ""
    col: int = 0  # 1-based column of the bad part; 0 when unknown
    span: int = 0  # how many characters the bad part covers, for the marker under it

    def __post_init__(self) -> None:
        # Every code is documented (docs/errors.md) and stable for scripts: a new one is
        # added to CODES above first, or this stops the test suite.
        if self.code not in CODES:
            raise ValueError(f"problem code {self.code!r} is not registered in CODES (records/model.py)")

    def location(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.col}" if self.col else f"{self.file}:{self.line}"

    def as_dict(self) -> dict[str, Any]:
        data = {
            "severity": self.severity,
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "message": self.message,
        }
        if self.hint:
            data["hint"] = self.hint
        if self.col:
            data["col"] = self.col
        return data


@dataclass(frozen=True, slots=True)  # one per course: no __dict__ each
class Entry:
    """One course (or card, or service period) as the user recorded it."""

    file: str
    line: int
    title: str
    provider: str
    completed: dt.date
    credits: float | None = None  # None where the rules give the activity a fixed value
    unit: str = "CEC"
    activity: str = "course"
    started: dt.date | None = None
    category: str | dict[str, str] | None = None
    counts_for: tuple[str, ...] | None = None
    approval: str | None = None
    evidence: str | None = None
    notes: str | None = None
    grade: str | None = None
    expires: dt.date | None = None
    hands_on: bool | None = None
    petition: str | None = None  # approved | pending | denied
    # key -> (line, column, width) of its value, so a problem can point at the very value
    positions: dict[str, tuple[int, int, int]] = field(default_factory=dict, compare=False,
                                                       repr=False)

    def at(self, key: str) -> tuple[int, int, int]:
        """Where `key`'s value stands; the entry's first line when the key is absent."""
        return self.positions.get(key, (self.line, 0, 0))


@dataclass(frozen=True)
class HeldCredential:
    """A credential the holder lists in credits/profile.yaml."""

    id: str
    line: int
    number: str | None = None
    since: dt.date | None = None
    expires: dt.date | None = None
    late_reported: bool | None = None  # the previous cycle was reported late
    reinstated: dt.date | None = None  # a lapsed credential reinstated on this day
    recertified: dt.date | None = None  # the last recertification was completed on this day


@dataclass(frozen=True)
class StudioShare:
    """A studio the holder shares the standing with (profile `studios:`)."""

    name: str
    key: bytes  # the studio's X25519 public key, checked (records/studiokey.py)
    line: int


@dataclass(frozen=True)
class Profile:
    name: str
    credentials: tuple[HeldCredential, ...]
    file: str = "credits/profile.yaml"
    contact: str | None = None  # shown on the audit packets only, as written
    attestation: str | None = None  # the holder's own wording of the packet's statement
    studios: tuple[StudioShare, ...] = ()


@dataclass(frozen=True)
class Tracker:
    """Everything read from a tracker's folder: the holder, the entries, the defects."""

    root: str
    profile: Profile | None
    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...] = field(default=())
    credits_dir: str = CREDITS_DIR  # where the credit files live, relative to root


def problem_at(entry: Entry, key: str, severity: str, code: str, message: str,
               hint: str = "") -> Problem:
    """A problem about one field of `entry`, pointing at that field's value."""
    line, col, span = entry.at(key)
    return Problem(severity, code, entry.file, line, message, hint, col, span)
