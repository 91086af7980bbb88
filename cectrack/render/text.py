"""Plain-text lines for the terminal and the build log."""
from __future__ import annotations

from ..engine.report import CredentialResult, Report
from ..engine.standing import STATES
from ..engine.uncounted import Uncounted
from ..files.visible import printable
from ..problem import Problem
from ..records.words import counted, fmt, long_date
from ..rules.model import Library, RuleSet
from .credentialwords import figure_words, lifetime_words, where_from
from .excerpt import excerpt
from .explain import explain, fact_mark
from .icsfeed import deadlines
from .live import days_text, summary_pace
from .reasons import reason_words, reasons_words


def problem_lines(problem: Problem) -> list[str]:
    """`file:line:col: severity: message [code]`, the line itself with a marker under the
    bad part (when it came with the problem), then the hint."""
    message = " ".join(printable(problem.message.replace("\n", " ")).split())  # one line, always
    lines = [f"{problem.location()}: {problem.severity}: {message} [{problem.code}]"]
    lines += ["    " + line for line in excerpt(problem)]
    if problem.hint:
        lines.append(f"    hint: {problem.hint}")
    return lines


def credential_summary(c: CredentialResult) -> str:
    """One line: where a credential stands today."""
    parts = [f"{c.id}: {figure_words(c)}"]
    if c.remaining > 0:
        unconfirmed = " (unconfirmed)" if c.cycle.end_fact else ""
        rate = summary_pace(c)
        parts.append(f"{fmt(c.remaining)} to go by {c.cycle.end.isoformat()}{unconfirmed} "
                     f"({days_text(c.days_left)}{', ' + rate if rate else ''})"
                     f"{where_from(c).replace(';', ',')}")
    for prerequisite in c.prerequisites:
        parts.append(f"{prerequisite.label} {reason_words(prerequisite.detail_reason)}")
    parts.append(STATES[c.state])  # the dashboard's words, and status.json's `state`
    return "; ".join(parts)


def lifetime_lines(report: Report) -> list[str]:
    """One line per credential that never expires."""
    return [f"{c.id}: {lifetime_words(c)}" for c in report.lifetime]


def count_line(report: Report) -> str:
    errors = len(report.errors)
    warnings = len(report.problems) - errors
    if not report.problems:
        return "no problems found"
    return f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"


def credential_table(library: Library) -> list[str]:
    """Every credential the rules library knows, one line each."""
    rows = []
    for rules in library.rulesets.values():
        # A tracker's own file replaces the built-in rules of its body: say so on each line.
        own = "" if rules.file.startswith("cectrack/rules/") else f"  (your {rules.file})"
        for c in rules.credentials.values():
            length = rules.cycle_for(c.id).years  # CSEP-CEP's cycle is its own
            every = ("every year" if length.value == 1 else f"every {length.value} years") \
                + (" (unconfirmed)" if length.unconfirmed else "")
            rows.append((c.id, fmt(c.required.value), rules.unit, f"{every}  {c.name}{own}"))
        rows += [(alias, "", "", f"another name for {target}")
                 for alias, target in rules.aliases.items()]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
    return [f"{cid:<{widths[0]}} {amount:>{widths[1]}} {unit:<{widths[2]}} {rest}"
            for cid, amount, unit, rest in rows]


def explanation_lines(rules: RuleSet) -> list[str]:
    """One body's rules in plain words, each line marked with its confidence and source."""
    lines = [f"{rules.name} ({rules.body}), credits in {rules.unit}; rules from {rules.file}", ""]
    for section in explain(rules):
        lines.append(section.title)
        for line in section.lines:
            marks = " ".join(dict.fromkeys(fact_mark(f) for f in line.facts))
            lines.append(f"  - {line.text}" + (f" {marks}" if marks else ""))
            lines += [f"      unconfirmed: {f.note}" for f in line.facts if f.unconfirmed and f.note]
        lines.append("")
    lines.append("Confidence: C confirmed on the body's own page, T third party only, "
                 "U unconfirmed (a default you can override), yours = your own rule file.")
    lines.append("Sources")
    lines += [f"  {s.id}: {s.title} <{s.url}>" for s in rules.sources.values()]
    return lines


def uncounted_lines(course: Uncounted) -> list[str]:
    """`file:line: note: "Title" counts for none of your credentials`, then each reason."""
    entry = course.entry
    title = printable(entry.title)
    return ([f"{entry.file}:{entry.line}: note: \"{title}\" counts for none of your "
             "credentials:"] + [f"    {cid}: {printable(reasons_words(why) or '')}"
                                for cid, why in course.reasons])


def uncounted_annotation(course: Uncounted) -> str:
    """The same note as a GitHub Actions notice on the course's line."""
    why = "; ".join(f"{cid}: {reasons_words(reasons)}" for cid, reasons in course.reasons)
    return (f"::notice file={_escape(course.entry.file, True)},line={course.entry.line},"
            f"title=cectrack counts for none::"
            + _escape(f"\"{course.entry.title}\" counts for none of your credentials ({why})"))


def _escape(text: str, property_value: bool = False) -> str:
    """Text inside a GitHub Actions workflow command."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command: the problem shows on the changed line of a diff."""
    escape = _escape
    where = [f"file={escape(problem.file, True)}"]
    if problem.line:
        where.append(f"line={problem.line}")
    if problem.col:
        where.append(f"col={problem.col}")
    where.append(f"title={escape('cectrack ' + problem.code, True)}")
    message = problem.message + (f" (hint: {problem.hint})" if problem.hint else "")
    return f"::{problem.severity} {','.join(where)}::{escape(message)}"


def due_lines(report: Report, within: int) -> list[str]:
    """Markdown list of the deadlines in the next `within` days (for a reminder issue)."""
    lines = []
    for deadline in deadlines(report):
        days = (deadline.day - report.as_of).days
        if 0 <= days <= within:
            lines.append(f"- **{long_date(deadline.day)}** ({counted(days, 'day')}): "
                         f"{deadline.summary}. {deadline.description}")
    return lines
