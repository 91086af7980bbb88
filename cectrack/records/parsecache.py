"""What each credit file was read as, kept between runs: a file whose name and bytes are
unchanged is not parsed again, and a file whose name and status are unchanged is not even
read again.

A credit file's entries and problems depend only on its name, its bytes, the words the rule
files declare and the code that reads them, so that is the key: a SHA-256 of the name and
the bytes, in a cache file whose fingerprint holds cectrack's version, a digest of the
reading code (records/ and files/, so an edited checkout never trusts an older reading),
Python's version (the records are in its marshal format), PyYAML's version and the declared
words.  What a file was read as is keyed on its bytes,
never on a timestamp a quick second edit could share.

A warm run need not read and hash every file to find its key, though: the cache also keeps,
for each file name, the key it had and the file's status when it was read (size,
modification and change times in nanoseconds, inode, device), and a file whose status is
the same now is taken as the same bytes, as git's index does.  Only a settled status is
kept: one whose change time is more than SETTLED_NS before the run began.  Any later write
sets the change time (which no program can set back) to the time of the write, past the
kept one even on a filesystem with coarse timestamps, so the status differs; a file written
during or just before a run is read and hashed as before.  A copied or restored tracker has
other inodes and change times, so its files are read again.  What is left is a clock set
back by more than SETTLED_NS with a write that lands on the same nanosecond, size and inode.
The cache file lives in the user's cache folder (files/cachedir.py), one
per tracker folder; with the cache off or unwritable every file is simply parsed.

tests/test_parsecache.py checks that a run with the cache gives what a run without it
gives: after an edit, a rename, a deletion, a new version, a damaged cache file.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import json
import marshal
import operator
import os
import stat
import sys
from pathlib import Path
from typing import Any, TypeGuard

import yaml

from .. import __version__
from ..files import cachedir
from ..problem import Problem
from .model import Entry

_FORMAT = "parse 4"
SETTLED_NS = 3 * 10**9  # a file's status is kept once its change time is this old
Status = tuple[int, int, int, int, int]  # size, mtime, ctime (ns), inode, device
Known = tuple[Status, bytes]  # a file's settled status and the key of its bytes then
Parsed = tuple[tuple[Entry, ...], tuple[Problem, ...]]
_ENTRY_FIELDS = Entry.__dataclass_fields__
_DATES = ("completed", "started", "expires")
_PROBLEM_FIELDS = tuple(Problem.__dataclass_fields__)


class ParseCache:
    """The parsed credit files of one tracker folder: looked up by name and bytes, added
    to as files are parsed, written back (`path`, when there is one) if anything changed.

    The cache file is one marshal value, ({name: (status, key)}, {key: (rows, problems)}):
    read in one call, a string or a place that files repeat is one object, stored once.
    At 10,000 courses the file (3.4 MB) is read into plain values in 32 ms, where a base64
    line per file and a JSON line of the status (7.0 MB) took 79 ms (3 runs, load 1.8)."""

    def __init__(self, path: Path | None, fingerprint: str):
        self.path, self.fingerprint = path, fingerprint
        self._status: dict[str, Any] = {}  # name -> (status, key), as read: each checked on use
        self._rows: dict[Any, Any] = {}  # key -> (rows, problems), as read, till decoded
        self._parsed: dict[bytes, Parsed] = {}  # key -> decoded (a serving process keeps them)
        self._seen: dict[str, Known] = {}  # name -> (status, key), of this run's settled files
        self._used: set[bytes] = set()
        self._changed = False
        if path is not None:
            self._status, self._rows = _contents(cachedir.read_cache(path, fingerprint))

    def by_status(self, file: str, status: Status | None) -> Parsed | None:
        """What the file was read as, when its settled status is the one kept for it."""
        known = self._status.get(file)
        if status is None or not _well_formed(known) or known[0] != status:
            return None
        parsed = self._parsed_of(known[1])
        if parsed is not None:
            self._seen[file] = known
        return parsed

    def note_status(self, file: str, status: Status | None, key: bytes) -> None:
        """Keep the file's settled status with the key of the bytes it was read as."""
        if status is not None:
            self._seen[file] = (status, key)

    def lookup(self, file: str, data: bytes) -> tuple[bytes, Parsed | None]:
        """The key of this file's name and bytes, and what they were read as, if known."""
        key = _key(file, data)
        return key, self._parsed_of(key)

    def _parsed_of(self, key: bytes) -> Parsed | None:
        parsed = self._parsed.get(key)
        if parsed is None and key in self._rows:
            parsed = _decode(self._rows.pop(key))  # None: not what this code writes, read again
            if parsed is not None:
                self._parsed[key] = parsed
        if parsed is not None:
            self._used.add(key)
        return parsed

    def store(self, key: bytes, entries: list[Entry], problems: list[Problem]) -> None:
        self._parsed[key] = (tuple(entries), tuple(problems))
        self._used.add(key)
        self._changed = True

    def finish(self) -> None:
        """Forget the files not seen since the last finish; write the cache back if one was
        parsed or is gone."""
        if self._rows or self._parsed.keys() - self._used:
            self._changed = True
            self._parsed = {k: v for k, v in self._parsed.items() if k in self._used}
            self._rows = {}
        self._changed |= self._seen != self._status
        if self._changed and self.path is not None:
            # Every row written again from its entries (10 ms at 10,000 courses): a run
            # keeps no second copy of what it read, and one edit costs a write, as before.
            rows = {key: _encode(*parsed) for key, parsed in self._parsed.items()}
            cachedir.write_cache(self.path, self.fingerprint, _dump(self._seen, rows))
        self._status, self._seen = self._seen, {}
        self._used, self._changed = set(), False


def _dump(seen: dict[str, Known], rows: dict[bytes, Any]) -> bytes:
    """The cache file's body: marshal (Python's own format for plain values, many times
    quicker than JSON both ways and never running code; the cache file's SHA-256 is checked
    before it is read), version 4, the first to store a repeated object once.  A file with
    a value marshal does not write (none known) is left out, and read again next time."""
    try:
        return marshal.dumps((seen, rows), 4)
    except ValueError:
        return marshal.dumps((seen, {key: row for key, row in rows.items() if _plain(row)}), 4)


def _plain(value: Any) -> bool:
    try:
        marshal.dumps(value, 4)
    except ValueError:
        return False
    return True


def settled_status(path: str, began_ns: int) -> Status | None:
    """A regular file's status (size, modification and change times, inode, device) when
    it was last changed more than SETTLED_NS before `began_ns`; None otherwise (a link, a
    file just written, one that cannot be looked at: each read as it is)."""
    try:
        found = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode) or \
            max(found.st_ctime_ns, found.st_mtime_ns) >= began_ns - SETTLED_NS:
        return None
    return _STATUS(found)


_STATUS = operator.attrgetter("st_size", "st_mtime_ns", "st_ctime_ns", "st_ino", "st_dev")


def _contents(body: bytes | None) -> tuple[dict[str, Any], dict[Any, Any]]:
    """The status of each file and the rows of each key, as finish() wrote them; ({}, {})
    for anything else.  Each value is checked where it is used."""
    try:
        status, rows = marshal.loads(body) if body else ({}, {})
    except (ValueError, TypeError, EOFError):
        return {}, {}
    if type(status) is not dict or type(rows) is not dict:
        return {}, {}
    return status, rows


def _well_formed(known: Any) -> TypeGuard[Known]:
    """Whether a file's kept status is the (status, key) finish() writes."""
    return type(known) is tuple and len(known) == 2 and type(known[1]) is bytes


def _key(file: str, data: bytes) -> bytes:
    digest = hashlib.sha256(file.encode("utf-8", "surrogateescape"))
    digest.update(b"\0")
    digest.update(data)
    return digest.digest()


def _encode(entries: tuple[Entry, ...], problems: tuple[Problem, ...]) -> Any:
    """A file's entries and problems as plain values, dates as their ordinals."""
    rows = []
    for entry in entries:
        row = list(_ROW(entry))
        for at in _DATE_AT:
            if row[at] is not None:
                row[at] = row[at].toordinal()
        rows.append(tuple(row))
    return tuple(rows), tuple(map(_PROBLEM_ROW, problems))


def _decode(record: Any) -> Parsed | None:
    """Entries and problems as _encode() made them; None for anything else."""
    try:
        rows, problems = record
        return tuple(map(_entry, map(list, rows))), tuple(itertools.starmap(Problem, problems))
    except (ValueError, TypeError, AttributeError, KeyError, OverflowError):
        return None


def _entry(row: list[Any]) -> Entry:
    """An Entry from its row, built slot by slot: Entry's own __init__ sets a frozen
    dataclass's fields one checked call at a time, which costs more than the parse saved."""
    if len(row) != len(_SETTERS):
        raise ValueError("a row of another shape")
    for at in _DATE_AT:
        if row[at] is not None:
            row[at] = _day(row[at])
    if _CHECKED:
        return Entry(*row)
    entry = _new(Entry)
    for setter, value in zip(_SETTERS, row):
        setter(entry, value)
    return entry


_NAMES = tuple(_ENTRY_FIELDS)
_SETTERS = tuple(Entry.__dict__[name].__set__ for name in _NAMES)  # the slots themselves
_DATE_AT = tuple(_NAMES.index(name) for name in _DATES)
_ROW = operator.attrgetter(*_NAMES)  # an entry's fields in their order, in one call
_PROBLEM_ROW = operator.attrgetter(*_PROBLEM_FIELDS)
_day, _new = dt.date.fromordinal, object.__new__
_CHECKED = hasattr(Entry, "__post_init__")  # should Entry ever check itself, let it


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """A digest of the code that reads credit files: an edited checkout is another reading."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for room in ("records", "files"):
        for name in sorted(os.listdir(package / room)):
            if name.endswith(".py"):
                digest.update(name.encode() + b"\0" + (package / room / name).read_bytes())
    return digest.hexdigest()[:16]


def fingerprint(words: dict[str, tuple[str, ...]] | None) -> str:
    """What a reading depends on besides a file's name and bytes."""
    declared = json.dumps(sorted((k, sorted(v)) for k, v in (words or {}).items()))
    parts = (_FORMAT, __version__, _code_digest(), sys.version, yaml.__version__,
             str(getattr(yaml, "__with_libyaml__", False)), declared)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


# A process that loads the same tracker again and again (`mkdocs serve`) keeps its caches
# in memory, decoded, between loads; a one-off check reads the file once.
_kept: dict[tuple[str, str, str], ParseCache] = {}
_keeping = False


def keep_in_memory(keep: bool) -> None:
    """Keep each tracker's cache in this process between loads (or stop, and forget)."""
    global _keeping
    _keeping = keep
    if not keep:
        _kept.clear()


def parse_cache(root: Path, credits_dir: str,
                words: dict[str, tuple[str, ...]] | None) -> ParseCache | None:
    """The cache for this tracker folder; None when caching is off and nothing is kept."""
    folder = cachedir.cache_folder()
    if folder is None and not _keeping:
        return None
    mark = fingerprint(words)
    where = os.path.realpath(root)
    if (where, credits_dir, mark) in _kept:
        return _kept[(where, credits_dir, mark)]
    path = folder / cachedir.cache_name(where, credits_dir) if folder is not None else None
    cache = ParseCache(path, mark)
    if _keeping:
        _kept.clear()  # one tracker at a time: its files of a moment ago
        _kept[(where, credits_dir, mark)] = cache
    return cache
