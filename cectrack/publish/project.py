"""`cectrack render --out DIR` and `cectrack team render --out DIR` on disk: the user's own
pages read in beside cectrack's, cectrack's packaged assets found, and the whole project
written where the last render wrote it (files/output.py never writes over anything else)."""
from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from ..files.output import MANIFEST, write_output
from ..files.paths import inside
from ..render.made import Asset
from ..render.options import is_placeholder

MAX_USER_PAGES = 2_000


def user_pages(docs: Path, root: Path) -> dict[str, Path]:
    """Your own docs files to copy: regular files inside the tracker, no hidden ones."""
    if not docs.is_dir() or not inside(root, docs):
        return {}
    found: dict[str, Path] = {}
    for path in sorted(docs.rglob("*")):
        relative = path.relative_to(docs)
        if len(found) >= MAX_USER_PAGES:
            break
        if (path.is_file() and not path.is_symlink() and inside(docs, path)
                and not any(part.startswith(".") for part in relative.parts)):
            found[relative.as_posix()] = path
    return found


def merged_docs(pages: dict[str, str], user: dict[str, Path]) -> dict[str, str | Path]:
    """Your pages win over cectrack's of the same name, as in the plugin, except the
    placeholders that stand in for cectrack's."""
    merged: dict[str, str | Path] = dict(pages)
    for relative, path in user.items():
        if relative in pages and relative.endswith(".md") and is_placeholder(
                path.read_text("utf-8", "replace")):
            continue
        merged[relative] = path
    return merged


def asset_file(asset: Asset) -> Path:
    """Where one of cectrack's own files (its style sheet, its scripts) lies in the package."""
    return Path(str(resources.files("cectrack.render") / "assets" / asset.name))


def on_disk(files: Mapping[str, str | bytes | Path | Asset]) -> dict[str, str | bytes | Path]:
    """The files as files/output.py writes them: each packaged asset by its place."""
    return {name: asset_file(content) if isinstance(content, Asset) else content
            for name, content in files.items()}


def write_project(out: Path, files: Mapping[str, str | bytes | Path | Asset]) -> int:
    """Write everything under `out` (cectrack's output folder, which keeps a manifest of
    what it wrote and never writes over anything else); return how many."""
    return write_output(out, {name: content for name, content in on_disk(files).items()
                              if name != MANIFEST})
