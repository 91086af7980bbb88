"""The one way cectrack reads a file the user wrote: bounded in size, UTF-8 with or without
the byte-order mark Windows editors put first, and never a traceback.  A file that cannot be
read comes back as the reason, in words, for the caller to report at the file."""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_DATA_FILE_BYTES = 1_000_000  # a credit, profile or rule file; a long list file is ~100 kB


@dataclass(frozen=True)
class Unreadable:
    """Why a text file was not read: `code` is "unreadable-file" (not a plain file, too
    large, no permission; `reason` reads "it is …") or "encoding" (`reason` reads
    "not UTF-8 text (byte N)", to follow "the file is")."""

    code: str
    reason: str
    line: int = 0  # where the text stops being UTF-8; 0 for the whole file


LINK = "it is a symlink"  # what read_data_file(…, links=False) says of a link


def read_data_file(path: Path | str, limit: int = MAX_DATA_FILE_BYTES,
                   links: bool = True) -> bytes | str:
    """The bytes of a file, or why it cannot be read (a sentence); with `links` False, a
    symlink is not followed and LINK is the answer, for the caller to judge where it leads.

    Opened without blocking and checked on the open file (so a FIFO or a device is refused,
    never waited on, and nothing can be swapped in between); reads at most `limit` + 1 bytes,
    so `/dev/zero` or a huge file cannot exhaust memory."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not links and hasattr(os, "O_NOFOLLOW"):
        flags |= os.O_NOFOLLOW
    elif not links and os.path.islink(path):  # a system without O_NOFOLLOW: ask first
        return LINK
    try:
        fd = os.open(path, flags)
    except OSError as err:
        if not links and err.errno == errno.ELOOP:
            return LINK
        return f"it cannot be read ({err.strerror or err})"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return "it is not a regular file"
        data = _read_up_to(fd, limit + 1)
    except OSError as err:
        return f"it cannot be read ({err.strerror or err})"
    finally:
        os.close(fd)
    if len(data) > limit:
        return f"it is larger than the limit of {limit:,} bytes"
    return data


def _read_up_to(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left > 0:
        chunk = os.read(fd, left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def decode(data: bytes) -> str | Unreadable:
    """UTF-8 text, a leading byte-order mark set aside; or where it stops being UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return Unreadable("encoding", f"not UTF-8 text (byte {err.start})", line)


def read_text(path: Path | str, limit: int = MAX_DATA_FILE_BYTES) -> str | Unreadable:
    """The text of a file the user wrote, or why it is not read."""
    data = read_data_file(path, limit)
    if isinstance(data, str):
        return Unreadable("unreadable-file", data)
    return decode(data)
