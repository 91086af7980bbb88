"""An audit packet as files: CSV and JSON of every course, and the date of its ZIP (the ZIP
itself, with the packet as a page of its own, the certificates and a manifest, is packed by
publish/packetzip.py, which reads the certificates).

The same packet always gives the same bytes (sorted members, each dated with the commit the
packet was built from), so two builds of one commit publish identical files and an auditor
can compare them.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from typing import Any, Callable

from ..audit.packets import AuditPacket, PacketRow
from ..files.visible import reveal
from .credentialwords import unmet_words
from .jsonstream import text_bytes, write_json
from .reasons import reason_words, reasons_words

CSV_COLUMNS = ("credential", "cycle_start", "cycle_end", "completed", "title", "provider",
               "approval", "awarded", "awarded_unit", "counted", "unit", "status", "reason",
               "evidence", "sha256", "first_recorded", "first_recorded_commit", "file", "line",
               # Added with issue 23 (at the end, so readers by position keep working):
               "activity", "provider_status", "certificate", "recorded_late_days",
               # Added with issue 22: why first_recorded is blank when git cannot tell it
               "first_recorded_unknown")


def _row(packet: AuditPacket, row: PacketRow) -> dict:
    c, e = packet.credential, row.entry
    return {
        "credential": c.id, "cycle_start": c.cycle.start.isoformat(),
        "cycle_end": c.cycle.end.isoformat(), "completed": e.completed.isoformat(),
        "title": e.title, "provider": e.provider, "approval": e.approval or "",
        "awarded": "" if e.credits is None else f"{e.credits:g}", "awarded_unit": e.unit,
        "counted": f"{row.counted:g}", "unit": c.unit,
        "status": "counted" if row.excluded is None else "not counted",
        "reason": reasons_words(row.excluded) or "", "evidence": e.evidence or "", "sha256": row.sha256 or "",
        "first_recorded": row.recorded.isoformat() if row.recorded else "",
        "first_recorded_commit": row.recorded_commit or "", "file": e.file, "line": e.line,
        "activity": e.activity, "provider_status": row.provider.kind,
        "certificate": row.proof.state,
        "recorded_late_days": "" if row.late_days is None else row.late_days,
        "first_recorded_unknown": row.recorded_unknown or "",
    }


def packet_csv(packet: AuditPacket) -> bytes:
    return text_bytes(functools.partial(write_packet_csv, packet))


def write_packet_csv(packet: AuditPacket, write: Callable[[str], Any]) -> None:
    """The packet's CSV, one course at a time, every cell as a spreadsheet shows it safely."""
    # UTF-8 with its byte-order mark: without it, Excel on Windows reads the file in the
    # system's old code page and shows "JosÃ©" for José; other spreadsheets skip the mark.
    write("\ufeff")
    writer = csv.DictWriter(_Writes(write), CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in packet.rows:
        writer.writerow({key: spreadsheet_cell(value)
                         for key, value in _row(packet, row).items()})


# A cell a spreadsheet would run as a formula (OWASP, CSV injection): it starts with = + - @,
# a tab or a carriage return.  A plain number (-2.5) is no formula and stays a number.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def spreadsheet_cell(value: object) -> object:
    """A CSV cell that shows what it holds: a would-be formula gets a leading apostrophe
    (the spreadsheet shows it as text, not its result), and a character that hides or
    reorders text is written out (\\u202e) instead of obeyed."""
    if not isinstance(value, str):
        return value
    text = reveal(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class _Writes:
    """A `write` function as the file csv.writer wants."""

    def __init__(self, write: Callable[[str], Any]):
        self.write = write


def packet_json(packet: AuditPacket) -> bytes:
    return text_bytes(functools.partial(write_packet_json, packet))


def write_packet_json(packet: AuditPacket, write: Callable[[str], Any]) -> None:
    """The packet's JSON, one course at a time."""
    c = packet.credential
    data = {
        "schema": 1, "holder": packet.holder, "credential": c.id, "name": c.name, "body": c.body,
        "unit": c.unit, "cycle": {"start": c.cycle.start.isoformat(), "end": c.cycle.end.isoformat()},
        "required": c.required, "earned": c.earned, "met": c.met, "unmet": unmet_words(c),
        "prerequisites": [{"id": p.id, "met": p.met, "detail": reason_words(p.detail_reason)} for p in c.prerequisites],
        "generated_on": packet.generated_on.isoformat(), "commit": packet.commit,
        "uncommitted_changes": packet.dirty,
        # Added with issue 23: who, the proof at a glance, and the totals by activity.
        "identity": identity_json(packet),
        "proof": {"counted": packet.proof.total, "certificates": packet.proof.present,
                  "file_missing": list(packet.proof.missing),
                  "none_recorded": list(packet.proof.none), "recorded_late": list(packet.late)},
        "activities": [{"activity": a.activity, "courses": a.courses, "counted": a.counted,
                        "caps": [cap_json(cap) for cap in a.caps]} for a in c.by_activity],
        "courses": (_row(packet, row) for row in packet.rows),
    }
    write_json(data, write)
    write("\n")


def identity_json(packet: AuditPacket) -> dict:
    """The holder as the packet shows them; the credential number is left out (the packet
    page shows it, masked or not as the site says; the exports do not choose)."""
    who = packet.identity
    day = lambda d: d.isoformat() if d else None  # noqa: E731
    return {"name": who.name, "certified_since": day(who.since), "current_expiry": day(who.expires),
            "contact": who.contact}


def cap_json(cap) -> dict:
    return {"id": cap.id, "label": cap.label, "per_item": cap.per_item, "per_year": cap.per_year,
            "per_cycle": cap.per_cycle, "used": cap.used,
            "years": [{"from": start.isoformat(), "used": used} for start, used in cap.years]}


def zip_time(packet: AuditPacket) -> tuple[int, int, int, int, int, int]:
    """Every member's date: the time of the commit the packet was built from (UTC), which
    is the same in every build of it; without a clean commit, noon of the packet's day."""
    if packet.commit_time is not None and not packet.dirty:
        when = packet.commit_time.astimezone(dt.timezone.utc)
    else:
        when = dt.datetime.combine(packet.generated_on, dt.time(12))
    return (max(when.year, 1980), when.month, when.day, when.hour, when.minute,
            when.second // 2 * 2)  # a ZIP keeps even seconds
