"""Compact JSON written piece by piece: byte for byte what `json.dumps(value,
ensure_ascii=False, separators=(",", ":"))` gives, but a list may be an iterator, so a
file of ten thousand courses is written one course at a time, never held whole."""
from __future__ import annotations

import json
from typing import Any, Callable, Iterator

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def write_json(value: Any, write: Callable[[str], Any]) -> None:
    """Write `value` as compact JSON through `write`; lists, tuples and iterators become
    arrays, dicts objects, anything else is encoded as json.dumps would."""
    if isinstance(value, dict):
        write("{")
        for index, (key, item) in enumerate(value.items()):
            write(("," if index else "") + _ENCODE(str(key)) + ":")
            write_json(item, write)
        write("}")
    elif isinstance(value, (list, tuple, Iterator)):
        write("[")
        for index, item in enumerate(value):
            if index:
                write(",")
            write_json(item, write)
        write("]")
    else:
        write(_ENCODE(value))
