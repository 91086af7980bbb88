"""The words for the engine's reasons (engine/reasons.py): why a course does not count, or
counts less.  One wording for the terminal, the pages, the exports and the JSON's text."""
from __future__ import annotations

from typing import Any, Callable

from ..engine.reasons import Reason
from ..records.vocabulary import activity_label, unit_label
from ..records.words import fmt


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
    "no-conversion": lambda v: f"{v['body']} has no conversion for {unit_label(v['unit'])}",
    "repeat": lambda v: f"the same course as {v['original']} (counted there)",
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
}


def reason_words(reason: Reason) -> str:
    return WORDS[reason.code](reason.of)


def reasons_words(reasons: tuple[Reason, ...] | None) -> str | None:
    """Several reasons as one line ("above the cap for …; above the category …")."""
    return None if reasons is None else "; ".join(reason_words(r) for r in reasons)
