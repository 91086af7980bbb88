"""The team's status: each member's published standing fetched (all at once, within a time
budget), opened when it is sealed for the studio, checked, and worked out for the studio's
today in the dashboard's own words.  A member whose standing cannot be had is kept, with the
reason, never dropped.

Nothing of a member's courses is kept: from each standing only the credential-level figures
the team page shows (team/standing.py reads nothing else).
"""
from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..engine.standing import STATES, standing
from ..records.team import Member, Team
from .fetch import Unreachable, fetch_member
from .seal import CannotOpen, is_sealed, open_sealed
from .standing import PublishedCredential, Refused, parse_json, read_standing

TEAM_SCHEMA = 1
CARD_SOON_DAYS = 60  # a CPR/AED card expiring within this is flagged
TEAM_SECONDS = 60.0  # the whole team, however many members
PARALLEL = 8
TEAM_KEY_ENV = "CECTRACK_TEAM_KEY"
URGENCY = ("lapsed", "grace", "due_soon", "behind_pace", "on_track", "met")  # most urgent first
# What a flagged CPR/AED card (MemberCredential.card_flag) is, in words.
CARD_FLAGS = {"missing": "no card recorded", "expired": "expired",
              "expires_soon": f"expires within {CARD_SOON_DAYS} days"}


@dataclass(frozen=True)
class MemberCredential:
    id: str
    name: str
    unit: str
    state: str  # a key of engine.standing.STATES, as of the studio's today
    deadline: dt.date
    grace_end: dt.date | None
    days_left: int
    remaining: float
    card_required: bool
    card_valid_until: dt.date | None
    card_flag: str | None  # None, "missing", "expired" or "expires_soon"

    @property
    def state_words(self) -> str:
        return STATES[self.state]


@dataclass(frozen=True)
class MemberStatus:
    name: str
    standing: str  # the address, as team.yaml gives it
    credentials: tuple[MemberCredential, ...] = ()
    built: dt.date | None = None
    stale: bool = False
    sealed: bool = False
    holder: str | None = None
    error: str | None = None  # why the standing is not shown; then nothing else is known


@dataclass(frozen=True)
class TeamStatus:
    studio: str
    as_of: dt.date
    stale_after_days: int
    members: tuple[MemberStatus, ...]

    @property
    def not_read(self) -> list[MemberStatus]:
        return [m for m in self.members if m.error]

    @property
    def stale(self) -> list[MemberStatus]:
        return [m for m in self.members if m.stale]

    def rows(self) -> list[tuple[MemberStatus, MemberCredential]]:
        """One per member and credential, the most urgent first (then the nearest deadline)."""
        rows = [(m, c) for m in self.members for c in m.credentials]
        return sorted(rows, key=lambda r: (URGENCY.index(r[1].state), r[1].days_left,
                                           r[0].name.casefold(), r[1].id))


def team_status(team: Team, folder: Path, today: dt.date, secret: bytes | None,
                seconds: float = TEAM_SECONDS) -> TeamStatus:
    def one(member: Member) -> MemberStatus:
        return member_status(member, folder, today, secret, team.stale_after_days)
    members = gather(team.members, one, seconds)
    return TeamStatus(team.studio or "", today, team.stale_after_days, members)


def gather(members: tuple[Member, ...], one: Callable[[Member], MemberStatus],
           seconds: float) -> tuple[MemberStatus, ...]:
    """Every member's status, in team.yaml's order, fetched in parallel; a member still
    unanswered when the team's time is up is listed with that reason."""
    if not members:
        return ()
    pool = ThreadPoolExecutor(max_workers=min(PARALLEL, len(members)),
                              thread_name_prefix="cectrack-team")
    futures = {pool.submit(one, m): i for i, m in enumerate(members)}
    found: dict[int, MemberStatus] = {}
    deadline = time.monotonic() + seconds
    pending = set(futures)
    while pending and (left := deadline - time.monotonic()) > 0:
        done, pending = wait(pending, timeout=left, return_when=FIRST_COMPLETED)
        found.update({futures[f]: f.result() for f in done})
    pool.shutdown(wait=False, cancel_futures=True)  # each fetch ends by its own time limit
    late = (f"no answer within the {seconds:g} seconds the whole team may take; it is tried "
            "again on the next run")
    return tuple(found.get(i) or MemberStatus(m.name, m.standing, error=late)
                 for i, m in enumerate(members))


def member_status(member: Member, folder: Path, today: dt.date, secret: bytes | None,
                  stale_after_days: int) -> MemberStatus:
    """One member, never raising: a failure at any step is the member's `error`."""
    try:
        document, sealed = opened(fetch_member(member, folder), secret)
        published = read_standing(document, today)
    except (Unreachable, CannotOpen, Refused) as err:
        return MemberStatus(member.name, member.standing, error=str(err))
    except Exception as err:  # noqa: BLE001 (one member's surprise never stops the team)
        return MemberStatus(member.name, member.standing,
                            error=f"it could not be read ({type(err).__name__})")
    credentials = tuple(member_credential(c, today) for c in published.credentials)
    return MemberStatus(member.name, member.standing, credentials, published.built,
                        (today - published.built).days > stale_after_days, sealed,
                        published.holder)


def opened(data: bytes, secret: bytes | None) -> tuple[Any, bool]:
    """The standing as JSON, and whether it was sealed for the studio."""
    document = parse_json(data)
    if is_sealed(document):
        if secret is None:
            raise CannotOpen(f"it is sealed for a studio: set {TEAM_KEY_ENV} to your secret key "
                             "to open it")
        return parse_json(open_sealed(document, secret)), True
    if isinstance(document, dict) and "kdf" in document and "ct" in document:
        raise CannotOpen("it is sealed with the trainer's own site password (a private site): "
                         "ask them to add your studio's public key to their profile, and list "
                         "their standing.sealed.json here instead")
    return document, False


def member_credential(c: PublishedCredential, today: dt.date) -> MemberCredential:
    """One credential as of the studio's today, in the dashboard's words."""
    s = standing(c.figures, today)
    return MemberCredential(
        c.id, c.name, c.unit, s.state, c.figures.cycle.end, c.figures.cycle.grace_end,
        s.days_left, c.remaining, c.card_required, c.card_valid_until,
        card_flag(c.card_required, c.card_valid_until, today))


def card_flag(required: bool, valid_until: dt.date | None, today: dt.date) -> str | None:
    if not required:
        return None
    if valid_until is None:
        return "missing"
    if valid_until < today:
        return "expired"
    return "expires_soon" if (valid_until - today).days <= CARD_SOON_DAYS else None


def team_to_json(status: TeamStatus) -> dict[str, Any]:
    """`cectrack team status --json`: the studio, a summary and one entry per member."""
    return {
        "schema": TEAM_SCHEMA,
        "studio": status.studio,
        "as_of": status.as_of.isoformat(),
        "stale_after_days": status.stale_after_days,
        "summary": {"members": len(status.members),
                    "read": len(status.members) - len(status.not_read),
                    "not_read": len(status.not_read), "stale": len(status.stale)},
        "members": [_member_json(m) for m in status.members],
    }


def _member_json(m: MemberStatus) -> dict[str, Any]:
    if m.error:
        return {"name": m.name, "standing": m.standing, "error": m.error}
    return {
        "name": m.name, "standing": m.standing, "holder": m.holder, "sealed": m.sealed,
        "built": m.built.isoformat() if m.built else None, "stale": m.stale,
        "credentials": [{
            "id": c.id, "name": c.name, "state": c.state, "state_words": c.state_words,
            "deadline": c.deadline.isoformat(),
            "grace_end": c.grace_end.isoformat() if c.grace_end else None,
            "days_left": c.days_left, "remaining": c.remaining, "unit": c.unit,
            "cpr_valid_until": c.card_valid_until.isoformat() if c.card_valid_until else None,
            "cpr": c.card_flag,
        } for c in m.credentials],
    }

