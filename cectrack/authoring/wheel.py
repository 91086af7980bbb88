"""The running cectrack packed as a wheel, so a tracker can install exactly it on CI
without the package index (see pin.py).

A wheel is a ZIP of the package's files and its metadata folder (dist-info).  This packs the
installed package, or an editable install's source folder, with the installation's own
metadata; the same files always give the same bytes (names sorted, one fixed date, fixed
permissions), so packing twice gives one hash and `cectrack upgrade` can tell nothing changed.
"""
from __future__ import annotations

import base64
import hashlib
import zipfile
from importlib import metadata
from io import BytesIO
from pathlib import Path

from .. import __version__

PACKAGE = Path(__file__).resolve().parent.parent  # cectrack/, installed or a source folder
FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a ZIP can say: no build date in the bytes
# The installer's notes about this installation, not part of the package.
NOT_PACKED = {"INSTALLER", "REQUESTED", "RECORD", "direct_url.json", "WHEEL"}
WHEEL_FILE = ("Wheel-Version: 1.0\nGenerator: cectrack (packed from the installed package)\n"
              "Root-Is-Purelib: true\nTag: py3-none-any\n")


class WheelError(Exception):
    """The running cectrack cannot be packed; the message says why."""


def wheel_name(version: str = __version__) -> str:
    return f"cectrack-{version}-py3-none-any.whl"


def package_files(package: Path = PACKAGE) -> list[tuple[str, bytes]]:
    """(name in the wheel, content) of every file of the package, compiled caches and hidden
    names left out."""
    found = []
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package.parent)
        if (path.is_file() and path.suffix not in (".pyc", ".pyo")
                and not any(p.startswith(".") or p == "__pycache__" for p in relative.parts)):
            found.append((relative.as_posix(), path.read_bytes()))
    return found


def metadata_files(version: str) -> list[tuple[str, bytes]]:
    """The installation's dist-info files that belong in a wheel (METADATA, entry points,
    the licence), under the wheel's dist-info name."""
    # An installation's dist-info (a source folder's egg-info, found first when Python runs
    # in that folder, has no METADATA and no list of files to pack).
    dist = next((d for d in metadata.distributions(name="cectrack")
                 if d.read_text("METADATA") is not None), None)
    if dist is None:
        raise WheelError("cectrack is not installed as a package here (run from a source "
                         "folder?): install it with pip first")
    if dist.version != version:
        raise WheelError(f"the installed metadata says cectrack {dist.version}, but the code "
                         f"running is {version}: install it again with pip")
    folder = f"cectrack-{version}.dist-info"
    found = []
    for item in dist.files or ():
        parts = item.parts
        if parts[0].endswith(".dist-info") and parts[-1] not in NOT_PACKED:
            found.append(("/".join((folder, *parts[1:])), Path(item.locate()).read_bytes()))
    return sorted(found) + [(f"{folder}/WHEEL", WHEEL_FILE.encode())]


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}\n"


def build_wheel(version: str = __version__, package: Path = PACKAGE) -> bytes:
    """The wheel's bytes: the package, its metadata, and a RECORD of both."""
    members = package_files(package) + metadata_files(version)
    record = f"cectrack-{version}.dist-info/RECORD"
    members.append((record, ("".join(_record_line(n, d) for n, d in members)
                             + f"{record},,\n").encode()))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, FIXED_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
