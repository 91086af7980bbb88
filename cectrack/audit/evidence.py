"""The certificates on disk: each entry's `evidence:` path taken through the one path
policy (files/paths.py) once, and what is wrong with it.

The engine never looks at the disk; this is where a certificate's path becomes a file.
A path that leaves the tracker or names a private file is an error; one that is not
there yet, a warning (the course still counts: the proof can come later).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..files.paths import EvidenceFile, FolderListings, Refusal, resolve_evidence
from ..problem import ERROR, WARNING, Problem
from ..records.model import Entry, problem_at


class Certificates:
    """The tracker's certificates, each path resolved once however many entries, pages and
    packets ask for it (sessions of one meeting share one certificate)."""

    def __init__(self, root: Path, credits_dir: str):
        self.root, self.credits_dir = Path(root), credits_dir
        self._found: dict[str, EvidenceFile | Refusal | None] = {}
        self._digests: dict[Path, str | None] = {}
        self._listings = FolderListings()  # certificates/ is listed once, not stat'ed per file

    def find(self, relative: str) -> EvidenceFile | Refusal | None:
        """The file `relative` names, why it is refused, or None when it does not exist."""
        if relative not in self._found:
            self._found[relative] = resolve_evidence(self.root, relative, self.credits_dir,
                                                     self._listings)
        return self._found[relative]

    def file_of(self, entry: Entry) -> EvidenceFile | None:
        """The entry's certificate when the path policy lets it be read; else None."""
        found = self.find(entry.evidence) if entry.evidence else None
        return found if isinstance(found, EvidenceFile) else None

    def sha256(self, evidence: EvidenceFile) -> str | None:
        """The certificate's SHA-256 as it is now, read once however many packets list it;
        None when it cannot be read."""
        if evidence.path not in self._digests:
            try:  # a megabyte at a time: a scanned certificate of gigabytes is no burden
                with open(evidence.path, "rb") as handle:
                    self._digests[evidence.path] = hashlib.file_digest(handle, "sha256").hexdigest()
            except OSError:
                self._digests[evidence.path] = None
        return self._digests[evidence.path]


def evidence_problems(entries: tuple[Entry, ...], certificates: Certificates) -> list[Problem]:
    """An error for each certificate path that is refused, a warning for each not there."""
    problems = []
    for entry in entries:
        if entry.evidence is None:
            continue
        found = certificates.find(entry.evidence)
        if isinstance(found, Refusal):
            problems.append(problem_at(entry, "evidence", ERROR, found.code, found.reason,
                                       found.hint))
        elif found is None:
            problems.append(problem_at(
                entry, "evidence", WARNING, "missing-evidence",
                f"evidence `{entry.evidence}` does not exist",
                "add the certificate at that path (from the repository root), or fix the path"))
    return problems
