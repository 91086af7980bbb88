"""The one way cectrack reads a file the user wrote: bounded in size, UTF-8 with or without
the byte-order mark Windows editors put first, and never a traceback.  A file that cannot be
read comes back as the reason, in words, for the caller to report at the file."""
from __future__ import annotations

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


def read_data_file(path: Path | str, limit: int = MAX_DATA_FILE_BYTES) -> bytes | str:
    """The bytes of a file, or why it cannot be read (a sentence).

    Reads at most `limit` + 1 bytes, so `/dev/zero` or a huge file cannot exhaust memory."""
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            return "it is not a regular file"
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except (OSError, RuntimeError) as err:
        return f"it cannot be read ({getattr(err, 'strerror', None) or err})"
    if len(data) > limit:
        return f"it is larger than the limit of {limit:,} bytes"
    return data


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
