"""An output folder cectrack writes again and again (`render --out`, `team render --out`).

It is yours as much as cectrack's: a render deletes and replaces only the files the last
render wrote, as its manifest (MANIFEST, in the folder) lists them with their SHA-256; a
file you added, or one of cectrack's that you changed since, is never deleted or
overwritten: the render stops and says which.  The folder itself may not be a link, and
nothing is written through a link inside it.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePosixPath

from .atomic import replace_atomically
from .paths import inside

MANIFEST = ".cectrack-render"  # in the output folder: what the last render wrote
_OLD_MARKER = "output folder: emptied and written on each render"  # before the manifest
MAX_MANIFEST = 16 * 2**20


class OutputRefused(Exception):
    """The output folder cannot be written as asked; the message says why and what to do."""


def check_output(out: Path) -> None:
    """Refuse an output folder that is a link, a file, or a folder of files cectrack did
    not write (no manifest); change nothing."""
    if out.is_symlink():
        raise OutputRefused(f"--out {out} is a link; give the folder itself")
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"--out {out} is a file")
    if out.is_dir() and any(out.iterdir()) and _manifest(out) is None:
        raise OutputRefused(f"--out {out} holds files that cectrack did not write; give a new "
                            "or empty folder")


def _manifest(out: Path) -> dict[str, str] | None:
    """{name: SHA-256} of what the last render wrote; None when `out` holds no manifest."""
    path = out / MANIFEST
    if path.is_symlink() or not path.is_file():
        return None
    with open(path, "rb") as handle:
        text = handle.read(MAX_MANIFEST).decode("utf-8", "replace")
    if _OLD_MARKER in text:
        raise OutputRefused(f"--out {out} was written by an earlier cectrack, which kept no "
                            "list of its files; delete that folder or give a new one")
    try:
        found = json.loads(text).get("written")
    except (ValueError, AttributeError):
        return None
    if not isinstance(found, dict):
        return None
    return {name: digest for name, digest in found.items()
            if isinstance(name, str) and isinstance(digest, str) and _plain_name(name)}


def _plain_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(path.parts) and not path.is_absolute() and ".." not in path.parts \
        and name != MANIFEST


def write_output(out: Path, files: dict[str, str | bytes | Path]) -> int:
    """Write every file under `out` (each atomically) in place of what the last render wrote,
    and the manifest; return how many.

    Every name is checked before anything is deleted or written: a name that would leave
    `out` (by `..`, an absolute path or a link on the way), or a file already there that the
    last render did not write as it is now (yours), stops it all."""
    check_output(out)
    last = _manifest(out) or {} if out.is_dir() else {}
    for relative in files:
        target = out / relative
        if not _plain_name(relative) or not inside(out, target):
            raise OutputRefused(f"refusing to write {relative!r}: it would land outside {out} "
                                "(a link on the way?); nothing was written")
        if (target.exists() or target.is_symlink()) and not _ours(out, relative, last):
            raise OutputRefused(f"{target} is not a file the last render wrote (you added or "
                                "changed it): move it away and render again; nothing was "
                                "written")
    _remove(out, last)
    written = {}
    for relative, content in files.items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        # Replaces a file of the last render's in one step; the output is made again by
        # the next render, so no fsync per file.
        written[relative] = replace_atomically(target, content.encode("utf-8")
                                               if isinstance(content, str) else content,
                                               durable=False)
    manifest = json.dumps({"written": dict(sorted(written.items()))}, indent=1)
    replace_atomically(out / MANIFEST, (manifest + "\n").encode("utf-8"), durable=False)
    return len(written)


def _ours(out: Path, relative: str, last: dict[str, str]) -> bool:
    """Whether `relative` is a file the last render wrote, unchanged since."""
    path = out / relative
    return (relative in last and not path.is_symlink() and path.is_file()
            and inside(out, path) and _sha256(path) == last[relative])


def _remove(out: Path, last: dict[str, str]) -> None:
    """The last render's files (those unchanged since), and the folders they leave empty."""
    for relative in last:
        if _ours(out, relative, last):
            (out / relative).unlink()
    folders = {p for name in last for p in PurePosixPath(name).parents if p.parts}
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        path = out / folder
        if path.is_dir() and not path.is_symlink() and inside(out, path) \
                and not any(path.iterdir()):
            path.rmdir()


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
