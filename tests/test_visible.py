"""What the auditor reads is what is there (issue 22, item 6): characters that hide or
reorder text are warned of at their line and written out on every page and in every export;
letters of other scripts posing as Latin ones are caught, also by duplicate detection; CSV
cells never run as formulas; no value breaks a calendar line.  All in-process."""
from __future__ import annotations

import csv
import io
import json

import icalendar
import pytest
from conftest import TODAY, card, course, write_tracker

from cectrack.analysis import analysis, site_content
from cectrack.files.visible import as_latin, latin_look_alike, reveal
from cectrack.records.load import _parse_entry_file, load_tracker
from cectrack.render.exports import packet_csv, packet_json, spreadsheet_cell
from cectrack.render.feeds import status_json
from cectrack.render.icsfeed import calendar_ics, ics_text
from cectrack.render.options import PageOptions
from cectrack.render.pages import render_pages

# Each character hides or reorders what is around it, or starts a line where none shows.
HIDDEN = {
    "right-to-left-override": "\u202e", "left-to-right-override": "\u202d",
    "right-to-left-embedding": "\u202b", "pop-directional": "\u202c",
    "right-to-left-isolate": "\u2067", "first-strong-isolate": "\u2068",
    "pop-isolate": "\u2069", "right-to-left-mark": "\u200f", "arabic-letter-mark": "\u061c",
    "zero-width-space": "\u200b", "zero-width-joiner": "\u200d",
    "zero-width-non-joiner": "\u200c", "word-joiner": "\u2060",
    "invisible-separator": "\u2063", "byte-order-mark": "\ufeff", "tag-a": "\U000e0041",
    "cancel-tag": "\U000e007f", "line-separator": "\u2028", "paragraph-separator": "\u2029",
    "next-line": "\x85", "soft-hyphen": "\xad",
    "mongolian-vowel-separator": "\u180e", "annotation-anchor": "\ufff9",
}
WRITTEN_OUT = {name: char.encode("unicode_escape").decode() for name, char in HIDDEN.items()}


def yaml_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar, every non-ASCII character as an escape."""
    return '"' + "".join(c if c.isascii() and c.isprintable() and c not in '"\\'
                         else f"\\U{ord(c):08x}" for c in text) + '"'


def warnings_of(text: str) -> list[tuple[str, int]]:
    problems: list = []
    _parse_entry_file("credits/c.yaml", text.encode(), problems, None)
    return [(p.code, p.line) for p in problems]


ENTRY = ("title: Strength Summit\nprovider: Test Provider\ncompleted: 2025-03-01\n"
         "credits: 1\napproval: AB-123\nnotes: kept\n")
LINE_OF = {"title": 1, "provider": 2, "approval": 5, "notes": 6}


@pytest.mark.parametrize("name", HIDDEN)
@pytest.mark.parametrize("field", LINE_OF)
def test_a_hidden_character_in_a_value_is_warned_of_at_its_line(field, name):
    value = {"title": "Strength", "provider": "Test", "approval": "AB-123",
             "notes": "kept"}[field]
    poisoned = value[:2] + HIDDEN[name] + value[2:]
    text = "\n".join(f"{field}: {yaml_quoted(poisoned)}" if line.startswith(f"{field}:")
                     else line for line in ENTRY.splitlines()) + "\n"
    assert warnings_of(text) == [("hidden-character", LINE_OF[field])]


@pytest.mark.parametrize("char", ["\x80", "\x9b", "\x9f"])
def test_a_c1_control_even_written_as_an_escape_is_refused_at_its_line(char):
    text = ENTRY.replace("Strength Summit", yaml_quoted("Strength" + char))
    assert warnings_of(text) == [("bad-text", 1)]


def test_plain_and_accented_text_is_not_warned_of():
    assert warnings_of(ENTRY.replace("Strength Summit", yaml_quoted("Café Olé – Übung"))) == []


@pytest.mark.parametrize("name", ["right-to-left-override", "zero-width-space", "tag-a",
                                  "line-separator", "next-line"])
def test_a_hidden_character_in_the_holder_name_is_warned_of(tmp_path, name):
    profile = (f"name: {yaml_quoted('Jo' + HIDDEN[name] + 'rdan Lee')}\ncredentials:\n"
               "  - id: ACSM-CPT\n    expires: 2026-12-31\n")
    write_tracker(tmp_path, {}, profile)
    found = [(p.code, p.file, p.line) for p in load_tracker(tmp_path).problems]
    assert ("hidden-character", "credits/profile.yaml", 1) in found


@pytest.mark.parametrize("name", ["right-to-left-override", "zero-width-joiner", "tag-a",
                                  "right-to-left-isolate"])
def test_a_hidden_character_in_a_file_name_is_warned_of_and_written_out(tmp_path, name):
    file = f"credits/2025/sum{HIDDEN[name]}mit.yaml"
    write_tracker(tmp_path, {file: course("Summit", "2025-03-01", 1)})
    shown = f"credits/2025/sum{WRITTEN_OUT[name]}mit.yaml"
    tracker = load_tracker(tmp_path)
    assert [(p.code, p.file, p.line) for p in tracker.problems] == \
        [("hidden-character", shown, 1)]
    assert [e.file for e in tracker.entries] == [shown]  # read, and named visibly


# --- Pages and exports: every hidden character written out, none obeyed -------------------

@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """One tracker whose title, provider, approval, certificate-less notes and holder name
    carry every hidden character; each output made once, in-process."""
    root = tmp_path_factory.mktemp("hidden")
    every = "".join(HIDDEN.values())
    entry = (f"title: {yaml_quoted('Summit ' + every + ' day')}\n"
             f"provider: {yaml_quoted('Pro' + every + 'vider')}\ncompleted: 2025-03-01\n"
             f"credits: 2\napproval: {yaml_quoted('AB' + every + '12')}\n")
    profile = (f"name: {yaml_quoted('Jordan ' + every + ' Lee')}\ncredentials:\n"
               "  - id: ACSM-CPT\n    expires: 2026-12-31\n")
    write_tracker(root, {"credits/2025/summit.yaml": entry,
                         "credits/2025/cpr.yaml": card(title=yaml_quoted("CPR" + every))},
                  profile)
    content = site_content(analysis(root, TODAY))
    (packet,) = [p for p in content.packets if p.credential.id == "ACSM-CPT"]
    pages = render_pages(content, PageOptions(publish_evidence=True))
    return {"pages": "\n".join(pages.values()),
            "csv": packet_csv(packet).decode("utf-8-sig"),
            "json": packet_json(packet).decode("utf-8") + "\n" +
            status_json(content.report).decode("utf-8"),
            "calendar": calendar_ics(content.report).decode("utf-8")}


@pytest.mark.parametrize("name", HIDDEN)
@pytest.mark.parametrize("kind", ["pages", "csv", "json", "calendar"])
def test_no_output_obeys_a_hidden_character(outputs, kind, name):
    assert HIDDEN[name] not in outputs[kind]


@pytest.mark.parametrize("name", HIDDEN)
def test_pages_and_the_csv_write_each_hidden_character_out(outputs, name):
    assert WRITTEN_OUT[name] in outputs["csv"]
    assert WRITTEN_OUT[name].replace("\\", "\\\\") in outputs["pages"]  # Markdown-escaped


def test_the_json_keeps_the_values_and_writes_them_escaped(outputs):
    assert "\\u202e" in outputs["json"] and "\\udb40\\udc41" in outputs["json"]  # the tag
    every = "".join(HIDDEN.values())
    packet = json.loads(outputs["json"].split("\n")[0])
    assert f"Jordan {every} Lee" in list(strings_in(packet))


def strings_in(value):
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, str):
        yield value


def test_the_calendar_shows_the_card_with_its_characters_written_out(outputs):
    assert "CPR\\\\u202e" in outputs["calendar"].replace("\r\n ", "")


# --- Look-alike letters ---------------------------------------------------------------------

LOOK_ALIKES = {"cyrillic-a": ("а", "a"), "cyrillic-e": ("е", "e"), "cyrillic-o": ("о", "o"),
               "cyrillic-p": ("р", "p"), "cyrillic-c": ("с", "c"), "cyrillic-es": ("С", "C"),
               "cyrillic-ie": ("Е", "E"), "cyrillic-dze": ("ѕ", "s"), "greek-omicron": ("ο", "o"),
               "greek-alpha": ("Α", "A"), "greek-nu": ("Ν", "N"), "armenian-oh": ("օ", "o")}


@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_a_look_alike_in_a_latin_word_is_warned_of(name):
    letter, latin = LOOK_ALIKES[name]
    word = "Americ" + latin + "n" if latin.islower() else latin + "CSM"
    disguised = word.replace(latin, letter, 1)
    text = ENTRY.replace("provider: Test Provider", f"provider: {yaml_quoted(disguised)}")
    assert warnings_of(text) == [("look-alike-letter", 2)]
    assert as_latin(disguised) == word


@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_a_look_alike_anywhere_in_a_credential_id_is_warned_of(name):
    letter, _latin = LOOK_ALIKES[name]
    text = ENTRY + f"counts_for: [{yaml_quoted(letter + letter)}]\n"
    assert warnings_of(text) == [("look-alike-letter", 7)]


@pytest.mark.parametrize("title", ["Сила и здоровье", "Άσκηση και υγεία", "Café Olé",
                                   "Ζωή 2025", "Тренировка ACSM"])
def test_a_word_wholly_in_its_own_script_is_no_disguise(title):
    assert latin_look_alike(title) is None
    assert warnings_of(ENTRY.replace("Strength Summit", yaml_quoted(title))) == []


@pytest.mark.parametrize("name", ["cyrillic-a", "cyrillic-e", "cyrillic-o", "greek-omicron",
                                  "cyrillic-dze"])
def test_a_copy_of_a_course_with_a_look_alike_in_its_title_is_a_duplicate(tmp_path, name):
    letter, latin = LOOK_ALIKES[name]
    title = "Strength and Conditioning Sessions"
    disguised = title.replace(latin, letter, 1)
    write_tracker(tmp_path, {"credits/2025/a.yaml": course(title, "2025-03-01", 2),
                             "credits/2025/b.yaml": course(yaml_quoted(disguised),
                                                           "2025-03-01", 2)})
    codes = [p.code for p in analysis(tmp_path, TODAY).report.problems]
    assert "duplicate-entry" in codes and "look-alike-letter" in codes


# --- CSV cells never run as formulas (OWASP, CSV injection) --------------------------------

FORMULAS = ["=HYPERLINK(\"https://x.example\",\"open\")", "+1+1", "-1+cmd|' /C calc'!A0",
            "@SUM(1,1)", "=1", "+", "-", "@"]


@pytest.mark.parametrize("value", FORMULAS)
@pytest.mark.parametrize("field", ["title", "provider", "approval"])
def test_a_formula_in_a_csv_cell_is_shown_as_text(tmp_path, field, value):
    text = course("Summit", "2025-03-01", 2, approval="AB-1").replace(
        {"title": "title: Summit", "provider": "provider: Test Provider",
         "approval": "approval: AB-1"}[field], f"{field}: {yaml_quoted(value)}")
    write_tracker(tmp_path, {"credits/2025/a.yaml": text})
    (packet,) = [p for p in site_content(analysis(tmp_path, TODAY)).packets
                 if p.credential.id == "ACSM-CPT"]
    (row,) = csv.DictReader(io.StringIO(packet_csv(packet).decode("utf-8-sig")))
    assert row[field] == "'" + value
    assert row["awarded"] == "2" and row["counted"] == "2"  # numbers stay numbers


@pytest.mark.parametrize("value, shown", [
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("-2.5", "-2.5"), ("-7", "-7"), ("ok=1", "ok=1"),
    ("a-b", "a-b"), ("", ""), (" =x", " =x"), ("\u202e=x", "\\u202e=x"), (3, 3)])
def test_spreadsheet_cells(value, shown):
    assert spreadsheet_cell(value) == shown


# --- The calendar: no value ends its line -----------------------------------------------------

BREAKS = {"lf": "\n", "cr": "\r", "crlf": "\r\n", "next-line": "\x85",
          "line-separator": "\u2028", "paragraph-separator": "\u2029"}


@pytest.mark.parametrize("name", BREAKS)
def test_no_value_starts_a_line_of_its_own_in_the_calendar(tmp_path, name):
    forged = BREAKS[name] + "BEGIN:VEVENT" + BREAKS[name] + "X-FORGED:1"
    profile = (f"name: {yaml_quoted('Jordan' + forged)}\ncredentials:\n"
               "  - id: ACSM-CPT\n    expires: 2026-12-31\n")
    entry = card(title=yaml_quoted("CPR" + forged)).replace(
        "provider: Red Cross", f"provider: {yaml_quoted('Red Cross' + forged)}")
    write_tracker(tmp_path, {"credits/2025/cpr.yaml": entry}, profile)
    feed = calendar_ics(analysis(tmp_path, TODAY).report).decode("utf-8")
    lines = feed.split("\r\n")
    assert all(not line or line[0] == " " or line.split(":")[0].split(";")[0].isupper()
               for line in lines), lines
    assert not any(line.startswith("X-FORGED") for line in lines)
    assert sum(line == "BEGIN:VEVENT" for line in lines) == len(
        icalendar.Calendar.from_ical(feed).walk("VEVENT"))
    for char in "\r\x85\u2028\u2029\x0b\x0c":
        assert char not in feed.replace("\r\n", "")
    (event,) = [e for e in icalendar.Calendar.from_ical(feed).walk("VEVENT")
                if "CPR" in str(e["summary"])]
    assert "BEGIN:VEVENT\nX-FORGED:1" in str(event["description"])  # kept, as a line break


@pytest.mark.parametrize("value, written", [
    ("a\x0bb", "a\nb"), ("a\x0cb", "a\nb"), ("a\r\nb", "a\nb"), ("a\x00b\x1b", "ab"),
    ("a\tb", "a\tb"), ("a\u202eb", "a\\u202eb")])
def test_calendar_text_has_one_kind_of_line_break_and_no_control(value, written):
    assert ics_text(value) == written


def test_reveal_leaves_plain_text_alone_and_writes_out_the_rest():
    assert reveal("Café – Übung 2025") == "Café – Übung 2025"
    assert reveal("a\u202eb\U000e0041") == "a\\u202eb\\U000e0041"
