"""A packet's certificates copied from its last ZIP as they were compressed.

`mkdocs serve` makes a packet's ZIP again after each edit to one of its courses, and a ZIP
holds every certificate of the packet: read and compressed again, a career's scans (a
thousand of a few hundred kB) took seconds per edit, for one changed line of a CSV.  A
certificate whose SHA-256 is the one the last ZIP's manifest lists, dated the same, is
the same member byte for byte (the same name, date and bytes, compressed the same way):
its stored bytes are copied from the last ZIP instead.

zipfile has no call that adds a member compressed already: the member's local header and
data are written where the archive is, and its entry added to the archive's list for the
central directory, as zipfile does for the members it writes itself.  Only members stored
as packetzip.py writes them (deflated, no data descriptor, no extra field) are copied;
anything unexpected (no last ZIP, one unreadable, a zipfile that keeps its state
otherwise) leaves every member to be written afresh.
"""
from __future__ import annotations

import copy
import csv
import io
import struct
import zipfile
from pathlib import Path
from typing import BinaryIO

_LOCAL_HEADER = 30  # a member's local header before its name and extra field
_DESCRIPTOR = 0x08  # the flag of a member whose sizes follow its data
_PIECE = 1 << 20  # copied a megabyte at a time
_WRITER_STATE = ("fp", "start_dir", "filelist", "NameToInfo", "_didModify")  # zipfile's own

Figures = tuple[int, str]  # a member's size and SHA-256, as the manifest lists them


class EarlierZip:
    """The last ZIP of a packet, open while the new one is written (a context manager)."""

    def __init__(self, path: Path | None, when: tuple[int, ...], hashes: dict[str, str],
                 manifest: str):
        self.path, self.when, self.hashes, self.manifest = path, when, hashes, manifest
        self.handle: BinaryIO | None = None
        self.entries: dict[str, tuple[zipfile.ZipInfo, Figures]] = {}

    def __enter__(self) -> EarlierZip:
        if self.path is None or not self.hashes:
            return self
        try:
            self.handle = open(self.path, "rb")
            with zipfile.ZipFile(self.handle) as reader:
                listed = _listed(reader.read(self.manifest))
                infos = reader.infolist()
        except (OSError, zipfile.BadZipFile, KeyError, ValueError):
            return self
        for info in infos:
            if self._same(info, listed.get(info.filename)):
                self.entries[info.filename] = (info, listed[info.filename])
        return self

    def _same(self, info: zipfile.ZipInfo, figures: Figures | None) -> bool:
        return (figures is not None and figures[1] == self.hashes.get(info.filename)
                and info.date_time == self.when and not info.extra
                and not info.flag_bits & _DESCRIPTOR
                and info.compress_type == zipfile.ZIP_DEFLATED)

    def __exit__(self, *exc) -> None:
        if self.handle is not None:
            self.handle.close()

    def copy(self, archive: zipfile.ZipFile, name: str) -> Figures | None:
        """The member `name` copied into `archive` as it was stored; its size and SHA-256,
        or None when it is to be written afresh."""
        found = self.entries.get(name)
        if found is None or self.handle is None or not all(
                hasattr(archive, state) for state in _WRITER_STATE):
            return None
        old, figures = found
        self.handle.seek(old.header_offset)
        header = self.handle.read(_LOCAL_HEADER)
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        info = copy.copy(old)
        out = archive.fp
        assert out is not None, "the archive is open for writing"
        info.header_offset = out.tell()
        out.write(header)
        left = name_length + extra_length + old.compress_size
        while left > 0 and (chunk := self.handle.read(min(left, _PIECE))):
            out.write(chunk)
            left -= len(chunk)
        archive.start_dir = out.tell()  # zipfile's own state, as it keeps it
        archive.filelist.append(info)
        archive.NameToInfo[info.filename] = info
        archive._didModify = True  # type: ignore[attr-defined]
        return figures


def _listed(manifest: bytes) -> dict[str, Figures]:
    """A manifest's rows: path -> (bytes, sha256)."""
    rows = csv.reader(io.StringIO(manifest.decode("utf-8"), newline=""))
    next(rows, None)
    return {path: (int(size), digest) for path, size, digest in rows}
