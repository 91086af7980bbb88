"""Compiled templates kept in memory for the life of the process.

Jinja compiles a template to Python code the first time an environment loads it; an
environment made anew for every build (as `mkdocs serve` makes the theme's) compiles them
all again.  This cache hands the compiled code to the next environment; Jinja stores the
source's checksum with it and compiles afresh when a template has changed.
"""
from __future__ import annotations

import jinja2


class MemoryBytecodeCache(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
