"""Courses that count for none of the holder's credentials, and why (for `cectrack check`).

A course can be valid and still add nothing: an activity the body does not credit, a
`counts_for:` naming a credential not held, a grade below the minimum.  The credential
pages say so per credential; this gathers, per course, the reasons from every credential,
so the terminal can say it once.  Courses that are simply history (before every cycle the
report looks at) and those another check already reports (a repeat, a future date) are
left out: they are not surprises.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..records.model import Entry
from .reasons import Reason
from .report import EntryResult, Report

# Reasons that another problem already reports (a repeat, a future date).
_SAID_ELSEWHERE = {"repeat", "after-today"}


@dataclass(frozen=True)
class Uncounted:
    entry: Entry
    reasons: tuple[tuple[str, tuple[Reason, ...]], ...]  # (credential id, why not there)


def uncounted_courses(report: Report) -> list[Uncounted]:
    """Every course inside a cycle the report looks at that counts for none of them."""
    results = report.credentials + report.past
    if not results:
        return []
    earliest = min(r.cycle.window_start for r in results)
    cards = {(p.card.file, p.card.line) for r in results for p in r.prerequisites if p.card}
    rows: dict[tuple[str, int], list[tuple[str, EntryResult]]] = {}
    for result in results:
        for row in result.entries:
            if row.entry.completed >= earliest:  # a long career's history is left out first
                rows.setdefault((row.entry.file, row.entry.line), []).append((result.id, row))
    found = []
    for key, seen in rows.items():
        entry = seen[0][1].entry
        # A row with no reason is a course worth nothing by itself (a card, credits: 0).
        if any(row.counted > 0 or row.excluded is None for _, row in seen) or key in cards:
            continue
        # Every row here is excluded (none counts), so each has its reasons.
        reasons = tuple(dict.fromkeys((cid, row.excluded or ()) for cid, row in seen))
        if any(r.code in _SAID_ELSEWHERE for _, why in reasons for r in why):
            continue
        found.append(Uncounted(entry, reasons))
    return sorted(found, key=lambda u: (u.entry.file, u.entry.line))
