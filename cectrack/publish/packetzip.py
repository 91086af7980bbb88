"""A packet's ZIP: the packet as a page that opens offline, its CSV and JSON, every
certificate it names (read here, a piece at a time) and a manifest of SHA-256s.

The same packet always gives the same bytes (sorted members, each dated with the commit the
packet was built from: render/exports.py's zip_time), so two builds of one commit publish
identical files and an auditor can compare them.

Each member is written into the archive as it is made, a course or a megabyte at a time:
a career's CSV and JSON run to megabytes each, and a sealed build has no plain copy of
them to read back, so neither is ever held whole here.
"""
from __future__ import annotations

import csv
import functools
import hashlib
import io
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePath
from typing import Any, BinaryIO, Callable, Optional

from ..audit.packets import AuditPacket
from ..render.exports import write_packet_csv, write_packet_json, zip_time
from ..render.jsonstream import TextWriter
from .zipreuse import EarlierZip

_PIECE = 1 << 20  # a certificate is read a megabyte at a time
_BATCH = 1 << 16  # a CSV's cells and a JSON's pieces compressed 64 kB at a time
MANIFEST = "manifest.csv"

Write = Callable[[bytes], Any]
# A member's bytes, written through `write`; opened first (None: it cannot be read, and
# the ZIP leaves it out, as the packet's proof line says).
Opened = Callable[[Write], None]
Member = Callable[[], Optional[Opened]]


def certificate_chunks(path: PurePath) -> Iterator[bytes] | None:
    """A certificate's bytes in pieces, or None when it cannot be opened."""
    try:
        handle = open(path, "rb")
    except OSError:
        return None
    return _pieces(handle)


def _pieces(handle: BinaryIO) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(_PIECE):
            yield chunk


def _file_member(path: PurePath) -> Opened | None:
    chunks = certificate_chunks(path)
    if chunks is None:
        return None

    def send(write: Write) -> None:
        for chunk in chunks:
            write(chunk)
    return send


def _bytes_member(data: bytes) -> Opened:
    def send(write: Write) -> None:
        write(data)
    return send


def _text_member(writer: TextWriter) -> Opened:
    """A text writer's UTF-8, as it writes it (a CSV row, a JSON course at a time)."""
    def send(write: Write) -> None:
        writer(lambda text: write(text.encode("utf-8")))
    return send


def packet_zip(packet: AuditPacket) -> bytes:
    out = io.BytesIO()
    write_packet_zip(packet, out)
    return out.getvalue()


def write_packet_zip(packet: AuditPacket, target: BinaryIO,
                     page: bytes | TextWriter | None = None,
                     made: Mapping[str, bytes | Path] | None = None,
                     previous: Path | None = None) -> None:
    """The packet as a page that opens offline (`page`: its bytes, or the way to write it
    from render/packetpage.py), its CSV and JSON, every certificate it names, and a
    manifest of SHA-256s.

    `made`: the CSV and JSON (and the page) as made already, in plain, by their names in
    the ZIP (bytes or a file), copied rather than written again; the others are written
    from the packet.
    Certificates come only from rows the path policy accepted, under safe member names.
    Members go in name order, each hashed as it is written; a member that sorts after
    manifest.csv (a packet's slug after 'manifest') is read once more before it, for its
    hash.  `previous`: the packet's last ZIP, whose unchanged certificates are copied as
    they were compressed (zipreuse.py)."""
    members = _members(packet, page, made or {})
    names = sorted([*members, MANIFEST])
    listed = {}
    for name in names[names.index(MANIFEST) + 1:]:
        if (measured := _measured(members[name]())) is not None:
            listed[name] = measured
    when = zip_time(packet)
    hashes = {f"evidence/{row.published_as}": row.sha256 for row in packet.rows
              if row.evidence is not None and row.sha256 is not None}
    with EarlierZip(previous, when, hashes, MANIFEST) as earlier, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            if name == MANIFEST:
                archive.writestr(_member(name, when), _manifest(listed))
            elif (copied := earlier.copy(archive, name)) is not None:
                listed[name] = copied
            elif (copied := _copy_member(archive, _member(name, when),
                                         members[name]())) is not None:
                listed[name] = copied


def _members(packet: AuditPacket, page: bytes | TextWriter | None,
             made: Mapping[str, bytes | Path]) -> dict[str, Member]:
    """Every member but the manifest, by name, each a way to open it."""
    members: dict[str, Member] = {}
    for kind, writer in (("csv", write_packet_csv), ("json", write_packet_json)):
        name = f"{packet.slug}.{kind}"
        members[name] = (_made_member(made[name]) if name in made
                         else functools.partial(_text_member, functools.partial(writer, packet)))
    name = f"{packet.slug}.html"
    given = made.get(name, page)  # the print copy made already, where it is this page
    if isinstance(given, (bytes, Path)):
        members[name] = _made_member(given)
    elif given is not None:  # written into the ZIP as it is made
        members[name] = functools.partial(_text_member, given)
    for row in packet.rows:
        if row.evidence is not None and row.sha256 is not None:
            members[f"evidence/{row.published_as}"] = functools.partial(
                _file_member, row.evidence.path)
    return members


def _made_member(given: bytes | Path) -> Member:
    """A member made already: a file, or bytes."""
    if isinstance(given, Path):
        return functools.partial(_file_member, given)
    return functools.partial(_bytes_member, given)


def _member(name: str, when: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


class _Counted:
    """What passes through: its size and SHA-256, handed on (to `out`) in batches."""

    def __init__(self, out: Write | None = None):
        self.out, self.digest, self.size = out, hashlib.sha256(), 0
        self.batch = bytearray()

    def write(self, data: bytes) -> None:
        self.digest.update(data)
        self.size += len(data)
        if self.out is None:
            return
        if not self.batch and len(data) >= _BATCH:  # a certificate's megabyte: as it is
            self.out(data)
            return
        self.batch += data
        if len(self.batch) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        if self.out is not None and self.batch:
            self.out(bytes(self.batch))
            self.batch.clear()

    @property
    def figures(self) -> tuple[int, str]:
        return self.size, self.digest.hexdigest()


def _measured(opened: Opened | None) -> tuple[int, str] | None:
    """A member's size and SHA-256, read without writing it; None when it cannot be read."""
    if opened is None:
        return None
    counted = _Counted()
    opened(counted.write)
    return counted.figures


def _copy_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo,
                 opened: Opened | None) -> tuple[int, str] | None:
    """Write one member into the archive; its size and SHA-256 as written, or None (and
    nothing written) when it cannot be read."""
    if opened is None:
        return None
    with archive.open(member, "w") as written:
        counted = _Counted(written.write)
        opened(counted.write)
        counted.flush()
    return counted.figures


def _manifest(listed: dict[str, tuple[int, str]]) -> bytes:
    """path, bytes, sha256 of every other member, in name order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("path", "bytes", "sha256"))
    for name in sorted(listed):
        writer.writerow((name, *listed[name]))
    return out.getvalue().encode("utf-8")
