"""An audit packet as files: CSV and JSON of every course, and a ZIP with the certificates.

The same packet always gives the same bytes (sorted members, fixed timestamps), so two
builds of one commit publish identical files and an auditor can compare them.
"""
from __future__ import annotations

import csv
import functools
import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any, BinaryIO, Callable

from ..audit.packets import AuditPacket, PacketRow
from .jsonstream import write_json
from .spool import text_bytes

CSV_COLUMNS = ("credential", "cycle_start", "cycle_end", "completed", "title", "provider",
               "approval", "awarded", "awarded_unit", "counted", "unit", "status", "reason",
               "evidence", "sha256", "first_recorded", "first_recorded_commit", "file", "line",
               # Added with issue 23 (at the end, so readers by position keep working):
               "activity", "provider_status", "certificate", "recorded_late_days")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a ZIP can say: no build time leaks in


def _row(packet: AuditPacket, row: PacketRow) -> dict:
    c, e = packet.credential, row.entry
    return {
        "credential": c.id, "cycle_start": c.cycle.start.isoformat(),
        "cycle_end": c.cycle.end.isoformat(), "completed": e.completed.isoformat(),
        "title": e.title, "provider": e.provider, "approval": e.approval or "",
        "awarded": "" if e.credits is None else f"{e.credits:g}", "awarded_unit": e.unit,
        "counted": f"{row.counted:g}", "unit": c.unit,
        "status": "counted" if row.excluded is None else "not counted",
        "reason": row.excluded or "", "evidence": e.evidence or "", "sha256": row.sha256 or "",
        "first_recorded": row.recorded.isoformat() if row.recorded else "",
        "first_recorded_commit": row.recorded_commit or "", "file": e.file, "line": e.line,
        "activity": e.activity, "provider_status": row.provider.kind,
        "certificate": row.proof.state,
        "recorded_late_days": "" if row.late_days is None else row.late_days,
    }


def packet_csv(packet: AuditPacket) -> bytes:
    return text_bytes(functools.partial(write_packet_csv, packet))


def write_packet_csv(packet: AuditPacket, write: Callable[[str], Any]) -> None:
    """The packet's CSV, one course at a time."""
    writer = csv.DictWriter(_Writes(write), CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in packet.rows:
        writer.writerow(_row(packet, row))


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
        "required": c.required, "earned": c.earned, "met": c.met, "unmet": c.unmet,
        "prerequisites": [{"id": p.id, "met": p.met, "detail": p.detail} for p in c.prerequisites],
        "generated_on": packet.generated_on.isoformat(), "commit": packet.commit,
        "uncommitted_changes": packet.dirty,
        "courses": (_row(packet, row) for row in packet.rows),
    }
    write_json(data, write)
    write("\n")


def packet_zip(packet: AuditPacket) -> bytes:
    out = io.BytesIO()
    write_packet_zip(packet, out)
    return out.getvalue()


def write_packet_zip(packet: AuditPacket, target: BinaryIO) -> None:
    """The packet's CSV and JSON, every certificate it names, and a manifest of SHA-256s.

    Certificates come only from rows the path policy accepted, under safe member names.
    Members go in name order; each certificate is read once, in pieces, and hashed as it
    is written, so a packet of large PDFs is never held in memory (they all sort before
    manifest.csv, whose hashes are then known)."""
    exports = {f"{packet.slug}.csv": packet_csv(packet), f"{packet.slug}.json": packet_json(packet)}
    certificates = {f"evidence/{row.published_as}": row.evidence.path for row in packet.rows
                    if row.evidence is not None and row.sha256 is not None}
    names = sorted([*exports, *certificates, "manifest.csv"])
    listed: dict[str, tuple[int, str]] = {name: (len(data), hashlib.sha256(data).hexdigest())
                                          for name, data in exports.items()}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            if name == "manifest.csv":
                archive.writestr(_member(name), _manifest(listed))
            elif name in exports:
                archive.writestr(_member(name), exports[name])
            elif (copied := _copy_member(archive, name, certificates[name])) is not None:
                listed[name] = copied


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _copy_member(archive: zipfile.ZipFile, name: str, path: Path) -> tuple[int, str] | None:
    """Copy one certificate into the archive; its size and SHA-256 as written, or None
    (and nothing written) when it cannot be read."""
    try:
        source = open(path, "rb")
    except OSError:
        return None
    digest, size = hashlib.sha256(), 0
    with source, archive.open(_member(name), "w") as member:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
            member.write(chunk)
    return size, digest.hexdigest()


def _manifest(listed: dict[str, tuple[int, str]]) -> bytes:
    """path, bytes, sha256 of every other member, in name order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("path", "bytes", "sha256"))
    for name in sorted(listed):
        writer.writerow((name, *listed[name]))
    return out.getvalue().encode("utf-8")
