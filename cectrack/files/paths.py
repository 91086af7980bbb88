"""The one path policy: which files the data may name, and how output names are made.

A credit file can come from a provider's CSV or from someone else's pull request, and the
site is published on public hosting.  So every path the data names (a certificate) is
checked here before anything reads, hashes, copies or links it:

- it must stay inside the tracker folder, after following symlinks;
- it must be a regular file (no folder, device, FIFO or `/proc` file);
- it must not be one of the tracker's private files (`.git/`, any dotfile, the profile and
  the credit files, `rules/`, the site configuration).

Output names (site pages, exports, ZIP members) are made of safe characters only, and
`inside()` tells whether a path to be written stays in its output folder.
"""
from __future__ import annotations

import functools
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

CONFIG_NAMES = frozenset({"mkdocs.yml", "mkdocs.yaml", "zensical.toml", "properdocs.yml",
                          "pyproject.toml", "requirements.txt"})
PRIVATE_FOLDERS = frozenset({"rules", "site"})
_SAFE_PART = re.compile(r"[^A-Za-z0-9._-]+")
_CONTROL = re.compile("[\x00-\x1f]")  # NUL and the other control characters


@dataclass(frozen=True)
class Refusal:
    """Why a path the data names is not used; `code` is a problem code (problem.py)."""

    code: str
    reason: str
    hint: str


@dataclass(frozen=True)
class EvidenceFile:
    location: str | Path  # resolved, inside the tracker, a regular file
    relative: str  # from the tracker root, with forward slashes
    # Where a link leads, from the tracker root: the file git keeps the content under
    target: str | None = None

    @functools.cached_property
    def path(self) -> Path:
        """The file as a Path, made when first asked for: `check` finds 10,000
        certificates and opens none, and making each a Path took a third of finding it."""
        return Path(self.location)


def _outside(what: str) -> Refusal:
    return Refusal("evidence-outside", f"{what} leads outside the tracker",
                   "keep certificates in the tracker, e.g. under certificates/, and give the "
                   "path from the tracker's folder")


def _private(what: str, why: str) -> Refusal:
    return Refusal("evidence-private", f"{what} names {why}, which is never published",
                   "point `evidence:` at the certificate itself, e.g. certificates/2025-summit.pdf")


def _not_a_file(what: str, found: str) -> Refusal:
    return Refusal("evidence-not-a-file", f"{what} is {found}, not a certificate file",
                   "give the path of one file, e.g. certificates/2025-summit.pdf")


def private_reason(parts: tuple[str, ...], credits_dir: str) -> str | None:
    """Why the tracker-relative path `parts` is private, or None."""
    if not parts:
        return "the tracker folder itself"
    if any(part.startswith(".") for part in parts):
        return "a hidden file or folder (.git, .env, …)"
    if parts[0] in PRIVATE_FOLDERS:
        return f"the {parts[0]}/ folder"
    if len(parts) == 1 and parts[0] in CONFIG_NAMES:
        return "the site's configuration"
    credits = _parts_of(credits_dir)
    if parts[:len(credits)] == credits and parts[-1].lower().endswith((".yaml", ".yml")):
        return "your credit files or profile"
    return None


@functools.lru_cache(maxsize=16)
def _parts_of(folder: str) -> tuple[str, ...]:
    return tuple(PurePosixPath(folder).parts)


class FolderListings:
    """Each folder's names and their types, read once (os.scandir knows a name's type
    without a stat): a tracker names thousands of certificates in a few folders.  Make one
    per run; a listing is as old as the run that read it."""

    def __init__(self) -> None:
        self._folders: dict[str, dict[str, int] | None] = {}

    def mode(self, folder: str, name: str) -> int | None:
        """The file type bits of `name` in `folder` (S_IFREG, S_IFDIR, S_IFLNK, or 0 for a
        device, pipe or socket); None when the listing cannot say (ask the OS)."""
        if folder not in self._folders:
            self._folders[folder] = self._read(folder)
        listing = self._folders[folder]
        return None if listing is None else listing.get(name)

    @staticmethod
    def _read(folder: str) -> dict[str, int] | None:
        try:
            with os.scandir(folder) as entries:
                return {entry.name: _type_bits(entry) for entry in entries}
        except OSError:
            return None


def _type_bits(entry: os.DirEntry) -> int:
    if entry.is_symlink():
        return stat.S_IFLNK
    if entry.is_dir(follow_symlinks=False):
        return stat.S_IFDIR
    return stat.S_IFREG if entry.is_file(follow_symlinks=False) else 0


def resolve_evidence(root: Path, relative: str, credits_dir: str,
                     listings: FolderListings | None = None) -> EvidenceFile | Refusal | None:
    """The certificate `relative` names, checked; None when it simply does not exist."""
    what = f"evidence `{relative}`"
    if _CONTROL.search(relative):
        return _not_a_file(what, "a name with control characters")
    written = relative.replace("\\", "/")
    written_parts = tuple(p for p in written.split("/") if p not in ("", "."))
    if written.startswith("/") or re.match(r"^[A-Za-z]:", relative) or ".." in written_parts:
        return _outside(what)
    if reason := private_reason(written_parts, credits_dir):
        return _private(what, reason)
    base = resolved_folder(str(root))
    found = _walk_without_links(base, written_parts, listings)
    if found is None:
        return None
    if found == "link":
        return _through_links(what, base, written_parts, credits_dir)
    if isinstance(found, str):  # "unreadable"
        return _not_a_file(what, "unreadable")
    target, mode = found
    return _regular_file(what, target, mode, written_parts)


def _regular_file(what: str, target: str | Path, mode: int,
                  parts: tuple[str, ...]) -> EvidenceFile | Refusal:
    if stat.S_ISDIR(mode):
        return _not_a_file(what, "a folder")
    if not stat.S_ISREG(mode):
        return _not_a_file(what, "a device, pipe or socket")
    return EvidenceFile(target, "/".join(parts))


def _walk_without_links(base: Path, parts: tuple[str, ...],
                        listings: FolderListings | None) -> tuple[str, int] | str | None:
    """Each part below the (already resolved) tracker folder looked up without following
    links: (path, mode) when no part is a link, "link" when one is, "unreadable", or None
    when a part does not exist.  Cheaper than resolving the whole path, which would stat
    every folder above the tracker too; a folder's listing answers for all its files, and
    a name it does not hold is asked of the OS (a case-insensitive disk finds it there)."""
    current = str(base)
    mode = 0
    for part in parts:
        folder, current = current, f"{current}/{part}"
        listed = listings.mode(folder, part) if listings is not None else None
        if listed is not None:
            mode = listed
            if stat.S_ISLNK(mode):
                return "link"
            continue
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return None
        except OSError:  # a file where a folder should be, a name too long
            return "unreadable"
        if stat.S_ISLNK(mode):
            return "link"
    return current, mode


def _through_links(what: str, base: Path, parts: tuple[str, ...],
                   credits_dir: str) -> EvidenceFile | Refusal | None:
    """A path with a symlink on the way: resolved, and checked again where it leads."""
    try:
        target = base.joinpath(*parts).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return _not_a_file(what, "a symlink that loops")
    if not target.is_relative_to(base):
        return _outside(what + " (through a symlink)")
    resolved_parts = target.relative_to(base).parts
    if reason := private_reason(resolved_parts, credits_dir):
        return _private(what + " (through a symlink)", reason)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return None
    except OSError:
        return _not_a_file(what, "unreadable")
    found = _regular_file(what, target, mode, parts)
    return replace(found, target="/".join(resolved_parts)) if isinstance(found, EvidenceFile) \
        else found


def safe_name(text: str, fallback: str = "file") -> str:
    """One path component made of letters, digits, dot, dash and underscore only."""
    name = _SAFE_PART.sub("-", text).strip("-.")
    return name[:120] or fallback


SLUG_LIMIT = 48  # characters of a title in a new credit file's name


def slug(text: str, limit: int = SLUG_LIMIT) -> str:
    """ACSM Health & Fitness Summit, day 1 -> acsm-health-fitness-summit-day-1 (the name
    `cectrack add` and the site's add-a-course form give a new credit file)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:limit].rstrip("-") or "entry"


def published_name(relative: str) -> str:
    """Where a certificate appears in the site and the ZIP: its path, every part made safe."""
    return "/".join(safe_name(part) for part in PurePosixPath(relative).parts)


def is_page_path(text: str) -> bool:
    """A configured page path (e.g. the dashboard's): a relative `.md` path of safe parts."""
    parts = PurePosixPath(text).parts
    return (bool(parts) and text.endswith(".md") and not PurePosixPath(text).is_absolute()
            and all(part == safe_name(part) and not part.startswith(".") for part in parts))


def inside(folder: Path, target: Path) -> bool:
    """Whether writing `target` stays inside `folder` (symlinks on the way followed)."""
    try:
        return target.resolve().is_relative_to(resolved_folder(str(folder)))
    except (OSError, RuntimeError):
        return False


@functools.lru_cache(maxsize=64)
def resolved_folder(folder: str) -> Path:
    """A folder's real path, worked out once per run: the tracker and its output folders
    are asked about for every file, and `resolve()` walks the whole path each time.  (The
    file itself is always resolved afresh: that is what a planted link would change.)"""
    return Path(folder).resolve()


def link_outside(root: Path, folder: Path) -> tuple[Path, str] | None:
    """The first part of `folder` (a path below `root`) that is a link leading outside the
    tracker, and where it leads; None when every part that exists stays inside.  A writer
    asks this before it makes a folder or writes into one: `credits/`, a year folder or
    `certificates/` committed as a link to /etc must never be written through."""
    base = resolved_folder(str(root))
    try:
        parts = Path(folder).relative_to(root).parts
    except ValueError:
        return Path(folder), "a folder outside the tracker"
    current = Path(root)
    for part in parts:
        current = current / part
        if current.is_symlink():
            try:
                target = current.resolve()
            except (OSError, RuntimeError):
                return current, "nowhere (the link loops)"
            if not target.is_relative_to(base):
                return current, str(target)
        elif not current.exists():
            return None
    return None


def mixes_with_data(out: Path, root: Path, credits_dir: str) -> bool:
    """Whether an output folder is, holds or sits in the tracker's own data (credits,
    certificates, rules, .git) or is the tracker folder itself: writing there could
    replace what the user wrote."""
    out, base = out.resolve(), root.resolve()
    if out == base or base.is_relative_to(out):
        return True
    data = [base / credits_dir, base / "certificates", base / "rules", base / ".git"]
    return any(out.is_relative_to(d.resolve()) or d.resolve().is_relative_to(out)
               for d in data)
