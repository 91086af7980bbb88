"""The dashboard's problem panels: what is wrong, said the way a trainer reads it.

`cectrack check` prints problems for a terminal and CI (file:line: severity: message).  On
the site the same problems are grouped by what they mean ("2 courses need a certificate"),
one line per course with its date and the fix in plain words; the file is small print.
Errors (red) and warnings (amber) are apart, and what a panel says about the totals is
worked out from the data, not assumed: only a course whose file could not be read is left
out of them.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..problem import ERROR, Problem
from ..records.model import Entry
from ..records.words import counted
from .excerpt import excerpt

# code -> (what one of them is, the plural): "2 courses need a certificate"
GROUPS: dict[str, tuple[str, str]] = {
    "no-evidence": ("course needs a certificate", "courses need a certificate"),
    "missing-evidence": ("certificate file is missing", "certificate files are missing"),
    "evidence-changed": ("certificate changed after it was recorded",
                         "certificates changed after they were recorded"),
    "future-date": ("course is dated after today", "courses are dated after today"),
    "duplicate-entry": ("course is recorded twice", "courses are recorded twice"),
    "card-without-expiry": ("card has no expiry date", "cards have no expiry date"),
    "decimal-unit-suspected": ("unit looks like a decimal unit", "units look like decimal units"),
    "hours-in-decimal-unit-suspected": ("figure looks like hours in a decimal unit",
                                        "figures look like hours in a decimal unit"),
    "ambiguous-unit": ("unit may be read the wrong way", "units may be read the wrong way"),
    "credential-not-held": ("course names a credential you do not hold",
                            "courses name a credential you do not hold"),
    "not-read": ("file is not read", "files are not read"),
}

# code -> the fix in plain words (`code` in backticks); {evidence} is the entry's path.
FIXES: dict[str, str] = {
    "no-evidence": "no certificate recorded. Add the PDF under `certificates/` and name it "
                   "in the entry (`evidence: certificates/…`).",
    "missing-evidence": "the entry names `{evidence}`, which is not in the tracker. Add the "
                        "file with that name, or correct the path in the entry.",
    "evidence-changed": "the certificate is not the file first recorded. If you replaced it on "
                        "purpose, say why in the entry's `notes:`; an auditor may compare it "
                        "with the recorded fingerprint.",
    "future-date": "dated after today, so it does not count yet. Check the year and month.",
    "card-without-expiry": "add the expiry date printed on the card (`expires: YYYY-MM-DD`); "
                           "renewing needs a current card.",
}


@dataclass(frozen=True)
class ProblemLine:
    problem: Problem
    course: Entry | None  # the course the problem is about, when one was read
    fix: str  # plain words; `code` in backticks
    left_out: bool  # its file could not be read, so nothing in it is in the totals
    source: tuple[str, ...] = ()  # the line itself, with a marker under the bad part

    @property
    def where(self) -> str:
        p = self.problem
        return f"{p.file}, line {p.line}" if p.line else p.file


@dataclass(frozen=True)
class ProblemGroup:
    code: str
    heading: str  # "2 courses need a certificate"
    lines: tuple[ProblemLine, ...]
    note: str = ""  # what these problems do to the totals, when it can be said of them all


@dataclass(frozen=True)
class Panel:
    severity: str  # error | warning
    title: str
    note: str  # what the problems do to the totals, when anything
    groups: tuple[ProblemGroup, ...]


def panels(problems: tuple[Problem, ...], entries: tuple[Entry, ...], credits_dir: str,
           counted_courses: set[tuple[str, int]]) -> list[Panel]:
    """The red panel of errors, then the amber panel of warnings (either may be absent);
    `counted_courses` are the (file, line) of every course that counts for a credential."""
    found = []
    at = _course_finder(entries)
    errors = [p for p in problems if p.severity == ERROR]
    warnings = [p for p in problems if p.severity != ERROR]
    if errors:
        lines = [_error_line(p, at(p), credits_dir) for p in errors]
        left_out = {line.problem.file for line in lines if line.left_out}
        note = (f"{counted(len(left_out), 'file')} {'holds' if len(left_out) == 1 else 'hold'} "
                "entries that could not be read: those entries are left out of the totals "
                "below until fixed." if left_out else "")
        found.append(Panel(ERROR, f"{counted(len(errors), 'error')} to fix", note,
                           (ProblemGroup("error", "", tuple(lines)),)))
    if warnings:
        groups = _warning_groups(warnings, at, counted_courses)
        title = groups[0].heading if len(groups) == 1 else f"{len(warnings)} things to check"
        found.append(Panel("warning", title, "", tuple(groups)))
    return found


def _course_finder(entries: tuple[Entry, ...]):
    """problem -> the entry whose lines hold it (a list file holds several entries)."""
    by_file: dict[str, list[tuple[int, int, Entry]]] = {}
    for entry in entries:
        last = max([entry.line, *(line for line, _, _ in entry.positions.values())])
        by_file.setdefault(entry.file, []).append((entry.line, last, entry))

    def at(problem: Problem) -> Entry | None:
        for first, last, entry in by_file.get(problem.file, ()):
            if first <= (problem.line or first) <= last:
                return entry
        return None
    return at


def _error_line(p: Problem, course: Entry | None, credits_dir: str) -> ProblemLine:
    in_credits = p.file.startswith(credits_dir.rstrip("/") + "/") and not p.file.endswith(
        "/profile.yaml")
    fix = _sentence(p.message) + (f" {_sentence(p.hint)}" if p.hint else "")
    if p.code == "bad-rule" or p.file.startswith("rules/"):
        fix += " This rule file is not used until it is fixed."
    return ProblemLine(p, course, fix, in_credits and course is None,
                       tuple(excerpt(p)))


def _warning_groups(warnings: list[Problem], at,
                    counted_courses: set[tuple[str, int]]) -> list[ProblemGroup]:
    by_code: dict[str, list[ProblemLine]] = {}
    for p in warnings:
        course = at(p)
        by_code.setdefault(p.code if p.code in GROUPS else "other", []).append(
            ProblemLine(p, course, _fix(p, course), False))
    groups = []
    for code in [*GROUPS, "other"]:
        lines = by_code.get(code)
        if not lines:
            continue
        one, many = GROUPS.get(code, ("other warning", "other warnings"))
        heading = f"{len(lines)} {one if len(lines) == 1 else many}"
        courses = {(line.course.file, line.course.line) for line in lines if line.course}
        counts = len(lines) == len([line for line in lines if line.course]) and courses <= counted_courses
        note = ("It counts toward the totals as recorded." if len(courses) == 1 else
                "They count toward the totals as recorded.") if counts and courses else ""
        groups.append(ProblemGroup(code, heading, tuple(lines), note))
    return groups


def _fix(p: Problem, course: Entry | None) -> str:
    template = FIXES.get(p.code)
    if template is not None and (course is not None or "{evidence}" not in template):
        return template.format(evidence=course.evidence if course else "")
    return _sentence(p.message) + (f" {_sentence(p.hint)}" if p.hint else "")


def _sentence(text: str) -> str:
    """A message or hint as a sentence: a capital first, a full stop last."""
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."
