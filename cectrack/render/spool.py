"""Where the large generated files go while a site is built.

A career's status.json and packet exports run to megabytes each; held as bytes until MkDocs
writes the site they would double a build's memory.  Given a folder (the plugin makes one
per build and removes it after), each file is written there as it is made, a line or a
course at a time, and the build copies it; given none, the file is made in memory (for
`render --out` and the tests)."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO, Callable

Writer = Callable[[Callable[[str], Any]], None]  # writes a file's text through `write`


def text_bytes(writer: Writer) -> bytes:
    """The UTF-8 text `writer` writes, made in memory."""
    out = io.StringIO()
    writer(out.write)
    return out.getvalue().encode("utf-8")


class Spool:
    def __init__(self, folder: Path | None = None):
        self.folder = folder

    def text(self, name: str, writer: Writer) -> bytes | Path:
        """The UTF-8 text `writer` writes, as bytes or as the file `name` in the folder."""
        if self.folder is None:
            return text_bytes(writer)
        path = self.folder / name  # cectrack's own names (slugs, fixed paths), never the user's
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as handle:  # "\r\n" stays as written
            writer(handle.write)
        return path

    def binary(self, name: str, writer: Callable[[BinaryIO], None]) -> bytes | Path:
        """The bytes `writer` writes into the file it is given (a ZIP), in memory or as
        the file `name` in the folder."""
        if self.folder is None:
            out = io.BytesIO()
            writer(out)
            return out.getvalue()
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            writer(handle)
        return path
