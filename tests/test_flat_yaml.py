"""The fast reader of plain credit files (records/yamlsource.py, `_flat_mapping`) gives what
the full YAML reader gives, value for value, line for line, on every file it accepts; and
the files cectrack writes and documents do take it (or it would only ever be tested idle)."""
from __future__ import annotations

import pytest
import yaml
from conftest import EXAMPLE
from hypothesis import given, settings, strategies as st

from cectrack.records import yamlsource
from cectrack.records.yamlsource import read_yaml

KEYS = ["title", "provider", "completed", "credits", "unit", "notes", "on", "null", "a_1", "_x",
        "Title", "2x", "k-y"]
TRICKY = ["2026-01-05", "2026-02-30", "2026-13-01", "2026-01-05 10:30:00", "7.5", "1_000",
          "0x1F", "010", "0o17", "1e3", "1:20:30", ".inf", "-.inf", ".NaN", "true", "yes", "No",
          "on", "null", "~", "-5", "+3", "a: b", "a #b", "a#b", "x:", "'q'", '"q"', "[A, B]",
          "{a: 1}", "*ref", "&a x", "!!str 3", "|", ">", "@x", "`x", "%x", "- x", "? x",
          "ACE-CEC", "Café Olé", "R&D day", "NSCA's clinic", "50% off", "x\u2028y", "x\x85y",
          "x\xa0y", "\ufeffx", "x\ty", "x ", " x", "ok.", "=", "<<", "a\\nb", "0b101", "1:60",
          "190:20:30", "12e", ".5", "+.inf", "Null", "NULL", "y", "n", "off", "2001-12-14t21:59:43.10-05:00"]
ALPHABET = "aZé9 " + "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum()) + \
    "\t\u2028\x85\xa0\ufeff"  # every ASCII sign, and what YAML reads as a line break


def full_read(text: str):
    """The same text through libyaml, the fast reader switched off."""
    flat, yamlsource._flat_mapping = yamlsource._flat_mapping, lambda text: None
    try:
        return read_yaml(text, "f.yaml")
    finally:
        yamlsource._flat_mapping = flat


value = st.one_of(st.sampled_from(TRICKY), st.text(ALPHABET, min_size=1, max_size=12),
                  st.builds(str.__add__, st.sampled_from("aZé9"), st.text(ALPHABET, max_size=12)))
flat_line = st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(KEYS[:6]), value)
other_line = st.one_of(
    st.builds(lambda k, sep, v: f"{k}{sep}{v}", st.sampled_from(KEYS),
              st.sampled_from([": ", ":  ", ":", ":\t", " : "]), value),
    st.sampled_from(["", "# yaml-language-server: $schema=.schema/entry.json", "#x", "  x: y",
                     "---", "...", "- a", "   ", "title: again"]),
)
line = st.one_of(flat_line, flat_line, flat_line, other_line)  # mostly the plain shape


@settings(max_examples=600, deadline=None)  # the sweep below covers each value and character
@given(st.lists(line, min_size=1, max_size=8), st.booleans())
def test_the_fast_reader_agrees_with_libyaml_on_every_file_it_takes(lines, final_newline):
    text = "\n".join(lines) + ("\n" if final_newline else "")
    if yamlsource._flat_mapping(text) is None:
        return  # not the plain shape: libyaml reads it, as before
    assert read_yaml(text, "f.yaml") == full_read(text)


def one_line_files():
    """Every tricky value, and every character of the alphabet at the start, inside and at
    the end of a value, each as a one-line file."""
    values = TRICKY + [f"{c}x" for c in ALPHABET] + [f"x{c}y" for c in ALPHABET] + \
        [f"x{c}" for c in ALPHABET] + [f"x {c}y" for c in ALPHABET] + [f"x{c} y" for c in ALPHABET]
    return [f"title: {v}\n" for v in values]


def test_the_fast_reader_agrees_on_each_tricky_value_and_character():
    taken = 0
    for text in one_line_files():
        if yamlsource._flat_mapping(text) is not None:
            taken += 1
            assert read_yaml(text, "f.yaml") == full_read(text), repr(text)
    assert taken > len(one_line_files()) // 3  # the sweep does reach the fast reader


def test_plain_files_take_the_fast_way():
    written = ("# yaml-language-server: $schema=../.schema/entry.json\ntitle: Youth Strength "
               "Summit\nprovider: NSCA\ncompleted: 2026-09-01\ncredits: 0.6\nunit: CEU\n")
    assert yamlsource._flat_mapping(written) is not None
    examples = sorted((EXAMPLE / "credits").rglob("*.yaml"))
    taken = [p.name for p in examples if yamlsource._flat_mapping(p.read_text("utf-8"))]
    assert len(taken) >= len(examples) // 2, taken  # the example's courses, mostly
    for path in examples:
        text = path.read_text("utf-8")
        assert read_yaml(text, "f.yaml") == full_read(text), path.name


# --- Against libyaml itself: comments and the other line breaks (issue 22, item 8) ---------
# YAML ends a line at U+0085, U+2028 and U+2029 too, even inside a comment (a key after one
# is a key), and refuses C1 controls: the fast reader must never read such a file its way.
BREAKS_AND_C1 = "\x85\u2028\u2029" + "".join(map(chr, range(0x80, 0xA0))) + "\ufeff\u200b\u202e"
comment = st.builds(lambda a, b, c: f"#{a}{b}{c}", st.text(ALPHABET, max_size=4),
                    st.sampled_from(BREAKS_AND_C1),
                    st.sampled_from(["title: hidden", "credits: 9", " x", "", "provider: P"]))
mixed_line = st.one_of(flat_line, flat_line, comment, comment, other_line)


def libyaml_view(text: str) -> dict | None:
    """{key: (value, key line, value line, value column)} as libyaml itself reads `text`
    (PyYAML's C loader, none of cectrack's code); None where it refuses the text.  Keys as
    written: the loader would make a key `on` the boolean true."""
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.MappingNode):
            return None
        return {k.value: (loader.construct_object(v, deep=True), k.start_mark.line + 1,
                          v.start_mark.line + 1, v.start_mark.column + 1) for k, v in node.value}
    except (yaml.YAMLError, ValueError):  # ValueError: a date such as 2026-02-30
        return None
    finally:
        loader.dispose()


def fast_view(tree: yamlsource.YMap) -> dict:
    return {key: (value.value, tree.key_lines[key], value.line, value.col)
            for key, value in tree.items.items()}


@settings(max_examples=800, deadline=None)
@given(st.lists(mixed_line, min_size=1, max_size=8), st.booleans())
def test_the_fast_reader_reads_values_and_lines_as_libyaml_does(lines, final_newline):
    text = "\n".join(lines) + ("\n" if final_newline else "")
    tree = yamlsource._flat_mapping(text)
    if tree is None:
        return  # libyaml reads it
    expected = libyaml_view(text)
    if expected is None:  # a date libyaml's loader cannot build: the values must say so
        assert any(isinstance(v.value, yamlsource.BadDate) for v in tree.items.values())
        return
    assert fast_view(tree) == expected


@pytest.mark.parametrize("char", list(BREAKS_AND_C1))
@pytest.mark.parametrize("place", ["comment-first", "comment-between", "comment-last"])
def test_a_line_break_or_control_in_a_comment_is_read_as_libyaml_reads_it(char, place):
    lines = ["title: Summit", "provider: P", "credits: 2"]
    at = {"comment-first": 0, "comment-between": 1, "comment-last": 3}[place]
    lines.insert(at, f"# note{char}completed: 2026-01-05")
    text = "\n".join(lines) + "\n"
    trees, problems = read_yaml(text, "f.yaml")
    expected = libyaml_view(text)
    if expected is None:  # libyaml refuses a C1 control: so does cectrack, at its place
        assert [(p.code, p.line, p.col) for p in problems] == [("bad-text", at + 1, 7)]
    else:
        assert problems == [] and fast_view(trees[0]) == expected
        assert ("completed" in expected) == (char in "\x85\u2028\u2029")
