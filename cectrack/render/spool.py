"""Where the large generated files go while a site is built.

A career's status.json and packet exports run to megabytes each; held as bytes until MkDocs
writes the site they would double a build's memory.  Given a folder (the plugin makes one
per build and removes it after), each file is written there as it is made, a line or a
course at a time, and the build copies it; given none, the file is made in memory (for
`render --out` and the tests).

A file that is to be published sealed (`lock_for` gives its lock) is sealed as it is
written: no plain byte of it reaches the folder, so a build that is killed half-way leaves
nothing readable behind in the temporary folder either."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO, Callable

from ..audit.lock import Lock, SealedWriter

Writer = Callable[[Callable[[str], Any]], None]  # writes a file's text through `write`
LockFor = Callable[[str], "Lock | None"]  # the lock a published file is sealed with, if any
_BUFFER = 1 << 16  # many small writes (a CSV cell each) sealed a block at a time


def text_bytes(writer: Writer) -> bytes:
    """The UTF-8 text `writer` writes, made in memory."""
    out = io.StringIO()
    writer(out.write)
    return out.getvalue().encode("utf-8")


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


class Spool:
    def __init__(self, folder: Path | None = None, lock_for: LockFor | None = None):
        self.folder = folder
        self.lock_for = lock_for or (lambda name: None)
        self.sealed: set[str] = set()  # the names it sealed

    def text(self, name: str, writer: Writer) -> bytes | Path:
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
