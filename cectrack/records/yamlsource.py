"""Read YAML text into a small tree that remembers where every value stood.

PyYAML's composer gives nodes with line marks but constructs nothing, so no
tag can ever build a Python object here: we turn plain scalars into values
ourselves and report every other tag as a problem.  Duplicate keys, which
PyYAML silently overwrites, are reported too.  Nothing in this module raises
on bad input; it returns what it could read together with the problems.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Union

import yaml

from ..problem import ERROR, Problem

_TAG = "tag:yaml.org,2002:"
_PLAIN_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_ALLOWED_TAGS = {"MappingNode": {_TAG + "map"}, "SequenceNode": {_TAG + "seq"},
                 "ScalarNode": _PLAIN_SCALAR_TAGS}
_STR = _TAG + "str"
_TIMESTAMP = _TAG + "timestamp"
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml, where PyYAML has it
MAX_DEPTH = 40  # deeper than any credit or rule file needs
MAX_NODES = 100_000  # values in one file, aliases expanded: a long list file has ~20,000
MAX_ITEMS = 10_000  # entries in one list
_COLLECTION_START = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_COLLECTION_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


@dataclass(frozen=True)
class BadDate:
    """A value that looks like a date but is not one (e.g. 2025-02-30)."""

    text: str
    reason: str


@dataclass(slots=True)
class YScalar:
    value: Any  # str, int, float, bool, None, date, datetime or BadDate
    raw: str  # the text as written, for fields that want text (e.g. "007")
    tag: str
    line: int  # 1-based
    col: int  # 1-based


@dataclass(slots=True)
class YMap:
    line: int
    col: int
    items: dict[str, "YNode"] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    key_cols: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class YList:
    line: int
    col: int
    items: list["YNode"] = field(default_factory=list)


@dataclass(slots=True)
class YRejected:
    """A value that was present but refused (already reported), e.g. a forbidden tag."""

    line: int
    col: int


YNode = Union[YScalar, YMap, YList, YRejected]


def read_yaml(text: str, file: str) -> tuple[list[YNode], list[Problem]]:
    """Parse every document in `text`; return their trees and the problems met."""
    problems: list[Problem] = []
    if bad := _bad_text(text):
        line = text.count("\n", 0, bad[0]) + 1
        col = bad[0] - (text.rfind("\n", 0, bad[0]) + 1) + 1
        return [], [_text_problem(file, line, col, bad[1])]
    flat = _flat_mapping(text)
    if flat is not None:
        return [flat], []
    try:
        limit = _over_limits(text, file, _FAST_LOADER)
        if limit is None:
            roots = list(yaml.compose_all(text, Loader=_FAST_LOADER))
    except yaml.YAMLError:
        # libyaml is fast but words errors its own way (and stops at its own nesting limit):
        # the pure-Python parser says where the broken construct began, the same everywhere.
        try:
            limit = _over_limits(text, file, yaml.SafeLoader)
            if limit is None:
                roots = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
        except yaml.MarkedYAMLError as err:
            return [], [_syntax_problem(err, file)]
        except yaml.YAMLError as err:  # errors without a mark (rare: reader errors)
            return [], [Problem(ERROR, "yaml-syntax", file, 0, f"this is not valid YAML: {err}")]
    if limit is not None:
        return [], [limit]
    converter = _Converter(file, problems)
    documents = [converter.convert(root, 0) for root in roots if root is not None]
    return [d for d in documents if d is not None], problems


# The shape of nearly every credit file: `key: value` lines at the margin, plain values, maybe
# comment lines (the schema modeline) and blank lines.  Such a file is read here without a
# parser, three times faster; anything else (quotes, lists, `#` or `: ` inside a value,
# indentation, a repeated key, a value starting with an indicator) goes to libyaml below.
# tests/test_flat_yaml.py checks on generated files that both ways give the same tree.
_FLAT_LINE = re.compile(r"([a-z_][a-z0-9_]*): ([^-?:,\[\]{}#&*!|>'\"%@`\s][^#\t]*)\Z")
_FLAT_LIMIT = 4096  # characters: a one-course file is a few hundred


def _flat_mapping(text: str) -> YMap | None:
    """The file's one mapping when it has the plain shape above; None otherwise."""
    if len(text) > _FLAT_LIMIT or "\r" in text or ": " not in text:
        return None
    mapping = None
    for number, line in enumerate(text.split("\n"), 1):
        if not line or line[0] == "#":
            if line.isprintable():
                continue
            return None
        read = _flat_line(line) if len(line) < _KEPT_LINE else _flat_line.__wrapped__(line)
        if read is None or (mapping is not None and read[0] in mapping.items):
            return None
        key, raw, tag, value = read
        if mapping is None:
            mapping = YMap(number, 1)
        mapping.items[key] = YScalar(value, raw, tag, number, len(key) + 3)
        mapping.key_lines[key] = number
        mapping.key_cols[key] = 1
    return mapping


# Most lines of credit files repeat (a provider, a unit, an activity, an amount, a day):
# each is read once and kept, two lines in three at 10,000 files, which read in 82 ms, not
# 110.  A long line (a title, a note) seldom repeats and is not kept: about 3 MB at most.
_KEPT_LINE = 256


@functools.lru_cache(maxsize=4096)
def _flat_line(line: str) -> tuple[str, str, str, Any] | None:
    """A `key: value` line's key, value as written, its tag and its value; None for any
    other line."""
    # isprintable(): no character YAML reads as a line break (U+0085, U+2028, U+2029) or
    # refuses, not even in a comment, where a line break would end it and start a key
    if not line.isprintable():
        return None
    found = _FLAT_LINE.match(line)
    if found is None:
        return None
    key, raw = found.groups()
    if raw[-1] in " :" or ": " in raw:
        return None
    tag = _tag_of(raw)
    if tag not in _PLAIN_SCALAR_TAGS:  # a lone `=` resolves to !!value: the full reader says
        return None
    return sys.intern(key), raw, tag, _scalar_value(tag, raw)


def _tag_of(raw: str) -> str:
    """The tag a plain value resolves to.  The resolver picks its rules by the value's
    first character: one it has no rule for (most titles, providers, paths) is text, told
    here without asking it, or keeping every title (7 ms of 16 at 10,000 files)."""
    rules = _SCALARS.yaml_implicit_resolvers  # {first character: rules; None: for all}
    if raw[:1] not in rules and None not in rules:
        return _STR
    return _resolved(raw)


@functools.lru_cache(maxsize=4096)
def _resolved(raw: str) -> str:
    """The resolver's tag for a value (dates, numbers, units and activities repeat)."""
    # PyYAML has no annotations: resolve() gives the tag, a str.
    return str(_SCALARS.resolve(yaml.ScalarNode, raw, (True, False)))  # type: ignore[no-untyped-call]


def forget_tags() -> None:
    """Forget the lines and values kept: they are made among the analysis's objects."""
    _resolved.cache_clear()
    _flat_line.cache_clear()


def _bad_text(text: str) -> tuple[int, str] | None:
    """The first character no text file should hold: a lone surrogate or a control character."""
    match = BAD_CHARACTER.search(text)
    return (match.start(), match.group()) if match else None


# C0 controls but tab and line breaks, DEL, C1 controls but NEL (a YAML line break), lone
# surrogates: YAML refuses them all, and this says where.
BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")


def _text_problem(file: str, line: int, col: int, char: str) -> Problem:
    return Problem(ERROR, "bad-text", file, line,
                   f"the text holds the invisible character U+{ord(char):04X}, which no credit "
                   "or rule file needs", "delete it; retype the value if you pasted it", col, 1)


def _within_limits_by_its_size(text: str) -> bool:
    """Whether `text` cannot exceed any limit, judged from its characters alone: without
    anchors or aliases no value repeats; every value, list item and nesting level needs a
    character of its own (each level an indicator: [ { - : ?).  A one-course file passes
    this in microseconds; anything else gets the full walk below."""
    if len(text) >= MAX_ITEMS or "&" in text or "*" in text:
        return False
    indicators = sum(text.count(c) for c in "[{-:?")
    return indicators + 1 < MAX_DEPTH


def _over_limits(text: str, file: str, loader: type) -> Problem | None:
    """Walk the YAML events once (no recursion, aliases counted, never expanded) and say
    which limit the file exceeds: nesting depth, values in all, or items in one list."""
    if _within_limits_by_its_size(text):
        return None
    stack: list[list[Any]] = []  # per open collection: [values before it, anchor, items, is_list]
    anchors: dict[str, int] = {}
    nodes = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, _COLLECTION_END):
            before, anchor, _items, _is_list = stack.pop()
            if anchor:
                anchors[anchor] = nodes - before
            continue
        if not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent) + _COLLECTION_START):
            continue
        if stack:
            stack[-1][2] += 1
            if stack[-1][3] and stack[-1][2] > MAX_ITEMS:
                return _limit(file, event, f"a list holds more than {MAX_ITEMS:,} items",
                              "split the list into several files, one per year")
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:  # still open: the value contains itself
                return _limit(file, event, "an alias refers to the value that contains it",
                              "remove the anchor/alias (&name / *name) that refers to itself",
                              "too-deep")
            nodes += anchors[event.anchor]
        elif isinstance(event, _COLLECTION_START):
            if len(stack) >= MAX_DEPTH:
                return _limit(file, event, f"the YAML nests deeper than {MAX_DEPTH} levels",
                              "credit and rule files need a few levels; remove the extra "
                              "brackets or indentation", "too-deep")
            stack.append([nodes, event.anchor, 0, isinstance(event, yaml.SequenceStartEvent)])
            nodes += 1
        else:
            nodes += 1
            if event.anchor:
                anchors[event.anchor] = 1
        if nodes > MAX_NODES:
            return _limit(file, event, f"the file holds more than {MAX_NODES:,} values "
                          "(aliases counted as often as they are used)",
                          "split it into several files; avoid aliases (*name) that repeat "
                          "large values")
    return None


def _limit(file: str, event: yaml.Event, message: str, hint: str,
           code: str = "too-large") -> Problem:
    mark = event.start_mark  # every event the parser gives has its marks
    line, column = (mark.line, mark.column) if mark is not None else (0, -1)
    return Problem(ERROR, code, file, line + 1, message, hint, column + 1, 1)


def _syntax_problem(err: yaml.MarkedYAMLError, file: str) -> Problem:
    # Point at where the broken construct began (an unclosed [ or quote), which is
    # where the user must look; PyYAML only notices the damage a line or more later.
    mark = err.context_mark or err.problem_mark
    line = mark.line + 1 if mark else 0
    col = mark.column + 1 if mark else 0
    if "'\\t'" in (err.problem or "") and err.problem_mark:  # PyYAML: found character '\t'
        mark = err.problem_mark
        return Problem(ERROR, "yaml-syntax", file, mark.line + 1,
                       "a tab (shown as →) where YAML allows only spaces", "indent with spaces, "
                       "two a level; most editors turn tabs into spaces (in VS Code: "
                       "\"Convert Indentation to Spaces\")", mark.column + 1, 1)
    what = ": ".join(part for part in (err.context, err.problem) if part)
    if err.context_mark and err.problem_mark and err.problem_mark.line != err.context_mark.line:
        what += f" (noticed on line {err.problem_mark.line + 1})"
    return Problem(
        ERROR,
        "yaml-syntax",
        file,
        line,
        f"this is not valid YAML: {what}",
        "check the indentation, put a space after each 'key:', and quote text that "
        "contains ': ' or ' #'",
        col, 1,
    )


class _Converter:
    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems

    def convert(self, node: yaml.Node, depth: int) -> YNode | None:
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if depth > MAX_DEPTH:
            self._report("too-deep", line, "the YAML nests deeper than any credit file needs",
                         "remove the anchor/alias (&name / *name) that refers to itself", col)
            return None
        if not self._tag_allowed(node, line, col):
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, line, col, depth)
        if isinstance(node, yaml.SequenceNode):
            items = [self.convert(child, depth + 1) for child in node.value]
            return YList(line, col, [i if i is not None else YRejected(line, col) for i in items])
        assert isinstance(node, yaml.ScalarNode)  # PyYAML composes nothing else
        return self._scalar(node, line, col)

    def _tag_allowed(self, node: yaml.Node, line: int, col: int) -> bool:
        if node.tag in _ALLOWED_TAGS[type(node).__name__]:
            return True
        shown = node.tag.replace(_TAG, "!!")
        if isinstance(node, yaml.ScalarNode) and not node.style and \
                _tag_of(node.value) == node.tag:
            # The plain text itself resolves to the tag: YAML 1.1 reads a lone `=` or `<<`
            # as a sign of its own (no tag was written to blame).
            self._report("unsafe-tag", line,
                         f"`{node.value}` alone is read by YAML as a sign ({shown}), not as text",
                         f"put it in quotes: '{node.value}'", col, max(len(node.value), 1))
            return False
        self._report(
            "unsafe-tag", line,
            f"the YAML tag {shown} is not allowed in a cectrack file",
            "write plain values (text, numbers, dates, lists, key: value); tags that build "
            "objects are never run", col, len(shown),
        )
        return False

    def _mapping(self, node: yaml.MappingNode, line: int, col: int, depth: int) -> YMap:
        result = YMap(line, col)
        for key_node, value_node in node.value:
            key_line, key_col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _TAG + "merge":
                self._report("wrong-type", key_line, "a key must be a plain word",
                             "write keys as `name: value`", key_col)
                continue
            key = key_node.value
            if key in result.items:
                self._report(
                    "duplicate-key", key_line,
                    f"the key '{key}' appears twice in one entry (first on line "
                    f"{result.key_lines[key]})",
                    "keep one of them; YAML would silently use only the last", key_col, len(key),
                )
                continue
            value = self.convert(value_node, depth + 1)
            result.items[key] = value if value is not None else YRejected(
                value_node.start_mark.line + 1, value_node.start_mark.column + 1)
            result.key_lines[key] = key_line
            result.key_cols[key] = key_col
        return result

    def _scalar(self, node: yaml.ScalarNode, line: int, col: int) -> YScalar | YRejected:
        value = _scalar_value(node.tag, node.value)
        # Only a double-quoted value can write an escape, e.g. "\ud800" or "\x1b": the
        # text itself was checked whole before parsing.
        if node.style == '"' and (bad := _bad_text(node.value)):
            self.problems.append(_text_problem(self.file, line, col, bad[1]))
            return YRejected(line, col)
        return YScalar(value, node.value, node.tag, line, col)

    def _report(self, code: str, line: int, message: str, hint: str, col: int = 0,
                span: int = 1) -> None:
        self.problems.append(Problem(ERROR, code, self.file, line, message, hint, col, span))


# Only its implicit resolvers (the same both loaders use) and its scalar constructors are
# used, called directly: construct_object would remember every node.
_SCALARS = yaml.SafeLoader("")


def _scalar_value(tag: str, text: str) -> Any:
    """The value of a plain scalar by its tag (str, int, float, bool, null, timestamp); a
    BadDate where the text has a date's shape but is no date (2026-02-30)."""
    if tag == _STR:
        return text  # most values are text: nothing to construct
    if tag == _INT and len(text) <= _SHORT_INT and text.isdecimal() and (
            text[0] != "0" or text == "0"):
        return int(text)  # a plain whole number, as most credits are: 1 µs less than below
    if tag == _TIMESTAMP and len(text) == 10:  # YYYY-MM-DD, as nearly every date is written
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass  # the constructor's error, below, says why
    try:
        return _SCALARS.yaml_constructors[tag](_SCALARS, yaml.ScalarNode(tag, text))
    except ValueError as err:  # only timestamps fail: the resolver took it for a date
        return BadDate(text, _date_reason(text, err))


_INT, _FLOAT = _TAG + "int", _TAG + "float"
# Digits a whole number may have to be read at once: Python refuses to make a number of
# more than 4,300 digits (ValueError), which the constructor below is there to catch.
_SHORT_INT = 18
_NUMBER_FORMS = (  # YAML 1.1 spellings of a number that read as another one
    (re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\Z"), "in base 60, as a time"),
    (re.compile(r"[-+]?0x", re.I), "as hexadecimal"),
    (re.compile(r"[-+]?0b", re.I), "as binary"),
    (re.compile(r"[-+]?0[0-9_]+\Z"), "as octal, for its leading 0"),
    (re.compile(r".*_"), "leaving out the _"),
)


def unclear_number(scalar: YScalar) -> str | None:
    """How YAML 1.1 reads a number written other than as a plain decimal (`1:30` is 90 in
    base 60, `010` is 8, `0x10` is 16, `1_0` is 10), or None: a plain decimal is what it
    looks like.  Both readers type a value by the same resolver, so this holds for both."""
    if scalar.tag not in (_INT, _FLOAT):
        return None
    for form, how in _NUMBER_FORMS:
        if form.match(scalar.raw):
            value = scalar.value
            shown = f"{value:g}" if isinstance(value, float) else str(value)
            return f"YAML reads {scalar.raw} as {shown} ({how})"
    return None


def _date_reason(text: str, err: Exception) -> str:
    try:
        year, month, _day = (int(part) for part in text[:10].split("-"))
        if 1 <= month <= 12:
            last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
            return f"{dt.date(year, month, 1):%B %Y} has {last} days"
        return "months run from 01 to 12"
    except ValueError:
        return str(err)
