"""What render/ makes that is not a string yet: a file to be made when publish/ asks for it.

status.json and a career's packet exports run to megabytes, and a packet's ZIP packs its
certificates: held whole they would double a build's memory, and reading a certificate is
publish/'s job, not render's.  So render hands over a file as a way to write it (Text), as
what it packs (PacketZip), as one of cectrack's own packaged files (Asset) or as a
certificate to copy (Copy); publish/spool.py makes each in turn, in memory or in a folder,
sealed on the way where the site says so.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Union

from ..audit.packets import AuditPacket
from .jsonstream import TextWriter


@dataclass(frozen=True)
class Text:
    """A file's UTF-8 text, written through `write` a line or a course at a time."""

    writer: TextWriter


@dataclass(frozen=True)
class PacketZip:
    """A packet's ZIP: its page (`page` makes it: packetpage.py), CSV and JSON, and the
    certificates it names, which publish/packetzip.py reads as it packs them."""

    packet: AuditPacket
    # Written into the ZIP as it is made, a piece at a time (a career's runs to megabytes).
    page: TextWriter | None
    # What it is made from, so that a process building again after each edit (mkdocs serve)
    # takes an unchanged one back: files made before it (its CSV and JSON), by name, its
    # page, and other values.
    made_from: tuple[str, ...] = ()
    inputs: tuple = ()


@dataclass(frozen=True)
class Asset:
    """One of cectrack's own files (its style sheet, its scripts), by its name under
    render/assets/: the page writers name it, publish/ finds it in the package."""

    name: str


@dataclass(frozen=True)
class Copy:
    """A certificate published as it is (a Path from audit/evidence.py, never opened here)."""

    source: PurePath


Made = Union[bytes, Text, PacketZip, Asset, Copy]

