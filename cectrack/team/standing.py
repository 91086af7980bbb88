"""Read a trainer's published standing back, trusting nothing: a plain site's status.json or
the standing a private one sealed for the studio (render/statusjson.standing_to_json).

Only the keys a standing needs are read; everything else in the file (a status.json's courses)
is never looked at, so it cannot reach the team's output.  A file whose shape or figures do
not add up (remaining is not required minus earned, days left do not match the deadline, a
build dated after today) is refused with the reason: damaged, edited by hand, or not a
cectrack standing.  What is checked is that the figures agree with each other; that the
courses behind them were real is the trainer's word, as on their own dashboard.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Any

from ..engine.cycles import Cycle
from ..engine.report import SCHEMA_VERSION, STANDING_KIND, STATUSES
from ..engine.standing import Figures
from ..files.visible import printable
from ..records.fields import FIRST_DAY, LAST_DAY

MAX_CREDENTIALS = 50
MAX_PREREQUISITES = 20
MAX_TEXT = 200
MAX_FIGURE = 100_000  # credits required or earned in one cycle
CPR_ACTIVITY = "cpr_aed"


class Refused(ValueError):
    """The standing is not used; str() says why, in words."""


@dataclass(frozen=True)
class PublishedCredential:
    id: str
    name: str
    unit: str
    figures: Figures
    card_required: bool  # the renewal needs a CPR/AED card
    card_valid_until: dt.date | None
    renewed: bool = False  # another certification met the whole requirement (ACE)

    @property
    def remaining(self) -> float:
        """As the trainer's build worked it out (category minimums included), checked by
        read_standing to be at least required minus earned."""
        return self.figures.remaining


def _remaining(f: Figures, renewed: bool) -> float:
    """Required minus earned (the least a standing may say is still needed); nothing once
    a new certification met the requirement."""
    return 0.0 if renewed else round(max(0.0, f.required - f.earned), 2)


@dataclass(frozen=True)
class PublishedStanding:
    built: dt.date  # the day the trainer's site was built (its figures are as of that day)
    holder: str | None
    credentials: tuple[PublishedCredential, ...]


def parse_json(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise Refused("it is not UTF-8 text, so not a cectrack standing") from None
    except RecursionError:
        raise Refused("it is nested too deeply to be a cectrack standing") from None
    except ValueError:  # a JSON error, or an integer of thousands of digits
        raise Refused("it is not JSON (an error page, or the wrong address?)") from None


def read_standing(document: Any, today: dt.date) -> PublishedStanding:
    if not isinstance(document, dict) or "credentials" not in document:
        raise Refused("it is not a cectrack standing (no list of credentials)")
    if document.get("schema") != SCHEMA_VERSION or isinstance(document.get("schema"), bool):
        raise Refused(f"its format (schema {_shown(document.get('schema'))}) is not one this "
                      f"cectrack reads ({SCHEMA_VERSION}); update cectrack")
    if document.get("kind", STANDING_KIND) != STANDING_KIND:
        raise Refused(f"it is a '{_shown(document.get('kind'))}', not a standing")
    built = _date(document, "as_of", "the standing")
    if built > today + dt.timedelta(days=1):  # a day's grace for a build across time zones
        raise Refused(f"it says it was built on {built.isoformat()}, after today "
                      f"({today.isoformat()}): it was changed, or a clock is wrong")
    holder = document.get("holder")
    if holder is not None:
        holder = _text(document, "holder", "the standing")
    credentials = document["credentials"]
    if not isinstance(credentials, list) or len(credentials) > MAX_CREDENTIALS:
        raise Refused(f"its credentials are not a list of at most {MAX_CREDENTIALS}")
    read = tuple(_credential(item, built) for item in credentials)
    ids = [c.id for c in read]
    if len(set(ids)) != len(ids):
        raise Refused("it lists one credential twice")
    return PublishedStanding(built, holder, read)


def _credential(item: Any, built: dt.date) -> PublishedCredential:
    if not isinstance(item, dict):
        raise Refused("a credential in it is not a set of figures")
    cid = _text(item, "id", "a credential")
    what = f"{cid}'s"
    cycle = item.get("cycle")
    if not isinstance(cycle, dict):
        raise Refused(f"{what} cycle is missing")
    dates = f"{what} cycle"
    start, end = _date(cycle, "start", dates), _date(cycle, "end", dates)
    window = _date(cycle, "window_start", dates)
    grace_end = _date(cycle, "grace_end", dates) if cycle.get("grace_end") is not None else None
    earning = cycle.get("earning_in_grace", False)  # absent before it was published: lapsed
    if not isinstance(earning, bool):
        raise Refused(f"{what} earning_in_grace is not true or false")
    if not (start <= end and window <= end) or (grace_end is not None and grace_end < end):
        raise Refused(f"{what} cycle dates are out of order ({start.isoformat()} to "
                      f"{end.isoformat()}, credit from {window.isoformat()}"
                      + (f", grace to {grace_end.isoformat()})" if grace_end else ")"))
    required, earned = _figure(item, "required", what), _figure(item, "earned", what)
    remaining, met = _figure(item, "remaining", what), item.get("met")
    if not isinstance(met, bool):
        raise Refused(f"{what} met is not true or false")
    figures = Figures(required, earned, met, Cycle(start, end, window, grace_end, earning),
                      remaining)
    renewed = item.get("renewed_by") is not None  # absent before it was published
    if renewed and not met:
        raise Refused(f"its figures do not add up: {what} says a new certification met the "
                      "requirement, but not met")
    _adds_up(item, figures, remaining, built, what, renewed)
    card_required, valid_until = _card(item.get("prerequisites", []), figures, what)
    name = _text(item, "name", what) if item.get("name") is not None else cid
    unit = _text(item, "unit", what)
    return PublishedCredential(cid, name, unit, figures, card_required, valid_until, renewed)


def _adds_up(item: dict, f: Figures, remaining: float, built: dt.date, what: str,
             renewed: bool) -> None:
    """The figures agree with each other, as cectrack wrote them on the build day."""
    expected = _remaining(f, renewed)
    # More than the total leaves is what the categories' minimums still ask (not published),
    # which never ask more than the whole requirement.
    if remaining < expected - 0.005 or remaining > f.required + 0.005 \
            or (renewed and remaining > 0.005):
        raise Refused(f"its figures do not add up: {what} {f.required:g} required and "
                      f"{f.earned:g} earned leave {expected:g}, but it says {remaining:g} "
                      "still needed")
    if f.met and remaining > 0:
        raise Refused(f"its figures do not add up: {what} says met with {remaining:g} "
                      "still needed")
    days_left = item.get("days_left")
    if not isinstance(days_left, int) or isinstance(days_left, bool) \
            or days_left != (f.cycle.end - built).days:
        raise Refused(f"its figures do not add up: {what} days left ({_shown(days_left)}) "
                      f"are not the days from {built.isoformat()} to {f.cycle.end.isoformat()}")
    status = item.get("status")
    if status not in STATUSES or status != f.cycle.status_on(built, f.met):
        raise Refused(f"its figures do not add up: {what} status '{_shown(status)}' does not "
                      "follow from its figures and dates")


def _card(prerequisites: Any, f: Figures, what: str) -> tuple[bool, dt.date | None]:
    """Whether a CPR/AED card is required, and until when the recorded one is valid."""
    if not isinstance(prerequisites, list) or len(prerequisites) > MAX_PREREQUISITES:
        raise Refused(f"{what} prerequisites are not a list")
    required, valid_until = False, None
    for p in prerequisites:
        if not isinstance(p, dict) or not isinstance(p.get("met"), bool):
            raise Refused(f"{what} prerequisites are not each a set of figures")
        if f.met and not p["met"]:
            raise Refused(f"its figures do not add up: {what} says met with a prerequisite "
                          "unmet")
        # Older status.json files have no `activity`: there the id says it.
        if p.get("activity", p.get("id")) != CPR_ACTIVITY:
            continue
        required = True
        if p.get("valid_until") is not None:
            valid_until = _date(p, "valid_until", f"{what} CPR/AED card")
            if p["met"] and valid_until < f.cycle.end:
                raise Refused(f"its figures do not add up: {what} CPR/AED card is said to "
                              f"be current but expires {valid_until.isoformat()}, before the "
                              f"deadline ({f.cycle.end.isoformat()})")
    return required, valid_until


def _date(item: dict, key: str, what: str) -> dt.date:
    value = item.get(key)
    try:
        day = dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 \
            else None
    except ValueError:
        day = None
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        raise Refused(f"{what} {key} is not a date ({_shown(value)})")
    return day


def _figure(item: dict, key: str, what: str) -> float:
    value = item.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value) or not 0 <= value < MAX_FIGURE:
        raise Refused(f"{what} {key} is not a number of credits ({_shown(value)})")
    return float(value)


def _text(item: dict, key: str, what: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise Refused(f"{what} {key} is not a short text")
    return " ".join(printable(value).split())


def _shown(value: Any) -> str:
    """A value from the file, short and printable, for a reason."""
    text = printable(str(value))
    return text if len(text) <= 40 else text[:37] + "…"
