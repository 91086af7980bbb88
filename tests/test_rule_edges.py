"""Issue 21, items 4 to 8: prerequisites on the right days, one body's words at another,
provider names as people write them, numbers as written, and the data rows of
rules-corrections-3.md.  Each figure is worked out by hand from the source named in the
comment (rules.md, rules-2.md, rules-corrections-3.md), with the dates fixed."""
from __future__ import annotations

import datetime as dt

from conftest import card, course, profile, report_for, result, rows, write_tracker

D = dt.date.fromisoformat


# --- Item 4: held throughout from certification; a card in the grace period ---------------
def test_boc_ecc_is_held_throughout_from_the_day_the_at_was_certified(tmp_path):
    # F23: ECC "throughout the reporting period"; F11: a new AT starts the day certified.
    # Certified 2024-06-01 in the 2024-2025 period, a card from that day to 2026-06-01: held
    # from the later of the period start (2024-01-01) and certification: met (E4).
    write_tracker(tmp_path, {"credits/ecc.yaml": card("ECC", completed="2024-06-01",
                                                      expires="2026-06-01")},
                  profile=profile(("BOC-ATC", {"since": "2024-06-01"})))
    (ecc,) = result(report_for(tmp_path, D("2025-11-28")), "BOC-ATC").prerequisites
    assert (ecc.met, ecc.detail) == (True, "valid until 2026-06-01")
    # An AT certified long before the period with the same card: uncovered 2024-01-01 to
    # 2024-05-31, so not met.
    older = tmp_path / "older"
    write_tracker(older, {"credits/ecc.yaml": card("ECC", completed="2024-06-01",
                                                   expires="2026-06-01")},
                  profile=profile(("BOC-ATC", {"since": "2015-06-01"})))
    (ecc,) = result(report_for(older, D("2025-11-28")), "BOC-ATC").prerequisites
    assert not ecc.met and ecc.detail.startswith("not held from 2024-01-01 to 2024-05-31")


def test_acsm_card_that_expires_in_the_grace_period_is_met_again_once_renewed(tmp_path):
    # ACSM: cycle to 2026-12-31, grace to 30 June 2027 (A3); "current CPR certification" when
    # you renew (A1, A4). 45 CECs earned in the cycle. The card expires 2027-02-01: on
    # 2027-03-01 a late renewal could not be made with it: in grace, not met. A new card
    # taken 2027-03-10 (to 2029-03-10): on 2027-03-15 everything is met.
    files = {"credits/a.yaml": course("Courses", "2026-05-01", 45),
             "credits/cpr.yaml": card(completed="2025-02-01", expires="2027-02-01")}
    write_tracker(tmp_path, files)
    c = result(report_for(tmp_path, D("2027-03-01")), "ACSM-CPT")
    assert (c.earned >= 45, c.met, c.status) == (True, False, "grace")
    (cpr,) = c.prerequisites
    assert cpr.detail.startswith("expired 2027-02-01, in the grace period")
    # Before the deadline the same card is judged on the cycle end, which it covers.
    assert result(report_for(tmp_path, D("2026-12-01")), "ACSM-CPT").status == "met"
    files["credits/cpr2.yaml"] = card("CPR renewed", completed="2027-03-10", expires="2029-03-10")
    write_tracker(tmp_path, files)
    c = result(report_for(tmp_path, D("2027-03-15")), "ACSM-CPT")
    assert (c.met, c.status, c.prerequisites[0].detail) == (True, "met", "valid until 2029-03-10")
