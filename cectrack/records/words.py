"""How numbers and dates are written for people, everywhere the same."""
from __future__ import annotations

import datetime as dt


def fmt(amount: float) -> str:
    """A credit amount as people write it: 7.5, 45, 0.25."""
    return f"{round(amount, 2):g}"


_PLURALS = {"entry": "entries", "category": "categories"}


def noun(count: float, word: str) -> str:
    """The word for `count` of it: 1 day, 2 days; 1 entry, 3 entries (the last word of a
    phrase: 2 unconfirmed rules)."""
    if count == 1:
        return word
    head, _, last = word.rpartition(" ")
    return (head + " " if head else "") + _PLURALS.get(last, last + "s")


def counted(count: float, word: str) -> str:
    """`count` and its word: "1 day", "3 entries", "0 warnings"."""
    return f"{fmt(count)} {noun(count, word)}"


def long_date(day: dt.date | None) -> str:
    """28 November 2026."""
    return f"{day.day} {day:%B %Y}" if day else "—"


def plain_value(value: object) -> object:
    """A rule's value as people read it: yes/no, 28 November 2026, 7.5; text as it is."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return long_date(value)
    if isinstance(value, (int, float)):
        return fmt(value)
    return value
