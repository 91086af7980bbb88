"""Entries that look like the same course recorded twice: a copied file, `add` run twice, an
import of a course already added by hand with the provider spelled another way.

Two entries are the same course when they were completed the same day and either have the
same title and provider once case, punctuation and common abbreviations are set aside
("ACSM" = "American College of Sports Medicine"), or name the same certificate for the same
credits.  (Sessions of one meeting share a certificate, on one day or several, but each has
its own title and credits: those stay apart.)  Different
`approval:` numbers mark two real courses apart.  Pure: no files, no clock.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Iterable

from ..records.model import Entry

# Words that say nothing about which course it was, and spellings of the same word.
_FILLER = {"the", "of", "and", "for", "a", "an", "in", "on", "inc", "llc", "ltd"}
_SAME_WORD = {"intl": "international", "assn": "association", "assoc": "association",
              "natl": "national", "conf": "conference", "cert": "certification",
              "cpr/aed": "cpr aed", "&": "and", "pt": "personal trainer"}
# All spellings in one pattern, longest first, each standing alone (no letter either side).
_SPELLING = re.compile("(?<![a-z])(" + "|".join(
    re.escape(short) for short in sorted(_SAME_WORD, key=len, reverse=True)) + ")(?![a-z])")
_WORD = re.compile(r"[a-z0-9]+")


@functools.lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """Lower-case words of `text`, accents, punctuation and filler removed.  (Cached: one
    provider's name is compared with many others on the same day.)"""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = _SPELLING.sub(lambda found: _SAME_WORD[found.group(1)], text)
    return tuple(w for w in _WORD.findall(text) if w not in _FILLER)


def same_provider(one: str, other: str) -> bool:
    """Equal words, or one is the other's initials ("NSCA" and "National Strength and
    Conditioning Association")."""
    a, b = words(one), words(other)
    if a == b:
        return True
    initials = lambda ws: "".join(w[0] for w in ws)  # noqa: E731
    return (len(a) == 1 and a[0] == initials(b)) or (len(b) == 1 and b[0] == initials(a))


def same_course(one: Entry, other: Entry) -> bool:
    if one.approval and other.approval and one.approval.strip() != other.approval.strip():
        return False  # two approval numbers: two courses, whatever else matches
    if one.completed != other.completed:
        return False  # sessions of one event on two days may share a certificate
    if (one.evidence and other.evidence and one.evidence.strip() == other.evidence.strip()
            and (one.credits, one.unit) == (other.credits, other.unit)):
        return True  # sessions of one meeting share a certificate but not their credits
    return words(one.title) == words(other.title) and same_provider(one.provider, other.provider)


def duplicates(entries: Iterable[Entry]) -> dict[tuple[str, int], Entry]:
    """For each entry that repeats an earlier one (in file order), that earlier entry."""
    found: dict[tuple[str, int], Entry] = {}
    by_day: dict[object, list[Entry]] = {}
    for entry in sorted(entries, key=lambda e: (e.file, e.line)):
        same_day = by_day.setdefault(entry.completed, [])
        original = next((e for e in same_day if same_course(entry, e)), None)
        if original is not None:
            found[(entry.file, entry.line)] = original
        else:
            same_day.append(entry)
    return found


def first_duplicate(entry: Entry, existing: Iterable[Entry]) -> Entry | None:
    """The existing entry that `entry` (not yet written) would repeat, if any."""
    return next((e for e in existing if same_course(entry, e)), None)
