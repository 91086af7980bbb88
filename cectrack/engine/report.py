"""The engine's result as plain data (render/statusjson.py gives its JSON form, the public
contract of PRODUCT.md)."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from ..problem import ERROR, Problem
from ..records.model import Entry
from ..rules.model import Fact, PathRule
from .cycles import Cycle, add_years
from .reasons import Reason, reason
from .standing import per_month, standing

SCHEMA_VERSION = 1
# The four values of a credential's `status` (Cycle.status_on); the words people read are the
# six of standing.STATES (status.json's `state`), the same in the terminal and on the site.
STATUSES = ("met", "in_progress", "grace", "lapsed")
STANDING_KIND = "standing"  # a standing shared with a studio (render/statusjson.py)


@dataclass(frozen=True, slots=True)  # one per course and credential: no __dict__ each
class EntryResult:
    entry: Entry
    converted: float | None  # in the body's unit, before caps; None if it could not convert
    counted: float  # what counts toward the requirement
    excluded: tuple[Reason, ...] | None  # why nothing counts; None if (partly) counted
    notes: tuple[Reason, ...] = ()  # how the figure came about (fixed value, cap, grace period)
    category: str | None = None  # the body's category it counted in


@dataclass(frozen=True)
class PrerequisiteResult:
    id: str
    label: str
    met: bool
    detail_reason: Reason  # what is missing, or until when the card is valid
    card: Entry | None = None
    activity: str | None = None  # what the rule asks for: a card (cpr_aed) or hours (teaching)


@dataclass(frozen=True)
class CapUse:
    """One cap of the body's rules (CPR/AED: at most 5 a year) and how much of it the
    cycle's courses used, so a page can say "5 of 5 in 2025" without counting again."""

    id: str
    label: str
    activities: tuple[str, ...]  # empty: any activity
    per_item: float | None
    per_year: float | None
    per_cycle: float | None
    used: float  # in the whole cycle
    years: tuple[tuple[dt.date, float], ...] = ()  # (first day of each cycle year, used in it)
    unconfirmed: bool = False  # a limit of it rests on an unconfirmed rule

    def applies_to(self, activity: str) -> bool:
        return not self.activities or activity in self.activities


@dataclass(frozen=True)
class ActivityTotal:
    """The counted credit of one kind of activity in a cycle, with the caps that bind it."""

    activity: str
    courses: int
    counted: float
    caps: tuple[CapUse, ...] = ()


@dataclass(frozen=True)
class CategoryResult:
    id: str
    label: str
    earned: float
    min: float | None = None
    max: float | None = None
    # A minimum of the body's own courses (AFAA: from AFAA or NASM): whose, and of what kinds
    # (none: any); such a group has no label of its own.
    providers: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    within: str | None = None  # the category holding this one: its credit counts there too

    @property
    def short(self) -> float:
        """How much its minimum still asks (0 when met or when it has none)."""
        return max(0.0, self.min - self.earned) if self.min is not None else 0.0


def _short(c: CategoryResult, unit: str) -> Reason:
    if c.providers:
        return reason("own-courses-short", providers=c.providers, activities=c.activities,
                      earned=c.earned, min=c.min, unit=unit)
    return reason("category-short", category=c.id, label=c.label, earned=c.earned, min=c.min,
                  unit=unit)


@dataclass(frozen=True)
class CredentialResult:
    id: str
    name: str
    body: str
    unit: str
    number: str | None
    cycle: Cycle
    required: float
    earned: float
    today: dt.date
    prerequisites: tuple[PrerequisiteResult, ...]
    entries: tuple[EntryResult, ...]
    assumptions: tuple[Fact, ...] = ()
    categories: tuple[CategoryResult, ...] = ()
    min_categories: int | None = None
    required_reason: Reason | None = None  # how the requirement came about (proration, sharing)
    shared_with: tuple[str, ...] = ()
    # Minimums over several categories together, or over the body's own courses.
    groups: tuple[CategoryResult, ...] = ()
    caps: tuple[CapUse, ...] = ()  # every cap of the body's rules, with what was used
    # (credential id, day earned): another certification of the body earned in this cycle
    # met its whole credit requirement (ACE); `required` stays the body's figure.
    renewed_by: tuple[str, dt.date] | None = None
    # The way the holder declared to renew instead of the CE total (NBRC's assessments).
    renewal_path: PathRule | None = None

    @functools.cached_property
    def by_activity(self) -> tuple[ActivityTotal, ...]:
        """The counted credit per kind of activity, largest first, each with its caps:
        made once per result however many pages show it."""
        courses: dict[str, int] = {}
        credit: dict[str, float] = {}
        for r in self.counted_entries:
            courses[r.entry.activity] = courses.get(r.entry.activity, 0) + 1
            credit[r.entry.activity] = credit.get(r.entry.activity, 0.0) + r.counted
        return tuple(
            ActivityTotal(a, courses[a], round(credit[a], 2),
                          tuple(cap for cap in self.caps if cap.activities and cap.applies_to(a)))
            for a in sorted(courses, key=lambda a: (-credit[a], a)))

    @functools.cached_property
    def unmet_reasons(self) -> tuple[Reason, ...]:
        """What still stands between the holder and renewal, as codes and values (the words:
        render/credentialwords.py)."""
        needed = (self.still_needed,) if self.still_needed is not None else ()
        cards = tuple(reason("prerequisite", id=p.id, label=p.label, detail=p.detail_reason)
                      for p in self.prerequisites if not p.met)
        return needed + cards + (self.shortfalls if self.renewed_by is None else ())

    @property
    def shortfalls(self) -> tuple[Reason, ...]:
        """What the categories still ask (a minimum, credit from several)."""
        short = tuple(_short(c, self.unit) for c in self.categories + self.groups
                      if c.min is not None and c.earned < c.min)
        # The two-category rule is about the credit reported: with nothing due it asks nothing.
        if (self.min_categories and self.required > 0
                and self.distinct_categories < self.min_categories):
            short += (reason("few-categories", categories=self.distinct_categories,
                             min=self.min_categories),)
        return short

    @property
    def still_needed(self) -> Reason | None:
        """The credit still needed, and where it can come from when some categories are
        full: `full` (those full), `room` (those with room, capped ones first) and `room_left`
        (the credit they can still take; None when one has no maximum)."""
        if self.remaining <= 0:
            return None
        capped = [(c, c.max) for c in self.categories if c.max is not None]
        full = tuple(c.id for c, most in capped if c.earned >= most)
        room = {c.id: most - c.earned for c, most in capped if c.earned < most} if full else {}
        unlimited = [c.id for c in self.categories if c.max is None] if full else []
        return reason("credit-needed", remaining=self.remaining, unit=self.unit, full=full,
                      room=tuple(room) + tuple(unlimited),
                      room_left=None if unlimited or not full else sum(room.values()),
                      # the categories asking more than the total does, by their labels
                      short_in=self.minimums_ask[1] if self.minimums_decide else ())

    @functools.cached_property  # asked for every day the dashboard's script may be read on
    def met(self) -> bool:
        return not self.unmet_reasons

    @property
    def status(self) -> str:
        """met | in_progress | grace (expired, late renewal still possible) | lapsed"""
        return self.status_on(self.today)

    def status_on(self, day: dt.date) -> str:
        """The status on `day` with today's figures (the dashboard's script asks about the
        reader's day, later than the build's)."""
        return self.cycle.status_on(day, self.met)

    @property
    def distinct_categories(self) -> int:
        return sum(1 for c in self.categories if c.earned > 0)

    @property
    def remaining(self) -> float:
        """The least credit still to earn: what the total asks, or what the categories'
        minimums ask when that is more (105 of 100 CME, none in Category 1: 50)."""
        if self.renewed_by is not None:
            return 0.0
        return round(max(0.0, self.required - self.earned, self.minimums_ask[0]), 2)

    @property
    def minimums_decide(self) -> bool:
        """Whether the categories' minimums ask more than the total does, so that they, not
        required minus earned, make the credit still needed."""
        return (self.renewed_by is None
                and self.minimums_ask[0] > round(self.required - self.earned, 2))

    @functools.cached_property
    def minimums_ask(self) -> tuple[float, tuple[str, ...]]:
        """The least credit the minimums of the categories (and of groups of them) still ask,
        and the labels of those short.  A course counts in its category and in every one
        holding it, so the credit that fills a category inside another fills both: a holder
        asks the larger of its own shortfall and those inside it; categories side by side
        add up.  A group over several categories asks at least its own shortfall (credit
        that fills it may fill a category too, so it is not added).  Nothing where no credit
        total is asked (another way to renew)."""
        if self.required <= 0:
            return 0.0, ()
        inside: dict[str | None, list[CategoryResult]] = {}
        for c in self.categories:
            inside.setdefault(c.within, []).append(c)

        def asks(c: CategoryResult) -> float:
            return max(c.short, sum(asks(k) for k in inside.get(c.id, ())))
        need = sum(asks(c) for c in inside.get(None, ()))
        need = max([need] + [g.short for g in self.groups])
        short = tuple(c.label or c.id for c in self.categories + self.groups
                      if c.short > 0 and c.label)
        return round(need, 2), short

    @property
    def days_left(self) -> int:
        """Days from today to the cycle end (negative once it has passed)."""
        return (self.cycle.end - self.today).days

    @property
    def pace_per_month(self) -> float | None:
        """Credits still needed per month to finish by the cycle end; None when nothing is due."""
        if self.remaining <= 0 or self.days_left <= 0:
            return None
        return per_month(self.remaining, self.days_left)

    @property
    def state(self) -> str:
        """Where it stands today in the one set of state words (standing.STATES): met,
        on_track, behind_pace, due_soon, grace or lapsed; `status` is the coarser four."""
        return standing(self, self.today).state

    @property
    def percent(self) -> int:
        """How far toward renewal: short of 100 while categories' minimums still ask for
        credit, however much was earned in others."""
        if self.renewed_by is not None or not self.required:
            return 100
        return max(0, min(100, int((self.required - self.remaining) * 100 // self.required)))

    @property
    def counted_entries(self) -> list[EntryResult]:
        return [r for r in self.entries if r.excluded is None]

    @property
    def excluded_entries(self) -> list[EntryResult]:
        return [r for r in self.entries if r.excluded is not None]

    @property
    def history_starts(self) -> dt.date:
        """The pages list what did not count from a year before the window onward: a course
        just before the cycle is a likely mistake; older ones belong to earlier cycles (the
        exports keep them all), so a page grows with the cycle, not with the career."""
        return add_years(self.cycle.window_start, -1)

    @property
    def listed_exclusions(self) -> list[EntryResult]:
        return [r for r in self.excluded_entries if r.entry.completed >= self.history_starts]

    @property
    def older_exclusions(self) -> int:
        return len(self.excluded_entries) - len(self.listed_exclusions)


@dataclass(frozen=True)
class LifetimeResult:
    """A credential that never expires (NBRC: first earned before 1 July 2002): no cycle and
    nothing to earn, so it is listed apart from the credentials with a deadline."""

    id: str
    name: str
    body: str
    since: dt.date
    rule: Fact  # the day before which a credential of the body never expires


@dataclass(frozen=True)
class Report:
    as_of: dt.date
    holder: str | None
    credentials: tuple[CredentialResult, ...]
    problems: tuple[Problem, ...] = field(default=())
    past: tuple[CredentialResult, ...] = ()  # earlier cycles still inside the audit window
    lifetime: tuple[LifetimeResult, ...] = ()  # credentials that never expire

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]
