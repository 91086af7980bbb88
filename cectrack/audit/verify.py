"""`cectrack verify PACKET.zip [CERTIFICATE …]`: check a downloaded audit bundle offline.

The ZIP holds the packet's CSV, JSON and page, the certificates and `manifest.csv` (path,
bytes, SHA-256 of every other member).  This recomputes each member's SHA-256 and size, says
which match, which changed, which are missing and which are not listed, and checks that every
certificate hash the packet's JSON lists is in the bundle.  Given certificates too, it says
instead which course of the packet each file is the certificate of (by its SHA-256).

The bundle comes from someone else, so it is read as hostile: nothing is extracted to disk;
members are read a megabyte at a time with their sizes, their compression ratio and the
whole bundle's expansion bounded (a ZIP bomb is refused before a byte is inflated); a
damaged member (bad CRC, encrypted, an unknown compression method, cut short) is named, not
a crash; a name that would land outside the folder it is extracted to, or that appears
twice, refuses the bundle; every name is shown with its control and invisible characters
escaped, so no name can forge a line of the report.  The answer is "all files match" only
for a bundle with a manifest that lists files.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from ..files.visible import HIDDEN_OR_CONTROL, reveal

MAX_MEMBERS = 20_000
MAX_MEMBER_BYTES = 8 * 2**30  # a scanned certificate is megabytes; 8 GB is no certificate
MAX_TOTAL_BYTES = 32 * 2**30
MAX_RATIO = 200  # a PDF or an image deflates to less than 20:1; 1000:1 is filler (a bomb)
RATIO_FROM = 2**20  # small members may compress further (a text file of spaces)
MAX_TEXT_BYTES = 32 * 2**20  # the manifest and the packet's CSV or JSON
MAX_PARTS = 20  # folders deep in a member's name
MANIFEST = "manifest.csv"
SEALED = b'{"v": 1, "kdf": '
_CHUNK = 1 << 20


class BadBundle(Exception):
    """The file is not an audit bundle cectrack can check; the message says why."""


# --- Showing what the bundle names ------------------------------------------------------------

def shown(text: str) -> str:
    """`text` as one line of plain characters: each control or hidden one (a bidirectional
    override, a zero-width space, a line separator, a tag) written out as \\x1b, \\u202e."""
    return reveal(text, HIDDEN_OR_CONTROL)


# --- Opening what the auditor gave ------------------------------------------------------------

def _open_file(path: Path, what: str) -> BinaryIO:
    """A regular file opened for reading; a FIFO, a device or a folder is refused without
    being read (open() on a FIFO would wait for a writer forever)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as err:
        raise BadBundle(f"cannot open {what} {shown(str(path))}: {err.strerror}") from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        kind = "a folder" if stat.S_ISDIR(mode) else "a pipe, device or socket"
        raise BadBundle(f"{shown(str(path))} is {kind}, not a file; give the downloaded file")
    os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "rb")


def _archive(handle: BinaryIO, name: str) -> zipfile.ZipFile:
    head = handle.read(len(SEALED))
    handle.seek(0)
    if head == SEALED:
        raise BadBundle(f"{name} is the packet's ZIP still sealed: open the packet's page with "
                        "the password, download the ZIP from there (it is opened in your "
                        "browser), and check that file")
    try:
        return zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise BadBundle(f"{name} is not a readable ZIP file ({shown(str(err))})") from None


# --- The members: names, sizes, content -------------------------------------------------------

def _members(archive: zipfile.ZipFile, name: str, size: int) -> dict[str, zipfile.ZipInfo]:
    """The bundle's files by name, once each name and its sizes are checked."""
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > MAX_MEMBERS:
        raise BadBundle(f"{name} holds more than {MAX_MEMBERS:,} files")
    found: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        if (why := _unsafe_name(info.filename)) is not None:
            raise BadBundle(f"{name} holds a file named '{shown(info.filename)}', {why}; a "
                            "bundle cectrack wrote never does")
        if info.filename in found:
            raise BadBundle(f"{name} holds two files named '{shown(info.filename)}'; a ZIP "
                            "reader may show either one")
        found[info.filename] = info
    _check_expansion(infos, name, size)
    return found


def _unsafe_name(member: str) -> str | None:
    parts = re.split(r"[/\\]", member)
    if member.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", member):
        return "an absolute path"
    if ".." in parts:
        return "which leads out of the folder it is extracted to"
    if HIDDEN_OR_CONTROL.search(member):
        return "with control or invisible characters in it"
    if len(parts) > MAX_PARTS:
        return f"more than {MAX_PARTS} folders deep"
    return None


def _check_expansion(infos: list[zipfile.ZipInfo], name: str, size: int) -> None:
    """Refuse a ZIP bomb from the sizes the archive declares, before inflating anything
    (what a member really inflates to is held to what it declares as it is read)."""
    total = 0
    for info in infos:
        if info.file_size > MAX_MEMBER_BYTES:
            raise BadBundle(f"{shown(info.filename)} in {name} would be larger than "
                            f"{MAX_MEMBER_BYTES // 2**30} GB")
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BadBundle(f"{shown(info.filename)} in {name} would inflate "
                            f"{info.file_size // max(info.compress_size, 1):,} times; no "
                            "certificate does: it looks made to fill memory or disk (a ZIP bomb)")
        total += info.file_size
    if total > MAX_TOTAL_BYTES or total > MAX_RATIO * size + RATIO_FROM:
        raise BadBundle(f"{name} would inflate to {total:,} bytes from {size:,}: it looks made "
                        "to fill memory or disk (a ZIP bomb)")


class Damaged(Exception):
    """A member that cannot be read; `reason` says how."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _digest(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[str, int]:
    """A member's SHA-256 and size, read a megabyte at a time; Damaged when it cannot be."""
    if info.flag_bits & 0x1:
        raise Damaged("encrypted, so it cannot be checked")
    digest, size = hashlib.sha256(), 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                digest.update(chunk)
    except NotImplementedError:
        raise Damaged(f"compressed by a method cectrack does not read ({info.compress_type})") \
            from None
    except Exception as err:  # noqa: BLE001 (bad CRC, cut short, zlib, lzma, bz2, struct…)
        raise Damaged(f"damaged ({shown(str(err)) or type(err).__name__})") from None
    return digest.hexdigest(), size


def _text(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    """A small text member (the manifest, the packet's JSON), whole."""
    if info.file_size > MAX_TEXT_BYTES:
        raise Damaged(f"larger than {MAX_TEXT_BYTES // 2**20} MB, which no packet's list is")
    _digest(archive, info)  # the CRC and the method checked first, in bounded memory
    try:
        return archive.read(info).decode("utf-8")
    except UnicodeDecodeError:
        raise Damaged("not UTF-8 text") from None


# --- The manifest ----------------------------------------------------------------------------

_SHA256 = re.compile(r"[0-9a-f]{64}")


def read_manifest(text: str) -> dict[str, tuple[int, str]]:
    """{path: (bytes, sha256)} from manifest.csv; BadBundle for any other shape."""
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as err:
        raise BadBundle(f"{MANIFEST} is not a readable CSV ({shown(str(err))})") from None
    if not rows or rows[0] != ["path", "bytes", "sha256"]:
        raise BadBundle(f"{MANIFEST} does not start with the columns path, bytes, sha256")
    listed: dict[str, tuple[int, str]] = {}
    for number, row in enumerate(rows[1:], 2):
        if not row:
            continue
        if len(row) != 3 or not row[1].isdigit() or len(row[1]) > 15 \
                or not _SHA256.fullmatch(row[2].lower()) or _unsafe_name(row[0]) or not row[0]:
            raise BadBundle(f"{MANIFEST} line {number} is not a path, a size in bytes and a "
                            f"SHA-256: '{shown(','.join(row))[:120]}'")
        if row[0] in listed:
            raise BadBundle(f"{MANIFEST} lists '{shown(row[0])}' twice")
        listed[row[0]] = (int(row[1]), row[2].lower())
    if not listed:
        raise BadBundle(f"{MANIFEST} lists no file: there is nothing to check")
    return listed


# --- The bundle ------------------------------------------------------------------------------

def verify_bundle(path: Path) -> tuple[list[str], bool]:
    """Lines to print, and whether everything matches."""
    with _open_file(path, "the bundle") as handle:
        size = os.fstat(handle.fileno()).st_size
        head = handle.read(len(SEALED))
        handle.seek(0)
        if not head.startswith(b"PK") and head != SEALED:
            raise BadBundle(not_a_zip(shown(path.name)))
        with _archive(handle, shown(path.name)) as archive:
            return _verify(archive, shown(path.name), size)


def not_a_zip(name: str) -> str:
    """Given alone, the file must be the packet's ZIP: a CSV or JSON comes with certificates."""
    return (f"{name} is not a readable ZIP file: given alone, verify expects the packet's .zip "
            "(downloaded from its page) to check against the manifest inside it\n    hint: a "
            "packet's CSV or JSON is checked with the certificates to find in it: cectrack "
            f"verify {name} CERTIFICATE.pdf …")


def _contents(archive: zipfile.ZipFile, name: str, size: int):
    """The bundle's members by name, and what its manifest lists; BadBundle if it is none."""
    infos = _members(archive, name, size)
    if MANIFEST not in infos:
        raise BadBundle(f"{name} has no {MANIFEST}: it is not a cectrack audit bundle")
    try:
        return infos, read_manifest(_text(archive, infos[MANIFEST]))
    except Damaged as err:
        raise BadBundle(f"{MANIFEST} in {name} is {err.reason}") from None


def _verify(archive: zipfile.ZipFile, name: str, size: int) -> tuple[list[str], bool]:
    infos, listed = _contents(archive, name, size)
    lines: list[str] = []
    hashes: dict[str, str] = {}  # the SHA-256 of each member read -> its name
    ok = _check_present(archive, infos, listed, lines, hashes)
    missing = {member: listed[member] for member in sorted(listed) if member not in infos}
    extras = sorted(set(infos) - set(listed) - {MANIFEST})
    ok &= _missing_or_renamed(archive, infos, missing, extras, lines, hashes)
    # A certificate missing from the bundle was said above; its course is not said again.
    said = {expected for _size, expected in missing.values()}
    ok &= _courses_have_certificates(archive, infos, hashes, lines, said)
    lines.append(f"all {len(listed)} files match the manifest" if ok
                 else "the bundle does NOT match its manifest")
    return lines, ok


def _check_present(archive, infos, listed, lines: list[str], hashes: dict[str, str]) -> bool:
    """Each member the manifest lists and the bundle holds, against its SHA-256 and size."""
    ok = True
    for member, (expected_size, expected) in sorted(listed.items()):
        if member not in infos:
            continue
        try:
            actual, actual_size = _digest(archive, infos[member])
        except Damaged as err:
            lines.append(f"DAMAGED  {shown(member)}: {err.reason}")
            ok = False
            continue
        hashes[actual] = member
        if (actual, actual_size) != (expected, expected_size):
            lines.append(f"CHANGED  {shown(member)}: SHA-256 {actual} ({actual_size} bytes), the "
                         f"manifest says {expected} ({expected_size} bytes)")
            ok = False
        else:
            lines.append(f"ok       {shown(member)}")
    return ok


def _missing_or_renamed(archive, infos, missing: dict[str, tuple[int, str]], extras: list[str],
                        lines: list[str], hashes: dict[str, str]) -> bool:
    """Members listed and absent, members present and unlisted: a pair with the same content
    is one file renamed, said once as such (not as missing, extra and a certificate missing).
    Removes the renamed ones from `missing`; whether there was none of the three."""
    by_content = {content: member for member, content in missing.items()}
    unexplained = []
    for member in extras:
        try:
            actual, actual_size = _digest(archive, infos[member])
        except Damaged:
            actual, actual_size = "", -1
        old = by_content.pop((actual_size, actual), None)
        if old is None:
            unexplained.append(member)
            continue
        lines.append(f"RENAMED  {shown(old)}: in the bundle as '{shown(member)}', the same "
                     "SHA-256; the manifest lists it by its first name")
        hashes[actual] = member
        del missing[old]
    for member in missing:
        lines.append(f"MISSING  {shown(member)}: listed in the manifest, not in the bundle")
    for member in unexplained:
        lines.append(f"EXTRA    {shown(member)}: in the bundle, not listed in the manifest")
    return not extras and not missing


def _courses_have_certificates(archive, infos, hashes, lines, said: set[str]) -> bool:
    """Each certificate hash the packet's JSON gives must be a file of the bundle (those
    `said` missing already are not said twice, but still fail)."""
    ok = True
    for name in (n for n in infos if n.endswith(".json") and "/" not in n):
        try:
            courses = packet_courses(_text(archive, infos[name]))
        except (Damaged, BadBundle) as err:
            lines.append(f"CHANGED  {shown(name)}: {getattr(err, 'reason', err)}")
            ok = False
            continue
        for course in courses:
            sha = str(course.get("sha256") or "").lower()
            if _SHA256.fullmatch(sha) and course.get("status") == "counted" and sha not in hashes:
                ok = False
                if sha not in said:
                    lines.append(f"MISSING  certificate of "
                                 f"'{shown(str(course.get('title')))[:200]}' "
                                 f"(SHA-256 {shown(sha)[:64]})")
    return ok


def packet_courses(text: str) -> list[dict]:
    """The courses of a packet's JSON, each a dict; BadBundle when it is no packet."""
    try:
        packet = json.loads(text)
    except RecursionError:
        raise BadBundle("nested deeper than any packet: not a packet's JSON") from None
    except ValueError:
        raise BadBundle("not readable JSON") from None
    courses = packet.get("courses") if isinstance(packet, dict) else None
    if not isinstance(courses, list):
        raise BadBundle("not a packet's JSON (no list of courses)")
    return [course for course in courses if isinstance(course, dict)]


# --- Single certificates ----------------------------------------------------------------------

@dataclass(frozen=True)
class Listed:
    """A certificate as the packet lists it."""

    sha256: str
    name: str  # its file name in the packet
    course: str  # which course, in words


def verify_certificates(packet: Path, files: list[Path]) -> tuple[list[str], bool]:
    """Each file checked against the certificates `packet` lists (its ZIP, manifest.csv,
    or its CSV or JSON export): which course's certificate it is, by SHA-256."""
    listed = _listed(packet)
    lines, ok = [], True
    for file in files:
        with _open_file(file, "the certificate") as handle:
            # A file opened for reading in binary: what file_digest takes (typeshed names
            # its own protocol, which BinaryIO does not spell out).
            digest = hashlib.file_digest(handle, "sha256").hexdigest()  # type: ignore[arg-type]
        found = [c for c in listed if c.sha256 == digest]
        same_name = [c for c in listed if PurePosixPath(c.name).name == file.name]
        if found:
            lines.append(f"ok       {shown(file.name)}: " + "; ".join(
                f"the certificate of {c.course}" for c in found))
        elif same_name:
            lines.append(f"CHANGED  {shown(file.name)}: SHA-256 {digest}; the packet's file of "
                         f"that name, for {same_name[0].course}, has {same_name[0].sha256}")
            ok = False
        else:
            lines.append(f"NOT IN   {shown(file.name)}: no certificate of this packet has its "
                         f"SHA-256 {digest}")
            ok = False
    lines.append("every file is a certificate of the packet" if ok
                 else "NOT every file is a certificate of the packet")
    return lines, ok


def _listed(packet: Path) -> list[Listed]:
    with _open_file(packet, "the packet") as handle:
        head = handle.read(len(SEALED))
        handle.seek(0)
        if head.startswith(b"PK") or head == SEALED:
            size = os.fstat(handle.fileno()).st_size
            with _archive(handle, shown(packet.name)) as archive:
                return _listed_in_zip(archive, shown(packet.name), size)
        data = handle.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise BadBundle(f"{shown(packet.name)} is larger than any packet's list")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadBundle(f"{shown(packet.name)} is not a packet's ZIP, CSV or JSON") from None
    return _listed_in_text(text, shown(packet.name))


def _listed_in_zip(archive: zipfile.ZipFile, name: str, size: int) -> list[Listed]:
    _infos, listed = _contents(archive, name, size)
    return [Listed(sha, path, f"'{shown(path)}' in the bundle")
            for path, (_size, sha) in listed.items() if path.startswith("evidence/")]


def _listed_in_text(text: str, name: str) -> list[Listed]:
    if text.startswith("path,bytes,sha256"):
        return [Listed(sha, path, f"'{shown(path)}'") for path, (_s, sha)
                in read_manifest(text).items()]
    if text.lstrip().startswith("{"):
        courses = packet_courses(text)
    else:
        try:
            courses = list(csv.DictReader(io.StringIO(text)))
        except csv.Error as err:
            raise BadBundle(f"{name} is not a readable CSV ({shown(str(err))})") from None
        if not courses or "sha256" not in courses[0]:
            raise BadBundle(f"{name} is not a packet's CSV (no sha256 column)")
    return [Listed(str(c.get("sha256") or "").lower(), str(c.get("evidence") or ""),
                   f"'{shown(str(c.get('title')))[:200]}' ({shown(str(c.get('completed')))[:10]})")
            for c in courses if _SHA256.fullmatch(str(c.get("sha256") or "").lower())]
