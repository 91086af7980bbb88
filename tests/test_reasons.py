"""Issue 26, item 3: reasons as data.  The engine says why a course does not count, or counts
less, how a requirement came about, what is unmet and how a card stands, with a code and its
values; render/reasons.py words each code once, and docs/guide/publishing.md lists those
status.json gives; `cectrack status --json` gives both words and codes."""
from __future__ import annotations

import ast
import re

import pytest
from conftest import (
    REPO,
    card,
    course,
    profile,
    report_for,
    result,
    rows,
    write_tracker,
)

from cectrack.engine.reasons import ALL_CODES, WARNING_CODES, reason
from cectrack.render.credentialwords import unmet_words
from cectrack.render.reasons import WORDS, reason_words, words
from cectrack.render.statusjson import report_to_json

PUBLISHING = (REPO / "docs" / "guide" / "publishing.md").read_text("utf-8")


def test_every_code_has_its_words_and_its_line_in_the_docs():
    assert sorted(WORDS) == sorted(ALL_CODES)
    documented = set(re.findall(r"`([a-z]+(?:-[a-z]+)+|[a-z]+)`", PUBLISHING))
    # The card warnings are the dashboard's, not status.json's.
    assert [code for code in WORDS if code not in documented | set(WARNING_CODES)] == []


def test_a_code_the_engine_does_not_declare_is_refused():
    with pytest.raises(ValueError, match="no such reason code: planted"):
        reason("planted", body="ACSM")


def test_the_json_gives_each_reason_as_its_words_and_as_code_and_values(tmp_path):
    # ACSM: 1 CEU = 10 CEC, unconfirmed and with no source, so 0.3 CEU = 3 CEC; a cycle ending
    # 31 December 2027 began on 1 January 2025 (3 years), so a course of June 2024 counts nothing.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Ceu course", "2025-03-01", 0.3, "CEU"),
        "credits/b.yaml": course("Too early", "2024-06-01", 2),
    }, profile=profile(("ACSM-CPT", {"since": "2022-06-01", "expires": "2027-12-31"})))
    report = report_for(tmp_path)
    by_title = {e["title"]: e for e in report_to_json(report)["credentials"][0]["entries"]}
    early, ceu = by_title["Too early"], by_title["Ceu course"]
    assert early["excluded"] == "completed 2024-06-01, before this cycle began (2025-01-01)"
    assert early["excluded_reasons"] == [{"code": "before-cycle", "values": {
        "completed": "2024-06-01", "window_start": "2025-01-01"}}]
    assert (ceu["counted"], ceu["excluded"], ceu["excluded_reasons"]) == (3, None, None)
    assert ceu["notes"] == ["0.3 CEU × 10 = 3 CEC (unconfirmed rule)"]
    assert ceu["note_reasons"] == [{"code": "converted", "values": {
        "credits": 0.3, "from_unit": "CEU", "factor": 10, "amount": 3.0, "unit": "CEC",
        "source": None, "unconfirmed": True}}]
    # The page and the terminal word it as the JSON does.
    (note,) = rows(result(report, "ACSM-CPT"))["Ceu course"].notes
    assert reason_words(note) == ceu["notes"][0]


def test_the_json_gives_the_requirement_and_what_is_unmet_as_words_and_as_codes(tmp_path):
    # NSCA-CSCS certified 2025-06-15, 17 months into the 2024-2026 cycle: 2 CEU instead of 6.
    # Two 1.0 CEU conferences in category A, which holds 1.5: 1.5 earned, 0.5 still needed,
    # from B (1.0), C (1.5) or D (1.0): 3.5 of room.  Credit from one category of the two
    # NSCA asks for, and no CPR/AED card.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Conf 1", "2025-07-01", 1.0, "CEU", activity="conference"),
        "credits/b.yaml": course("Conf 2", "2025-09-01", 1.0, "CEU", activity="conference"),
    }, profile=profile(("NSCA-CSCS", {"since": "2025-06-15"})))
    report = report_for(tmp_path)
    (c,) = report_to_json(report)["credentials"]
    assert c["required_note"] == "prorated: certified 2025-06-15, 17 months into the cycle, " \
                                 "so 2 CEU instead of 6"
    assert c["required_note_reason"] == {"code": "prorated", "values": {
        "since": "2025-06-15", "months": 17, "body": "NSCA", "required": 2.0, "usual": 6.0,
        "unit": "CEU"}}
    assert c["unmet"] == ["0.5 CEU still needed, from categories B, C or D; category A is full",
                          "CPR/AED: no CPR/AED card recorded",
                          "credit from 1 category; at least 2 needed"]
    no_card = {"code": "no-card", "values": {"label": "CPR/AED"}}
    assert c["unmet_reasons"] == [
        {"code": "credit-needed", "values": {"remaining": 0.5, "unit": "CEU", "full": ["A"],
                                             "room": ["B", "C", "D"], "room_left": 3.5,
                                             "short_in": []}},
        {"code": "prerequisite", "values": {"id": "cpr_aed", "label": "CPR/AED",
                                            "detail": no_card}},
        {"code": "few-categories", "values": {"categories": 1, "min": 2}}]
    (card,) = c["prerequisites"]
    assert (card["detail"], card["detail_reason"]) == ("no CPR/AED card recorded", no_card)
    # The pages and the terminal word them as the JSON does.
    credential = result(report, "NSCA-CSCS")
    assert words(credential.required_reason) == c["required_note"]
    assert unmet_words(credential) == c["unmet"]


def test_a_requirement_with_no_note_gives_null_and_a_met_one_no_unmet_reasons(tmp_path):
    # ACSM-CPT: 45 CEC; 45 counted, and a card valid past the deadline (2027-12-31).
    write_tracker(tmp_path, {"credits/a.yaml": course("Big", "2025-03-01", 45),
                             "credits/cpr.yaml": card(expires="2028-06-18")},
                  profile=profile(("ACSM-CPT", {"since": "2022-06-01", "expires": "2027-12-31"})))
    (c,) = report_to_json(report_for(tmp_path))["credentials"]
    assert (c["required_note"], c["required_note_reason"]) == (None, None)
    assert (c["met"], c["unmet"], c["unmet_reasons"]) == (True, [], [])
    assert c["prerequisites"][0]["detail_reason"] == {"code": "card-valid",
                                                      "values": {"expires": "2028-06-18"}}


def worded_fstrings(source: str) -> list[int]:
    """The lines of f-strings with words in them ("{x} still needed"), leaving out those an
    exception raises for a programmer's mistake."""
    tree = ast.parse(source)
    raised = {id(n) for r in ast.walk(tree) if isinstance(r, ast.Raise) for n in ast.walk(r)}
    return [n.lineno for n in ast.walk(tree)
            if isinstance(n, ast.JoinedStr) and id(n) not in raised
            and re.search(r"[A-Za-z]{2,}", "".join(v.value for v in n.values
                                                   if isinstance(v, ast.Constant)))]


def test_the_engine_makes_no_sentences_only_codes_and_values():
    # checks.py builds the problems (a code, with its message and hint written there):
    # they stay English until problems, too, carry their values.
    engine = REPO / "cectrack" / "engine"
    found = {p.name: worded_fstrings(p.read_text("utf-8")) for p in engine.glob("*.py")
             if p.name != "checks.py"}
    assert {name: lines for name, lines in found.items() if lines} == {}
    planted = 'def f(x):\n    return f"{x} still needed"\n\ndef g(x):\n    raise ValueError(f"no {x}")\n'
    assert worded_fstrings(planted) == [2]


def test_equal_reasons_are_one_object_each_of_its_own_types_until_forgotten():
    """A long career gives the same reasons to thousands of courses: each is made once and
    shared; equal values of other types (5 and 5.0, worded differently) are not taken for
    each other, a value that cannot be a key is given as it is, and a build's end forgets
    them all."""
    import datetime as dt

    from cectrack.engine.reasons import shared_reasons_clear
    day = dt.date(2024, 3, 1)
    first = reason("before-cycle", completed=day, start=dt.date(2025, 1, 1))
    assert reason("before-cycle", completed=dt.date(2024, 3, 1), start=dt.date(2025, 1, 1)) is first
    whole, part = reason("cap", cap="cpr", max=5), reason("cap", cap="cpr", max=5.0)
    assert whole == part and whole is not part and part.of["max"] == 5.0
    assert isinstance(reason("cap", cap="cpr", max=5).of["max"], int)
    nested = reason("counts-only-for", ids=("A", 1)), reason("counts-only-for", ids=("A", 1.0))
    assert nested[0] is not nested[1] and nested[1].of["ids"][1] == 1.0
    listed = reason("counts-only-for", ids=["A"])
    assert reason("counts-only-for", ids=["A"]) is not listed
    shared_reasons_clear()
    again = reason("before-cycle", completed=day, start=dt.date(2025, 1, 1))
    assert again == first and again is not first
