"""Where the large generated files go while a site is built.

A career's status.json and packet exports run to megabytes each; held as bytes until MkDocs
writes the site they would double a build's memory.  Given a folder (the plugin makes one
per build and removes it after), each file is written there as it is made, a line or a
course at a time, and the build copies it; given none, the file is made in memory (for
`render --out` and the tests).  render/ hands each over as a way to make it (render/made.py);
this module makes it (packetzip.py packs a packet's ZIP).

A file that is to be published sealed (`lock_for` gives its lock) is sealed as it is
written: no plain byte of it reaches the folder, so a build that is killed half-way leaves
nothing readable behind in the temporary folder either."""
from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Callable, Protocol

from ..audit.lock import Lock, SealedWriter
from ..render.jsonstream import TextWriter, text_bytes
from ..render.made import Asset, Copy, Made, PacketZip, Text
from .packetzip import write_packet_zip
from .project import asset_file

LockFor = Callable[[str], "Lock | None"]  # the lock a published file is sealed with, if any
_BUFFER = 1 << 16  # many small writes (a CSV cell each) sealed a block at a time


class _Sealing(io.RawIOBase):
    """A binary file that seals what is written to it (not seekable: zipfile then writes
    each member's sizes after it, as it does into a pipe)."""

    def __init__(self, lock: Lock, out: Callable[[bytes], Any]):
        super().__init__()
        self._sealed = SealedWriter(lock, out)
        self._buffer = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]  # bytes only: our writers
        self._buffer += data
        if len(self._buffer) >= _BUFFER:
            self._sealed.write(self._buffer)
            self._buffer.clear()
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._sealed.write(self._buffer)
            self._sealed.close()
        super().close()


class KeptFiles(Protocol):
    """Files made by an earlier build of the same process (`mkdocs serve`), each under what
    it was made from: a file whose inputs are the same is taken back, not made again."""

    def reuse(self, name: str, inputs: tuple) -> bytes | Path | None: ...
    def keep(self, name: str, inputs: tuple, made: bytes | Path) -> bytes | Path: ...  # kept
    def last(self, name: str) -> Path | None: ...  # the file kept last under `name`


class Spool:
    def __init__(self, folder: Path | None = None, lock_for: LockFor | None = None,
                 kept: KeptFiles | None = None):
        self.folder = folder
        self.lock_for = lock_for or (lambda name: None)
        self.kept = kept
        self.sealed: set[str] = set()  # the names it sealed

    def files(self, made: Mapping[str, Made]) -> dict[str, bytes | Path]:
        """Every file made in turn, as bytes or as a file to copy (the large ones written to
        the folder one at a time, never all held at once)."""
        done: dict[str, bytes | Path] = {}
        for name, content in made.items():
            done[name] = self.made(name, content, done)
        return done

    def made(self, name: str, content: Made,
             done: Mapping[str, bytes | Path] | None = None) -> bytes | Path:
        """One file made; `done`: those made before it (what a kept ZIP is compared on)."""
        if isinstance(content, Text):
            return self.text(name, content.writer)
        if isinstance(content, PacketZip):
            return self._packet_zip(name, content, done or {})
        if isinstance(content, Asset):
            return asset_file(content)
        if isinstance(content, Copy):
            return Path(content.source)
        return content

    def _packet_zip(self, name: str, content: PacketZip,
                    done: Mapping[str, bytes | Path]) -> bytes | Path:
        """A packet's ZIP, taken back from an earlier build when what it is made from did
        not change; a sealed one is always made again (each sealing differs).  Its CSV and
        JSON (and its page, where the print copy is that page) are copied from the files
        made before it where those are plain."""
        plain = {PurePosixPath(other).name: done[other] for other in content.made_from
                 if other in done and other not in self.sealed}  # by their names in the ZIP
        made_page = f"{content.packet.slug}.html" in plain  # its print copy, the same page
        writer = content.page if not made_page else None

        def make(page: bytes | TextWriter | None, previous: Path | None = None) -> bytes | Path:
            return self.binary(name, lambda handle: write_packet_zip(
                content.packet, handle, page=page, made=plain, previous=previous))
        if self.kept is None or self.lock_for(name) is not None:
            return make(writer)  # the page written into the ZIP as it is made
        # The page made whole, to compare with what the last build's ZIP was made from.
        page = text_bytes(writer) if writer is not None else None
        inputs = (*(done[other] for other in content.made_from), page, *content.inputs)
        found = self.kept.reuse(name, inputs)
        if found is None:  # its unchanged certificates copied from the last one
            found = self.kept.keep(name, inputs, make(page, self.kept.last(name)))
        return found

    def text(self, name: str, writer: TextWriter) -> bytes | Path:
        """The UTF-8 text `writer` writes, as bytes or as the file `name` in the folder."""
        lock = self.lock_for(name)
        if lock is not None:
            return self.binary(name, lambda handle: writer(
                lambda text: handle.write(text.encode("utf-8"))))
        if self.folder is None:
            return text_bytes(writer)
        path = self._path(name)
        with open(path, "w", encoding="utf-8", newline="") as handle:  # "\r\n" stays as written
            writer(handle.write)
        return path

    def binary(self, name: str, writer: Callable[[BinaryIO], None]) -> bytes | Path:
        """The bytes `writer` writes into the file it is given (a ZIP), in memory or as
        the file `name` in the folder; sealed on the way when `name` is to be sealed."""
        lock = self.lock_for(name)
        if lock is not None:
            self.sealed.add(name)
        if self.folder is None:
            out = io.BytesIO()
            self._write(out, lock, writer)
            return out.getvalue()
        path = self._path(name)
        with open(path, "wb") as handle:
            self._write(handle, lock, writer)
        return path

    @staticmethod
    def _write(handle: BinaryIO, lock: Lock | None, writer: Callable[[BinaryIO], None]) -> None:
        if lock is None:
            writer(handle)
            return
        sealing = _Sealing(lock, handle.write)
        try:
            # _Sealing is a binary file (io.RawIOBase) that zipfile writes to, not a BinaryIO.
            writer(sealing)  # type: ignore[arg-type]
        finally:
            sealing.close()

    def _path(self, name: str) -> Path:
        assert self.folder is not None, "asked only when the spool writes to a folder"
        path = self.folder / name  # cectrack's own names (slugs, fixed paths), never the user's
        path.parent.mkdir(parents=True, exist_ok=True)
        return path
