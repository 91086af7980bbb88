"""The line a problem is on, quoted with a marker under the bad part (the terminal, the build
log and the dashboard's error panel show it)."""
from __future__ import annotations

from pathlib import Path

from ..files.visible import printable
from ..files.text import read_text
from ..records.studiokey import hide_secret_keys
from ..records.model import Problem


def excerpt(problem: Problem, root: Path | None) -> list[str]:
    """The offending line, numbered, and a row of ^ under the bad part."""
    source = source_line(root / problem.file, problem.line) if root and problem.line else None
    if source is None:
        return []
    number = str(problem.line)
    lines = [f"{number} | {source}"]
    if problem.col:  # the marker never runs past the line (a hidden secret shortens it)
        width = max(1, min(problem.span, len(source) - problem.col + 1))
        lines.append(" " * len(number) + " | " + " " * (problem.col - 1) + "^" * width)
    return lines


def source_line(path: Path, line: int) -> str | None:
    text = read_text(path)
    lines = text.splitlines() if isinstance(text, str) else []
    if not 0 < line <= len(lines):
        return None
    return hide_secret_keys(printable(lines[line - 1].rstrip()))
