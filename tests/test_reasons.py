"""Issue 26, item 3: reasons as data.  The engine says why a course does not count, or counts
less, with a code and its values; render/reasons.py words each code once, and
docs/guide/publishing.md lists them all; `cectrack status --json` gives both."""
from __future__ import annotations

import re

import pytest
from conftest import REPO, course, profile, report_for, result, rows, write_tracker

from cectrack.engine.reasons import EXCLUDED_CODES, NOTE_CODES, reason
from cectrack.render.reasons import WORDS, reason_words
from cectrack.render.statusjson import report_to_json

PUBLISHING = (REPO / "docs" / "guide" / "publishing.md").read_text("utf-8")


def test_every_code_has_its_words_and_its_line_in_the_docs():
    assert sorted(WORDS) == sorted(EXCLUDED_CODES + NOTE_CODES)
    documented = set(re.findall(r"`([a-z]+(?:-[a-z]+)+|[a-z]+)`", PUBLISHING))
    assert [code for code in WORDS if code not in documented] == []


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
