"""The line a problem is on, quoted with a marker under the bad part (the terminal, the build
log and the dashboard's error panel show it).  The line comes with the problem
(records/sourcelines.py): nothing here reads a file."""
from __future__ import annotations

from ..problem import Problem


def excerpt(problem: Problem) -> list[str]:
    """The offending line, numbered, and a row of ^ under the bad part."""
    source = problem.source
    if not source or not problem.line:
        return []
    number = str(problem.line)
    lines = [f"{number} | {source}"]
    if problem.col:  # the marker never runs past the line (a hidden secret shortens it)
        width = max(1, min(problem.span, len(source) - problem.col + 1))
        lines.append(" " * len(number) + " | " + " " * (problem.col - 1) + "^" * width)
    return lines
