"""The site generators a tracker can choose, and the one place it chooses: `generator:` under
the cectrack plugin in mkdocs.yml (MkDocs and ProperDocs read it as the plugin's option;
Zensical ignores the plugin and its options, and cectrack reads the file itself).

`cectrack build`, `cectrack serve` and the site workflow all follow that setting, so moving
a tracker to another generator is that line and its requirements.txt line, nothing else.
"""
from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .siteconfig import plugin_options


@dataclass(frozen=True)
class Generator:
    name: str
    runs_plugin: bool  # builds the tracker itself with the plugin; else cectrack render's project
    requirement: str  # the line requirements.txt adds ("" when cectrack's own needs bring it)
    build: tuple[str, ...]  # the command that builds, strictly, in its project folder
    serve: tuple[str, ...]  # the command that serves and rebuilds on changes
    address_option: str  # how its serve command takes host:port


GENERATORS = {
    "mkdocs": Generator("mkdocs", True, "", ("mkdocs", "build", "--strict"),
                        ("mkdocs", "serve"), "--dev-addr"),
    "properdocs": Generator("properdocs", True, "properdocs>=1.6.7,<2",
                            ("properdocs", "build", "--strict", "-f", "mkdocs.yml"),
                            ("properdocs", "serve", "-f", "mkdocs.yml"), "--dev-addr"),
    "zensical": Generator("zensical", False, "zensical>=0.0.73,<0.2",
                          ("zensical", "build", "--strict", "-f", "mkdocs.yml"),
                          ("zensical", "serve", "-f", "mkdocs.yml"), "--dev-addr"),
}
DEFAULT = "mkdocs"


def configured_generator(config: dict) -> tuple[Generator, str]:
    """The generator mkdocs.yml names, and "" or why its value was not taken."""
    value = plugin_options(config).get("generator", DEFAULT)
    if isinstance(value, str) and value.strip().lower() in GENERATORS:
        return GENERATORS[value.strip().lower()], ""
    return GENERATORS[DEFAULT], (f"plugins.cectrack.generator is '{value}'; write one of "
                                 f"{', '.join(GENERATORS)}")


def program(name: str) -> str | None:
    """A generator's command: beside the Python running cectrack first (a venv used
    without activating it, `.venv/bin/cectrack build`), else on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() and os.access(beside, os.X_OK) else shutil.which(name)


def command(words: tuple[str, ...]) -> list[str]:
    """The command line with its program found as `program` finds it."""
    return [program(words[0]) or words[0], *words[1:]]
