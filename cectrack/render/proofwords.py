"""The proof and activity data of audit/proof.py and engine/report.py in plain words, once,
for every page that shows them (the audit packet, the credential page): "Proof: 9 of 11
certificates; #7 file missing, #9 none recorded", "at most 5 a year: 5 of 5 in 2025"."""
from __future__ import annotations

import datetime as dt
import re

from markupsafe import Markup

from ..audit.proof import ProofTally, ProviderStatus
from ..engine.report import CapUse
from ..records.words import counted, fmt
from .markup import html_prose


def numbers(found: tuple[int, ...], most: int | None = None) -> str:
    """#2; #2 and #5; #2, #5 and #7; with `most`, no more numbers than that: #2, #5 and
    2,140 more (a long packet's gaps, which its rows and table of years show)."""
    marks = [f"#{n}" for n in found]
    if most is not None and len(marks) > most:
        return f"{', '.join(marks[:most])} and {len(marks) - most:,} more"
    return marks[0] if len(marks) == 1 else f"{', '.join(marks[:-1])} and {marks[-1]}"


def proof_line(tally: ProofTally, most: int | None = None) -> str:
    """One line on the certificates of a list of courses, the gaps by number (no more
    than `most` of each kind, when given)."""
    if tally.total == 0:
        return "Proof: no course counted yet"
    if tally.complete:
        return ("Proof: the certificate of the course" if tally.total == 1 else
                f"Proof: a certificate for each of the {tally.total} courses")
    gaps = [f"{numbers(tally.missing, most)} file missing"] if tally.missing else []
    gaps += [f"{numbers(tally.none, most)} none recorded"] if tally.none else []
    return f"Proof: {tally.present} of {counted(tally.total, 'certificate')}; {', '.join(gaps)}"


def year_label(start: dt.date) -> str:
    """A cycle year: 2025 when it is a calendar year, else the year from its first day."""
    if (start.month, start.day) == (1, 1):
        return str(start.year)
    return f"the year from {start.day} {start:%B %Y}"


def cap_limits(cap: CapUse) -> str:
    """at most 5 a year; at most 8 a year and 24 a cycle; at most 2 per course."""
    parts = [f"{fmt(v)} {per}" for v, per in ((cap.per_item, "per course"),
                                               (cap.per_year, "a year"),
                                               (cap.per_cycle, "a cycle")) if v is not None]
    return "at most " + " and ".join(parts)


def cap_used(cap: CapUse) -> str:
    """What the cycle used of a cap: "5 of 5 in 2025", "8 of 24 this cycle", "none used"."""
    per_year = cap.per_year  # `years` are listed only for a cap with a yearly limit
    used = [f"{fmt(amount)} of {fmt(per_year)} in {year_label(start)}"
            for start, amount in cap.years if amount > 0 and per_year is not None]
    if cap.per_cycle is not None and cap.used > 0:
        used.append(f"{fmt(cap.used)} of {fmt(cap.per_cycle)} this cycle")
    if not used and cap.used > 0:
        used.append(f"{fmt(cap.used)} used")
    return "; ".join(used) or "none used"


def cap_text(cap: CapUse) -> str:
    """CPR/AED and first aid: at most 5 a year; 5 of 5 in 2025."""
    return f"{cap.label}: {cap_limits(cap)}; {cap_used(cap)}"


def provider_text(status: ProviderStatus, body: str) -> str:
    """The provider's standing with the body as the record shows it; an approval number is
    given as recorded (cectrack cannot look it up in the body's list)."""
    if status.kind == "body":
        return f"{body}'s own course"
    if status.kind == "petition":
        return f"approved by {body} on petition"
    if status.kind == "approval":
        return f"approval number {status.approval} (as recorded)"
    return "no approval number recorded"


def late_text(days: int) -> str:
    """recorded 10 months after it was completed; recorded 2 years after …"""
    months = round(days / 30.44)
    if months < 24:
        span = counted(max(months, 1), "month")
    else:
        span = counted(days // 365, "year")
    return f"first recorded {span} after it was completed"


_UNCONFIRMED = re.compile(r" \(unconfirmed rule\)| \(source ([^,()]+), unconfirmed\)")


def marked(note: str) -> Markup:
    """A how-it-was-counted note with one mark, †, where it rests on a figure the body does
    not publish (explained once under "Conversions applied"), instead of the words each time."""
    text = html_prose(note)
    return Markup(_UNCONFIRMED.sub(lambda m: f" (source {m.group(1)})†" if m.group(1) else "†",
                                   str(text)))
