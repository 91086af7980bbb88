"""Where a credential stands, in one word a reader takes in at a glance, and the warnings
that belong next to it.

The dashboard's card shows the state worked out at build time; its script (fresh.js) works
it out again from the reader's own today with the same thresholds, from the figures the
card carries, so a page built a month ago does not say "on track" after the deadline.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .cycles import Cycle
from .report import CredentialResult
from ..records.words import long_date

DUE_SOON_DAYS = 60  # two months: time to find, take and record one more course

STATES = {
    "met": "Requirements met",
    "on_track": "On track",
    "behind_pace": "Behind pace",
    "due_soon": "Due soon",
    "grace": "In the grace period",
    "lapsed": "Lapsed",
}


@dataclass(frozen=True)
class Figures:
    """What `standing()` reads of a credential: a CredentialResult has the same names, and
    a studio reads these back from a trainer's published standing (team/standing.py)."""

    required: float
    earned: float
    met: bool
    cycle: Cycle


@dataclass(frozen=True)
class Standing:
    state: str  # a key of STATES
    expected: float  # credit a steady pace would have earned by today
    days_left: int

    @property
    def label(self) -> str:
        return STATES[self.state]


def expected_by(c: CredentialResult | Figures, today: dt.date) -> float:
    """The credit a steady pace from the window's start would have reached by `today`."""
    start, end = c.cycle.window_start, c.cycle.end
    if today <= start or end <= start:
        return 0.0 if today <= start else c.required
    share = min(1.0, (today - start).days / (end - start).days)
    return round(c.required * share, 2)


def standing(c: CredentialResult | Figures, today: dt.date) -> Standing:
    """met, on_track, behind_pace, due_soon, grace or lapsed, as of `today` (fresh.js's
    `state` is the same function in JavaScript)."""
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


def prerequisite_warnings(c: CredentialResult) -> list[str]:
    """A card that has expired, expires before the deadline, or expires inside the grace
    period (current at the deadline, but a late renewal would need a new card first)."""
    warnings = []
    for p in c.prerequisites:
        expires = p.card.expires if p.card is not None else None
        if expires is None:
            continue
        if expires < c.today:
            warnings.append(f"{p.label} card expired on {long_date(expires)}: renew it to renew")
        elif expires < c.cycle.end:
            warnings.append(f"{p.label} card expires on {long_date(expires)}, before the "
                            f"deadline ({long_date(c.cycle.end)}): renew it to renew on time")
        elif c.cycle.grace_end is not None and expires <= c.cycle.grace_end:
            warnings.append(f"{p.label} card expires on {long_date(expires)}, inside the grace "
                            f"period (to {long_date(c.cycle.grace_end)}): current at the "
                            "deadline, but renew it first if you renew late")
    return warnings
