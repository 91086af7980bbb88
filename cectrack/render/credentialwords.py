"""A credential's standing in words: what is unmet, where the credit can still come from, the
figure against the requirement.  The engine gives each as codes
and values (engine/reasons.py); render/reasons.py words them, one way for every surface."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Mapping, Protocol

from ..engine.reasons import Reason
from ..records.words import counted, fmt
from ..rules.model import CategoryRule, Fact, PathRule, holders
from .reasons import reason_words, where_from_words


class CredentialResult(Protocol):
    """What the words read of an engine/report.py CredentialResult (not imported: the
    pages, the calendar and the terminal that word it stand one floor above the report)."""

    @property
    def earned(self) -> float: ...
    @property
    def required(self) -> float: ...
    @property
    def unit(self) -> str: ...
    @property
    def renewal_path(self) -> PathRule | None: ...
    @property
    def renewed_by(self) -> tuple[str, dt.date] | None: ...
    @property
    def unmet_reasons(self) -> tuple[Reason, ...]: ...
    @property
    def shortfalls(self) -> tuple[Reason, ...]: ...
    @property
    def still_needed(self) -> Reason | None: ...


class LifetimeResult(Protocol):
    @property
    def since(self) -> dt.date: ...
    @property
    def rule(self) -> Fact: ...
    @property
    def body(self) -> str: ...


def unmet_words(c: CredentialResult) -> list[str]:
    """What still stands between the holder and renewal, in plain words."""
    return [reason_words(r) for r in c.unmet_reasons]


def shortfall_words(c: CredentialResult) -> list[str]:
    """What the categories still ask (a minimum, credit from several), in plain words."""
    return [reason_words(r) for r in c.shortfalls]


def card_shortfall_words(c: CredentialResult, categories: Mapping[str, CategoryRule]) -> list[str]:
    """The dashboard card's short list: each short category that sits in no other, and how
    many inside it are short too; the credential page lists them all.  An NREMT-EMT with
    little credit reads two components and one line for the topics, not fourteen lines."""
    lines: dict[tuple[str, str], str] = {}  # (category, id) or (other, n): no id collides
    inside: Counter[str] = Counter()
    for short in c.shortfalls:
        cid = short.of.get("category", "") if short.code == "category-short" else ""
        chain = holders(cid, categories)
        if len(chain) > 1:
            inside[chain[-1]] += 1
        else:
            lines[("category", cid) if chain else ("other", str(len(lines)))] = \
                reason_words(short)
    for outer, number in inside.items():
        parts = f"{counted(number, 'part')} of it short"
        listed = "(listed on the credential page)"
        key = ("category", outer)
        lines[key] = (f"{lines[key]}; {parts} too {listed}" if key in lines
                      else f"{categories[outer].label}: {parts} {listed}")
    return list(lines.values())


def is_code(k) -> bool:
    """Whether a category's id is a body's short code (NSCA's A, CSEP's C-1), said as it is;
    a longer id (NREMT's `post_resuscitation`) is said by its label."""
    return len(k.id) <= 3 or not k.label


def category_name(k) -> str:
    """A category as a packet names it: a body's short code as its category ("Category A",
    "Category C-1"), a longer id by its label (NREMT's `national`: "National component")."""
    return f"Category {k.id}" if is_code(k) else k.label


def where_from(c: CredentialResult) -> str:
    """", from categories B, C or D; category A is full", or "" when any credit will do."""
    needed = c.still_needed
    return "" if needed is None else where_from_words(needed.of)


def figure_words(c: CredentialResult) -> str:
    """The credit against the requirement: '0.3 of 2 ACE-CEC', or, where a new
    certification met it, '2 ACE-CEC met by a new certification (ACE-GFI, earned
    2026-02-15)'."""
    if c.renewal_path is not None:
        return f"no CE total asked: you renew by {c.renewal_path.label}"
    if c.renewed_by is None:
        return f"{fmt(c.earned)} of {fmt(c.required)} {c.unit}"
    other, day = c.renewed_by
    return f"{fmt(c.required)} {c.unit} met by a new certification ({other}, earned {day.isoformat()})"


def lifetime_words(c: LifetimeResult) -> str:
    return (f"does not expire: first earned {c.since.isoformat()}, before "
            f"{c.rule.value.isoformat()} ({c.body}); nothing to earn")
