"""Writing new files for the user: atomically, and never over an existing file.

Used only by the commands whose job is to write (`add`, `init`, `import`).  A file
appears whole or not at all (written to a temporary name, then hard-linked into place,
which fails rather than replace an existing file); when a name is taken, the next free
one is used and said.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import yaml

from ..files.atomic import link_to_first_free
from ..files.paths import inside, link_outside, slug
from ..files.visible import printable
from ..records.schema import FILES, SCHEMA_DIR, modeline, schema_text


class WriteError(OSError):
    """A new file cannot be written; the message says why and what to do."""


def check_inside(root: Path, folder: Path) -> None:
    """Refuse to write into `folder` when it is, or lies below, a link that leads outside
    the tracker `root` (a link inside the tracker is fine)."""
    found = link_outside(root, folder)
    if found is not None:
        link, target = found
        shown = link.relative_to(root).as_posix() if link.is_relative_to(root) else str(link)
        raise WriteError(f"{printable(shown)} is a link to {printable(target)}, outside the "
                         "tracker; cectrack writes only inside it: make it a folder of the "
                         "tracker, then try again (nothing was written)")


def write_new(path: Path, content: bytes | Path, root: Path | None = None) -> Path:
    """Write `content` (bytes, or a file copied in constant memory) to `path`, or to
    `path`-2, -3 … if taken; return where it went.  With `root`, the folder must stay
    inside it, links on the way followed."""
    if root is not None:
        check_inside(root, path.parent)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise WriteError(f"cannot create {path.name}: {_first_file(path.parent)} is a file "
                         "where a folder should be; rename or move it, then try again") from None
    if root is not None and not inside(root, path.parent):  # made meanwhile: checked again
        raise WriteError(f"{path.parent} leads outside the tracker; nothing was written")
    written = link_to_first_free(_candidates(path), path.parent, content)
    if written is not None:
        return written
    raise WriteError(f"no free name for {path.name}: it and {path.stem}-2 to -999 all exist; "
                     "give the course a more specific title")


def _first_file(folder: Path) -> Path:
    """The part of `folder`'s path that exists but is not a folder."""
    for parent in [*reversed(folder.parents), folder]:
        if parent.exists() and not parent.is_dir():
            return parent
    return folder


def _candidates(path: Path):
    yield path
    for number in range(2, 1000):
        yield path.with_name(f"{path.stem}-{number}{path.suffix}")


def entry_path(credits: Path, completed: dt.date, title: str) -> Path:
    return credits / f"{completed.year}" / f"{completed.isoformat()}-{slug(title)}.yaml"


def entry_yaml(values: dict, schema_path: str | None) -> str:
    """An entry as YAML, keys in the documented order, values quoted only where needed."""
    lines = [modeline(schema_path)] if schema_path else []
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, tuple):
            value = list(value)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, list):  # counts_for: [ACSM-CPT, NSCA-CSCS]
            text = yaml.safe_dump({key: value}, default_flow_style=True, width=1000)
            lines.append(text.strip()[1:-1] + "\n")
        else:
            lines.append(yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True,
                                        width=1000))
    return "".join(lines)


def ensure_schemas(credits: Path, words: dict[str, tuple[str, ...]] | None = None,
                   root: Path | None = None) -> list[Path]:
    """Write the editor schemas into credits/.schema/ where missing; return what was written
    (with `root`, only inside it)."""
    written = []
    for name, filename in FILES.items():
        path = credits / SCHEMA_DIR / filename
        if not path.exists() and not path.is_symlink():
            written.append(write_new(path, schema_text(name, words).encode(), root))
    return written


def schema_reference(file: Path, credits: Path, name: str = "entry") -> str:
    """The relative path from a credit file to its schema, for the modeline."""
    target = credits / SCHEMA_DIR / FILES[name]
    return Path(os.path.relpath(target, file.parent)).as_posix()
