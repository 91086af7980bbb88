"""What went wrong, where: the one error type of every layer, and the registry of its codes.

On the ground floor, so the rules, the engine, the audit and the pages use it without going
through records/ (records/model.py re-exports it for older imports).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ERROR = "error"
WARNING = "warning"

# Every problem code cectrack reports, with what it means.  docs/errors.md explains each
# with an example, and the tests check that every code here is documented and reproduced.
CODES: dict[str, str] = {
    # The YAML itself
    "yaml-syntax": "the file is not valid YAML",
    "encoding": "the file is not UTF-8 text",
    "unsafe-tag": "a YAML tag that would build an object (refused, never run)",
    "duplicate-key": "one key twice in an entry",
    "too-deep": "nesting deeper than any credit file needs (a self-referencing alias, a "
                "folder more than 12 deep in the credits folder)",
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
    "unknown-tag": "a tag no rule file declares",
    # The profile
    "missing-credits-dir": "no credits/ folder where cectrack looked",
    "missing-profile": "no credits/profile.yaml",
    "not-a-profile": "profile.yaml is not one map with name and credentials",
    "not-a-credential": "a credentials item that is not `- id: …` with keys",
    "unknown-credential": "a credential id the rules library does not know",
    "unknown-renewal-path": "a `renewal_path:` the credential's body does not offer",
    "expiry-off-calendar": "an `expires:` that is not a day the body's cycles end on",
    "recertified-ignored": "a `recertified:` the rules do not use (said, not ignored silently)",
    "duplicate-credential": "one credential listed twice in the profile",
    "missing-cycle-date": "a credential with neither expires nor since",
    "missing-birth-month": "a credential that renews in the birth month, and no birth_month",
    "placeholder-name": "the profile's name is still init's stand-in, Your Name",
    "no-credential": "the profile lists no credential",
    "bad-studio-key": "a studio's key in the profile that is not a whole public key",
    # Meaning, against the rules and the calendar
    "dates-out-of-order": "dates that contradict each other",
    "future-date": "completed after today",
    "missing-credits": "no credits, and no rule gives the activity a fixed value",
    "credential-not-held": "counts_for names a credential the profile does not list",
    "card-without-expiry": "a CPR/AED or first-aid card without its expiry date",
    "decimal-unit-suspected": "a small CEC figure from a body that awards decimal units",
    "hours-in-decimal-unit-suspected": "a figure in a decimal unit that is more hours than a course gives",
    "unknown-category": "a category that no body you hold has (counted as if none were named)",
    "questioned-activity": "an activity a body you hold may not count (Yoga Alliance: presenting)",
    "tag-without-effect": "a tag no body the course counts for values for its activity",
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
    # The line itself as read (secrets hidden, controls shown), for the excerpt under the
    # message; "" when unknown.  Set where files are read (records/sourcelines.py), so the
    # pages and the terminal quote it without opening a file.
    source: str = ""

    def __post_init__(self) -> None:
        # Every code is documented (docs/errors.md) and stable for scripts: a new one is
        # added to CODES above first, or this stops the test suite.
        if self.code not in CODES:
            raise ValueError(f"problem code {self.code!r} is not registered in CODES (problem.py)")

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
