"""`cectrack verify PACKET.zip`: check a downloaded audit bundle offline.

The ZIP holds the packet's CSV and JSON, the certificates and `manifest.csv` (path, bytes,
SHA-256 of every other member).  This recomputes each member's SHA-256 and size, says which
match, which changed, which are missing and which are not listed; and checks that every
certificate hash the packet's JSON lists is in the bundle.  Nothing is extracted to disk,
and sizes are bounded, so a hostile archive cannot fill the disk or run long.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

MAX_MEMBERS = 20_000
MAX_MEMBER_BYTES = 512 * 2**20  # no certificate is half a gigabyte
MANIFEST = "manifest.csv"


class BadBundle(Exception):
    """The file is not an audit bundle cectrack can check; the message says why."""


def _digest(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[str, int]:
    if info.file_size > MAX_MEMBER_BYTES:
        raise BadBundle(f"{info.filename} is larger than {MAX_MEMBER_BYTES // 2**20} MB")
    digest, size = hashlib.sha256(), 0
    with archive.open(info) as member:
        while chunk := member.read(1 << 20):
            size += len(chunk)
            if size > MAX_MEMBER_BYTES:
                raise BadBundle(f"{info.filename} expands beyond {MAX_MEMBER_BYTES // 2**20} MB")
            digest.update(chunk)
    return digest.hexdigest(), size


def verify_bundle(path: Path) -> tuple[list[str], bool]:
    """Lines to print, and whether everything matches."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as err:
        raise BadBundle(f"{path.name} is not a readable ZIP file ({err})") from None
    with archive:
        infos = {i.filename: i for i in archive.infolist() if not i.is_dir()}
        if len(infos) > MAX_MEMBERS:
            raise BadBundle(f"{path.name} holds more than {MAX_MEMBERS:,} files")
        if MANIFEST not in infos:
            raise BadBundle(f"{path.name} has no {MANIFEST}: it is not a cectrack audit bundle")
        listed = _manifest(archive.read(infos[MANIFEST]).decode("utf-8", "replace"))
        lines, ok = [], True
        hashes = {}
        for name, (size, sha) in sorted(listed.items()):
            if name not in infos:
                lines.append(f"MISSING  {name}: listed in the manifest, not in the bundle")
                ok = False
                continue
            actual, actual_size = _digest(archive, infos[name])
            hashes[actual] = name
            if (actual, actual_size) != (sha, size):
                lines.append(f"CHANGED  {name}: SHA-256 {actual} ({actual_size} bytes), the "
                             f"manifest says {sha} ({size} bytes)")
                ok = False
            else:
                lines.append(f"ok       {name}")
        for name in sorted(set(infos) - set(listed) - {MANIFEST}):
            lines.append(f"EXTRA    {name}: in the bundle, not listed in the manifest")
            ok = False
        ok &= _courses_have_certificates(archive, infos, hashes, lines)
    lines.append("all files match the manifest" if ok else "the bundle does NOT match its manifest")
    return lines, ok


def _manifest(text: str) -> dict[str, tuple[int, str]]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0] != ["path", "bytes", "sha256"]:
        raise BadBundle(f"{MANIFEST} does not start with the columns path, bytes, sha256")
    try:
        return {row[0]: (int(row[1]), row[2].lower()) for row in rows[1:] if row}
    except (IndexError, ValueError):
        raise BadBundle(f"{MANIFEST} has a row that is not path, bytes, sha256") from None


def _courses_have_certificates(archive, infos, hashes, lines) -> bool:
    """Each certificate hash the packet's JSON gives must be a file of the bundle."""
    ok = True
    for name in (n for n in infos if n.endswith(".json") and "/" not in n):
        try:
            packet = json.loads(archive.read(infos[name]))
        except ValueError:
            lines.append(f"CHANGED  {name}: not readable JSON")
            return False
        for course in packet.get("courses", []) if isinstance(packet, dict) else []:
            sha = str(course.get("sha256") or "")
            if sha and course.get("status") == "counted" and sha not in hashes:
                lines.append(f"MISSING  certificate of '{course.get('title')}' (SHA-256 {sha})")
                ok = False
    return ok
