"""How numbers and dates are written for people, everywhere the same."""
from __future__ import annotations

import datetime as dt


def fmt(amount: float) -> str:
    """A credit amount as people write it: 7.5, 45, 0.25."""
    return f"{round(amount, 2):g}"


def long_date(day: dt.date | None) -> str:
    """28 November 2026."""
    return f"{day.day} {day:%B %Y}" if day else "—"
