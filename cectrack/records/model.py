"""Plain values shared by every layer: what was read, what went wrong, where.

Everything here is a frozen dataclass with no behaviour beyond small helpers,
so the loader, the engine and the renderers can pass them around freely.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .codes import CODES

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
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

    def __post_init__(self) -> None:
        # Every code is documented (docs/errors.md) and stable for scripts: a new one is
        # added to codes.py first, or this stops the test suite.
        if self.code not in CODES:
            raise ValueError(f"problem code {self.code!r} is not registered in codes.py")

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


@dataclass(frozen=True)
class Entry:
    """One course (or card, or service period) as the user recorded it."""

    file: str
    line: int
    title: str
    provider: str
    completed: dt.date
    credits: float | None = None  # None where the rules give the activity a fixed value
    unit: str = "CEC"
    activity: str = "course"
    started: dt.date | None = None
    category: str | dict[str, str] | None = None
    counts_for: tuple[str, ...] | None = None
    approval: str | None = None
    evidence: str | None = None
    notes: str | None = None
    grade: str | None = None
    expires: dt.date | None = None
    hands_on: bool | None = None
    petition: str | None = None  # approved | pending | denied
    # key -> (line, column, width) of its value, so a problem can point at the very value
    positions: dict[str, tuple[int, int, int]] = field(default_factory=dict, compare=False,
                                                       repr=False)

    def at(self, key: str) -> tuple[int, int, int]:
        """Where `key`'s value stands; the entry's first line when the key is absent."""
        return self.positions.get(key, (self.line, 0, 0))


@dataclass(frozen=True)
class HeldCredential:
    """A credential the holder lists in credits/profile.yaml."""

    id: str
    line: int
    number: str | None = None
    since: dt.date | None = None
    expires: dt.date | None = None
    late_reported: bool | None = None  # the previous cycle was reported late
    reinstated: dt.date | None = None  # a lapsed credential reinstated on this day


@dataclass(frozen=True)
class Profile:
    name: str
    credentials: tuple[HeldCredential, ...]
    file: str = "credits/profile.yaml"


@dataclass(frozen=True)
class Tracker:
    """Everything read from a tracker's folder: the holder, the entries, the defects."""

    root: str
    profile: Profile | None
    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...] = field(default=())
    credits_dir: str = "credits"  # where the credit files live, relative to root
