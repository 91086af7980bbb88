"""The line each problem is about, read once per file, so the terminal, the build log and the
dashboard can quote it under the message without opening a file themselves."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from ..files.text import read_text
from ..files.visible import printable
from ..problem import Problem
from .studiokey import hide_secret_keys

TAB_SHOWN = "→"


def with_sources(problems: list[Problem] | tuple[Problem, ...], root: Path) -> list[Problem]:
    """Each problem with its line as read (secret keys hidden, controls written out), when
    its file under `root` has that line."""
    files: dict[str, list[str]] = {}
    found = []
    for problem in problems:
        if problem.line and problem.file not in files:
            text = read_text(root / problem.file)
            files[problem.file] = text.splitlines() if isinstance(text, str) else []
        lines = files.get(problem.file, [])
        if 0 < problem.line <= len(lines):
            # A tab shown as one arrow, not as the replacement character of other controls:
            # one column each, so the ^ marker under it stays in place.
            shown = lines[problem.line - 1].rstrip().replace("\t", TAB_SHOWN)
            source = hide_secret_keys(printable(shown))
            problem = dataclasses.replace(problem, source=source)
        found.append(problem)
    return found
