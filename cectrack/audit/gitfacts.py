"""What git knows about a tracker: when each file was first committed, and from which commit
the site was built.  An auditor trusts a course more when its record is as old as the course.

Read-only: runs `git log`, `git status`, `git show -s` and `git rev-parse` once each, side by
side and while the caller goes on (start_git_facts: the history is read while the credit
files are), and `git show` only when asked for an old file's hash; never anything that writes.
Outside a git repository (or without git) every answer is simply "unknown".

A date is given only when git can say it honestly: files are followed through renames; a
shallow clone, a commit dated in the future, before 1970, past the year 9999 or not readable
gives no date but the reason (FirstRecord.unknown); a history rewritten since (a rebase)
keeps the commit's date and says when it was first written (FirstRecord.written).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class FirstRecord:
    commit: str
    date: dt.date | None  # None when git cannot say it honestly; `unknown` says why
    blob: str | None = None  # git's id of the file's content as first committed
    unknown: str | None = None  # why the date is not known (a shallow clone, a wrong clock…)
    written: dt.date | None = None  # the author's date, when the history was rewritten later


@dataclass(frozen=True)
class GitFacts:
    head: str | None = None  # the commit the working tree is at
    dirty: bool = False  # the working tree has uncommitted changes
    first: "FirstRecords | None" = None  # path -> the commit that first recorded it
    head_time: dt.datetime | None = None  # when the head commit was made (dates the ZIP)
    shallow: bool = False  # a shallow clone: the oldest records are not in it
    index: "IndexBlobs | None" = None  # the blobs of the files git knows to be unchanged

    def first_recorded(self, path: str) -> FirstRecord | None:
        return self.first.get(path) if self.first is not None else None

    def unchanged_blob(self, path: str) -> str | None:
        """git's id of the file's content, when git's index holds the file and git finds it
        unchanged in the work tree; None when git cannot say so (read the file then)."""
        return self.index.get(path) if self.index is not None else None


# Each file of the index below the tracker folder, with its blob id and a tag: H for a file
# as the index has it, C for one changed in the work tree since; a lowercase tag (a file git
# was told to assume unchanged), S (skip-worktree) or a merge conflict's stages say nothing
# git checked, nor does a link's blob (its target's name).  Paths are from the tracker
# folder, as the log's are.
_INDEX = ("ls-files", "--stage", "--modified", "-v", "-z")
_INDEXED = re.compile(rb"([HC]) 100[0-7]{3} ([0-9a-f]+) 0\t(.*)", re.S)


class IndexBlobs:
    """The blob id of each file git finds unchanged since it was staged, read from ls-files'
    output when first asked: checking a certificate against the one first recorded then
    reads no file (10,000 certificates: 0.02 s fewer), and a certificate kept through a
    filter (Git LFS) is compared as git stores it, not as a different file."""

    def __init__(self, listing: bytes | None):
        self._listing = listing or b""
        self._blobs: dict[bytes, bytes] | None = None  # by the path's bytes, as git gave it

    def get(self, path: str) -> str | None:
        if self._blobs is None:
            self._blobs = self._unchanged()
        blob = self._blobs.get(path.encode("utf-8", "surrogateescape"))
        return blob.decode("ascii") if blob is not None else None

    def _unchanged(self) -> dict[bytes, bytes]:
        # Each record on its own: a record not matched (a link, a conflict) leaves no part
        # for the next to be read from
        listed = [found.groups() for found in map(_INDEXED.fullmatch, self._listing.split(b"\0"))
                  if found is not None]
        blobs = {name: blob for tag, blob, name in listed if tag == b"H"}
        for tag, _, name in listed:
            if tag == b"C":
                blobs.pop(name, None)
        return blobs


def _git(root: Path, *args: str) -> bytes | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


class _Started:
    """A git command started now; its output (None when it failed) taken when needed."""

    def __init__(self, root: Path, *args: str):
        try:
            self._process: subprocess.Popen | None = subprocess.Popen(
                ["git", "-C", str(root), *args], stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        except OSError:
            self._process = None

    def output(self) -> bytes | None:
        if self._process is None:
            return None
        try:
            out, _ = self._process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.communicate()
            return None
        return out if self._process.returncode == 0 else None


def start_git_facts(root: Path, now: dt.date | None = None) -> Callable[[], GitFacts]:
    """Start git's five commands side by side, to run while the caller reads the tracker;
    what they say (read_git_facts) when the returned function is called."""
    if not _may_be_in_git(root):
        return GitFacts  # no repository: no git to ask (five processes saved a run)
    started = [_Started(root, "show", "-s", "--format=%H|%ct|%ci", "HEAD"),
               _Started(root, "status", "--porcelain", "--untracked-files=no"),
               _Started(root, "rev-parse", "--is-shallow-repository", "--git-path", "shallow"),
               _Started(root, *_LOG), _Started(root, *_INDEX)]
    def facts() -> GitFacts:
        head, status, shallow, log, index = (command.output() for command in started)
        return replace(_facts(root, head, status, shallow, log, now), index=IndexBlobs(index))
    return facts


def _may_be_in_git(root: Path) -> bool:
    """Whether git could find a repository for `root`: a `.git` (a folder, or the file of a
    worktree or submodule) in it or a folder above, or git told where one is by GIT_DIR.
    When neither, git would only say "not a git repository"."""
    if os.environ.get("GIT_DIR"):
        return True
    folder = root.resolve()
    return any((place / ".git").exists() for place in (folder, *folder.parents))


def read_git_facts(root: Path, now: dt.date | None = None) -> GitFacts:
    """What git says of the tracker at `root`; a commit dated after `now` (the calendar's
    date; a day's slack for the time zones) gives no date, nor one no clock could give."""
    return start_git_facts(root, now)()


def _facts(root: Path, head: bytes | None, status: bytes | None, shallow_path: bytes | None,
           log: bytes | None, now: dt.date | None) -> GitFacts:
    if head is None or not head.strip():
        return GitFacts()
    sha, _, when = head.decode("ascii", "replace").strip().partition("|")
    moment = _moment(*(when.split("|") + ["", ""])[:2])
    shallow = _shallow_commits(root, shallow_path)
    return GitFacts(sha, bool((status or b"").strip()), _first_records(log, shallow, now),
                    moment if isinstance(moment, dt.datetime) else None, bool(shallow))


def _shallow_commits(root: Path, found: bytes | None) -> frozenset[str]:
    """The commits a shallow clone was cut at (their parents are not in the clone), from
    what `git rev-parse --is-shallow-repository --git-path shallow` said."""
    lines = (found or b"").decode("utf-8", "replace").splitlines()
    if len(lines) != 2 or lines[0] != "true":
        return frozenset()
    path = Path(lines[1]) if Path(lines[1]).is_absolute() else root / lines[1]
    try:
        return frozenset(path.read_text("ascii", "replace").split())
    except OSError:
        return frozenset({"(unknown)"})


SHALLOW = ("the clone holds only recent history (a shallow clone), so git does not know when "
           "it was first recorded; check out the whole history (actions/checkout: "
           "fetch-depth: 0)")


@dataclass(frozen=True)
class _Commit:
    sha: str
    date: dt.date | None
    unknown: str | None
    written: dt.date | None


def _moment(seconds: str, shown: str) -> dt.datetime | str:
    """A commit's time from git's seconds and its time as shown (`%ci`: its zone last), or
    why it is not believable."""
    zone = shown.rsplit(" ", 1)[-1]
    try:
        stamp = int(seconds)
    except ValueError:
        return "its date cannot be read"
    if stamp <= 0:
        return "it is dated 1 January 1970 or earlier, the date of a clock that was never set"
    offset = dt.timedelta(0)
    if len(zone) == 5 and zone[0] in "+-" and zone[1:].isdigit() \
            and int(zone[1:3]) <= 14 and int(zone[3:]) < 60:
        offset = (1 if zone[0] == "+" else -1) * dt.timedelta(hours=int(zone[1:3]),
                                                              minutes=int(zone[3:]))
    try:
        return dt.datetime.fromtimestamp(stamp, dt.timezone(offset))
    except (OverflowError, ValueError, OSError):
        return "it is dated past the year 9999"


def _commit(header: str, shallow: frozenset[str], now: dt.date | None) -> _Commit:
    sha, seconds, zone, author = (header.split("|") + ["", "", ""])[:4]
    moment = _moment(seconds, zone)
    if isinstance(moment, str):
        return _Commit(sha, None, f"the commit that recorded it: {moment}", None)
    day = moment.date()
    if now is not None and day > now + dt.timedelta(days=1):
        return _Commit(sha, None, f"the commit that recorded it is dated {day.isoformat()}, "
                       "a date still to come: the clock of the computer that made it was wrong", None)
    if sha in shallow:
        return _Commit(sha, None, SHALLOW, None)
    written = _moment(author, zone)
    if isinstance(written, dt.datetime) and (day - written.date()).days > 1:
        return _Commit(sha, day, None, written.date())  # rebased or amended since
    return _Commit(sha, day, None, None)


# --relative: paths from the tracker folder, which may sit below the repository's top.
# --raw --no-abbrev: each file's blob ids, to tell later whether it changed. -z: any name.
_LOG = ("-c", "core.quotepath=off", "log", "--reverse", "--raw", "--no-abbrev", "-M", "-z",
        "--relative", "--format=%x01%H|%ct|%ci|%at", "--", ".")


def _first_records(log: bytes | None, shallow: frozenset[str] = frozenset(),
                   now: dt.date | None = None) -> "FirstRecords":
    """Each path's first record, from one pass over the history (one subprocess for the
    whole tracker, whatever its size), oldest first, following renames: a file moved or
    renamed keeps the date it was first recorded under its old name.  A file deleted and
    added again keeps its first date only when it comes back as it left; otherwise it is a
    new record, dated when it came back (never a date earlier than the truth)."""
    history = _History()
    tokens = iter((log or b"").split(b"\0"))
    for token in tokens:
        token = token.lstrip(b"\n")
        if token.startswith(b"\x01"):
            history.commit = _commit(token[1:].decode("ascii", "replace"), shallow, now)
        elif token.startswith(b":") and history.commit is not None:
            fields = token.decode("ascii", "replace").split()
            if fields[-1] == "A":  # nearly every change: a file added (one path follows)
                history.added(next(tokens, b"").decode("utf-8", "surrogateescape"), fields)
                continue
            count = 2 if fields[-1][:1] in ("R", "C") else 1
            paths = [next(tokens, b"").decode("utf-8", "surrogateescape") for _ in range(count)]
            history.change(fields, paths)
    return FirstRecords(history.records)


_Record = tuple["_Commit", str | None]  # the commit that first recorded a file, its blob


class FirstRecords:
    """Each path's first record, made into a FirstRecord when first asked for: the log of a
    10,000-course tracker names 20,000 files and `check` asks of a quarter of them (making
    them all took 0.02 s of every run)."""

    def __init__(self, records: dict[str, _Record]):
        self._records = records
        self._made: dict[str, FirstRecord] = {}

    def get(self, path: str) -> FirstRecord | None:
        made = self._made.get(path)
        if made is None and path in self._records:
            c, blob = self._records[path]
            made = self._made[path] = FirstRecord(c.sha, c.date, blob, c.unknown, c.written)
        return made


class _History:
    """The records as the log goes by, commit by commit."""

    def __init__(self) -> None:
        self.records: dict[str, _Record] = {}
        self.gone: dict[str, tuple[_Record, str | None]] = {}  # deleted: record, content
        self.commit: _Commit | None = None

    def _new(self, blob: str | None) -> _Record:
        assert self.commit is not None, "git log names a commit before the files it changed"
        return self.commit, blob

    def added(self, path: str, fields: list[str]) -> None:
        """A file added (status A): the one change most commits are made of."""
        if path in self.gone or path in self.records:
            self.change(fields, [path])
        else:
            self.records[path] = self._new(fields[3] if len(fields) >= 5 else None)

    def change(self, fields: list[str], paths: list[str]) -> None:
        status = fields[-1][:1]
        old, new = (fields[2], fields[3]) if len(fields) >= 5 else (None, None)
        if status in ("A", "C"):  # a copy is a new file, not the record it was copied from
            record, left_as = self.gone.pop(paths[-1], (None, None))
            if paths[-1] not in self.records:
                back = record is not None and status == "A" and left_as == new
                self.records[paths[-1]] = record if back and record is not None else self._new(new)
        elif status == "R":
            record = self.records.pop(paths[0], None)
            self.records[paths[1]] = record if record is not None else self._new(new)
        elif status == "D" and paths[0] in self.records:
            self.gone[paths[0]] = (self.records.pop(paths[0]), old)


def blob_id(path: Path | str, like: str) -> str | None:
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
