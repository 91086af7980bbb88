"""Plain-text lines for the terminal and the build log."""
from __future__ import annotations

from ..counting import fmt
from ..model import Problem
from ..report import CredentialResult, Report


def problem_lines(problem: Problem) -> list[str]:
    """`file:line: severity: message`, then the hint indented on its own line."""
    lines = [f"{problem.location()}: {problem.severity}: {problem.message} [{problem.code}]"]
    if problem.hint:
        lines.append(f"    hint: {problem.hint}")
    return lines


def credential_summary(c: CredentialResult) -> str:
    """One line: where a credential stands today."""
    parts = [f"{c.id}: {fmt(c.earned)} of {fmt(c.required)} {c.unit}"]
    if c.remaining > 0:
        parts.append(f"{fmt(c.remaining)} to go by {c.cycle.end.isoformat()} "
                     f"({_days(c.days_left)})")
    for prerequisite in c.prerequisites:
        parts.append(f"{prerequisite.label} {prerequisite.detail}")
    parts.append({"met": "MET", "in_progress": "in progress", "grace": "EXPIRED, in grace period",
                  "lapsed": "LAPSED"}[c.status])
    return "; ".join(parts)


def _days(days: int) -> str:
    if days >= 0:
        return f"{days} day{'s' if days != 1 else ''} left"
    return f"{-days} day{'s' if days != -1 else ''} overdue"


def count_line(report: Report) -> str:
    errors = len(report.errors)
    warnings = len(report.problems) - errors
    if not report.problems:
        return "no problems found"
    return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
