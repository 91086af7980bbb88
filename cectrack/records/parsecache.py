"""What each credit file was read as, kept between runs: a file whose name and bytes are
unchanged is not parsed again.

A credit file's entries and problems depend only on its name, its bytes, the words the rule
files declare and the code that reads them, so that is the key: a SHA-256 of the name and
the bytes, in a cache file whose fingerprint holds cectrack's version, a digest of the
reading code (records/ and files/, so an edited checkout never trusts an older reading),
PyYAML's version and the declared words.  Nothing is keyed on a timestamp a quick second
edit could share.  The cache file lives in the user's cache folder (files/cachedir.py), one
per tracker folder; with the cache off or unwritable every file is simply parsed.

tests/test_parsecache.py checks that a run with the cache gives what a run without it
gives: after an edit, a rename, a deletion, a new version, a damaged cache file.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import yaml

from .. import __version__
from ..files import cachedir
from ..problem import Problem
from .model import Entry

_FORMAT = "parse 1"
_ENTRY_FIELDS = Entry.__dataclass_fields__
_DATES = ("completed", "started", "expires")
_PROBLEM_FIELDS = tuple(Problem.__dataclass_fields__)
Parsed = tuple[tuple[Entry, ...], tuple[Problem, ...]]


class ParseCache:
    """The parsed credit files of one tracker folder: looked up by name and bytes, added
    to as files are parsed, written back (`path`, when there is one) if anything changed."""

    def __init__(self, path: Path | None, fingerprint: str):
        self.path, self.fingerprint = path, fingerprint
        self._records: dict[str, str] = {}  # key -> its entries and problems as JSON, as read
        self._parsed: dict[str, Parsed] = {}  # key -> decoded (a serving process keeps them)
        self._used: set[str] = set()
        self._changed = False
        if path is not None:
            self._records = _records_of(cachedir.read_cache(path, fingerprint))

    def lookup(self, file: str, data: bytes) -> tuple[str, Parsed | None]:
        """The key of this file's name and bytes, and what they were read as, if known."""
        key = _key(file, data)
        parsed = self._parsed.get(key)
        if parsed is None and key in self._records:
            parsed = _decode(self._records[key])
            if parsed is None:  # not what this code writes: read the file again
                del self._records[key]
            else:
                self._parsed[key] = parsed
        if parsed is not None:
            self._used.add(key)
        return key, parsed

    def store(self, key: str, entries: list[Entry], problems: list[Problem]) -> None:
        self._parsed[key] = (tuple(entries), tuple(problems))
        self._used.add(key)
        self._changed = True

    def finish(self) -> None:
        """Forget the files not seen since the last finish; write the cache back if one was
        parsed or is gone."""
        known = self._parsed.keys() | self._records.keys()
        if known - self._used:
            self._changed = True
            self._parsed = {k: v for k, v in self._parsed.items() if k in self._used}
            self._records = {k: v for k, v in self._records.items() if k in self._used}
        if self._changed and self.path is not None:
            for key in self._used - self._records.keys():
                self._records[key] = _encode(*self._parsed[key])
            body = "".join(f"{key}\t{self._records[key]}\n" for key in sorted(self._records))
            cachedir.write_cache(self.path, self.fingerprint, body.encode("ascii"))
        self._used, self._changed = set(), False


def _key(file: str, data: bytes) -> str:
    digest = hashlib.sha256(file.encode("utf-8", "surrogateescape"))
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


def _records_of(body: bytes | None) -> dict[str, str]:
    if not body:
        return {}
    try:
        lines = body.decode("ascii").split("\n")
    except UnicodeDecodeError:
        return {}
    records = {}
    for line in lines:
        key, tab, record = line.partition("\t")
        if tab:
            records[key] = record
    return records


def _encode(entries: tuple[Entry, ...], problems: tuple[Problem, ...]) -> str:
    rows = [[_plain(getattr(e, name)) for name in _ENTRY_FIELDS] for e in entries]
    return json.dumps([rows, [[getattr(p, n) for n in _PROBLEM_FIELDS] for p in problems]],
                      separators=(",", ":"))  # ASCII: a lone surrogate survives as \udXXX


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def _decode(record: str) -> Parsed | None:
    """Entries and problems as _encode() wrote them; None for anything else."""
    try:
        rows, problems = json.loads(record)
        return tuple(_entry(row) for row in rows), tuple(Problem(*row) for row in problems)
    except (ValueError, TypeError, AttributeError, KeyError):
        return None


def _entry(row: list[Any]) -> Entry:
    """An Entry from its row, built slot by slot: Entry's own __init__ sets a frozen
    dataclass's fields one checked call at a time, which costs more than the parse saved."""
    if len(row) != len(_SETTERS):
        raise ValueError("a row of another shape")
    for at in _DATE_AT:
        if row[at] is not None:
            row[at] = _day(row[at])
    if row[_COUNTS_FOR_AT] is not None:
        row[_COUNTS_FOR_AT] = tuple(row[_COUNTS_FOR_AT])
    row[_TAGS_AT] = tuple(row[_TAGS_AT])
    row[_POSITIONS_AT] = {key: tuple(where) for key, where in row[_POSITIONS_AT].items()}
    if _CHECKED:
        return Entry(*row)
    entry = _new(Entry)
    for setter, value in zip(_SETTERS, row):
        setter(entry, value)
    return entry


_NAMES = tuple(_ENTRY_FIELDS)
_SETTERS = tuple(Entry.__dict__[name].__set__ for name in _NAMES)  # the slots themselves
_DATE_AT = tuple(_NAMES.index(name) for name in _DATES)
_COUNTS_FOR_AT, _POSITIONS_AT = _NAMES.index("counts_for"), _NAMES.index("positions")
_TAGS_AT = _NAMES.index("tags")
_day, _new = dt.date.fromisoformat, object.__new__
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
    parts = (_FORMAT, __version__, _code_digest(), yaml.__version__,
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
