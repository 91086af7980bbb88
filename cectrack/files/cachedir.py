"""Where cectrack keeps what it can work out again, and how a cache file is read and written.

The folder is the user's own cache folder (platformdirs: $XDG_CACHE_HOME/cectrack or
~/.cache/cectrack on Linux, ~/Library/Caches/cectrack on macOS, %LOCALAPPDATA%\\cectrack\\Cache
on Windows), or $CECTRACK_CACHE_DIR (an absolute path; `off` turns caching off).  Never
inside a tracker, and never named by anything a tracker holds (mkdocs.yml has no say): a
repository, or a pull request to one, cannot plant a cache file or point cectrack at one.

Everything here is best effort: a folder that cannot be made or written, a file that is
missing, truncated, damaged or from another version of cectrack is as if there were no
cache, never an error, and the next write replaces it.  A reader sees a whole file or none
(written aside, then moved over); concurrent writers each write a whole file, the last
one stays.  The folder is bounded: the least recently used files go first.
"""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from .atomic import replace_atomically
from .text import read_data_file

CACHE_ENV = "CECTRACK_CACHE_DIR"
OFF = "off"
SUFFIX = ".cache"
MAX_FILE_BYTES = 64_000_000  # one tracker's cache; 10,000 courses take 3.4 MB
MAX_FILES = 40  # trackers (and versions of cectrack) remembered at once
MAX_TOTAL_BYTES = 256_000_000
_STALE_TEMPORARY_SECONDS = 3600  # a writer that died left its temporary file
_MAGIC = b"cectrack-cache 1 "


def cache_folder() -> Path | None:
    """The folder cectrack's caches live in, or None when caching is off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        chosen = chosen.strip()
        if not chosen or chosen.lower() == OFF or not os.path.isabs(chosen):
            return None  # a relative folder would follow the working directory into a tracker
        return Path(chosen)
    import platformdirs  # only when a cache is asked for: it costs an import
    return Path(platformdirs.user_cache_dir("cectrack", appauthor=False))


def cache_name(*parts: str) -> str:
    """A file name for the cache of `parts` (a tracker's folder, a kind of content)."""
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32] \
        + SUFFIX


def read_cache(path: Path, fingerprint: str) -> bytes | None:
    """The content last written to `path` with this `fingerprint`; None when there is none,
    or it is damaged, truncated, too large or from another fingerprint (version)."""
    data = read_data_file(path, MAX_FILE_BYTES)
    if isinstance(data, str) or not data.startswith(_MAGIC):
        return None
    header, _, body = data.partition(b"\n")
    fields = header[len(_MAGIC):].split(b" ")
    if len(fields) != 3 or fields[0] != fingerprint.encode() or \
            fields[1] != str(len(body)).encode() or \
            fields[2] != hashlib.sha256(body).hexdigest().encode():
        return None
    try:
        os.utime(path)  # used: the last to be evicted
    except OSError:
        pass
    return body


def write_cache(path: Path, fingerprint: str, body: bytes) -> bool:
    """Write `body` to the cache file `path`, whole; False if it could not be (no folder,
    not writable, too large).  Then keep the folder within its bounds."""
    header = _MAGIC + b" ".join((fingerprint.encode(), str(len(body)).encode(),
                                 hashlib.sha256(body).hexdigest().encode()))
    if len(header) + 1 + len(body) > MAX_FILE_BYTES or b" " in fingerprint.encode():
        return False
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        replace_atomically(path, header + b"\n" + body, durable=False)  # a cache: no fsync
    except OSError:
        return False
    evict(path.parent, keep=path)
    return True


def evict(folder: Path, keep: Path | None = None) -> None:
    """Remove the least recently used cache files beyond MAX_FILES or MAX_TOTAL_BYTES, and
    temporary files a writer that died left behind."""
    now = time.time()
    files = []
    try:
        with os.scandir(folder) as listing:
            for item in listing:
                if not item.is_file(follow_symlinks=False):
                    continue
                info = item.stat(follow_symlinks=False)
                if item.name.startswith(".cectrack-") and item.name.endswith(".tmp"):
                    if now - info.st_mtime > _STALE_TEMPORARY_SECONDS:
                        _remove(item.path)
                elif item.name.endswith(SUFFIX) and item.path != str(keep):
                    files.append((info.st_mtime, info.st_size, item.path))
    except OSError:
        return
    files.sort(reverse=True)  # most recently used first
    total = keep.stat().st_size if keep is not None and keep.exists() else 0
    for count, (_, size, name) in enumerate(files, start=2 if keep is not None else 1):
        total += size
        if count > MAX_FILES or total > MAX_TOTAL_BYTES:
            _remove(name)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass  # another process removed it first, or it is not ours to remove
