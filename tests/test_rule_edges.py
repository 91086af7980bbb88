"""Issue 21, items 4 to 8: prerequisites on the right days, one body's words at another,
provider names as people write them, numbers as written, and the data rows of
rules-corrections-3.md.  Each figure is worked out by hand from the source named in the
comment (rules.md, rules-2.md, rules-corrections-3.md), with the dates fixed."""
from __future__ import annotations

import datetime as dt

import pytest
from conftest import card, course, profile, report_for, result, rows, why, write_tracker

from cectrack.engine.reasons import reason
from cectrack.records import yamlsource
from cectrack.render.reasons import reason_words

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
    assert (ecc.met, reason_words(ecc.detail_reason)) == (True, "valid until 2026-06-01")
    # An AT certified long before the period with the same card: uncovered 2024-01-01 to
    # 2024-05-31, so not met.
    older = tmp_path / "older"
    write_tracker(older, {"credits/ecc.yaml": card("ECC", completed="2024-06-01",
                                                   expires="2026-06-01")},
                  profile=profile(("BOC-ATC", {"since": "2015-06-01"})))
    (ecc,) = result(report_for(older, D("2025-11-28")), "BOC-ATC").prerequisites
    assert not ecc.met and reason_words(ecc.detail_reason).startswith("not held from 2024-01-01 to 2024-05-31")


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
    assert reason_words(cpr.detail_reason).startswith("expired 2027-02-01, in the grace period")
    # Before the deadline the same card is judged on the cycle end, which it covers.
    assert result(report_for(tmp_path, D("2026-12-01")), "ACSM-CPT").status == "met"
    files["credits/cpr2.yaml"] = card("CPR renewed", completed="2027-03-10", expires="2029-03-10")
    write_tracker(tmp_path, files)
    c = result(report_for(tmp_path, D("2027-03-15")), "ACSM-CPT")
    assert (c.met, c.status, reason_words(c.prerequisites[0].detail_reason)) == (True, "met", "valid until 2029-03-10")


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
    assert why(rows(ncbtmb)["Teaching log"]) == (
        "`teaching` is another body's own kind of activity; NCBTMB says nothing about it, so "
        "it earns no credit here")
    assert [reason_words(p.detail_reason) for p in ya.prerequisites] == ["50 of 45 hours in this cycle"]


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
    assert why(rows(ya)["Yoga for runners"]) == "YA gives no credit for a presenting"
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
    assert (c.earned, why(rows(c)["CPR"])) == (
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
    assert (own.providers, own.earned, own.min) == (("AFAA", "NASM"), 2.0, 2.0)
    # One short, it would read "from AFAA or NASM courses: 1 of at least 2 contact_hour".
    short = reason("own-courses-short", providers=own.providers, activities=own.activities,
                   earned=1.0, min=own.min, unit="contact_hour")
    assert reason_words(short) == "from AFAA or NASM courses: 1 of at least 2 contact_hour"


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


# --- Item 7: numbers as written; a category the body does not have -------------------------
@pytest.mark.parametrize("written,read", [("1:30", "90 (in base 60, as a time)"),
                                          ("010", "8 (as octal, for its leading 0)"),
                                          ("0x10", "16 (as hexadecimal)"),
                                          ("1_0", "10 (leaving out the _)")])
@pytest.mark.parametrize("reader", ["fast", "libyaml"])
def test_a_number_yaml_reads_as_another_is_refused_at_its_line(tmp_path, written, read, reader):
    # YAML 1.1 reads `credits: 1:30` (an hour and a half) as 90: refused, never counted, in
    # the fast reader of plain files and in libyaml's (a quoted title sends it there).
    title = "Mobility" if reader == "fast" else "'Mobility: hips'"
    text = (f"title: {title}\nprovider: Test Studio\ncompleted: 2026-03-14\n"
            f"credits: {written}\nunit: contact_hour\n")
    assert (yamlsource._flat_mapping(text) is not None) == (reader == "fast")
    write_tracker(tmp_path, {"credits/m.yaml": text})
    report = report_for(tmp_path)
    (problem,) = [p for p in report.problems if p.code == "unclear-number"]
    assert (problem.severity, problem.file, problem.line, problem.col) == ("error", "credits/m.yaml",
                                                                           4, 10)
    assert problem.message == f"`credits: {written}`: YAML reads {written} as {read}"
    assert problem.hint.startswith("write the amount as a plain decimal number")
    assert result(report, "ACSM-CPT").earned == 0.0


def test_plain_decimals_are_what_they_look_like(tmp_path):
    for written, value in (("10", 10.0), ("7.5", 7.5), ("010.5", 10.5), (".5", 0.5), ("0", 0.0)):
        write_tracker(tmp_path, {"credits/m.yaml": course("M", "2026-03-14", written, "contact_hour")})
        report = report_for(tmp_path)
        assert not [p for p in report.problems if p.code == "unclear-number"], written
        assert rows(result(report, "ACSM-CPT"))["M"].converted == value


def test_a_rule_file_number_in_another_form_is_refused():
    from cectrack.rules.load import load_ruleset
    text = ("body: X\nname: X\nunit: contact_hour\ncredentials: {X-A: {name: A, required: 010}}\n"
            "cycle: {model: years_ending, years: 2}\nconversions: {contact_hour: 1}\n")
    problems = []
    assert load_ruleset(text, "rules/x.yaml", problems) is None
    (problem,) = problems
    assert problem.line == 4 and "YAML reads 010 as 8" in problem.message


def test_a_category_the_body_does_not_have_is_reported(tmp_path):
    # NSCA's categories are A-D (C3). `category: E` is reported and the course counts as
    # its activity's category (a course: A, U): 0.6 in A. A map naming a body not held
    # (NCSA, a typo) is reported with the body meant.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Clinic", "2025-03-14", 0.6, "CEU", category="E"),
        "credits/b.yaml": course("Clinic 2", "2025-03-15", 0.6, "CEU", category="{NCSA: B}"),
        "credits/c.yaml": course("Clinic 3", "2025-03-16", 0.6, "CEU",
                                 category="{NSCA: C, BOC: Z}")},  # BOC: not held, left alone
        profile=profile(("NSCA-CSCS", {"since": "2015-01-01"})))
    report = report_for(tmp_path, D("2026-01-15"))
    found = [(p.file, p.message, p.hint) for p in report.problems if p.code == "unknown-category"]
    assert found == [
        ("credits/a.yaml", "NSCA has no category `E` (its categories: A, B, C, D); the entry is "
                           "counted as if it named none", "write one of the categories listed"),
        ("credits/b.yaml", "`category:` names NCSA, which is not a body cectrack knows",
         "did you mean `NSCA`?")]
    c = result(report, "NSCA-CSCS")
    assert (rows(c)["Clinic"].category, rows(c)["Clinic 3"].category) == ("A", "C")
