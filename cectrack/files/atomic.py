"""The one way cectrack writes a file: whole or not at all.

The content goes to a temporary file in the same folder first; then it is either linked
to a new name (which fails rather than replace a file the user has: `add`, `init`,
`import`) or moved over the old one (cectrack's own files: schemas, a render's output,
the two files `init --here` is asked to replace).  A reader never sees half a file, and
a link planted at the target is replaced, never written through.
"""
from __future__ import annotations

import functools
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path


@functools.cache
def new_file_mode() -> int:
    """The permissions a new file of the user's gets, as their editor would make it: 0644
    under the usual umask (mkstemp's 0600 would hide the files from a web server or a
    second account).  The umask can only be read by setting it, so it is put back at once."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _temporary_copy(folder: Path, data: bytes | Path, durable: bool,
                    mode: int | None = None) -> tuple[str, str]:
    """A temporary file in `folder` holding `data` (bytes, or a file copied a megabyte at a
    time: a certificate of gigabytes never sits in memory); its name and SHA-256.  It has
    `mode`, else the user's usual permissions for a new file."""
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".cectrack-", suffix=".tmp")
    digest = hashlib.sha256()
    try:
        os.fchmod(handle, new_file_mode() if mode is None else mode)
        with os.fdopen(handle, "wb") as stream:
            if isinstance(data, Path):
                _copy(data, stream, digest)
            else:
                digest.update(data)
                stream.write(data)
            if durable:  # the user's own record: on the disk before it has a name
                stream.flush()
                os.fsync(stream.fileno())
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary, digest.hexdigest()


_ZEROS = bytes(1 << 20)


def _copy(source: Path, stream, digest) -> None:
    """`source` into `stream` a megabyte at a time, hashed on the way; a megabyte of zeros
    is skipped over rather than written (the copy of a sparse file stays sparse)."""
    size = 0
    with open(source, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
            if chunk == _ZEROS[:len(chunk)]:
                stream.seek(len(chunk), os.SEEK_CUR)
            else:
                stream.write(chunk)
    stream.truncate(size)


def replace_atomically(path: Path, data: bytes | Path, durable: bool = True) -> str:
    """Write `data` (bytes, or the content of a file) over `path` (cectrack's own file) in
    one step, keeping the permissions of the file it replaces; return its SHA-256."""
    try:
        kept = os.lstat(path)
        mode = stat.S_IMODE(kept.st_mode) if stat.S_ISREG(kept.st_mode) else None
    except OSError:
        mode = None
    temporary, digest = _temporary_copy(path.parent, data, durable, mode)
    try:
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return digest


def link_to_first_free(candidates: Iterable[Path], folder: Path,
                       data: bytes | Path) -> Path | None:
    """Write `data` (bytes, or a file's content, copied in constant memory) under the first
    of `candidates` (all in `folder`) that does not exist; None when every one is taken.
    Never replaces a file."""
    temporary, _digest = _temporary_copy(folder, data, durable=True)
    try:
        for candidate in candidates:
            try:
                os.link(temporary, candidate)  # atomic, and refuses an existing name
                return candidate
            except FileExistsError:
                continue
        return None
    finally:
        os.unlink(temporary)
