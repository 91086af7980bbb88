"""Read YAML text into a small tree that remembers where every value stood.

PyYAML's composer gives nodes with line marks but constructs nothing, so no
tag can ever build a Python object here: we turn plain scalars into values
ourselves and report every other tag as a problem.  Duplicate keys, which
PyYAML silently overwrites, are reported too.  Nothing in this module raises
on bad input; it returns what it could read together with the problems.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Union

import yaml

from .model import ERROR, Problem

_TAG = "tag:yaml.org,2002:"
_PLAIN_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml, where PyYAML has it
_MAX_DEPTH = 40  # deeper than any credit file needs; stops self-referencing aliases


@dataclass(frozen=True)
class BadDate:
    """A value that looks like a date but is not one (e.g. 2025-02-30)."""

    text: str
    reason: str


@dataclass
class YScalar:
    value: Any  # str, int, float, bool, None, date, datetime or BadDate
    raw: str  # the text as written, for fields that want text (e.g. "007")
    tag: str
    line: int  # 1-based
    col: int  # 1-based


@dataclass
class YMap:
    line: int
    col: int
    items: dict[str, "YNode"] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    key_cols: dict[str, int] = field(default_factory=dict)


@dataclass
class YList:
    line: int
    col: int
    items: list["YNode"] = field(default_factory=list)


@dataclass
class YRejected:
    """A value that was present but refused (already reported), e.g. a forbidden tag."""

    line: int
    col: int


YNode = Union[YScalar, YMap, YList, YRejected]


def read_yaml(text: str, file: str) -> tuple[list[YNode], list[Problem]]:
    """Parse every document in `text`; return their trees and the problems met."""
    problems: list[Problem] = []
    try:
        roots = list(yaml.compose_all(text, Loader=_FAST_LOADER))
    except yaml.YAMLError:
        # libyaml is fast but words errors its own way: the pure-Python parser says where the
        # broken construct began, the same on every machine.
        try:
            roots = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
        except yaml.MarkedYAMLError as err:
            return [], [_syntax_problem(err, file)]
        except yaml.YAMLError as err:  # errors without a mark (rare: reader errors)
            return [], [Problem(ERROR, "yaml-syntax", file, 0, f"this is not valid YAML: {err}")]
    converter = _Converter(file, problems)
    documents = [converter.convert(root, 0) for root in roots if root is not None]
    return [d for d in documents if d is not None], problems


def _syntax_problem(err: yaml.MarkedYAMLError, file: str) -> Problem:
    # Point at where the broken construct began (an unclosed [ or quote), which is
    # where the user must look; PyYAML only notices the damage a line or more later.
    mark = err.context_mark or err.problem_mark
    line = mark.line + 1 if mark else 0
    col = mark.column + 1 if mark else 0
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
        self.scalar_builder = yaml.SafeLoader("")  # only used for its scalar constructors

    def convert(self, node: yaml.Node, depth: int) -> YNode | None:
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if depth > _MAX_DEPTH:
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
        return self._scalar(node, line, col)

    def _tag_allowed(self, node: yaml.Node, line: int, col: int) -> bool:
        allowed = {
            yaml.MappingNode: {_TAG + "map"},
            yaml.SequenceNode: {_TAG + "seq"},
        }.get(type(node), _PLAIN_SCALAR_TAGS)
        if node.tag in allowed:
            return True
        shown = node.tag.replace(_TAG, "!!")
        self._report(
            "unsafe-tag", line,
            f"the YAML tag {shown} is not allowed in a credit file",
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

    def _scalar(self, node: yaml.ScalarNode, line: int, col: int) -> YScalar:
        try:
            value = self.scalar_builder.construct_object(node, deep=False)
        except ValueError as err:
            # Only timestamps fail here: the resolver took it for a date by its shape.
            value = BadDate(node.value, _date_reason(node.value, err))
        return YScalar(value, node.value, node.tag, line, col)

    def _report(self, code: str, line: int, message: str, hint: str, col: int = 0,
                span: int = 1) -> None:
        self.problems.append(Problem(ERROR, code, self.file, line, message, hint, col, span))


def _date_reason(text: str, err: Exception) -> str:
    try:
        year, month, _day = (int(part) for part in text[:10].split("-"))
        if 1 <= month <= 12:
            last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
            return f"{dt.date(year, month, 1):%B %Y} has {last} days"
        return "months run from 01 to 12"
    except ValueError:
        return str(err)
