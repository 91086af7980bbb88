"""The dashboard's Renew block: where to renew, what it costs, and the numbers to type.

The address and fees are the rule file's `renewal:` facts, each shown with how sure it is
and where it was read; the numbers are the report's (the packet's "For the renewal form"
section lists the same ones).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from ..engine.report import CategoryResult, CredentialResult
from ..records.vocabulary import unit_label
from ..records.words import fmt, long_date
from ..rules.model import Fact, RuleSet
from .markup import html_attribute, safe_url

MARK_WORDS = {"C": "confirmed", "T": "third party", "U": "unconfirmed", "user": "your rule"}


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    fact: Fact | None = None  # the rule it comes from, shown with its mark


def fee_rows(c: CredentialResult, rules: RuleSet) -> list[Row]:
    """The fee, the late fee (with the grace period's dates) and what reinstatement needs."""
    renewal = rules.renewal
    if renewal is None:
        return []
    rows = []
    fee = renewal.fee_of(c.id)
    rows.append(Row("Fee", fee.value, fee) if fee else
                Row("Fee", f"not in cectrack's {rules.body} rules: see the renewal page"))
    grace_end = c.cycle.grace_end
    if renewal.late_fee is not None:
        when = (f"renewing from {long_date(c.cycle.end + dt.timedelta(days=1))} "
                f"to {long_date(grace_end)}" if grace_end else "renewing late")
        rows.append(Row("Late fee", f"{renewal.late_fee.value}, {when}", renewal.late_fee))
    if renewal.reinstatement is not None:
        after = long_date(grace_end or c.cycle.end)
        rows.append(Row(f"After {after}", renewal.reinstatement.value, renewal.reinstatement))
    return rows


def _category_row(k: CategoryResult) -> str:
    """"Category A (Attendance)"; NCCPA's 1, labelled "Category 1", once: "Category 1"."""
    name = f"Category {k.id}"
    return f"{name} ({k.label})" if k.label and k.label not in (k.id, name) else name


def form_rows(c: CredentialResult) -> list[Row]:
    """The figures a renewal form asks: credit earned in the cycle (and per category), and
    each card the renewal needs."""
    unit = unit_label(c.unit, 2)
    rows = [Row(f"{unit} earned, {long_date(c.cycle.window_start)} to {long_date(c.cycle.end)}",
                fmt(c.earned))]
    rows += [Row(_category_row(k), f"{fmt(k.earned)} {unit}")
             for k in c.categories if k.earned > 0]
    for p in c.prerequisites:
        if p.card is not None:
            expires = long_date(p.card.expires) if p.card.expires else "no expiry recorded"
            rows.append(Row(f"{p.label} card", f"{p.card.provider}, completed "
                                               f"{long_date(p.card.completed)}, expires {expires}"))
    return rows


def mark(fact: Fact | None, rules: RuleSet) -> Markup:
    """(confirmed: Recertification) with the source linked; unconfirmed in bold."""
    if fact is None:
        return Markup("")
    words = MARK_WORDS[fact.confidence]
    words_html = f"<strong>{words}</strong>" if fact.unconfirmed else words
    source = rules.sources.get(fact.source) if fact.source else None
    link = (f': <a href="{html_attribute(safe_url(source.url))}">{html_attribute(source.title)}</a>'
            if source else "")
    note = f"; {html_attribute(fact.note)}" if fact.note else ""
    return Markup(f'<small class="cectrack-mark">({words_html}{link}{note})</small>')
