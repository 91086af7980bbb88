"""The public file formats as data: which keys exist, what each holds.

One table per format (credit entry, profile, held credential).  The loader
validates with these tables, and the docs and a future JSON schema are made
from them, so the format is written down exactly once.
"""
from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any, Callable

from ..files.visible import char_name, first_hidden, latin_look_alike, looks_like
from ..problem import ERROR, WARNING, Problem
from .studiokey import BadKey, read_public_key
from .vocabulary import ACTIVITIES, PETITION_STATES, UNITS
from .yamlsource import BadDate, YList, YMap, YNode, YRejected, YScalar, unclear_number


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # text | date | number | bool | choice | id_list | category
    required: bool
    doc: str
    choices: tuple[str, ...] = ()


ENTRY_FIELDS = (
    FieldSpec("title", "text", True, "what the course was called"),
    FieldSpec("provider", "text", True, "who awarded the credits"),
    FieldSpec("completed", "date", True, "the day it was completed (YYYY-MM-DD)"),
    FieldSpec("started", "date", False, "the day it started (committee service: first day)"),
    FieldSpec("credits", "number", False,
              "the amount awarded, in `unit`; may be left out where the rules give a fixed value"),
    FieldSpec("unit", "choice", False, "the unit of `credits` (default CEC; `add` offers the unit your credentials count in)", tuple(UNITS)),
    FieldSpec("activity", "choice", False, "the kind of activity (default course)",
              tuple(ACTIVITIES)),
    FieldSpec("category", "category", False, "a body's category, or a map body -> category"),
    FieldSpec("counts_for", "id_list", False,
              "credential ids this counts for (default: every credential held that accepts it)"),
    FieldSpec("approval", "text", False, "the provider's or course's approval number"),
    FieldSpec("evidence", "text", False, "path of the certificate, from the repository root"),
    FieldSpec("notes", "text", False, "free text"),
    FieldSpec("grade", "text", False, "college courses: the grade earned"),
    FieldSpec("expires", "date", False, "cards (cpr_aed, first_aid): the expiry date"),
    FieldSpec("hands_on", "bool", False,
              "cpr_aed and other courses a body asks it of: the course had a live skills check"),
    FieldSpec("tags", "word_list", False,
              "words a rule file declares for what the course was beyond its activity (who "
              "organised or presented it, its standing with a body): a word or a list, e.g. "
              "[csep-national]"),
    FieldSpec("petition", "choice", False,
              "a course the body had not pre-approved: where its petition stands",
              PETITION_STATES),
)

PROFILE_FIELDS = (
    FieldSpec("name", "text", True, "the holder's name"),
    FieldSpec("credentials", "list", True, "the credentials held (see below)"),
    FieldSpec("contact", "text", False,
              "how an auditor reaches you, printed on your audit packets as written "
              "(e.g. an email address and a phone number)"),
    FieldSpec("attestation", "text", False,
              "your own wording of the statement you sign at the end of an audit packet"),
    FieldSpec("studios", "list", False,
              "studios that see your standing, sealed for their key (see below)"),
    FieldSpec("birth_month", "month", False,
              "the month you were born, 1-12 or its name (July): licences that renew at the "
              "end of your birth month (CA-PT) need it unless each gives `expires:`"),
)

HELD_FIELDS = (
    FieldSpec("id", "text", True, "a credential id from the rules library, e.g. ACSM-CPT"),
    FieldSpec("number", "text", False, "the certificate number (masked on public pages)"),
    FieldSpec("since", "date", False, "when the credential was first earned"),
    FieldSpec("expires", "date", False, "the current expiration date, as on the body's portal"),
    FieldSpec("special_expiry", "bool", False,
              "true if the body set `expires:` outside its usual calendar (an extension, a "
              "transition): no warning that the date does not fit"),
    FieldSpec("late_reported", "bool", False,
              "true if you reported the previous cycle late, in its late-reporting period "
              "(NSCA: this cycle's credit then counts from 1 February)"),
    FieldSpec("reinstated", "date", False,
              "the day a lapsed credential was reinstated: this cycle starts that day (ACSM)"),
    FieldSpec("recertified", "date", False,
              "the day you completed your last recertification: where the body says so "
              "(NREMT), credit for the next one counts from the day after"),
    FieldSpec("renewal_path", "text", False,
              "how you renew where the body offers a way other than the CE total: `ce` (the "
              "default) or one the body names, e.g. `assessment` (NBRC)"),
)

# A studio a trainer shares the standing with (no course, certificate or number): the build
# publishes it sealed for the studio's public key (team/seal.py).
STUDIO_FIELDS = (
    FieldSpec("name", "text", True, "the studio's name, for you to recognise it"),
    FieldSpec("key", "studio_key", True,
              "the studio's public key, as `cectrack team keygen` printed it "
              "(cectrack-studio-1:…)"),
)

# A studio's team folder: team.yaml (records/team.py reads it).
TEAM_FIELDS = (
    FieldSpec("studio", "text", True, "the studio's name, the team page's title"),
    FieldSpec("members", "list", True, "the trainers, each with `name:` and `standing:`"),
    FieldSpec("stale_after_days", "days", False,
              "a member whose site was built longer ago than this is flagged (default 8)"),
)

MEMBER_FIELDS = (
    FieldSpec("name", "text", True, "the trainer's name, as the team page shows it"),
    FieldSpec("standing", "text", True,
              "where the trainer's site publishes the standing: an https:// address of their "
              "status.json or standing.sealed.json, or a path inside the team folder"),
)
MAX_DAYS = 366

MAX_AMOUNT = 10_000  # no single course, card or service period awards this much
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2200, 12, 31)  # sane dates, no overflow


def parse_day(text: str) -> dt.date:
    """A date typed on a command line, in a prompt or in the environment: YYYY-MM-DD, within
    the years cectrack accepts.  ValueError says which of the two it is not."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"'{text}' is not a date as YYYY-MM-DD") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"'{text}' is outside the years {FIRST_DAY.year}–{LAST_DAY.year}")
    return day


_KIND_WORDS = {
    "text": "text",
    "date": "a date as YYYY-MM-DD",
    "number": "a number",
    "bool": "true or false",
    "choice": "one of the known names",
    "id_list": "a credential id or a list of them, e.g. [ACSM-CPT]",
    "category": "a category, or a map body -> category",
    "list": "a list",
    "studio_key": "a studio's public key (cectrack-studio-1:…)",
    "days": "a whole number of days, 1 to 366",
    "month": "a month: a number from 1 to 12 or its name, e.g. 7 or July",
    "word_list": "a word or a list of words, e.g. [endorsed]",
}


class FieldReader:
    """Turns one YAML mapping into a dict of typed values, reporting every defect."""

    def __init__(self, file: str, problems: list[Problem],
                 words: dict[str, tuple[str, ...]] | None = None):
        self.file = file
        self.problems = problems
        self.words = words or {}  # field -> choices the rule files add (units, activities)

    def read(self, node: YMap, specs: tuple[FieldSpec, ...], what: str) -> dict[str, Any] | None:
        """Return the typed values, or None where a required key is missing or broken."""
        by_name = _by_name(specs)
        suggested = {self._unknown_key(key, node, by_name, what)
                     for key in node.items if key not in by_name}
        values: dict[str, Any] = {}
        complete = True
        for spec in specs:
            if spec.name not in node.items:
                complete = complete and not spec.required
                # A misspelt key was already reported with this name as its hint.
                if spec.required and spec.name not in suggested:
                    complete = False
                    self.error_at("missing-key", node,
                               f"{what} has no `{spec.name}:` ({spec.doc})",
                               f"add a line `{spec.name}: …`")
                continue
            value = self.convert(spec, node.items[spec.name])
            if value is _INVALID:
                complete = False  # never total an entry with a value we could not read
            else:
                values[spec.name] = value
        return values if complete else None

    def convert(self, spec: FieldSpec, node: YNode) -> Any:
        if isinstance(node, YRejected):
            return _INVALID
        if isinstance(node, YScalar) and node.value is None:
            if spec.required:
                self.error_at("missing-value", node, f"`{spec.name}:` is empty",
                           f"write {_KIND_WORDS[spec.kind]} after `{spec.name}:`")
                return _INVALID
            return None
        return _CONVERTERS[spec.kind](self, spec, node)

    def error(self, code: str, line: int, message: str, hint: str = "", col: int = 0,
              span: int = 0) -> None:
        self.problems.append(Problem(ERROR, code, self.file, line, message, hint, col, span))

    def error_at(self, code: str, node: YNode, message: str, hint: str = "") -> None:
        """A problem with the value `node`: its line, its column, and a marker under it."""
        span = len(node.raw) if isinstance(node, YScalar) and "\n" not in node.raw else 1
        self.error(code, node.line, message, hint, node.col, max(span, 1))

    def check_visible(self, name: str, node: YScalar, text: str, strict: bool = False) -> None:
        """Warn of a character that hides or reorders text, and of a letter of another
        script posing as a Latin one (anywhere in an id: `strict`): the reader of a page
        or a spreadsheet would see another text than the one that is there."""
        if hidden := first_hidden(text):
            self._warn_at("hidden-character", node,
                          f"`{name}:` holds the invisible character {char_name(hidden[1])}: "
                          "what a reader sees is not what is written",
                          "delete it (retype the value if you pasted it); pages and exports "
                          f"show it written out as {_escaped(hidden[1])}")
        if look_alike := latin_look_alike(text, strict):
            char = look_alike[1]
            self._warn_at("look-alike-letter", node,
                          f"`{name}:` holds {char_name(char)}, which looks like the Latin "
                          f"'{looks_like(char)}' but is another letter",
                          f"retype it as the Latin '{looks_like(char)}': the same-looking "
                          "text otherwise names something else")

    def _warn_at(self, code: str, node: YScalar, message: str, hint: str) -> None:
        self.problems.append(Problem(WARNING, code, self.file, node.line, message, hint,
                                     node.col, max(len(node.raw), 1) if "\n" not in node.raw
                                     else 1))

    def wrong_type(self, spec: FieldSpec, node: YNode) -> object:
        found = _describe(node)
        self.error_at("wrong-type", node,
                   f"`{spec.name}:` must be {_KIND_WORDS[spec.kind]}, found {found}",
                   f"{spec.name}: {spec.doc}")
        return _INVALID

    def _unknown_key(self, key: str, node: YMap, by_name: dict[str, FieldSpec],
                     what: str) -> str | None:
        """Report `key`; return the known key it is probably a misspelling of."""
        close = difflib.get_close_matches(key, list(by_name), n=1, cutoff=0.6)
        hint = (f"did you mean `{close[0]}`?" if close
                else "known keys: " + ", ".join(by_name))
        self.error("unknown-key", node.key_lines[key], f"{what} has an unknown key `{key}`", hint,
                   node.key_cols.get(key, 0), len(key))
        return close[0] if close else None


_INVALID = object()


_BY_NAME: dict[int, tuple[tuple[FieldSpec, ...], dict[str, FieldSpec]]] = {}


def _by_name(specs: tuple[FieldSpec, ...]) -> dict[str, FieldSpec]:
    """The specs by field name, worked out once per kind of record (entry, profile, …):
    looked up by identity, as hashing the specs for every entry would cost more."""
    kept = _BY_NAME.get(id(specs))
    if kept is None or kept[0] is not specs:
        kept = _BY_NAME[id(specs)] = (specs, {spec.name: spec for spec in specs})
    return kept[1]


def _describe(node: YNode) -> str:
    if isinstance(node, YMap):
        return "a map of keys"
    if isinstance(node, YList):
        return "a list"
    if isinstance(node, YRejected):
        return "a refused value"
    if isinstance(node.value, BadDate):
        return f"'{node.raw}'"
    return f"{type(node.value).__name__} '{node.raw}'".replace("str ", "text ")


def _text(reader: FieldReader, spec: FieldSpec, node: YNode) -> Any:
    if not isinstance(node, YScalar):
        return reader.wrong_type(spec, node)
    # The raw text keeps what the user typed: an approval number 007 stays "007".
    text = node.raw.strip()
    if spec.required and not text:
        reader.error_at("missing-value", node, f"`{spec.name}:` is empty",
                     f"write {spec.doc} after `{spec.name}:`")
        return _INVALID
    if not text.isascii():
        reader.check_visible(spec.name, node, text, strict=spec.name == "id")
    return text


def _escaped(char: str) -> str:
    return char.encode("unicode_escape").decode("ascii")


def _date(reader: FieldReader, spec: FieldSpec, node: YNode) -> Any:
    day = _calendar_date(reader, spec, node)
    if day is not _INVALID and not FIRST_DAY <= day <= LAST_DAY:
        reader.error_at("out-of-range", node,
                        f"`{spec.name}: {day.isoformat()}` is outside the years "
                        f"{FIRST_DAY.year}–{LAST_DAY.year} that cectrack accepts",
                        "check the year; a typo such as 0205 for 2025 is common")
        return _INVALID
    return day


def _calendar_date(reader: FieldReader, spec: FieldSpec, node: YNode) -> Any:
    if isinstance(node, YScalar):
        if isinstance(node.value, BadDate):
            reader.error_at("invalid-date", node,
                         f"`{spec.name}: {node.raw}` is not a real date ({node.value.reason})",
                         "write the date as YYYY-MM-DD, e.g. 2025-03-14")
            return _INVALID
        if isinstance(node.value, dt.datetime):
            return node.value.date()
        if isinstance(node.value, dt.date):
            return node.value
        if isinstance(node.value, str):
            try:
                return dt.date.fromisoformat(node.value.strip())
            except ValueError:
                pass
    reader.error_at("invalid-date", node,
                 f"`{spec.name}:` must be a date as YYYY-MM-DD, found {_describe(node)}",
                 "write the date as YYYY-MM-DD, e.g. 2025-03-14 (day and month as two digits)")
    return _INVALID


def _number(reader: FieldReader, spec: FieldSpec, node: YNode) -> Any:
    if (not isinstance(node, YScalar) or isinstance(node.value, bool)
            or not isinstance(node.value, (int, float))):
        reader.error_at("not-a-number", node,
                     f"`{spec.name}:` must be a number, found {_describe(node)}",
                     "write digits with a dot for decimals, e.g. 7.5; put the unit in `unit:`")
        return _INVALID
    reading = unclear_number(node)
    if reading is not None:
        reader.error_at("unclear-number", node, f"`{spec.name}: {node.raw}`: {reading}",
                        "write the amount as a plain decimal number, e.g. 1.5 for an hour and "
                        "a half, 10 for ten")
        return _INVALID
    try:
        value = float(node.value)
    except OverflowError:  # an integer of hundreds of digits
        value = float("inf")
    if value != value or value in (float("inf"), float("-inf")):
        reader.error_at("not-a-number", node, f"`{spec.name}: {node.raw}` is not a finite number",
                     "write digits, e.g. 7.5")
        return _INVALID
    if value < 0:
        reader.error_at("negative-credits", node,
                     f"`{spec.name}: {node.raw}` is negative; credits are zero or more",
                     "write the amount the certificate shows, without a minus sign")
        return _INVALID
    if value >= MAX_AMOUNT:
        reader.error_at("out-of-range", node,
                        f"`{spec.name}: {node.raw}` is more than any single course awards "
                        f"(the limit is {MAX_AMOUNT:,})",
                        "write the amount the certificate shows; check for extra zeros")
        return _INVALID
    return value


def _bool(reader: FieldReader, spec: FieldSpec, node: YNode) -> Any:
    if isinstance(node, YScalar) and isinstance(node.value, bool):
        return node.value
    return reader.wrong_type(spec, node)


def _choice(reader: FieldReader, spec: FieldSpec, node: YNode) -> Any:
    if not isinstance(node, YScalar):
        return reader.wrong_type(spec, node)
    declared = reader.words.get(spec.name, ())
    if node.raw in spec.choices or node.raw in declared:  # the common case, found at once
        return node.raw
    choices = spec.choices + tuple(w for w in declared if w not in spec.choices)
    by_case = {c.lower(): c for c in choices}
    close = by_case.get(node.raw.lower()) or next(
        iter(difflib.get_close_matches(node.raw, choices, n=1, cutoff=0.5)), None)
    hint = f"did you mean `{close}`? " if close else ""
    code = "unknown-unit" if spec.name == "unit" else f"unknown-{spec.name}"
    reader.error_at(code, node, f"`{spec.name}: {node.raw}` is not a known {spec.name}",
                 hint + "known: " + ", ".join(choices))
    return _INVALID


def _id_list(reader: FieldReader, spec: FieldSpec, node: YNode) -> Any:
    items = node.items if isinstance(node, YList) else [node]
    ids = []
    for item in items:
        if not isinstance(item, YScalar) or not item.raw.strip():
            return reader.wrong_type(spec, item)
        ids.append(item.raw.strip())
        if not ids[-1].isascii():
            reader.check_visible(spec.name, item, ids[-1], strict=True)
    return tuple(ids)


def _category(reader: FieldReader, spec: FieldSpec, node: YNode) -> Any:
    if isinstance(node, YScalar):
        return node.raw.strip()  # a bare number such as NCCPA's 1 is read as text
    if isinstance(node, YMap):
        result = {}
        for body, value in node.items.items():
            if not isinstance(value, YScalar):
                return reader.wrong_type(spec, value)
            result[body] = value.raw.strip()
        return result
    return reader.wrong_type(spec, node)


def _studio_key(reader: FieldReader, spec: FieldSpec, node: YNode) -> Any:
    if not isinstance(node, YScalar) or not isinstance(node.value, str):
        return reader.wrong_type(spec, node)
    try:
        return read_public_key(node.raw)
    except BadKey as bad:
        reader.error_at("bad-studio-key", node, bad.message, bad.hint)
        return _INVALID


def _days(reader: FieldReader, spec: FieldSpec, node: YNode) -> Any:
    if not isinstance(node, YScalar) or isinstance(node.value, bool) \
            or not isinstance(node.value, int):
        return reader.wrong_type(spec, node)
    if not 1 <= node.value <= MAX_DAYS:
        reader.error_at("out-of-range", node, f"`{spec.name}: {node.raw}` is outside 1 to "
                        f"{MAX_DAYS} days", f"{spec.name}: {spec.doc}")
        return _INVALID
    return node.value


def _list(reader: FieldReader, spec: FieldSpec, node: YNode) -> Any:
    return node if isinstance(node, YList) else reader.wrong_type(spec, node)


def _word_list(reader: FieldReader, spec: FieldSpec, node: YNode) -> Any:
    """Words the rule files declare for this field (`tags:`): each known, each once.  Every
    word that is wrong is reported, not only the first."""
    items = node.items if isinstance(node, YList) else [node]
    known = reader.words.get(spec.name, ())
    words: list[str] = []
    wrong = False
    for item in items:
        if not isinstance(item, YScalar) or not item.raw.strip():
            reader.wrong_type(spec, item)
            wrong = True
            continue
        word = item.raw.strip()
        if word not in known:
            _unknown_word(reader, spec, item, word, known)
            wrong = True
        elif word not in words:
            words.append(word)
    return _INVALID if wrong else tuple(words)


def _unknown_word(reader: FieldReader, spec: FieldSpec, item: YScalar, word: str,
                  known: tuple[str, ...]) -> None:
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.5)
    reader.error_at("unknown-tag", item,
                    f"`{spec.name}:` names `{word}`, which no rule file declares",
                    (f"did you mean `{close[0]}`? " if close else "")
                    + ("known: " + ", ".join(known) if known else
                       "a body's rule file declares the words under `vocabulary: tags:`"))


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def _month(reader: FieldReader, spec: FieldSpec, node: YNode) -> Any:
    """A month as 1-12 or its English name (or its first three letters: Jul)."""
    if not isinstance(node, YScalar) or isinstance(node.value, bool):
        return reader.wrong_type(spec, node)
    if isinstance(node.value, int):
        if 1 <= node.value <= 12:
            return node.value
        reader.error_at("out-of-range", node, f"`{spec.name}: {node.raw}` is not a month",
                        "write a number from 1 (January) to 12 (December), or the month's name")
        return _INVALID
    text = node.raw.strip().lower()
    for number, name in enumerate(MONTHS, 1):
        if text in (name.lower(), name[:3].lower()):
            return number
    close = difflib.get_close_matches(text.capitalize(), MONTHS, n=1, cutoff=0.6)
    reader.error_at("wrong-type", node,
                    f"`{spec.name}:` must be {_KIND_WORDS[spec.kind]}, found '{node.raw}'",
                    f"did you mean `{close[0]}`?" if close else
                    "write a number from 1 to 12, or a month's name in English")
    return _INVALID


_CONVERTERS: dict[str, Callable[[FieldReader, FieldSpec, YNode], Any]] = {
    "text": _text,
    "date": _date,
    "number": _number,
    "bool": _bool,
    "choice": _choice,
    "id_list": _id_list,
    "category": _category,
    "list": _list,
    "studio_key": _studio_key,
    "days": _days,
    "month": _month,
    "word_list": _word_list,
}
