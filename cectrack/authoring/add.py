"""`cectrack add`: record one course by answering questions (or by flags, for scripts).

Each answer is checked as it is typed, with the loader's own rules; before writing, the
course's worth for every credential held is shown.  The file is written atomically and
never over another (a free name is chosen, and said).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, Callable, Protocol

from ..engine.build import build_report
from ..engine.checks import close_ids_hint
from ..engine.duplicates import first_duplicate
from ..engine.report import Report
from ..records.fields import ENTRY_FIELDS, FieldReader, FieldSpec
from ..records.model import Entry, Tracker
from ..records.vocabulary import CONDITIONAL
from ..records.words import fmt
from ..records.yamlsource import YMap, read_yaml
from ..render.addform import categories_offered
from ..render.credentialwords import where_from
from ..render.reasons import reason_words, reasons_words
from ..render.text import problem_lines
from ..rules.model import Library
from .writing import (
    check_inside,
    ensure_schemas,
    entry_path,
    entry_yaml,
    schema_reference,
    slug,
    write_new,
)

SPECS = {spec.name: spec for spec in ENTRY_FIELDS}
DECIMAL_COMMA = re.compile(r"^[0-9]+,[0-9]+$")
# The questions, in order; the conditional ones are asked only for the activity they concern.
QUESTIONS = ("title", "provider", "completed", "activity", "credits", "unit", "counts_for",
             "approval", "evidence", "notes")


class State(Protocol):
    """The tracker as it stands, read by the orchestrator and handed down by the face (the
    writing commands never run the whole analysis themselves)."""

    @property
    def root(self) -> Path: ...
    @property
    def tracker(self) -> Tracker: ...
    @property
    def library(self) -> Library: ...
    @property
    def report(self) -> Report: ...


class Invalid(Exception):
    """An answer that does not pass; its text says why and how to fix it."""

    def __init__(self, message: str, code: str = "invalid", hint: str = ""):
        super().__init__(message + (f" ({hint})" if hint else ""))
        self.message, self.code, self.hint = message, code, hint


def parse_answer(name: str, text: str, known_ids: list[str],
                 words: dict[str, tuple[str, ...]] | None = None) -> Any:
    """Check one answer exactly as the loader would check it in a file (`words`: the units
    and activities the rule files declare)."""
    text = text.strip()
    spec = SPECS[name] if name in SPECS else FieldSpec(name, "text", False, "")
    if not text:
        if spec.required:
            raise Invalid(f"{name} is required: {spec.doc}", "missing-value")
        return None
    if spec.kind == "text":
        return text
    if spec.kind == "number" and DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")  # 7,5 as import and the site's form read it: 7.5
    if spec.kind == "id_list":
        ids = tuple(part.strip() for part in text.replace(",", " ").split() if part.strip())
        unknown = [i for i in ids if i not in known_ids]
        if unknown:
            raise Invalid(f"`{unknown[0]}` is not a known credential", "unknown-credential",
                          close_ids_hint(unknown[0], known_ids))
        return ids
    if spec.kind == "word_list" and not text.startswith("["):
        # `a, b` or `a b` as typed at a prompt or a flag: the YAML list `["a", "b"]`.
        text = json.dumps(text.replace(",", " ").split())
    documents, problems = read_yaml(f"{name}: {text}\n", "answer")
    value = None
    if documents and isinstance(documents[0], YMap) and not problems:
        reader = FieldReader("answer", problems, words)
        value = reader.convert(spec, documents[0].items[name])
    if problems:
        first = problems[0]
        raise Invalid(first.message, first.code, first.hint)
    return value


def defaults(state: State, today: dt.date) -> dict[str, str]:
    """Sensible answers to offer: today, the last provider, the unit the credentials held
    count in (ACE-CEC for an ACE trainer: a certificate's 0.8 taken as CEC would count a
    tenth), else CEC, the credentials held."""
    entries = sorted(state.tracker.entries, key=lambda e: (e.completed, e.file, e.line))
    held = [c.id for c in state.report.credentials]
    return {
        "completed": today.isoformat(),
        "provider": entries[-1].provider if entries else "",
        "activity": "course",
        "unit": state.library.shared_unit(held) or "CEC",
        "counts_for": "",
    }


def gather(given: dict[str, str | None], state: State, today: dt.date,
           ask: Callable[[str], str] | None, say: Callable[[str], None]) -> dict[str, Any]:
    """Every answer: from flags, else asked (when `ask` is given), else the default."""
    known = (state.library.credential_ids(), state.library.entry_words())
    offered = defaults(state, today)
    values: dict[str, Any] = {}
    problems: list[str] = []  # every wrong or missing flag, said together
    questions = list(QUESTIONS)
    index = 0
    while index < len(questions):
        name = questions[index]
        index += 1
        values[name] = _collected(problems, _answer, name, given.get(name),
                                  offered.get(name, ""), known, ask, say)
        if name == "activity":
            questions[index:index] = list(CONDITIONAL.get(values[name] or "course", ()))
        if name == "counts_for" and ask is not None and given.get("category") is None:
            values["category"] = ask_categories(state, values[name], ask, say)
    for name in ("petition", "category", "started", "grade", "expires", "hands_on", "tags"):
        if name not in values and given.get(name) is not None:
            values[name] = _collected(problems, _answer, name, given[name], "", known, None, say)
    if problems:
        raise SystemExit("\n".join(problems))
    return values


def _collected(problems: list[str], answer: Callable[..., Any], *args: Any) -> Any:
    try:
        return answer(*args)
    except SystemExit as stop:
        problems.append(str(stop))
        return None


def _answer(name, flag, default, known, ask, say):
    """One answer; `known` is (credential ids, declared words)."""
    flag_name = f"--{name.replace('_', '-')}"
    if flag is not None:
        try:
            return _checked(name, parse_answer(name, flag, *known))
        except Invalid as err:
            raise SystemExit(f"cectrack add: {flag_name}: {err}")
    if ask is None:
        # Without questions nobody confirms an offered answer: a required field is never
        # filled in from another course (the last provider) or the calendar (today).
        try:
            return parse_answer(name, "" if SPECS[name].required else default, *known)
        except Invalid as err:
            raise SystemExit(f"cectrack add: {flag_name} is needed: {err}")
    while True:
        shown = f" [{default}]" if default else ""
        declared = ", ".join(known[1].get(name, ()))  # words the rule files add
        question = _QUESTION_WORDS.get(name, name) + (f" (also: {declared})" if declared else "")
        text = ask(f"{question}{shown}: ")
        try:
            return _checked(name, parse_answer(name, text or default, *known))
        except Invalid as err:
            say(f"  {err}")  # asked again: the answers given so far are kept


def ask_categories(state: State, counts_for: tuple[str, ...] | None, ask: Callable[[str], str],
                   say: Callable[[str], None]) -> dict[str, str] | None:
    """The category of each body the course counts for that has some, as the site's add
    form offers them; blank leaves the course where the body's rules place it (NCCPA:
    Category 2, NREMT: the individual component), which is what every course got, unasked."""
    bodies = {c.body for c in state.report.credentials if not counts_for or c.id in counts_for}
    chosen = {}
    for body in categories_offered(state.report, state.library):
        if body["body"] not in bodies:
            continue
        say(f"{body['name']} categories (blank: as {body['body']}'s rules place the course):")
        width = max(len(cid) for cid, _label in body["choices"])
        for cid, label in body["choices"]:
            say(f"  {cid:<{width}}  {label}")
        ids = {cid.lower(): cid for cid, _label in body["choices"]}
        while True:
            text = ask(f"Category for {body['body']} []: ").strip()
            if not text or text.lower() in ids:
                break
            say(f"  '{text}' is not one of {body['body']}'s categories; write one of "
                f"{', '.join(ids.values())}, or leave it blank")
        if text:
            chosen[body["body"]] = ids[text.lower()]
    return chosen or None


def _checked(name: str, value: Any) -> Any:
    """Answers that must name something on disk: the certificate file to copy."""
    if name == "evidence" and value and not Path(value).expanduser().is_file():
        raise Invalid(f"there is no file {value}", "missing-evidence",
                      "give the path of the certificate file, or leave it blank")
    return value


_QUESTION_WORDS = {
    "title": "Course title", "provider": "Provider (who awarded the credits)",
    "completed": "Completed (YYYY-MM-DD)", "activity": "Activity (course, conference, webinar, "
    "home_study, college_course, cpr_aed, first_aid, presenting, publishing, committee, quiz, …)",
    "credits": "Credits (blank where the rules fix the value)",
    "unit": "Unit (CEC, contact_hour, CME, CEU, ACE-CEC, college_semester_hour, …)",
    "counts_for": "Counts for (blank: every credential you hold)", "approval": "Approval number",
    "evidence": "Certificate file to copy into certificates/ (blank: none)", "notes": "Notes",
    "grade": "Grade", "expires": "Card expires (YYYY-MM-DD)",
    "hands_on": "Hands-on skills check (true/false)", "started": "Started (YYYY-MM-DD)",
    "tags": "Tags",
}


def new_entry(values: dict[str, Any]) -> Entry:
    """The entry the answers describe, before it is written."""
    fields = {k: v for k, v in values.items() if k in SPECS and v is not None}
    return Entry(file="(new)", line=1, **fields)


def refuse_duplicate(values: dict[str, Any], state: State, interactive: bool,
                     ask: Callable[[str], str], say: Callable[[str], None]) -> bool:
    """Whether to stop because the course is already recorded (asked when interactive)."""
    original = first_duplicate(new_entry(values), state.tracker.entries)
    if original is None:
        return False
    say(f"cectrack add: this looks like the same course as {original.file}:{original.line} "
        f"('{original.title}', {original.completed.isoformat()}, {original.provider}).")
    if interactive and ask("Write it anyway? [y/N] ").strip().lower() in ("y", "yes"):
        return False
    say("Nothing written. If it is another course, make the title say which (the session or "
        "day) or give its `approval:` number.")
    return True


def preview(values: dict[str, Any], state: State, today: dt.date) -> list[str]:
    """What the new entry is worth for each credential held, and the totals after it."""
    entry = dataclasses.replace(new_entry(values), evidence=None)
    tracker = dataclasses.replace(state.tracker, entries=state.tracker.entries + (entry,))
    after = build_report(tracker, state.library, today)
    lines = []
    for before, now in zip(state.report.credentials, after.credentials):
        (mine,) = [r for r in now.entries if r.entry.file == "(new)"]
        cards = [p for p in now.prerequisites if p.card is not None and p.card.file == "(new)"]
        worth = (f"{fmt(mine.counted)} {now.unit}" if mine.excluded is None
                 else f"no credit; the {cards[0].label} card it asks for, "
                      f"{reason_words(cards[0].detail_reason)}" if cards
                 else f"nothing ({reasons_words(mine.excluded)})")
        lines.append(f"  {now.id}: {worth}; total {fmt(before.earned)} -> {fmt(now.earned)} "
                     f"of {fmt(now.required)} {now.unit}"
                     + (f"; {fmt(now.remaining)} {now.unit} still needed{where_from(now)}"
                        if where_from(now) else ""))
    return lines + said_of_new(after)


def said_of_new(after: Report) -> list[str]:
    """What `check` would say of the new course (8 ACE-CEC that are likely 8 hours), said
    before it is written rather than at the next check."""
    return [f"  {p.severity}: {p.message}" + (f"\n    hint: {p.hint}" if p.hint else "")
            for p in after.problems if p.file == "(new)"]


def write_entry(values: dict[str, Any], root: Path, credits: Path) -> tuple[Path, Path | None]:
    """Write the new credit file under `credits` (and copy its certificate into the
    tracker's certificates/); both atomically, never over an existing file."""
    evidence_source = values.get("evidence")
    target = entry_path(credits, values["completed"], values["title"])
    check_inside(root, target.parent)  # both folders checked before either file is written
    if evidence_source:
        check_inside(root, root / "certificates")
    copied = None
    if evidence_source:
        source = Path(evidence_source).expanduser()
        name = f"{values['completed'].isoformat()}-{slug(values['title'])}{source.suffix.lower()}"
        copied = write_new(root / "certificates" / name, source, root)  # copied, not read whole
        values = {**values, "evidence": copied.relative_to(root).as_posix()}
    ordered = {spec.name: values.get(spec.name) for spec in ENTRY_FIELDS}
    if ordered.get("activity") == "course":
        ordered["activity"] = None  # the default needs no line
    text = entry_yaml(ordered, schema_reference(target, credits))
    ensure_schemas(credits, root=root)
    return write_new(target, text.encode("utf-8"), root), copied


def not_a_tracker(state: State, say: Callable[[str], None]) -> bool:
    """Whether the folder lacks the credits folder or the profile (and so is said): `add`
    and `import` then write nothing, rather than start a tracker by accident."""
    errors = [p for p in state.report.errors if p.code in ("missing-profile", "missing-credits-dir")]
    for problem in errors:
        say("\n".join(problem_lines(problem)))
    return bool(errors)


def run_add(state: State, today: dt.date, given: dict[str, str | None], interactive: bool,
            ask: Callable[[str], str] = input, say: Callable[[str], None] = print) -> int:
    """`cectrack add`, on the tracker as the orchestrator read it (`state`)."""
    root = state.root
    if not_a_tracker(state, say):
        return 1
    try:
        values = gather(given, state, today, ask if interactive else None, say)
    except SystemExit as stop:
        say(str(stop))
        return 2
    if refuse_duplicate(values, state, interactive, ask, say):
        return 1
    say("This course counts as:")
    for line in preview(values, state, today):
        say(line)
    if interactive and ask("Write it? [Y/n] ").strip().lower() not in ("", "y", "yes"):
        say("Nothing written.")
        return 0
    credits = root / state.tracker.credits_dir  # the folder the tracker reads, as configured
    path, copied = write_entry(values, root, credits)
    wanted = entry_path(credits, values["completed"], values["title"])
    say(f"Wrote {path.relative_to(root).as_posix()}"
        + (f" ({wanted.name} was taken)" if path != wanted else ""))
    if copied is not None:
        say(f"Copied the certificate to {copied.relative_to(root).as_posix()}")
    return 0
