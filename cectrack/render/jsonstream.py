"""Compact JSON written piece by piece: byte for byte what `json.dumps(value,
ensure_ascii=False, separators=(",", ":"))` gives (except that the characters that hide or
reorder text, files/visible.py, are written as \\u escapes: the same values, read visibly), but a list may be given as a generator,
so a file of ten thousand courses is written one course at a time, never held whole.

Only the generators are taken apart: every other value (a course's row, a list of
problems) is encoded whole, at the C encoder's speed."""
from __future__ import annotations

import io
import json
import re
from types import GeneratorType
from typing import Any, Callable

from ..files.visible import HIDDEN

TextWriter = Callable[[Callable[[str], Any]], None]  # writes a file's text through `write`
_PLAIN_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _json_escape(found: re.Match) -> str:
    """One character as JSON writes it escaped: \\u202e; a tag as its surrogate pair."""
    data = found.group().encode("utf-16-be")
    return "".join(f"\\u{int.from_bytes(data[i:i + 2], 'big'):04x}"
                   for i in range(0, len(data), 2))


def _encode(value: Any) -> str:
    """JSON of `value`; a hidden character (only ever inside a string) as its \\u escape."""
    text = _PLAIN_ENCODE(value)
    return text if text.isprintable() else HIDDEN.sub(_json_escape, text)


def write_json(value: Any, write: Callable[[str], Any]) -> None:
    """Write `value` as compact JSON through `write`.  A generator becomes an array, written
    item by item; a dict holding a generator (in a dict, at any depth) is written key by
    key; the rest whole.  (A generator inside a list or tuple is not looked for.)"""
    if isinstance(value, GeneratorType):
        write("[")
        for index, item in enumerate(value):
            if index:
                write(",")
            write_json(item, write)
        write("]")
    elif _streams(value):
        write("{")
        for index, (key, item) in enumerate(value.items()):
            write(("," if index else "") + _encode(str(key)) + ":")
            write_json(item, write)
        write("}")
    else:
        write(_encode(value))


def _streams(value: Any) -> bool:
    """Whether `value` is, or a dict holds (at any depth), a generator."""
    return type(value) is GeneratorType or (
        type(value) is dict and any(_streams(item) for item in value.values()))


def text_bytes(writer: TextWriter) -> bytes:
    """The UTF-8 text `writer` writes, made in memory."""
    out = io.StringIO()
    writer(out.write)
    return out.getvalue().encode("utf-8")
