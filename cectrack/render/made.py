"""What render/ makes that is not a string yet: a file to be made when publish/ asks for it.

status.json and a career's packet exports run to megabytes, and a packet's ZIP packs its
certificates: held whole they would double a build's memory, and reading a certificate is
publish/'s job, not render's.  So render hands over a file as a way to write it (Text,
Binary), one of cectrack's own packaged files (Asset) or a certificate to copy (Copy);
publish/spool.py makes each in turn, in memory or in a folder, sealed on the way where the
site says so.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, BinaryIO, Callable, Iterator, Union

TextWriter = Callable[[Callable[[str], Any]], None]  # writes a file's text through `write`
# A certificate's bytes in pieces, or None when it cannot be read (publish/ opens it).
Chunks = Callable[[PurePath], Union[Iterator[bytes], None]]


@dataclass(frozen=True)
class Text:
    """A file's UTF-8 text, written through `write` a line or a course at a time."""

    writer: TextWriter


@dataclass(frozen=True)
class Binary:
    """A file's bytes (a packet's ZIP), written into the file publish/ gives it, with the
    certificates it packs read through `chunks`."""

    writer: Callable[[BinaryIO, Chunks], None]


@dataclass(frozen=True)
class Asset:
    """One of cectrack's own files (its style sheet, its scripts), by its name under
    render/assets/: the page writers name it, publish/ finds it in the package."""

    name: str


@dataclass(frozen=True)
class Copy:
    """A certificate published as it is (a Path from audit/evidence.py, never opened here)."""

    source: PurePath


Made = Union[bytes, Text, Binary, Asset, Copy]


def text_bytes(writer: TextWriter) -> bytes:
    """The UTF-8 text `writer` writes, made in memory."""
    out = io.StringIO()
    writer(out.write)
    return out.getvalue().encode("utf-8")
