"""`cectrack import FILE.csv`: bring in a transcript or a spreadsheet, one file per row.

Columns are recognised by their usual headers (Date, Course, Provider, Credits, Units, …),
or named with --map.  Each row is checked exactly as `cectrack add` checks an answer; a bad
row is reported with its CSV line and the good rows still import.  Importing is idempotent:
a row whose date, title, provider and credits match an entry already recorded is skipped.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..engine.duplicates import CourseIndex
from ..files.text import read_text
from ..files.visible import printable
from ..records.fields import ENTRY_FIELDS
from ..records.model import Entry
from ..records.words import counted
from .add import Invalid, State, not_a_tracker, parse_answer
from .importhints import date_hint, future_note, likely_field
from .writing import (
    WriteError,
    check_inside,
    ensure_schemas,
    entry_path,
    entry_yaml,
    schema_reference,
    write_new,
)

MAX_CSV_BYTES = 20_000_000  # a provider's transcript is kilobytes; a career's, a few megabytes
# Normalised header -> field (headers are lowercased, everything but letters and digits dropped).
HEADERS = {
    "completed": ("date", "completed", "completiondate", "datecompleted", "dateofcompletion",
                  "enddate", "completedon"),
    "title": ("title", "course", "coursetitle", "coursename", "program", "event", "activityname"),
    "provider": ("provider", "organization", "organisation", "sponsor", "offeredby", "accreditor"),
    "credits": ("credits", "credit", "amount", "ceus", "cecs", "ceu", "cec", "hours",
                "contacthours", "cme", "cmecredits", "acececs"),
    "unit": ("unit", "units", "credittype", "unittype"),
    "approval": ("approval", "approvalnumber", "coursenumber", "courseid", "approvalcode"),
    "activity": ("activity", "type", "activitytype"),
    "category": ("category",),
    "notes": ("notes", "comments", "comment"),
    # Only a column that names a file: a "Certificate #" column holds a number, not a path.
    "evidence": ("evidence", "certificatefile", "certificatepath", "certificatepdf"),
}
# "1.5 CEUs", "2 contact hours": a number and a unit word in one cell.
_AMOUNT_WITH_UNIT = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z][A-Za-z .-]*)$")
_DECIMAL_COMMA = re.compile(r"^\s*[0-9]+,[0-9]+(\s|$)")
# A credits column named after its unit says the unit when no unit column does.
UNIT_FROM_HEADER = {"ceus": "CEU", "ceu": "CEU", "cecs": "CEC", "cec": "CEC", "hours": "contact_hour",
                    "contacthours": "contact_hour", "cme": "CME", "cmecredits": "CME",
                    "acececs": "ACE-CEC"}
# Unit words as transcripts write them.
UNIT_WORDS = {"ceus": "CEU", "ceu": "CEU", "cecs": "CEC", "cec": "CEC", "hours": "contact_hour",
              "hour": "contact_hour", "contacthours": "contact_hour", "contacthour": "contact_hour",
              "cme": "CME", "cmes": "CME", "cmecredits": "CME", "acececs": "ACE-CEC",
              "acecec": "ACE-CEC"}


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def columns(header: list[str], mapping: dict[str, str]) -> tuple[dict[int, str], str | None]:
    """Which column feeds which field; and the unit a credits header implies."""
    fields: dict[int, str] = {}
    implied_unit = None
    by_normal = {_normal(mapped): field for mapped, field in mapping.items()}
    for index, name in enumerate(header):
        key = _normal(name)
        field = by_normal.get(key) or next(
            (f for f, aliases in HEADERS.items() if key in aliases), None)
        if field and field not in fields.values():
            fields[index] = field
            if field == "credits" and key in UNIT_FROM_HEADER:
                implied_unit = UNIT_FROM_HEADER[key]
    return fields, implied_unit


def row_values(row: list[str], fields: dict[int, str], implied_unit: str | None,
               date_format: str | None, known: tuple,
               decimal_comma: bool = False) -> tuple[dict[str, Any], list[Invalid]]:
    """One row's values; `known` is (credential ids, the words the rule files declare);
    `decimal_comma` where the file's columns are not split by commas (7,5 credits)."""
    raw = {field: row[index].strip() if index < len(row) else "" for index, field in fields.items()}
    if decimal_comma and _DECIMAL_COMMA.match(raw.get("credits", "")):
        raw["credits"] = raw["credits"].replace(",", ".", 1)  # 7,5 is 7.5 in these files
    _split_amount(raw)
    if not raw.get("unit") and implied_unit:
        raw["unit"] = implied_unit
    if raw.get("unit"):
        raw["unit"] = UNIT_WORDS.get(_normal(raw["unit"]), raw["unit"])
    if date_format and raw.get("completed"):
        raw["completed"] = read_date(raw["completed"], date_format) or raw["completed"]
    values, errors = {}, []
    for spec in ENTRY_FIELDS:
        if spec.name in raw or spec.required:
            try:
                values[spec.name] = parse_answer(spec.name, raw.get(spec.name, ""), *known)
            except Invalid as err:
                errors.append(date_hint(err, raw.get("completed", "")) if spec.name == "completed"
                              and not date_format else err)
    return values, errors


def read_date(text: str, date_format: str) -> str | None:
    """`text` read with the user's --date-format, as YYYY-MM-DD; None where it does not fit
    (parse_answer then reports it, with the usual hint).  strptime builds a regular
    expression from the format, so a format such as %Y%Y fails there, not in the date."""
    try:
        return dt.datetime.strptime(text, date_format).date().isoformat()
    except (ValueError, re.error, OverflowError, TypeError):
        return None


def date_format_problem(date_format: str) -> str | None:
    """Why --date-format cannot be used, in words; None when it can: it must read a date
    it wrote itself (so %Y%Y, a lone %, or a format with no day is refused up front)."""
    sample = dt.date(2025, 3, 14)
    try:
        written = sample.strftime(date_format)
    except (ValueError, OverflowError) as err:
        return str(err)
    if read_date(written, date_format) != sample.isoformat():
        return (f"it writes 14 March 2025 as '{written}', which does not read back as that "
                "day: give the year, month and day once each, e.g. %m/%d/%Y")
    return None


def _split_amount(raw: dict[str, str]) -> None:
    """A credits cell such as "1.5 CEUs" gives the amount, and the unit if none is given."""
    found = _AMOUNT_WITH_UNIT.match(raw.get("credits", ""))
    unit = UNIT_WORDS.get(_normal(found.group(2))) if found else None
    if found and unit and (not raw.get("unit") or UNIT_WORDS.get(_normal(raw["unit"]), raw["unit"]) == unit):
        raw["credits"], raw["unit"] = found.group(1), unit


SEPARATOR_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


def csv_dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """How the file is written: commas, or semicolons (what spreadsheets save as "CSV" where
    the decimal sign is a comma) or tabs, told from its first lines; commas when unsure."""
    try:
        sniffed = csv.Sniffer().sniff(text[:65_536], delimiters="".join(SEPARATOR_NAMES))
    except csv.Error:
        return csv.excel
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    if sniffed.delimiter not in header:  # the columns are named on the first line
        return csv.excel
    # Keep the standard quoting rules; only the separator is taken from the file.
    return csv.excel_tab if sniffed.delimiter == "\t" else type(
        "Sniffed", (csv.excel,), {"delimiter": sniffed.delimiter})


def run_import(state: State, csv_path: Path, mapping: dict[str, str], dry_run: bool,
               date_format: str | None, today: dt.date, say: Callable[[str], None] = print) -> int:
    """`cectrack import`, on the tracker as the orchestrator read it (`state`)."""
    root = state.root
    if not_a_tracker(state, say):
        return 1
    known = (state.library.credential_ids(), state.library.entry_words())
    seen = CourseIndex()  # every recorded course, and each row imported: a CSV's repeats go too
    for entry in state.tracker.entries:
        seen.add(entry)
    text = read_text(csv_path, MAX_CSV_BYTES)
    if not isinstance(text, str):
        if text.code == "encoding":
            say(f"{csv_path.name}:{text.line}: error: cannot read the CSV: it is {text.reason}: "
                "save it as \"CSV UTF-8\"")
        else:
            say(f"cectrack import: cannot read {csv_path}: {text.reason}")
        return 2
    if date_format and (wrong := date_format_problem(date_format)):
        say(f"cectrack import: error: --date-format {printable(date_format)} cannot be used: "
            f"{printable(wrong)}")
        return 2
    if not text.strip():
        say(f"{csv_path.name}: error: the file is empty: no header line, no course\n"
            "    hint: export the transcript again, or save the spreadsheet as CSV UTF-8")
        return 1
    dialect = csv_dialect(text)
    sample = _first_rows(text, dialect)
    if sample and not columns(sample[0], mapping)[0]:
        say(unrecognised_header(csv_path.name, sample, mapping))
        return 1
    options = _Options(root, root / state.tracker.credits_dir, csv_path.name, known,
                       date_format, dry_run, dialect.delimiter != ",", today, sample[1:])
    if not dry_run:
        try:
            check_inside(root, options.credits)
        except WriteError as refused:
            say(f"cectrack import: error: {refused}")
            return 1
    if dialect.delimiter != ",":
        say(f"{csv_path.name}: note: columns separated by {SEPARATOR_NAMES[dialect.delimiter]}; "
            "a comma in the credits is read as the decimal sign (7,5 is 7.5)")
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        written, skipped, bad = _import_rows(reader, mapping, options, seen, say)
    except csv.Error as err:
        where = f" after line {reader.line_num}" if reader.line_num else ""
        say(f"{csv_path.name}: error: cannot read the CSV{where}: {err}")
        return 2
    if not written + skipped + bad:
        say(f"{csv_path.name}: error: no course under the header line; nothing imported\n"
            "    hint: export the transcript again with its courses")
        return 1
    if written and not dry_run:
        ensure_schemas(options.credits, root=root)
    verb = "would import" if dry_run else "imported"
    say(f"{verb} {counted(written, 'entry')}; {skipped} already recorded; "
        f"{counted(bad, 'row')} with errors")
    return 1 if bad else 0


def _import_rows(reader, mapping: dict[str, str], options: "_Options", seen: CourseIndex,
                 say: Callable[[str], None]) -> tuple[int, int, int]:
    """Each row checked and written (or not): how many were written, skipped, bad."""
    written = skipped = bad = 0
    header: list[str] = next(reader, [])
    fields, implied_unit = columns(header, mapping)
    if options.dry_run:  # first, how each column will be read
        for index, name in enumerate(header):
            if index in fields:
                unit = f" (unit {implied_unit})" if fields[index] == "credits" and \
                    implied_unit else ""
                say(f"{options.source}: column '{name}' -> {fields[index]}{unit}")
    taken = set(fields.values())
    for index, name in enumerate(header):
        if index not in fields and name.strip():
            field = likely_field(_cells(options.sample, index), taken)
            taken.add(field)
            say(f"{options.source}: note: column '{name}' is not imported "
                f"(name its field with --map '{name}={field}')")
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        outcome = _import_row(row, start, fields, implied_unit, options, seen, say)
        written += outcome == "written"
        skipped += outcome == "skipped"
        bad += outcome == "bad"
    return written, skipped, bad


def _first_rows(text: str, dialect, count: int = 6) -> tuple[list[str], ...]:
    """The header and the first rows, to judge the columns by before any is imported."""
    try:
        return tuple(itertools.islice(csv.reader(io.StringIO(text, newline=""), dialect), count))
    except csv.Error:
        return ()  # said with its line when the rows are read


def _cells(rows: tuple[list[str], ...], index: int) -> list[str]:
    return [row[index] for row in rows if index < len(row)]


def unrecognised_header(source: str, sample: tuple[list[str], ...],
                        mapping: dict[str, str]) -> str:
    """No column named as a transcript names them: every row would miss its date and title,
    so nothing is read; each column is offered the field its cells suggest."""
    header, taken, maps = sample[0], set(mapping.values()), []
    for index, name in enumerate(header):
        if name.strip():
            field = likely_field(_cells(sample[1:], index), taken)
            taken.add(field)
            maps.append(f"--map '{name}={field}'")
    named = ", ".join(f"'{printable(name)}'" for name in header)
    return (f"{source}:1: error: none of the columns is recognised (the first line names "
            f"{named}); nothing imported\n    hint: say which field each column holds, e.g. "
            f"{' '.join(maps)}; the guide's \"cectrack import\" lists the headers recognised")


@dataclass(frozen=True)
class _Options:
    root: Path
    credits: Path  # the folder the tracker reads its credit files from, as configured
    source: str  # the CSV file's name, for messages
    known: tuple  # (credential ids, declared words)
    date_format: str | None
    dry_run: bool
    decimal_comma: bool = False  # columns split by semicolons or tabs: 7,5 means 7.5
    today: dt.date | None = None  # a row completed after it is warned of
    sample: tuple = ()  # the first rows after the header: what a column not recognised holds


def _import_row(row: list[str], line: int, fields: dict[int, str], implied_unit: str | None,
                options: _Options, seen: CourseIndex, say: Callable[[str], None]) -> str:
    """Check one row and write its entry; return "written", "skipped" or "bad"."""
    values, errors = row_values(row, fields, implied_unit, options.date_format, options.known,
                                options.decimal_comma)
    for err in errors:
        say(f"{options.source}:{line}: error: {err.message} [{err.code}]")
        if err.hint:
            say(f"    hint: {err.hint}")
    if errors:
        return "bad"
    if options.today and (later := future_note(values["completed"], options.today)):
        say(f"{options.source}:{line}: warning: {later}")
    credits = options.credits
    target = entry_path(credits, values["completed"], values["title"])
    entry = Entry(file=f"{options.source}:{line}", line=line,
                  **{k: v for k, v in values.items() if v is not None})
    original = seen.find(entry)
    if original is not None:
        where = original.file if original.file.endswith(f":{original.line}") else \
            f"{original.file}:{original.line}"
        say(f"{options.source}:{line}: skipped: the same course as {where} "
            f"('{original.title}', {original.completed.isoformat()})")
        return "skipped"
    seen.add(entry)
    if options.dry_run:
        say(f"would write {target.relative_to(options.root).as_posix()}")
        return "written"
    ordered = {spec.name: values.get(spec.name) for spec in ENTRY_FIELDS}
    text = entry_yaml(ordered, schema_reference(target, credits))
    try:
        path = write_new(target, text.encode("utf-8"), options.root)
    except WriteError as refused:  # a year folder that is a link out of the tracker
        say(f"{options.source}:{line}: error: {refused}")
        return "bad"
    say(f"wrote {path.relative_to(options.root).as_posix()}")
    return "written"
