"""What git knows about a tracker: when each file was first committed, and from which commit
the site was built.  An auditor trusts a course more when its record is as old as the course.

Read-only: runs `git log`, `git status` and `git show -s` once each (and `git show` only
when asked for an old file's hash), never anything that writes.
Outside a git repository (or without git) every answer is simply "unknown".
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FirstRecord:
    commit: str
    date: dt.date
    blob: str | None = None  # git's id of the file's content as first committed


@dataclass(frozen=True)
class GitFacts:
    head: str | None = None  # the commit the working tree is at
    dirty: bool = False  # the working tree has uncommitted changes
    first: dict[str, FirstRecord] | None = None  # path -> the commit that added it
    head_time: dt.datetime | None = None  # when the head commit was made (dates the ZIP)

    def first_recorded(self, path: str) -> FirstRecord | None:
        return (self.first or {}).get(path)


def _git(root: Path, *args: str) -> bytes | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def read_git_facts(root: Path) -> GitFacts:
    head = _git(root, "show", "-s", "--format=%H %cI", "HEAD")
    if head is None or len(head.split()) != 2:
        return GitFacts()
    sha, when = head.decode().split()
    status = _git(root, "status", "--porcelain", "--untracked-files=no") or b""
    return GitFacts(sha, bool(status.strip()), _first_records(root),
                    dt.datetime.fromisoformat(when))


def _first_records(root: Path) -> dict[str, FirstRecord]:
    """Every path's adding commit and content id, from one pass over the history (one
    subprocess for the whole tracker, whatever its size), oldest first."""
    # --relative: paths from the tracker folder, which may sit below the repository's top.
    # --raw --no-abbrev: each added file's blob id, to tell later whether it changed.
    log = _git(root, "-c", "core.quotepath=off", "log", "--reverse", "--diff-filter=A", "--raw",
               "--no-abbrev", "--no-renames", "--relative", "--format=%x00%H %cs", "--", ".")
    records: dict[str, FirstRecord] = {}
    commit = None
    for line in (log or b"").decode("utf-8", "replace").splitlines():
        if line.startswith("\0"):
            sha, day = line[1:].split()
            commit = (sha, dt.date.fromisoformat(day))
        elif line.startswith(":") and "\t" in line and commit is not None:
            fields, path = line.split("\t", 1)
            parts = fields.split()
            blob = parts[3] if len(parts) >= 5 else None
            records.setdefault(path, FirstRecord(commit[0], commit[1], blob))
    return records


def blob_id(path: Path, like: str) -> str | None:
    """git's id of a file's content (`git hash-object`), computed here a megabyte at a time:
    SHA-1, or SHA-256 in a repository that uses it (told by the length of `like`)."""
    digest = hashlib.sha256() if len(like) == 64 else hashlib.sha1()
    try:
        with open(path, "rb") as handle:
            digest.update(b"blob %d\0" % os.fstat(handle.fileno()).st_size)
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def sha256_at(root: Path, commit: str, path: str) -> str | None:
    """The SHA-256 of a file as it was in `commit`."""
    content = _git(root, "show", f"{commit}:./{path}")  # ./: from the tracker folder
    return hashlib.sha256(content).hexdigest() if content is not None else None
