"""Every problem code cectrack reports, with what it means. docs/errors.md explains each
with an example, and the tests check that every code here is documented and reproduced."""
from __future__ import annotations

CODES: dict[str, str] = {
    # The YAML itself
    "yaml-syntax": "the file is not valid YAML",
    "encoding": "the file is not UTF-8 text",
    "unsafe-tag": "a YAML tag that would build an object (refused, never run)",
    "duplicate-key": "one key twice in an entry",
    "too-deep": "nesting deeper than any credit file needs (a self-referencing alias)",
    "too-large": "a file, list or alias expansion beyond cectrack's limits",
    "bad-text": "an invisible control character or a lone surrogate in the text",
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
    # Meaning, against the rules and the calendar
    "dates-out-of-order": "dates that contradict each other",
    "future-date": "completed after today",
    "missing-credits": "no credits, and no rule gives the activity a fixed value",
    "credential-not-held": "counts_for names a credential the profile does not list",
    "card-without-expiry": "a CPR/AED or first-aid card without its expiry date",
    "decimal-unit-suspected": "a small CEC figure from a body that awards decimal units",
    # Audit readiness
    "no-evidence": "a counted course without a certificate",
    "duplicate-entry": "the same course recorded twice (counted once)",
    "missing-evidence": "the certificate's path does not exist",
    "evidence-outside": "the certificate's path leads outside the tracker",
    "evidence-private": "the certificate's path names a private file (.git, profile, config)",
    "evidence-not-a-file": "the certificate's path is a folder, device or link loop",
    "evidence-changed": "the certificate differs from the file first committed",
    # Rule files
    "bad-rule": "a rule file (yours, under rules/) breaks the rule format",
}
