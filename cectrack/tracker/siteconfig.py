"""The tracker's mkdocs.yml read as plain data, without MkDocs (for `render` and `locate`).

MkDocs configs may hold tags that build Python objects (`!!python/name:…`, used by some
Markdown extensions) or read the environment (`!ENV`); they are never run here: such a value
becomes an Opaque marker and whatever holds it is left out of what cectrack copies.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..files.text import read_text


@dataclass(frozen=True)
class Opaque:
    """A tagged value MkDocs would resolve at run time; cectrack never does."""

    tag: str


class _PlainLoader(yaml.SafeLoader):
    pass


def _opaque(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Opaque:
    return Opaque(node.tag)


_PlainLoader.add_multi_constructor("tag:yaml.org,2002:python/", _opaque)
_PlainLoader.add_multi_constructor("!", _opaque)


def read_site_config(root: Path) -> dict:
    """mkdocs.yml as a dict; {} when absent or unreadable (the caller's defaults apply)."""
    text = read_text(root / "mkdocs.yml")
    if not isinstance(text, str):
        return {}
    try:
        config = yaml.load(text, Loader=_PlainLoader)  # noqa: S506 (safe subclass)
    except yaml.YAMLError:
        return {}
    return config if isinstance(config, dict) else {}


def is_plain(value: Any) -> bool:
    """Whether `value` holds only plain data (no Opaque anywhere inside)."""
    if isinstance(value, Opaque):
        return False
    if isinstance(value, dict):
        return all(is_plain(k) and is_plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(is_plain(item) for item in value)
    return True


def plugin_options(config: dict) -> dict:
    """The `cectrack:` entry of `plugins:` ({} when listed bare or absent)."""
    for item in config.get("plugins") or ():
        if isinstance(item, dict) and "cectrack" in item:
            options = item["cectrack"]
            return options if isinstance(options, dict) else {}
    return {}
