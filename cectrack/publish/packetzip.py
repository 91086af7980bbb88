"""A packet's ZIP: the packet as a page that opens offline, its CSV and JSON, every
certificate it names (read here, a piece at a time) and a manifest of SHA-256s.

The same packet always gives the same bytes (sorted members, each dated with the commit the
packet was built from: render/exports.py's zip_time), so two builds of one commit publish
identical files and an auditor can compare them.
"""
from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import PurePath
from typing import BinaryIO

from ..audit.packets import AuditPacket
from ..render.exports import packet_csv, packet_json, zip_time

_PIECE = 1 << 20  # a certificate is read a megabyte at a time


def certificate_chunks(path: PurePath) -> Iterator[bytes] | None:
    """A certificate's bytes in pieces, or None when it cannot be opened (the ZIP then
    leaves it out, as the packet's proof line says)."""
    try:
        handle = open(path, "rb")
    except OSError:
        return None
    return _pieces(handle)


def _pieces(handle: BinaryIO) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(_PIECE):
            yield chunk


def packet_zip(packet: AuditPacket) -> bytes:
    out = io.BytesIO()
    write_packet_zip(packet, out)
    return out.getvalue()


def write_packet_zip(packet: AuditPacket, target: BinaryIO, page: bytes | None = None) -> None:
    """The packet as a page that opens offline (`page`, made by render/packetpage.py), its
    CSV and JSON, every certificate it names, and a manifest of SHA-256s.

    Certificates come only from rows the path policy accepted, under safe member names.
    Members go in name order; each certificate is read once, in pieces, and hashed as it
    is written, so a packet of large PDFs is never held in memory (they all sort before
    manifest.csv, whose hashes are then known)."""
    exports = {f"{packet.slug}.csv": packet_csv(packet), f"{packet.slug}.json": packet_json(packet)}
    if page is not None:
        exports[f"{packet.slug}.html"] = page
    when = zip_time(packet)
    certificates = {f"evidence/{row.published_as}": row.evidence.path for row in packet.rows
                    if row.evidence is not None and row.sha256 is not None}
    names = sorted([*exports, *certificates, "manifest.csv"])
    listed: dict[str, tuple[int, str]] = {name: (len(data), hashlib.sha256(data).hexdigest())
                                          for name, data in exports.items()}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            if name == "manifest.csv":
                archive.writestr(_member(name, when), _manifest(listed))
            elif name in exports:
                archive.writestr(_member(name, when), exports[name])
            elif (copied := _copy_member(archive, _member(name, when),
                                         certificate_chunks(certificates[name]))) is not None:
                listed[name] = copied


def _member(name: str, when: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _copy_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo,
                 pieces: Iterator[bytes] | None) -> tuple[int, str] | None:
    """Copy one certificate into the archive; its size and SHA-256 as written, or None
    (and nothing written) when it cannot be read."""
    if pieces is None:
        return None
    digest, size = hashlib.sha256(), 0
    with archive.open(member, "w") as written:
        for chunk in pieces:
            digest.update(chunk)
            size += len(chunk)
            written.write(chunk)
    return size, digest.hexdigest()


def _manifest(listed: dict[str, tuple[int, str]]) -> bytes:
    """path, bytes, sha256 of every other member, in name order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("path", "bytes", "sha256"))
    for name in sorted(listed):
        writer.writerow((name, *listed[name]))
    return out.getvalue().encode("utf-8")
