"""`mkdocs serve`: the published certificates copied once, not after every edit.

MkDocs empties its site folder before each rebuild and copies every file into it again: a
career's certificates (a thousand scans, often megabytes each) were all copied after each
one-line edit.  Here each certificate is copied once into a folder of the process's own and
hard-linked from there into each new site folder (a link costs no copy), or copied from it
where the two folders cannot share a file (another file system).

Never a link to the user's own file: whatever later writes into the site's file in place
(a plugin, a tool opening it for writing) would write into the user's certificate, and a
new link would change the file's link count, which the preview hears as an edit.  The kept
copy is made again when the certificate changes (edited in place or replaced: its size,
times or file differ) and when the kept copy itself was written to through a link.

The packets' ZIPs the plugin keeps between rebuilds (plugin/__init__.py's _KeptFiles) are
published the same way, by a link to the kept file (linked_file), checked in the same way
before it is taken back.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.structure.files import File, InclusionLevel

# What says a file changed: its device and inode (replaced), size and times (edited).
Stamp = tuple[int, int, int, int, int]


def _stamp(path: Path) -> Stamp:
    found = os.stat(path)
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns


class KeptCertificates:
    """The certificates of the process's earlier builds, each kept as it was copied."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        # a certificate's path -> (its stamp when copied, the copy, the copy's contents' stamp)
        self.kept: dict[Path, tuple[Stamp, Path, tuple[int, ...]]] = {}
        self.copied = 0  # copies made from the user's files (the tests read it)
        self.published: set[Path] = set()  # the certificates this build publishes

    def start_build(self) -> None:
        """A new build begins: the copies of certificates the last build no longer
        published (renamed, removed, no longer in a packet) go."""
        for gone in set(self.kept) - self.published:
            self.kept.pop(gone)[1].unlink(missing_ok=True)
        self.published = set()

    def file(self, config, src_uri: str, source: Path) -> File:
        """The site's file `src_uri`, published from the kept copy of `source`."""
        made = _LinkedFile.generated(config, src_uri, abs_src_path=str(source),
                                     inclusion=InclusionLevel.NOT_IN_NAV)
        assert isinstance(made, _LinkedFile), "File.generated makes one of its own class"
        made.kept = self
        self.published.add(source)
        return made

    def publish(self, source: Path, target: Path) -> None:
        """`target` in the site folder made the same as `source`, linked where it can be."""
        link_or_copy(self._copy_of(source), target)

    def _copy_of(self, source: Path) -> Path:
        stamp = _stamp(source)  # before copying: an edit made meanwhile is copied next time
        kept = self.kept.get(source)
        if kept is not None and kept[0] == stamp and unchanged(kept[1], kept[2]):
            return kept[1]
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="cectrack-certificates-"))
        handle, name = tempfile.mkstemp(dir=self.folder, suffix=source.suffix)
        os.close(handle)
        copy = Path(name)
        shutil.copyfile(source, copy)
        self.copied += 1
        if kept is not None:
            kept[1].unlink(missing_ok=True)  # the last site's link keeps its bytes
        self.kept[source] = (stamp, copy, stamp_of_contents(copy))
        return copy

    def drop(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.folder, self.kept, self.published = None, {}, set()


def stamp_of_contents(path: Path) -> tuple[int, ...]:
    """A file of ours' stamp without its change time, which each new link moves: what says
    it was written to through a link."""
    return _stamp(path)[:4]


def unchanged(path: Path, contents: tuple[int, ...]) -> bool:
    try:
        return stamp_of_contents(path) == contents
    except OSError:
        return False


def link_or_copy(source: Path, target: Path) -> None:
    """`target` (in the site folder) made a link to `source` (a file of ours), or a copy
    where the two folders cannot share a file (another file system)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)  # a dirty build's file of the last build
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def move(source: Path, target: Path) -> None:
    """A file of ours moved (copied where it cannot be: another file system)."""
    try:
        os.replace(source, target)
    except OSError:
        shutil.copyfile(source, target)


def linked_file(config, src_uri: str, path: Path) -> File:
    """The site's file `src_uri`, published by a link to `path`, a file of ours that the
    plugin checks (unchanged) before it publishes it again."""
    return _OwnFile.generated(config, src_uri, abs_src_path=str(path),
                              inclusion=InclusionLevel.NOT_IN_NAV)


class _LinkedFile(File):
    """A certificate published by KeptCertificates rather than copied by MkDocs."""

    kept: KeptCertificates

    def copy_file(self, dirty: bool = False) -> None:
        assert self.abs_src_path is not None, "made from the certificate's path"
        self.kept.publish(Path(self.abs_src_path), Path(self.abs_dest_path))


class _OwnFile(File):
    """A file of the plugin's own published by a link to it rather than copied by MkDocs."""

    def copy_file(self, dirty: bool = False) -> None:
        assert self.abs_src_path is not None, "made from the file's path"
        link_or_copy(Path(self.abs_src_path), Path(self.abs_dest_path))
