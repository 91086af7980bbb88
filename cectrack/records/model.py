"""Plain values shared by every layer: what was read, and where (what went wrong is
cectrack/problem.py, re-exported here).

Everything here is a frozen dataclass with no behaviour beyond small helpers,
so the loader, the engine and the renderers can pass them around freely.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..problem import (
    CODES as CODES,
    ERROR as ERROR,
    WARNING as WARNING,
    Problem as Problem,
)

# Where credit files live unless mkdocs.yml's `credits_dir` says otherwise.  The faces
# (cli, plugin) work out the tracker's own folder and pass it down; this is the one default.
CREDITS_DIR = "credits"


@dataclass(frozen=True, slots=True)  # one per course: no __dict__ each
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
    tags: tuple[str, ...] = ()  # words a rule file declares (CSEP: csep-national)
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
    special_expiry: bool | None = None  # the body set `expires:` off its calendar, on purpose
    reinstated: dt.date | None = None  # a lapsed credential reinstated on this day
    recertified: dt.date | None = None  # the last recertification was completed on this day
    renewal_path: str | None = None  # `ce` (the default) or another way the body offers
    birth_month: int | None = None  # the profile's `birth_month:` (cycles by birth month)
    # key -> (line, column, width) of its value, as an Entry's (a problem points at it)
    positions: dict[str, tuple[int, int, int]] = field(default_factory=dict, compare=False,
                                                       repr=False)

    def at(self, key: str) -> tuple[int, int, int]:
        """Where `key`'s value stands; the credential's `- id` line when the key is absent."""
        return self.positions.get(key, (self.line, 0, 0))


@dataclass(frozen=True)
class StudioShare:
    """A studio the holder shares the standing with (profile `studios:`)."""

    name: str
    key: bytes  # the studio's X25519 public key, checked (records/studiokey.py)
    line: int


PLACEHOLDER_NAME = "Your Name"  # what `cectrack init` writes when not told the holder's name


@dataclass(frozen=True)
class Profile:
    name: str
    credentials: tuple[HeldCredential, ...]
    file: str = "credits/profile.yaml"
    contact: str | None = None  # shown on the audit packets only, as written
    attestation: str | None = None  # the holder's own wording of the packet's statement
    studios: tuple[StudioShare, ...] = ()
    birth_month: int | None = None  # 1-12: licences renewing at its end (CA-PT)


@dataclass(frozen=True)
class Tracker:
    """Everything read from a tracker's folder: the holder, the entries, the defects."""

    root: str
    profile: Profile | None
    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...] = field(default=())
    credits_dir: str = CREDITS_DIR  # where the credit files live, relative to root


def problem_at(entry: Entry, key: str, severity: str, code: str, message: str,
               hint: str = "") -> Problem:
    """A problem about one field of `entry`, pointing at that field's value."""
    line, col, span = entry.at(key)
    return Problem(severity, code, entry.file, line, message, hint, col, span)
