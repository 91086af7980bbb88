"""The words for the engine's reasons (engine/reasons.py): why a course does not count, or
counts less, how a requirement came about, what is still unmet and how a card stands.  One
wording for the terminal, the pages, the exports and the JSON's text."""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from ..engine.reasons import Reason
from ..engine.standing import WithCards, card_warnings
from ..records.vocabulary import activity_label, unit_label
from ..records.words import counted, fmt, long_date, noun


def _mark(v: dict[str, Any]) -> str:
    """The mark next to a figure: the rule's source, and whether it is unconfirmed."""
    if v.get("source"):
        return f" (source {v['source']}{', unconfirmed' if v.get('unconfirmed') else ''})"
    return " (unconfirmed rule)" if v.get("unconfirmed") else ""


def _completed(v: dict[str, Any]) -> str:
    return f"completed {v['completed'].isoformat()}"


def _weighted(v: dict[str, Any]) -> str:
    limit = f" on the first {fmt(v['limit'])} a cycle" if v["limit"] is not None else ""
    return f"weighted × {fmt(v['weight'])}{limit}: {fmt(v['before'])} -> {fmt(v['after'])}" + _mark(v)


def _listed(names: list[str] | tuple[str, ...], word: str) -> str:
    """A, B or C."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"


def where_from_words(v: dict[str, Any]) -> str:
    """Where the credit still needed must come from: ", in Category 1" when categories'
    minimums ask more than the total; when some categories are full, ", from categories B,
    C or D; category A is full"; "" when any credit will do."""
    full, room = v["full"], v["room"]
    short_in = v.get("short_in") or ()  # absent from a reason made before it existed
    if short_in:  # the categories' minimums ask more than the total
        return f", in {_listed(short_in, 'and')}"
    if not full:
        return ""
    full_words = f"{noun(len(full), 'category')} {_listed(full, 'and')} " \
                 f"{'is' if len(full) == 1 else 'are'} full"
    if not room:
        return f"; {full_words}, so no more credit can count this cycle"
    if v["room_left"] is not None and v["room_left"] < v["remaining"]:
        return f"; only {v['room_left']:g} more can count, from {_listed(room, 'or')}; {full_words}"
    return f", from {noun(len(room), 'category')} {_listed(room, 'or')}; {full_words}"


def _renewal_path(v: dict[str, Any]) -> str:
    return (f"you renew by {v['label']} (`renewal_path: {v['path']}` in your profile), so "
            f"{v['body']}'s {fmt(v['usual'])} {v['unit']} are not asked: {v['about']}"
            + (f" ({v['about_note']})" if v["about_note"] else ""))


def _own_courses(v: dict[str, Any]) -> str:
    """The body's own courses, as its minimum names them: "from AFAA or NASM courses"."""
    kinds = (" or ".join(activity_label(a) + "s" for a in v["activities"])
             if v["activities"] else "courses")
    return f"from {' or '.join(v['providers'])} {kinds}"


def _span(v: dict[str, Any]) -> str:
    return f"{v['start'].isoformat()} to {v['end'].isoformat()}"


def _short(label: str, v: dict[str, Any]) -> str:
    return f"{label}: {v['earned']:g} of at least {v['min']:g} {v['unit']}"


def _card_expires(v: dict[str, Any]) -> str:
    return f"{v['label']} card expires on {long_date(v['expires'])}"


WORDS: dict[str, Callable[[dict[str, Any]], str]] = {
    # Why nothing counts.
    "counts-only-for": lambda v: f"counts only for {', '.join(v['credentials'])} (its `counts_for:`)",
    "another-bodys-activity": lambda v: (
        f"`{v['activity']}` is another body's own kind of activity; {v['body']} says nothing "
        "about it, so it earns no credit here"),
    "petition-pending": lambda v: (f"petition pending: {v['body']} reviews petitions within "
                                   f"about {v['days']} days"),
    "petition-denied": lambda v: f"petition denied by {v['body']}",
    "not-accepted": lambda v: f"{v['body']} gives no credit for a {activity_label(v['activity'])}",
    "hands-on-required": lambda v: (
        f"{v['body']} gives credit for a {activity_label(v['activity'])} only with a hands-on "
        "skills check (`hands_on: true`)"),
    "after-today": lambda v: f"{_completed(v)}, after today ({v['today'].isoformat()})",
    "before-certified": lambda v: (f"{_completed(v)}, before you were certified "
                                   f"({v['window_start'].isoformat()})"),
    "before-window": lambda v: (f"{_completed(v)}, before this cycle's credit window opened "
                                f"({v['window_start'].isoformat()})"),
    "before-cycle": lambda v: (f"{_completed(v)}, before this cycle began "
                               f"({v['window_start'].isoformat()})"),
    "after-cycle": lambda v: f"{_completed(v)}, after this cycle ended ({v['cycle_end'].isoformat()})",
    "not-yet-accepted": lambda v: (
        f"{v['body']} gives credit for a {activity_label(v['activity'])} only from "
        f"{v['earns_from'].isoformat()}"),
    "no-grade": lambda v: f"no `grade:` recorded; a grade of {v['minimum']} or better is needed",
    "pass-fail-grade": lambda v: (f"grade '{v['grade']}' is pass/fail; {v['body']} asks for a "
                                  f"grade of {v['minimum']} or better"),
    "not-a-letter-grade": lambda v: (f"grade '{v['grade']}' is not a letter grade; "
                                     f"{v['minimum']} or better is needed"),
    "grade-below": lambda v: f"grade {v['grade']} is below the {v['minimum']} needed",
    "no-credits": lambda v: (f"no `credits:` given, and {v['body']} gives a "
                             f"{activity_label(v['activity'])} no fixed value"),
    "renewal-card": lambda v: (f"the {v['label']} card {v['body']} asks for to renew: "
                               "proof, not credit (see Prerequisites)"),
    "no-conversion": lambda v: f"{v['body']} has no conversion for {unit_label(v['unit'])}",
    "days-unknown": lambda v: (f"started {v['started'].isoformat()}, after it was completed "
                               f"({v['completed'].isoformat()}): the days attended are "
                               "unknown until the dates are fixed"),
    "repeat": lambda v: f"the same course as {v['original']} (counted there)",
    "counted-in-earlier": lambda v: (
        f"counted for the cycle before ({_span(v)}), which still needed it: a credit counts "
        "in one cycle only" + _mark(v)),
    "counts-in-next": lambda v: (
        f"left for the next cycle ({_span(v)}): this one was met without it, and a credit "
        "counts in one cycle only" + _mark(v)),
    "capped": lambda v: "capped",
    # How the figure came about, and what held it back.
    "category": lambda v: f"category {v['category']}",
    "fixed-value": lambda v: (f"{v['body']} gives a fixed {fmt(v['amount'])} {v['unit']} per "
                              f"{activity_label(v['activity'])}" + _mark(v)),
    "default-credits": lambda v: (f"no credits given: {v['body']} gives {fmt(v['amount'])} "
                                  f"{v['unit']} per {activity_label(v['activity'])}" + _mark(v)),
    "converted": lambda v: (f"{fmt(v['credits'])} {unit_label(v['from_unit'], v['credits'])} × "
                            f"{fmt(v['factor'])} = {fmt(v['amount'])} {v['unit']}"
                            + (f" as tagged {v['tag']}" if v.get("tag") else "") + _mark(v)),
    "converted-hours": lambda v: (
        f"{fmt(v['credits'])} {unit_label(v['from_unit'], v['credits'])} read as "
        f"{fmt(v['hours'])} {noun(v['hours'], 'hour')}"
        + (" (unconfirmed rule)" if v["hours_unconfirmed"] else "")
        + f", × {fmt(v['factor'])} an hour = {fmt(v['amount'])} {v['unit']}"
        + (f" as tagged {v['tag']}" if v.get("tag") else "") + _mark(v)),
    "per-day": lambda v: (f"{v['days']} {'day' if v['days'] == 1 else 'days'} × "
                          f"{fmt(v['per_day'])} {v['unit']} a day of a "
                          f"{activity_label(v['activity'])}"
                          + (f" tagged {v['tag']}" if v.get("tag") else "")
                          + f" = {fmt(v['amount'])} {v['unit']}" + _mark(v)),
    "rounded": lambda v: (f"rounded down to a multiple of {fmt(v['step'])}: {fmt(v['before'])} "
                          f"-> {fmt(v['after'])}" + _mark(v)),
    "weighted": _weighted,
    "service-years": lambda v: (f"{fmt(v['amount'])} {v['unit']} for each of {v['years']} "
                                "service year(s) inside the cycle"),
    "cap": lambda v: f"above the cap for {v['label']}: at most {fmt(v['max'])} per {v['per']}" + _mark(v),
    "category-max": lambda v: (f"above the category {v['category']} maximum of {fmt(v['max'])}: "
                               f"{fmt(v['ignored'])} ignored" + _mark(v)),
    "grace-period": lambda v: (f"earned in the grace period (after {v['cycle_end'].isoformat()}): "
                               "a late fee applies"),
    # How the requirement came about.
    "prorated": lambda v: (f"prorated: certified {v['since'].isoformat()}, {v['months']} months "
                           f"into the cycle, so {fmt(v['required'])} {v['unit']} instead of "
                           f"{fmt(v['usual'])}"),
    "prorated-unpublished": lambda v: (
        f"certified {v['since'].isoformat()}, {v['months']} months into the cycle: {v['body']} "
        "prorates the requirement, but the amount is not published, so the full "
        f"{fmt(v['usual'])} {v['unit']} is shown (unconfirmed)"),
    "renewal-path": _renewal_path,
    "first-renewal": lambda v: (
        "first renewal" + (f", renewing by {v['by'].isoformat()}" if v["by"] else "")
        + f": {fmt(v['required'])} {v['unit']} instead of {fmt(v['usual'])}"),
    "first-renewal-late": lambda v: (
        f"first renewal after the expiry date ({v['cycle_end'].isoformat()}): the full "
        f"{fmt(v['usual'])} {v['unit']}; renewed on time it would have been {fmt(v['required'])}"),
    "renewed-by-new": lambda v: (
        f"met by earning {v['credential']} on {v['since'].isoformat()}: another {v['body']} "
        f"certification meets this cycle's whole {fmt(v['required'])} {v['unit']}"),
    "shared-total": lambda v: (
        f"{fmt(v['required'])} {v['unit']}: {v['body']} asks for one total for all its "
        f"credentials you hold ({v['policy'].replace('_', ' ')})"
        + (f", counted as for {v['counted_as']}" if v["counted_as"] else "")),
    # A prerequisite: what is missing, or until when its card is valid.
    "no-card": lambda v: f"no {v['label']} card recorded",
    "hands-on-card": lambda v: (f"{v['body']} needs a {v['label']} course with a hands-on "
                                "skills check (`hands_on: true`)"),
    "card-undated": lambda v: f"the {v['label']} card has no `expires:` date",
    "card-gap": lambda v: (f"not held from {v['start'].isoformat()} to {v['end'].isoformat()}: "
                           "it must be held throughout the period (record every card, expired "
                           "ones too)"),
    "card-valid": lambda v: f"valid until {v['expires'].isoformat()}",
    "card-expired-in-grace": lambda v: (
        f"expired {v['expires'].isoformat()}, in the grace period: a late renewal needs a card "
        f"valid on the day you renew (renew it by {v['grace_end'].isoformat()})"),
    "card-expires-early": lambda v: (
        f"{'expired' if v['expired'] else 'expires'} {v['expires'].isoformat()}, before the "
        f"cycle ends ({v['cycle_end'].isoformat()})"),
    "hours-in-cycle": lambda v: f"{v['hours']:g} of {v['needed']:g} hours in this cycle",
    # What still stands between the holder and renewal.
    "credit-needed": lambda v: f"{v['remaining']:g} {v['unit']} still needed{where_from_words(v)}",
    "prerequisite": lambda v: f"{v['label']}: {reason_words(v['detail'])}",
    "category-short": lambda v: _short(v["label"], v),
    "own-courses-short": lambda v: _short(_own_courses(v), v),
    "few-categories": lambda v: (f"credit from {counted(v['categories'], 'category')}; at least "
                                 f"{v['min']} needed"),
    # A card to renew before the credential can be.
    "card-expired": lambda v: (f"{v['label']} card expired on {long_date(v['expires'])}: "
                               "renew it to renew"),
    "card-expires-before-deadline": lambda v: (
        f"{_card_expires(v)}, before the deadline ({long_date(v['deadline'])}): renew it to "
        "renew on time"),
    "card-expires-in-grace": lambda v: (
        f"{_card_expires(v)}, inside the grace period (to {long_date(v['grace_end'])}): current "
        "at the deadline, but renew it first if you renew late"),
}


def reason_words(reason: Reason) -> str:
    return WORDS[reason.code](reason.of)


def words(reason: Reason | None) -> str:
    """A single reason's words, or "" for none (a requirement with no note)."""
    return "" if reason is None else reason_words(reason)


def prerequisite_warnings(c: WithCards, today: dt.date) -> list[str]:
    """The cards to renew before the credential can be, as of `today`."""
    return [reason_words(r) for r in card_warnings(c, today)]


def reasons_words(reasons: tuple[Reason, ...] | None) -> str | None:
    """Several reasons as one line ("above the cap for …; above the category …")."""
    return None if reasons is None else "; ".join(reason_words(r) for r in reasons)
