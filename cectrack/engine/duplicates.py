"""Entries that look like the same course recorded twice: a copied file, `add` run twice, an
import of a course already added by hand with the provider spelled another way.

Two entries are the same course when they were completed the same day and either have the
same title and provider once case, punctuation and common abbreviations are set aside
("ACSM" = "American College of Sports Medicine" = "ACSM (American College of Sports
Medicine)"; "NSCA, Inc." = "NSCA"), or name the same certificate for the same
credits.  (Sessions of one meeting share a certificate, on one day or several, but each has
its own title and credits: those stay apart.)  Different
`approval:` numbers mark two real courses apart.  Pure: no files, no clock.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Iterable, Iterator

from ..files.visible import as_latin
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
    """Lower-case words of `text`, accents, punctuation and filler removed, a Cyrillic or
    Greek letter that passes for a Latin one read as that letter.  (Cached: one provider's
    name is compared with many others on the same day.)"""
    text = unicodedata.normalize("NFKD", as_latin(text)).encode("ascii", "ignore").decode().lower()
    text = _SPELLING.sub(lambda found: _SAME_WORD[found.group(1)], text)
    return tuple(w for w in _WORD.findall(text) if w not in _FILLER)


# Words that end a company's name and say nothing about which one it is ("NSCA, Inc.").
_LEGAL = {"co", "corp", "corporation", "incorporated", "limited", "plc", "llp", "lp", "pllc",
          "pc", "pty", "gmbh"}
_DOTTED = re.compile(r"(?<![A-Za-z0-9])((?:[A-Za-z]\.){2,})")  # N.S.C.A. -> NSCA


def _initials(ws: tuple[str, ...]) -> str:
    return "".join(w[0] for w in ws)


@functools.lru_cache(maxsize=4096)
def provider_names(name: str) -> tuple[str | None, tuple[str, ...] | None]:
    """The acronym and the spelt-out words a provider is written with, as people write them:
    "NSCA" (acronym only), "National Strength and Conditioning Association" (words only),
    "NASM - National Academy of Sports Medicine" and "AFAA (Athletics and Fitness Association
    of America)" (both: an acronym that is the other words' initials, before or after them).
    Case, punctuation, dotted letters (N.S.C.A.) and legal suffixes (Inc., LLC, Corp.) aside."""
    ws = words(_DOTTED.sub(lambda found: found.group(1).replace(".", ""), name))
    while len(ws) > 1 and ws[-1] in _LEGAL:
        ws = ws[:-1]
    if len(ws) == 1:
        return ws[0], None
    if len(ws) > 2 and ws[0] == _initials(ws[1:]):
        return ws[0], ws[1:]
    if len(ws) > 2 and ws[-1] == _initials(ws[:-1]):
        return ws[-1], ws[:-1]
    return None, ws


Slot = str | tuple[str, str]  # "any", "none" or ("number", an approval number)
Key = tuple[object, ...]  # what same_course() compares, as one hashable value
ProviderKey = tuple[str, str | tuple[str, ...]]  # ("acronym", "NSCA"), ("words", (…)), …


@functools.lru_cache(maxsize=4096)
def provider_keys(name: str) -> tuple[frozenset[ProviderKey], frozenset[ProviderKey]]:
    """The names a provider is known by (`own`) and the names it answers to (`seek`): two
    providers are the same when one's `seek` meets the other's `own`.  They are when their
    spelt-out words are equal, their acronyms are, or one's acronym is the other's initials
    ("NSCA", "NSCA, Inc." and "National Strength and Conditioning Association").  Written as
    keys, not as a comparison, so a tracker's entries are matched by looking them up
    (linear) rather than by comparing every pair of one day (quadratic)."""
    acronym, spelt = provider_names(name)
    own: set[ProviderKey] = set()
    seek: set[ProviderKey] = set()
    if spelt is not None:
        own |= {("words", spelt), ("initials", _initials(spelt))}
        seek |= {("words", spelt), ("acronym", _initials(spelt))}
    if acronym is not None:
        own.add(("acronym", acronym))
        seek |= {("acronym", acronym), ("initials", acronym)}
    return frozenset(own), frozenset(seek)


def same_provider(one: str, other: str) -> bool:
    """The same spelt-out words, the same acronym, or one's acronym the other's initials
    (provider_names: "AFAA", "AFAA (Athletics and Fitness Association of America)")."""
    return not provider_keys(one)[1].isdisjoint(provider_keys(other)[0])


def same_course(one: Entry, other: Entry) -> bool:
    if one.approval and other.approval and one.approval.strip() != other.approval.strip():
        return False  # two approval numbers: two courses, whatever else matches
    if one.completed != other.completed:
        return False  # sessions of one event on two days may share a certificate
    if (one.evidence and other.evidence and one.evidence.strip() == other.evidence.strip()
            and (one.credits, one.unit) == (other.credits, other.unit)):
        return True  # sessions of one meeting share a certificate but not their credits
    # The provider first: a few dozen providers, their keys cached, tell most pairs apart
    # without the words of two titles (10,000 courses over ten years: 0.012 s of 0.024).
    return same_provider(one.provider, other.provider) and words(one.title) == words(other.title)


class CourseIndex:
    """The entries added so far, to find the first one a new entry repeats.  A day with a
    few courses (nearly every day) is searched by comparing; a day with many (an import of
    one conference, a generated tracker) is looked up by what same_course() compares, so a
    search costs a few dictionary look-ups however many courses share the day, the title or
    the provider.  Either way find() answers exactly what the first same_course() match in
    the order of add() is (tests/test_duplicates.py compares them on generated entries)."""

    _FEW = 8  # courses of one day compared one by one; beyond, looked up

    def __init__(self) -> None:
        self._days: dict[object, list[tuple[int, Entry]] | None] = {}  # None: looked up
        self._first: dict[Key, tuple[int, Entry]] = {}  # key -> earliest entry added
        self._added = 0

    def add(self, entry: Entry) -> None:
        day = self._days.setdefault(entry.completed, [])
        if day is not None and len(day) < self._FEW:
            day.append((self._added, entry))
        else:
            for earlier in day or ():
                self._file(*earlier)
            self._days[entry.completed] = None
            self._file(self._added, entry)
        self._added += 1

    def find(self, entry: Entry) -> Entry | None:
        if entry.completed not in self._days:
            return None
        day = self._days[entry.completed]
        if day is not None:
            return next((e for _, e in day if same_course(entry, e)), None)
        found = [self._first[key] for key in _keys(entry, _seek_slots(entry), own=False)
                 if key in self._first]
        return min(found, key=lambda pair: pair[0])[1] if found else None

    def _file(self, order: int, entry: Entry) -> None:
        for key in _keys(entry, _own_slots(entry), own=True):
            self._first.setdefault(key, (order, entry))


def _keys(entry: Entry, slots: tuple[Slot, ...], own: bool) -> Iterator[Key]:
    """What same_course() compares, as keys: an entry is filed under its `own` keys and
    finds the entries it repeats under its seeking keys."""
    day = entry.completed
    if entry.evidence:
        for slot in slots:
            yield ("evidence", day, entry.evidence.strip(), entry.credits, entry.unit, slot)
    title = words(entry.title)
    for name in provider_keys(entry.provider)[0 if own else 1]:
        for slot in slots:
            yield ("title", day, title, name, slot)


# Approval numbers: an entry with a number matches one with the same number or none; an
# entry without one matches any.  Each entry is filed under "any" and under its own number
# (or "none"), and looks in the slots it may match.
def _own_slots(entry: Entry) -> tuple[Slot, ...]:
    return ("any", ("number", entry.approval.strip()) if entry.approval else "none")


def _seek_slots(entry: Entry) -> tuple[Slot, ...]:
    return (("number", entry.approval.strip()), "none") if entry.approval else ("any",)


def duplicates(entries: Iterable[Entry]) -> dict[tuple[str, int], Entry]:
    """For each entry that repeats an earlier one (in file order), that earlier entry."""
    found: dict[tuple[str, int], Entry] = {}
    index = CourseIndex()
    for entry in sorted(entries, key=lambda e: (e.file, e.line)):
        original = index.find(entry)
        if original is not None:
            found[(entry.file, entry.line)] = original
        else:
            index.add(entry)
    return found


def first_duplicate(entry: Entry, existing: Iterable[Entry]) -> Entry | None:
    """The existing entry that `entry` (not yet written) would repeat, if any."""
    return next((e for e in existing if same_course(entry, e)), None)
