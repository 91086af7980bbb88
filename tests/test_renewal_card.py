"""A CPR/AED card that a body asks for to renew (ISSA) is recorded without `credits:`: `add`
writes it, `check` finds nothing wrong (it stopped the published build with
'missing-credits'), and every page says it is the card, not credit."""
from __future__ import annotations

import json

from conftest import cectrack, write_tracker

PROFILE = """
name: Sam Trainer
credentials:
  - {id: ISSA-CPT, since: 2024-06-01, expires: 2026-12-31}
"""
CARD = ("add", "--no-input", "--today", "2026-12-03", "--title", "CPR/AED card", "--provider",
        "Red Cross", "--completed", "2026-01-10", "--activity", "cpr_aed", "--expires",
        "2028-01-10", "--hands-on", "true")


def test_an_issa_card_is_added_and_checks_clean(tmp_path):
    root = write_tracker(tmp_path, {}, profile=PROFILE)
    added = cectrack(*CARD, cwd=root).stdout
    assert ("ISSA-CPT: no credit; the CPR/AED card it asks for, valid until 2028-01-10; "
            "total 0 -> 0 of 20 contact_hour") in added
    check = cectrack("check", "--today", "2026-12-03", cwd=root).stdout
    assert "no problems found" in check and "CPR/AED valid until 2028-01-10" in check
    status = json.loads(cectrack("status", "--json", "--today", "2026-12-03", cwd=root).stdout)
    (entry,) = status["credentials"][0]["entries"]
    assert entry["excluded_reasons"] == [
        {"code": "renewal-card", "values": {"body": "ISSA", "label": "CPR/AED"}}]
    assert entry["excluded"] == ("the CPR/AED card ISSA asks for to renew: proof, not credit "
                                 "(see Prerequisites)")
    assert status["credentials"][0]["prerequisites"][0]["met"] is True


def test_a_course_with_no_credits_and_no_card_rule_is_still_an_error(tmp_path):
    root = write_tracker(tmp_path, {"credits/a.yaml": "title: Webinar\nprovider: P\n"
                                    "completed: 2026-02-01\nactivity: webinar\n"}, profile=PROFILE)
    out = cectrack("check", "--today", "2026-12-03", cwd=root, expect=1).stdout
    assert "error: this webinar has no `credits:`" in out
