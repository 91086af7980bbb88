"""calendar.ics: every deadline of a report (or a whole team's), with alarms 90, 30 and 7 days
before.  The same report gives the same bytes (no build time inside)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..engine.report import Report
from ..files.visible import reveal
from ..records.words import fmt
from .credentialwords import figure_words

ALARM_DAYS = (90, 30, 7)


@dataclass(frozen=True)
class Deadline:
    uid: str
    day: dt.date
    summary: str
    description: str


def deadlines(report: Report) -> list[Deadline]:
    """Every date the holder must not miss: cycle ends, grace ends, card expiries."""
    found: dict[str, Deadline] = {}
    for c in report.credentials:
        still = f"; {fmt(c.remaining)} {c.unit} still needed" if c.remaining > 0 else ""
        found[f"{c.id}-cycle-end"] = Deadline(
            f"{c.id.lower()}-cycle-end-{c.cycle.end.isoformat()}@cectrack", c.cycle.end,
            f"{c.id}: renewal deadline",
            f"{c.id} cycle {c.cycle.start.isoformat()} to {c.cycle.end.isoformat()}: "
            f"{figure_words(c)} as of {report.as_of.isoformat()}{still}")
        if c.cycle.grace_end:
            found[f"{c.id}-grace-end"] = Deadline(
                f"{c.id.lower()}-grace-end-{c.cycle.grace_end.isoformat()}@cectrack",
                c.cycle.grace_end, f"{c.id}: grace period ends",
                f"Last day to renew {c.id} with a late fee")
        for p in c.prerequisites:
            if p.card is not None and p.card.expires is not None:
                key = f"card-{p.card.file}-{p.card.line}"
                found[key] = Deadline(
                    f"{p.id}-{p.card.expires.isoformat()}@cectrack", p.card.expires,
                    f"{p.label} card expires", f"{p.card.title} ({p.card.provider})")
    return sorted(found.values(), key=lambda d: (d.day, d.uid))


# Every line break a text may hold (CR LF, a lone CR, NEL, the Unicode line and paragraph
# separators, vertical tab, form feed): each becomes the \\n escape the calendar's TEXT
# values use, so no value can end its property line and start one of its own.
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")


def ics_text(value: str) -> str:
    """A TEXT value for the feed: line breaks as \\n (icalendar escapes \\n, ; , and \\),
    the characters that hide or reorder text written out, other controls dropped."""
    return reveal(_CONTROL.sub("", _LINE_BREAK.sub("\n", value)))


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def calendar_ics(report: Report) -> bytes:
    return calendar_of(f"Continuing education: {report.holder or 'deadlines'}",
                       deadlines(report), report.as_of)


def calendar_of(name: str, found: list[Deadline], as_of: dt.date) -> bytes:
    """An iCalendar feed of `found`, each an all-day event with its alarms (a holder's
    deadlines, or a whole team's)."""
    import icalendar  # a tenth of a second to load: only the site and render need it

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//cectrack//continuing education deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", icalendar.vText(ics_text(name)))  # not escaped by its name
    stamp = dt.datetime.combine(as_of, dt.time(0, 0), tzinfo=dt.timezone.utc)
    for deadline in found:
        event = icalendar.Event()
        event.add("uid", ics_text(deadline.uid))
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.day)
        event.add("dtend", deadline.day + dt.timedelta(days=1))
        summary = ics_text(deadline.summary)
        event.add("summary", summary)
        event.add("description", ics_text(deadline.description))
        for days in ALARM_DAYS:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{summary} in {days} days")
            alarm.add("trigger", dt.timedelta(days=-days))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
