"""A credit inside two cycles' windows counts in one of them (NCCPA: CME from 1 May of a
cycle's last year may count for that cycle or the next).

Where the rule says `earlier_first`, the earlier cycle keeps the overlapping courses it still
needs to be met, earliest first, and leaves the rest to the next cycle.  Pure: the caller
gives the evaluation, so this module knows nothing of how a cycle is counted.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..records.model import Entry
from ..rules.model import CycleRule
from .cycles import Cycle
from .reasons import Reason, reason

Key = tuple[str, int]  # (file, line): an entry's place
# Whether the earlier cycle is met when the given entries are counted elsewhere.
MetWithout = Callable[[dict[Key, Reason]], bool]


def last_earning_day(cycle: Cycle) -> dt.date:
    """The last day credit earned counts for `cycle`: its grace period's end where credit
    may still be earned then, else its deadline."""
    return cycle.grace_end if cycle.earning_in_grace and cycle.grace_end else cycle.end


def shared_entries(earlier: Cycle, later: Cycle, entries: tuple[Entry, ...]) -> list[Entry]:
    """The entries both cycles' windows hold, in date order."""
    first = max(earlier.window_start, later.window_start)
    last = min(last_earning_day(earlier), later.end)
    return sorted((e for e in entries if first <= e.completed <= last),
                  key=lambda e: (e.completed, e.file, e.line))


def split_overlap(rule: CycleRule, earlier: Cycle, later: Cycle, entries: tuple[Entry, ...],
                  met_without: MetWithout) -> tuple[dict[Key, Reason], dict[Key, Reason]]:
    """(what the later cycle leaves out: kept by the earlier; what the earlier cycle leaves
    out: left to the later), each entry's place with its reason.  Both empty where the rule
    lets a credit count in each cycle, or the windows do not overlap."""
    if rule.overlap is None or rule.overlap.value != "earlier_first":
        return {}, {}
    shared = shared_entries(earlier, later, entries)
    if not shared:
        return {}, {}
    mark = {"unconfirmed": rule.overlap.unconfirmed, "source": rule.overlap.source}
    to_next = reason("counts-in-next", start=later.start, end=later.end, **mark)
    kept = reason("counted-in-earlier", start=earlier.start, end=earlier.end, **mark)

    def leaving(count: int) -> dict[Key, Reason]:  # the earlier keeps the first `count`
        return {(e.file, e.line): to_next for e in shared[count:]}

    # The fewest shared courses (earliest first) with which the earlier cycle is met; more
    # credit never unmeets a cycle, so a binary search finds it.
    low, high = 0, len(shared)
    if not met_without(leaving(high)):
        low = high  # short even with all of them: it keeps them all
    while low < high:
        middle = (low + high) // 2
        if met_without(leaving(middle)):
            high = middle
        else:
            low = middle + 1
    return {(e.file, e.line): kept for e in shared[:low]}, leaving(low)
