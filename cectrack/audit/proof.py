"""What proves each course, as plain data every page shares: its certificate (there, with
its SHA-256; named but missing; or none recorded), who stands behind the provider, and
whether the course was recorded long after it was completed.

Made once per build (Proofs caches each entry's answer, Certificates each file's hash), so
the packet, its exports and the credential page say the same thing about the same course.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from ..engine.duplicates import same_provider
from ..files.paths import EvidenceFile, published_name
from ..records.model import Entry
from .evidence import Certificates

PRESENT, MISSING, NONE = "present", "missing", "none"  # a certificate's state
# A course first recorded this long after it was completed is pointed out to the auditor:
# a certificate can take weeks to arrive, months are worth a word.
LATE_AFTER_DAYS = 90


@dataclass(frozen=True, slots=True)  # one per course: no __dict__ each
class Proof:
    state: str  # PRESENT, MISSING (named, but not there or not readable) or NONE
    named: str | None = None  # the entry's `evidence:` as written
    evidence: EvidenceFile | None = None  # the file, checked by the path policy
    sha256: str | None = None  # of the file as it is now

    @property
    def published_as(self) -> str | None:
        """The certificate's safe name in the site and the ZIP (under evidence/)."""
        return published_name(self.evidence.relative) if self.evidence else None


class Proofs:
    """Each entry's proof, worked out once however many pages and packets ask."""

    def __init__(self, certificates: Certificates):
        self.certificates = certificates
        self._known: dict[tuple[str, int], Proof] = {}

    def of(self, entry: Entry) -> Proof:
        key = (entry.file, entry.line)
        if key not in self._known:
            self._known[key] = self._work_out(entry)
        return self._known[key]

    def _work_out(self, entry: Entry) -> Proof:
        if not entry.evidence:
            return Proof(NONE)
        evidence = self.certificates.file_of(entry)
        digest = self.certificates.sha256(evidence) if evidence is not None else None
        if digest is None:
            return Proof(MISSING, entry.evidence)
        return Proof(PRESENT, entry.evidence, evidence, digest)


@dataclass(frozen=True)
class ProofTally:
    """How many of a list of courses have their certificate; the others by their number
    in that list (1-based), for "Proof: 9 of 11 certificates; #7 file missing"."""

    total: int
    present: int
    missing: tuple[int, ...] = ()
    none: tuple[int, ...] = ()

    @property
    def complete(self) -> bool:
        return self.present == self.total


def proof_tally(proofs: Iterable[Proof]) -> ProofTally:
    total, present = 0, 0
    missing: list[int] = []
    none: list[int] = []
    for number, proof in enumerate(proofs, 1):
        total = number
        if proof.state == PRESENT:
            present += 1
        else:
            (missing if proof.state == MISSING else none).append(number)
    return ProofTally(total, present, tuple(missing), tuple(none))


@dataclass(frozen=True, slots=True)
class ProviderStatus:
    """What the record says about the provider's standing with the body: the body's own
    course, approved on petition, an approval number (as recorded: cectrack cannot look it
    up), or nothing recorded."""

    kind: str  # "body" | "petition" | "approval" | "none"
    approval: str | None = None


def provider_status(entry: Entry, body: str, body_name: str) -> ProviderStatus:
    if same_provider(entry.provider, body) or same_provider(entry.provider, body_name):
        return ProviderStatus("body", entry.approval)
    if entry.petition == "approved":
        return ProviderStatus("petition", entry.approval)
    if entry.approval:
        return ProviderStatus("approval", entry.approval)
    return NOTHING_RECORDED


# One for every course whose record says nothing of its provider (most of a long career's,
# in every packet): shared, as it is never changed.
NOTHING_RECORDED = ProviderStatus("none")


def recorded_late(completed: dt.date, recorded: dt.date | None) -> int | None:
    """Days between completing a course and first recording it, when that is long enough
    for an auditor to ask (LATE_AFTER_DAYS); None otherwise or when unknown."""
    if recorded is None:
        return None
    days = (recorded - completed).days
    return days if days > LATE_AFTER_DAYS else None
