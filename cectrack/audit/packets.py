"""The audit packet: one credential cycle's record as an auditor reads it, with proof.

Built from a CredentialResult plus what the files and git say about each certificate
(its SHA-256, when its entry was first committed).  Also the audit-readiness checks:
a counted course without a certificate, or a certificate changed since it was recorded.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .evidence import Certificates
from .gitfacts import GitFacts, blob_id
from ..files.paths import EvidenceFile, published_name, safe_name
from ..records.model import WARNING, Entry, Problem, problem_at
from ..engine.report import CredentialResult, Report


@dataclass(frozen=True, slots=True)  # one per course and credential: no __dict__ each
class PacketRow:
    entry: Entry
    counted: float
    excluded: str | None
    sha256: str | None  # of the evidence file as it is now; None if absent or refused
    recorded: dt.date | None  # the day the entry's file was first committed
    recorded_commit: str | None
    evidence: EvidenceFile | None = None  # the certificate, checked by the path policy
    how: tuple[str, ...] = ()  # how it was counted: conversions, caps, each with its source

    @property
    def published_as(self) -> str | None:
        """The certificate's safe name in the site and the ZIP (under evidence/)."""
        return published_name(self.evidence.relative) if self.evidence else None


@dataclass(frozen=True)
class AuditPacket:
    credential: CredentialResult
    holder: str | None
    rows: tuple[PacketRow, ...]
    generated_on: dt.date
    commit: str | None
    dirty: bool
    slug: str  # e.g. acsm-cpt-2024-2026: names the page and the export files

    @property
    def counted(self) -> list[PacketRow]:
        return [r for r in self.rows if r.excluded is None]


def packet_slug(c: CredentialResult) -> str:
    return safe_name(f"{c.id.lower()}-{c.cycle.start.year}-{c.cycle.end.year}")


def build_packet(c: CredentialResult, holder: str | None, git: GitFacts,
                 certificates: Certificates) -> AuditPacket:
    rows = []
    for result in c.entries:
        entry = result.entry
        evidence = certificates.file_of(entry)
        digest = certificates.sha256(evidence) if evidence else None
        first = git.first_recorded(entry.file)
        how = ((f"category {result.category}",) if result.category else ()) + tuple(result.notes)
        rows.append(PacketRow(entry, result.counted, result.excluded, digest,
                              first.date if first else None, first.commit if first else None,
                              evidence, how))
    return AuditPacket(c, holder, tuple(rows), c.today, git.head, git.dirty, packet_slug(c))


def audit_readiness(report: Report, git: GitFacts, certificates: Certificates) -> list[Problem]:
    """Warnings an auditor would raise: no certificate, or one changed since it was recorded."""
    counted = {(r.entry.file, r.entry.line): r.entry
               for c in report.credentials for r in c.entries if r.excluded is None}
    problems = []
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


def _changed_since_recorded(evidence: EvidenceFile | None, git: GitFacts) -> str | None:
    if evidence is None:
        return None
    first = git.first_recorded(evidence.relative)
    if first is None or first.blob is None:
        return None
    now = blob_id(evidence.path, first.blob)  # no git call per certificate
    return first.date.isoformat() if now is not None and now != first.blob else None
