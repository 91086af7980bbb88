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


# --- Item 5: one body's words at another -----------------------------------------------
def test_yoga_teaching_hours_are_no_credit_at_bodies_that_say_nothing_of_them(tmp_path):
    # E7 / row 11: an RYT who is also BCTMB and ACSM-CPT logs 50 hours teaching yoga (YA's
    # own activity word, J1) and 23 hours of courses. NCBTMB: 24 h per 2 years (H1); the
    # teaching is not CE there: 23, not 73. ACSM: 23 of 45. YA: the 50 hours go to its
    # teaching ledger (45, J1), never to its 30 of training.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Anatomy", "2025-03-01", 23, "contact_hour"),
        "credits/t.yaml": course("Teaching log", "2025-06-01", 50, "contact_hour",
                                 activity="teaching")},
        profile=profile(("YA-RYT200", {"expires": "2026-08-31"}),
                        ("NCBTMB-BCTMB", {"expires": "2026-06-30"}),
                        ("ACSM-CPT", {"expires": "2026-12-31"})))
    report = report_for(tmp_path, D("2026-01-15"))
    ncbtmb, acsm, ya = (result(report, c) for c in ("NCBTMB-BCTMB", "ACSM-CPT", "YA-RYT200"))
    assert (ncbtmb.earned, acsm.earned, ya.earned) == (23.0, 23.0, 23.0)
    assert rows(ncbtmb)["Teaching log"].excluded == (
        "`teaching` is another body's own kind of activity; NCBTMB says nothing about it, so "
        "it earns no credit here")
    assert [p.detail for p in ya.prerequisites] == ["50 of 45 hours in this cycle"]


def test_presenting_at_yoga_alliance_is_flagged_and_not_counted_as_training(tmp_path):
    # Row 12: YA's CE is "learning something new" (J2): a talk given is not counted as YA
    # training [U], with a warning at the entry; NSCA counts presenting in Category B (C3):
    # 2 hours = 0.2 CEU (C4).
    write_tracker(tmp_path, {"credits/talk.yaml": course(
        "Yoga for runners", "2025-05-10", 2, "contact_hour", activity="presenting")},
        profile=profile(("YA-RYT200", {"expires": "2026-08-31"}),
                        ("NSCA-CSCS", {"since": "2015-01-01"})))
    report = report_for(tmp_path, D("2026-01-15"))
    ya, nsca = result(report, "YA-RYT200"), result(report, "NSCA-CSCS")
    assert rows(ya)["Yoga for runners"].excluded == "YA gives no credit for a presenting"
    assert (rows(nsca)["Yoga for runners"].counted, rows(nsca)["Yoga for runners"].category) == (
        0.2, "B")
    (warning,) = [p for p in report.problems if p.code == "questioned-activity"]
    assert (warning.severity, warning.line) == ("warning", 6)
    assert warning.message == ("YA: presenting is not counted as Yoga Alliance training, which "
                               "must be learning something new (source J2)")


def test_afaa_gives_its_two_ceus_only_for_a_hands_on_card(tmp_path):
    # Row 13: "All CPR/AED courses are worth 2 CEUs and must have a hands-on training
    # component" (M1); online or home-study cards "will not be accepted" (M2). An online card
    # (hands_on: false): 0 CEUs and the prerequisite not met; a hands-on card: 2 and met.
    write_tracker(tmp_path, {"credits/cpr.yaml": card(completed="2025-01-10",
                                                      expires="2027-01-10", hands_on="false")},
                  profile=profile(("AFAA-GFI", {"expires": "2026-09-30"})))
    c = result(report_for(tmp_path, D("2026-01-15")), "AFAA-GFI")
    assert (c.earned, rows(c)["CPR"].excluded) == (
        0.0, "AFAA gives credit for a CPR/AED card only with a hands-on skills check "
             "(`hands_on: true`)")
    assert not c.prerequisites[0].met
    write_tracker(tmp_path, {"credits/cpr.yaml": card(completed="2025-01-10",
                                                      expires="2027-01-10")},
                  profile=profile(("AFAA-GFI", {"expires": "2026-09-30"})))
    c = result(report_for(tmp_path, D("2026-01-15")), "AFAA-GFI")
    assert (c.earned, c.prerequisites[0].met) == (2.0, True)


def test_issa_ceu_credit_is_an_hour_and_the_decimal_ceu_is_questioned(tmp_path):
    # Row 5: "A minimum of 20 CE hours", "$0 if all 20 CEU credits are obtained through
    # ISSA" (K1): ISSA's CEU credit is an hour. `unit: ISSA-CEU` 10 -> 10 hours; `unit: CEU`
    # 1.0 is the decimal CEU: 10 hours, with the ambiguous-unit warning BOC, NCSF and AFAA get.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("ISSA nutrition", "2025-03-01", 10, "ISSA-CEU"),
        "credits/b.yaml": course("Other course", "2025-04-01", 1.0, "CEU")},
        profile=profile(("ISSA-CPT", {"expires": "2026-09-30"})))
    report = report_for(tmp_path, D("2026-01-15"))
    c = result(report, "ISSA-CPT")
    assert (rows(c)["ISSA nutrition"].counted, rows(c)["Other course"].counted) == (10.0, 10.0)
    (warning,) = [p for p in report.problems if p.code == "ambiguous-unit"]
    assert (warning.file, warning.hint) == ("credits/b.yaml",
                                            "if the certificate is ISSA's, write `unit: ISSA-CEU`")


# --- Item 6: provider names as people write them ----------------------------------------
def test_afaa_own_courses_recognised_however_the_provider_is_written(tmp_path):
    # M1: "Two contact hours (2 CEUs) must be from an AFAA or NASM course." One hour from
    # "AFAA (Athletics and Fitness Association of America)" and one from "NASM - National
    # Academy of Sports Medicine": 2 of 2 from AFAA or NASM (E6: they read 0 before).
    files = {
        "credits/a.yaml": course("Barre", "2025-03-01", 1, "contact_hour").replace(
            "Test Provider", "AFAA (Athletics and Fitness Association of America)"),
        "credits/b.yaml": course("Cycling", "2025-04-01", 1, "contact_hour").replace(
            "Test Provider", "NASM - National Academy of Sports Medicine")}
    write_tracker(tmp_path, files, profile=profile(("AFAA-GFI", {"expires": "2026-09-30"})))
    c = result(report_for(tmp_path, D("2026-01-15")), "AFAA-GFI")
    (own,) = c.groups
    assert (own.label, own.earned, own.min) == ("from AFAA or NASM courses", 2.0, 2.0)


def test_a_course_recorded_twice_with_the_provider_written_two_ways_counts_once(tmp_path):
    # The same NSCA webinar, once from "NSCA, Inc." and once imported with the name spelt
    # out: one course (1.5 CEU, C4: 0.1 per hour), counted once, with a duplicate warning.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Program design", "2025-03-01", 15, "contact_hour").replace(
            "Test Provider", "NSCA, Inc."),
        "credits/b.yaml": course("Program Design", "2025-03-01", 15, "contact_hour").replace(
            "Test Provider", "National Strength and Conditioning Association")},
        profile=profile(("NSCA-CSCS", {"since": "2015-01-01"})))
    report = report_for(tmp_path, D("2026-01-15"))
    assert result(report, "NSCA-CSCS").earned == 1.5
    (warning,) = [p for p in report.problems if p.code == "duplicate-entry"]
    assert warning.file == "credits/b.yaml"
