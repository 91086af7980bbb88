"""Where a credential stands on a given day, in one word a reader takes in at a glance, with
the pace still needed, the cards' state and the warnings that belong next to it.

Everything here is a function of the figures and a day.  The build works it out for its own
day; the dashboard asks it again for every day on which its answer changes (render/live.py),
so the page's script (fresh.js) shows the right words on the reader's own day, not the
words of the build day: a page built a month ago does not say "on track" after the deadline.

The figures come from a CredentialResult (report.py) or a studio's Figures; this module does
not import report.py, so the report's JSON can carry the same state words (report.py
imports this module instead).
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Protocol, Sequence

from .reasons import Reason, reason

DUE_SOON_DAYS = 60  # two months: time to find, take and record one more course
RENEW_DAYS = 90  # the last 90 days: time to show how to renew
WEEKLY_DAYS = DUE_SOON_DAYS  # under two months left, the pace is said per week

# The one set of state words: the terminal, status.json (`state`) and the site use these.
STATES = {
    "met": "Requirements met",
    "on_track": "On track",
    "behind_pace": "Behind pace",
    "due_soon": "Due soon",
    "grace": "In the grace period",
    "lapsed": "Lapsed",
}


class CycleDates(Protocol):
    """A cycle as a standing reads it (engine.cycles.Cycle; not imported, to keep this
    module low enough for report.py to import)."""

    # Read-only, as the frozen dataclasses that have them are.
    @property
    def window_start(self) -> dt.date: ...
    @property
    def end(self) -> dt.date: ...
    @property
    def grace_end(self) -> dt.date | None: ...
    @property
    def earning_in_grace(self) -> bool: ...

    def status_on(self, day: dt.date, met: bool) -> str: ...


class Standable(Protocol):
    """What a standing is worked out from: a CredentialResult (report.py), or the Figures a
    studio reads back from a trainer's published standing."""

    @property
    def required(self) -> float: ...
    @property
    def earned(self) -> float: ...
    @property
    def met(self) -> bool: ...
    @property
    def remaining(self) -> float: ...
    @property
    def cycle(self) -> CycleDates: ...


@dataclass(frozen=True)
class Figures:
    """What `standing()` reads of a credential: a CredentialResult has the same names, and
    a studio reads these back from a trainer's published standing (team/standing.py)."""

    required: float
    earned: float
    met: bool
    cycle: CycleDates
    remaining: float  # the least credit still to earn, category minimums included


@dataclass(frozen=True)
class Standing:
    state: str  # a key of STATES
    expected: float  # credit a steady pace would have earned by today
    days_left: int

    @property
    def label(self) -> str:
        return STATES[self.state]


def half_up(value: float, digits: int) -> float:
    """Rounded as the page's script rounds (Math.round: halves up), so the build and the
    browser write the same figure for the same day."""
    scale = 10.0 ** digits
    return math.floor(value * scale + 0.5) / scale


def expected_by(c: Standable, today: dt.date) -> float:
    """The credit a steady pace from the window's start would have reached by `today`."""
    start, end = c.cycle.window_start, c.cycle.end
    if today <= start or end <= start:
        return 0.0 if today <= start else c.required
    share = min(1.0, (today - start).days / (end - start).days)
    return round(c.required * share, 2)


def standing(c: Standable, today: dt.date) -> Standing:
    """met, on_track, behind_pace, due_soon, grace or lapsed, as of `today`."""
    days_left = (c.cycle.end - today).days
    expected = expected_by(c, today)
    status = c.cycle.status_on(today, c.met)
    if status != "in_progress":  # met, grace or lapsed: the report's own words
        state = status
    elif days_left <= DUE_SOON_DAYS:
        state = "due_soon"
    elif c.earned < expected:
        state = "behind_pace"
    else:
        state = "on_track"
    return Standing(state, expected, days_left)


# --- the pace still needed --------------------------------------------------------------

@dataclass(frozen=True)
class Pace:
    """How the credit still needed can be earned, seen from one day.

    kind: "" (nothing left to earn), "month" (more than two months left: so much a month),
    "week" (two months or less: so much a week), "days" (under a week), "today" (the
    deadline itself), "grace" (past the deadline, credit still earnable with the late fee),
    "lapsed" (too late: reinstatement)."""

    kind: str
    remaining: float
    days_left: int  # to the deadline; negative once it has passed

    @property
    def per_month(self) -> float | None:
        return per_month(self.remaining, self.days_left) if self.kind == "month" else None

    @property
    def per_week(self) -> float | None:
        return per_week(self.remaining, self.days_left) if self.kind == "week" else None


def per_month(remaining: float, days_left: int) -> float:
    """So much a month finishes on time (a month is 365.25 / 12 days; at least one)."""
    return half_up(remaining / max(days_left / (365.25 / 12), 1.0), 2)


def per_week(remaining: float, days_left: int) -> float:
    """So much a week finishes on time, to one decimal ("about 1.4 a week")."""
    return half_up(remaining / max(days_left / 7, 1.0), 1)


def pace(c: Standable, today: dt.date) -> Pace:
    days_left = (c.cycle.end - today).days
    status = c.cycle.status_on(today, c.met)
    # Met is nothing left, also where a new certification met it with less credit (ACE).
    remaining = 0.0 if status == "met" else c.remaining
    if remaining <= 0:
        kind = ""
    elif status == "grace":
        kind = "grace"
    elif status == "lapsed":
        kind = "lapsed"
    elif days_left > WEEKLY_DAYS:
        kind = "month"
    elif days_left >= 7:
        kind = "week"
    else:
        kind = "days" if days_left > 0 else "today"
    return Pace(kind, remaining, days_left)


def renew_from(c: Standable) -> dt.date:
    """The first day the dashboard shows how to renew: 90 days before the deadline."""
    return c.cycle.end - dt.timedelta(days=RENEW_DAYS)


# --- the cards a renewal needs (CPR/AED) --------------------------------------------------

class Card(Protocol):
    @property
    def expires(self) -> dt.date | None: ...


class Prerequisite(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def met(self) -> bool: ...
    @property
    def card(self) -> Card | None: ...


class WithCards(Protocol):
    """What a card's warnings read of a credential: its cycle and its prerequisites."""

    @property
    def cycle(self) -> CycleDates: ...
    @property
    def prerequisites(self) -> Sequence[Prerequisite]: ...


def card_current(p: Prerequisite, today: dt.date) -> bool | None:
    """Whether the prerequisite's card is still valid on `today` (None: no dated card)."""
    expires = p.card.expires if p.card is not None else None
    return None if expires is None else expires >= today


def card_warnings(c: WithCards, today: dt.date) -> list[Reason]:
    """A card that has expired, expires before the deadline, or expires inside the grace
    period (current at the deadline, but a late renewal would need a new card first)."""
    warnings = []
    for p in c.prerequisites:
        expires = p.card.expires if p.card is not None else None
        if expires is None:
            continue
        if expires < today:
            warnings.append(reason("card-expired", label=p.label, expires=expires))
        elif expires < c.cycle.end:
            warnings.append(reason("card-expires-before-deadline", label=p.label,
                                   expires=expires, deadline=c.cycle.end))
        elif c.cycle.grace_end is not None and expires <= c.cycle.grace_end:
            warnings.append(reason("card-expires-in-grace", label=p.label, expires=expires,
                                   grace_end=c.cycle.grace_end))
    return warnings
