"""The audit packet: one credential cycle's record as an auditor reads it, with proof.

Built from a CredentialResult plus what the files and git say about each course (its
proof, from proof.py; when its entry was first committed) and who the holder is.  Also the audit-readiness checks:
a counted course without a certificate, or a certificate changed since it was recorded.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from ..engine.reasons import Reason, counted_notes
from ..engine.report import CredentialResult, Report
from ..files.paths import EvidenceFile, safe_name
from ..problem import WARNING, Problem
from ..records.model import Entry, problem_at
from ..rules.model import RuleSet
from .evidence import Certificates
from .gitfacts import SHALLOW, GitFacts, blob_id
from .proof import (
    NOTHING_RECORDED,
    Proof,
    Proofs,
    ProofTally,
    ProviderStatus,
    proof_tally,
    provider_status,
    recorded_late,
)


@dataclass(frozen=True, slots=True)  # one per course and credential: no __dict__ each
class PacketRow:
    entry: Entry
    counted: float
    excluded: tuple[Reason, ...] | None  # why it does not count (render/reasons.py words it)
    proof: Proof  # the certificate: there (with its SHA-256), missing, or none recorded
    recorded: dt.date | None  # the day the entry's file was first committed
    recorded_commit: str | None
    how: tuple[Reason, ...] = ()  # how it was counted: category, conversions, caps (sourced)
    provider: ProviderStatus = NOTHING_RECORDED
    recorded_unknown: str | None = None  # committed, but git cannot say when honestly: why
    recorded_written: dt.date | None = None  # first written, where the history was rewritten

    @property
    def sha256(self) -> str | None:
        return self.proof.sha256

    @property
    def evidence(self) -> EvidenceFile | None:
        return self.proof.evidence

    @property
    def published_as(self) -> str | None:
        """The certificate's safe name in the site and the ZIP (under evidence/)."""
        return self.proof.published_as

    @property
    def late_days(self) -> int | None:
        """Days from completing the course to first recording it, when long (proof.py)."""
        return recorded_late(self.entry.completed, self.recorded)


@dataclass(frozen=True)
class Identity:
    """Who the packet is about, as an auditor matches it with the body's database."""

    name: str | None
    number: str | None = None
    since: dt.date | None = None  # first certified (the profile's `since:`)
    expires: dt.date | None = None  # the current expiry: the end of the current cycle
    contact: str | None = None  # as the holder wrote it in the profile
    attestation: str | None = None  # the holder's own wording, if any


@dataclass(frozen=True)
class AuditPacket:
    credential: CredentialResult
    holder: str | None
    rows: tuple[PacketRow, ...]
    generated_on: dt.date
    commit: str | None
    dirty: bool
    slug: str  # e.g. acsm-cpt-2024-2026: names the page and the export files
    identity: Identity = Identity(None)
    commit_time: dt.datetime | None = None  # when `commit` was made

    @property
    def counted(self) -> list[PacketRow]:
        return [r for r in self.rows if r.excluded is None]

    @property
    def listed_exclusions(self) -> list[PacketRow]:
        """The courses not counted that the packet's pages list (the credential's
        listed_exclusions), each with its certificate: the ZIP holds it, so the page's
        check of certificates must know it."""
        starts = self.credential.history_starts
        return [r for r in self.rows if r.excluded is not None and r.entry.completed >= starts]

    @functools.cached_property
    def proof(self) -> ProofTally:
        """The counted courses' certificates, numbered as the packet lists them."""
        return proof_tally(r.proof for r in self.counted)

    @functools.cached_property
    def late(self) -> tuple[int, ...]:
        """The numbers of the counted courses recorded long after they were completed."""
        return tuple(n for n, r in enumerate(self.counted, 1) if r.late_days is not None)


def packet_slug(c: CredentialResult) -> str:
    return safe_name(f"{c.id.lower()}-{c.cycle.start.year}-{c.cycle.end.year}")


def build_packet(c: CredentialResult, identity: Identity, git: GitFacts, proofs: Proofs,
                 rules: RuleSet) -> AuditPacket:
    rows = []
    for result in c.entries:
        entry = result.entry
        first = git.first_recorded(entry.file)
        how = counted_notes(result.category, result.notes)
        rows.append(PacketRow(entry, result.counted, result.excluded, proofs.of(entry),
                              first.date if first else None, first.commit if first else None,
                              how, provider_status(entry, rules.body, rules.name),
                              first.unknown if first else None,
                              first.written if first else None))
    return AuditPacket(c, identity.name, tuple(rows), c.today, git.head, git.dirty,
                       packet_slug(c), identity, git.head_time)


def audit_readiness(report: Report, git: GitFacts, certificates: Certificates) -> list[Problem]:
    """Warnings an auditor would raise: no certificate, one changed since it was recorded,
    or no honest date of when a course was first recorded."""
    counted = {(r.entry.file, r.entry.line): r.entry
               for c in report.credentials for r in c.entries if r.excluded is None}
    problems = _undated(counted, git)
    for _, entry in sorted(counted.items()):
        if entry.evidence is None:
            problems.append(Problem(
                WARNING, "no-evidence", entry.file, entry.line,
                f"'{entry.title}' counts, but no certificate is recorded for it",
                "put the certificate under certificates/ and add `evidence: certificates/…`; "
                "an audit asks for proof of every course"))
        elif changed := _changed_since_recorded(certificates.file_of(entry), git):
            problems.append(problem_at(
                entry, "evidence", WARNING, "evidence-changed",
                f"evidence `{entry.evidence}` differs from the file first committed on {changed}",
                "if the certificate was replaced on purpose, say why in `notes:`; an auditor "
                "may compare it with the recorded hash"))
    return problems


def _undated(counted: dict[tuple[str, int], Entry], git: GitFacts) -> list[Problem]:
    """A warning at each counted course whose first record git cannot date honestly (a
    commit dated in the future, before 1970, unreadable); one for a shallow clone, which
    leaves every old record undated."""
    problems, shallow = [], 0
    for (file, line), entry in sorted(counted.items()):
        first = git.first_recorded(file)
        if first is None or first.unknown is None:
            continue
        if first.unknown == SHALLOW:
            shallow += 1
            continue
        problems.append(Problem(
            WARNING, "recorded-date-unknown", file, line,
            f"git cannot say when '{entry.title}' was first recorded: {first.unknown}",
            "its audit packet shows the date as unknown, with this reason; correct the "
            "commit's date (git commit --amend --date) if it is yours and not yet shared"))
    if shallow:
        problems.append(Problem(
            WARNING, "recorded-date-unknown", ".git", 0,
            f"git cannot say when {shallow} counted course{'s were' if shallow > 1 else ' was'} "
            f"first recorded: {SHALLOW}",
            "their audit packets show the dates as unknown until the whole history is there"))
    return problems


def _changed_since_recorded(evidence: EvidenceFile | None, git: GitFacts) -> str | None:
    if evidence is None:
        return None
    recorded_as = evidence.target or evidence.relative  # a link's content is its target's
    first = git.first_recorded(recorded_as)
    if first is None or first.blob is None:
        return None
    # As git's index has it when git finds it unchanged, else read here: no git call and,
    # for nearly every certificate, no reading
    now = git.unchanged_blob(recorded_as) or blob_id(evidence.location, first.blob)
    if now is None or now == first.blob:
        return None
    return first.date.isoformat() if first.date else "a date git cannot tell"
