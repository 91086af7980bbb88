"""Files that look like credit files but are not read: `summit.YAML`, `summit.yaml.txt`, a course
saved at the tracker's top or in `credit/`.  Each gets a warning saying what to rename it to,
so no course is left out without a word.

The scan is bounded (depth and file count) and never enters hidden folders, the site or the
folders cectrack owns for other things; outside the credits folder a YAML file is taken for a
credit file only when its first lines hold `title:` and `completed:`.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from ..files.visible import printable
from ..problem import WARNING, Problem

MAX_DEPTH = 4
MAX_FILES = 20_000
SKIPPED_FOLDERS = {"site", "rules", "certificates", "node_modules", "docs", "overrides",
                   "build", "dist", "tests", "cectrack", "venv"}
_NEAR_YAML = re.compile(r"^(?P<stem>.+?)\.(?P<ext>ya?ml)(?P<extra>\.[A-Za-z0-9]{1,5})?$",
                        re.IGNORECASE)
_ENTRY_KEYS = (re.compile(rb"^-?\s*title\s*:", re.M), re.compile(rb"^-?\s*completed\s*:", re.M))


def stray_files(root: Path, credits_dir: str) -> list[Problem]:
    """A warning for each file under `root` that looks like a credit file but is not read."""
    credits = tuple(Path(credits_dir).parts)
    problems: list[Problem] = []
    seen = 0
    for top, folders, names in os.walk(root, followlinks=False):
        here = Path(top)
        depth = len(here.relative_to(root).parts)
        folders[:] = sorted(f for f in folders if not f.startswith(".") and depth < MAX_DEPTH
                            and (here != root or f not in SKIPPED_FOLDERS))
        in_credits = here.relative_to(root).parts[:len(credits)] == credits
        for name in sorted(names):
            seen += 1
            if seen > MAX_FILES:
                return problems
            if in_credits and name.endswith((".yaml", ".yml")):
                continue  # read as is: the usual credit file, passed without a Path
            problem = _stray(here / name, root, credits)
            if problem is not None:
                problems.append(problem)
    return problems


def _stray(path: Path, root: Path, credits: tuple[str, ...]) -> Problem | None:
    found = _NEAR_YAML.match(path.name)
    if found is None or path.name.startswith(".") or path.is_symlink():
        return None
    proper = f"{found['stem']}.yaml"
    # os.walk never enters linked folders, so the path as walked says where the file is.
    in_credits = path.relative_to(root).parts[:len(credits)] == credits
    read_as_is = found["extra"] is None and found["ext"] in ("yaml", "yml")
    if in_credits:
        if read_as_is:
            return None
        return _warning(path, root, "is not read: only names ending in .yaml or .yml are",
                        f"rename it to {proper}")
    if path.parent == root and path.name.lower() in ("mkdocs.yml", "mkdocs.yaml"):
        return None
    if not _looks_like_an_entry(path):
        return None
    where = "/".join((*credits, proper))
    return _warning(path, root, "looks like a credit file but is not read: only files under "
                    f"{'/'.join(credits)}/ are", f"move it to {where} (or a year folder there)")


def _looks_like_an_entry(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return all(key.search(head) for key in _ENTRY_KEYS)


def _warning(path: Path, root: Path, message: str, hint: str) -> Problem:
    file = printable(path.relative_to(root).as_posix())
    return Problem(WARNING, "not-read", file, 0, f"{path.name} {message}", hint)
