"""The one way cectrack writes a file: whole or not at all.

The content goes to a temporary file in the same folder first; then it is either linked
to a new name (which fails rather than replace a file the user has: `add`, `init`,
`import`) or moved over the old one (cectrack's own files: schemas, a render's output,
the two files `init --here` is asked to replace).  A reader never sees half a file, and
a link planted at the target is replaced, never written through.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def _temporary_copy(folder: Path, data: bytes, durable: bool) -> str:
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".cectrack-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:  # the user's own record: on the disk before it has a name
                stream.flush()
                os.fsync(stream.fileno())
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def replace_atomically(path: Path, data: bytes, durable: bool = True) -> None:
    """Write `data` over `path` (cectrack's own file) in one step."""
    temporary = _temporary_copy(path.parent, data, durable)
    try:
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def link_to_first_free(candidates: Iterable[Path], folder: Path, data: bytes) -> Path | None:
    """Write `data` under the first of `candidates` (all in `folder`) that does not exist;
    None when every one is taken.  Never replaces a file."""
    temporary = _temporary_copy(folder, data, durable=True)
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
