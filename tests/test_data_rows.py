"""Issue 21, item 8: the data rows of rules-corrections-3.md (section 2.2 rows 1-22, 2.3).
Each figure is worked out by hand from the source named in the comment (rules-2.md,
rules-corrections-3.md), with the dates fixed; each new or changed fact is also read back from
the rules page's lines with its mark and source."""
from __future__ import annotations

import datetime as dt

from conftest import (
    LIBRARY,
    card,
    categories,
    course,
    profile,
    report_for,
    result,
    rows,
    write_tracker,
)

from cectrack.render.explain import explain, fact_mark
from cectrack.render.reasons import words
from cectrack.render.statusjson import report_to_json, standing_to_json
from cectrack.render.text import credential_summary
from cectrack.team.standing import read_standing

D = dt.date.fromisoformat


def rule_lines(body: str) -> dict[str, str]:
    """The rules page's lines of one body, each with the marks of its facts."""
    return {line.text: " ".join(fact_mark(f) for f in line.facts)
            for section in explain(LIBRARY.rulesets[body]) for line in section.lines}


def line_with(body: str, words: str) -> tuple[str, str]:
    (found,) = [(text, marks) for text, marks in rule_lines(body).items() if words in text]
    return found


def unconfirmed_notes(c) -> list[str]:
    return [f.note for f in c.assumptions]


# --- CSCCa (rows 1-3) ---------------------------------------------------------------------
def cscca_courses(year: int) -> dict[str, str]:
    # E8: Category A is the CSCCa National Conference, 15 per conference; other events are
    # approved events (B), at most 10 each.  20 CEUs at each.
    return {
        "credits/nsca.yaml": course("NSCA National Conference", f"{year}-09-10", 20, "CSCCa-CEU",
                                    activity="conference").replace("Test Provider", "NSCA"),
        "credits/cscca.yaml": course(
            "National Conference", f"{year + 1}-05-12", 20, "CSCCa-CEU", activity="conference"
        ).replace("Test Provider", "Collegiate Strength and Conditioning Coaches association (CSCCa)"),
    }


def test_only_the_cscca_national_conference_is_category_a(tmp_path):
    # Row 2: the NSCA conference is an approved event (B): 10 of its 20; CSCCa's own is A:
    # 15 of 20. 25 of 45 in the 2025-2028 period (N1).
    write_tracker(tmp_path, cscca_courses(2025),
                  profile=profile(("CSCCa-SCCC", {"since": "2010-01-01"})))
    c = result(report_for(tmp_path, D("2026-06-30")), "CSCCa-SCCC")
    assert (rows(c)["NSCA National Conference"].category, rows(c)["National Conference"].category) \
        == ("B", "A")
    assert (rows(c)["NSCA National Conference"].counted, rows(c)["National Conference"].counted,
            c.earned) == (10.0, 15.0, 25.0)
    assert line_with("CSCCa", "Conference: category A") == (
        "Conference: category A only when given by CSCCa; by anyone else, as any other entry.",
        "[C E8]")


def test_cscca_maxima_are_confirmed_for_2016_19_only(tmp_path):
    # Row 1: the maxima are the 2016-19 table of E8. In 2025-2028 the per-event and
    # per-conference limits hold as unconfirmed defaults (listed under the assumptions); in
    # the 2016-2019 period the same figures are confirmed and listed as nothing.
    dated = "stated for 2016-2019; whether it still applies is not known"
    write_tracker(tmp_path, cscca_courses(2025),
                  profile=profile(("CSCCa-SCCC", {"since": "2010-01-01"})))
    now = result(report_for(tmp_path, D("2026-06-30")), "CSCCa-SCCC")
    assert dated in unconfirmed_notes(now)
    old = tmp_path / "old"
    write_tracker(old, cscca_courses(2017), profile=profile(("CSCCa-SCCC", {"since": "2010-01-01"})))
    then = result(report_for(old, D("2018-06-30")), "CSCCa-SCCC")
    assert ((then.cycle.start, then.earned) == (D("2016-08-01"), 25.0))
    assert not [n for n in unconfirmed_notes(then) if "2016-2019" in n]
    assert line_with("CSCCa", "For an approved event: at most 10")[1] == "[U E8]"
    assert line_with("CSCCa", "2019: for an approved event") == (
        "Cycles starting from 1 August 2016 to 31 July 2019: for an approved event: at most 10 "
        "CSCCa-CEU per item.", "[C E8]")


def test_a_coach_certified_in_the_second_year_sees_45_as_unconfirmed(tmp_path):
    # Row 3: "Required CEUs are prorated based on which year in the cycle you become
    # certified" (N3), amounts not published. Certified 2023-10-15, 14 months into
    # 2022-08-01..2025-07-31: 45, unconfirmed, with a note; certified 2022-09-01 (month 1):
    # the confirmed 45 (N1), no note.
    write_tracker(tmp_path, {}, profile=profile(("CSCCa-SCCC", {"since": "2023-10-15"})))
    c = result(report_for(tmp_path, D("2025-03-01")), "CSCCa-SCCC")
    assert (c.required, words(c.required_reason)) == (45.0, (
        "certified 2023-10-15, 14 months into the cycle: CSCCa prorates the requirement, but "
        "the amount is not published, so the full 45 CSCCa-CEU is shown (unconfirmed)"))
    assert any(n.startswith("required CEUs are prorated") for n in unconfirmed_notes(c))
    write_tracker(tmp_path, {}, profile=profile(("CSCCa-SCCC", {"since": "2022-09-01"})))
    c = result(report_for(tmp_path, D("2025-03-01")), "CSCCa-SCCC")
    assert (c.required, words(c.required_reason)) == (45.0, "")
    assert not any(n.startswith("required CEUs are prorated") for n in unconfirmed_notes(c))
    assert line_with("CSCCa", "12–36 months")[1] == "[U N3]"


# --- NBCOT (rows 8, 9) --------------------------------------------------------------------
def test_nbcot_filing_after_march_counts_pdus_earned_until_then(tmp_path):
    # Row 9: filing "from April 1 through December 31 of your scheduled renewal year" (P1),
    # with "36 PDU within the 3 years from the date you intend to renew" (P1). Renewal year
    # 2026 (cycle 2023-04-01..2026-03-31), 30 PDU in 2025: on 2026-04-10 short, in the grace
    # period to 31 December 2026, not lapsed; 6 more in May 2026 make 36 for a June filing:
    # met. Short on 1 January 2027: lapsed (reinstatement, P8).
    files = {"credits/a.yaml": course("Courses", "2025-02-01", 30, "contact_hour")}
    write_tracker(tmp_path, files, profile=profile(("NBCOT-OTR", {"expires": "2026-03-31"})))
    c = result(report_for(tmp_path, D("2026-04-10")), "NBCOT-OTR")
    assert (c.cycle.end, c.cycle.grace_end) == (D("2026-03-31"), D("2026-12-31"))
    assert (c.earned, c.status) == (30.0, "grace")
    assert result(report_for(tmp_path, D("2027-01-01")), "NBCOT-OTR").status == "lapsed"
    files["credits/b.yaml"] = course("May course", "2026-05-20", 6, "contact_hour")
    write_tracker(tmp_path, files, profile=profile(("NBCOT-OTR", {"expires": "2026-03-31"})))
    c = result(report_for(tmp_path, D("2026-06-10")), "NBCOT-OTR")
    assert (c.earned, c.status, rows(c)["May course"].counted) == (36.0, "met", 6.0)
    assert line_with("NBCOT", "grace period of 9 months")[1] == "[C P1] [C P1]"
    assert line_with("NBCOT", "Once too late")[1] == "[C P8]"


def test_nbcot_academic_credit_is_marked_third_party(tmp_path):
    # Row 8: "Academic courses: 1 credit = 10 PDU (36)" is in the third-party summary P3 only.
    write_tracker(tmp_path, {"credits/a.yaml": course(
        "Kinesiology", "2025-02-01", 3, "college_semester_hour", activity="college_course",
        grade="B")}, profile=profile(("NBCOT-OTR", {"expires": "2026-03-31"})))
    c = result(report_for(tmp_path, D("2025-11-28")), "NBCOT-OTR")
    assert c.earned == 30.0
    assert line_with("NBCOT", "1 college semester hour")[1] == "[T P3]"
    assert line_with("NBCOT", "academic coursework: at most 36")[1] == "[T P3]"


# --- BOC (row 18) -------------------------------------------------------------------------
def test_boc_new_at_with_25_due_has_the_older_b_and_d_maxima_as_unconfirmed(tmp_path):
    # Certified 2024-05-20, first year of 2024-2025: 25 due, A at least 5 (F3, F4); B at most
    # 17 (F10, 2020-21) and D at most 14 (F9, 2016-17), both unconfirmed today. A 5, B 20
    # (presenting), D 20: 5 + 17 + 14 = 36 (without the maxima, 45).
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Approved", "2024-09-01", 5, "BOC-CEU", category="{BOC: A}"),
        "credits/b.yaml": course("Talks", "2024-10-01", 20, "BOC-CEU", activity="presenting"),
        "credits/d.yaml": course("Other", "2025-02-01", 20, "BOC-CEU")},
        profile=profile(("BOC-ATC", {"since": "2024-05-20"})))
    c = result(report_for(tmp_path, D("2025-11-28")), "BOC-ATC")
    assert (c.required, c.earned) == (25.0, 36.0)
    assert categories(c) == {"A": 5.0, "B": 17.0, "C": 0.0, "D": 14.0}
    notes = unconfirmed_notes(c)
    assert any(n.startswith("B at most 17") for n in notes)
    assert any(n.startswith("D at most 14") for n in notes)
    assert line_with("BOC", "0–12 months") == (
        "Certified 0–12 months into the cycle: 25 BOC-CEU (A at least 5, B at most 17, D at "
        "most 14).", "[C F3] [C F4] [U F10] [U F9]")


# --- ISSA (row 6) -------------------------------------------------------------------------
def test_issa_renews_late_for_twelve_months(tmp_path):
    # "Late Fees $40 (3 - 6 months late) $50 (6 - 12 months late)" (K1). Expired 2025-09-30
    # with the 20 hours earned: late filing runs to 2026-09-30. Whether hours may still be
    # earned in it is unconfirmed and not assumed: with 12 hours at the deadline, a course of
    # 2025-11-01 counts nothing and the credential has lapsed, as NASM's does.
    files = {"credits/a.yaml": course("Course", "2024-05-01", 20, "contact_hour"),
             "credits/cpr.yaml": card(completed="2025-01-10", expires="2027-01-10")}
    write_tracker(tmp_path, files, profile=profile(("ISSA-CPT", {"expires": "2025-09-30"})))
    c = result(report_for(tmp_path, D("2026-03-01")), "ISSA-CPT")
    assert (c.cycle.grace_end, c.status, c.earned) == (D("2026-09-30"), "met", 20.0)
    files["credits/a.yaml"] = course("Course", "2024-05-01", 12, "contact_hour")
    files["credits/b.yaml"] = course("Late course", "2025-11-01", 8, "contact_hour")
    write_tracker(tmp_path, files, profile=profile(("ISSA-CPT", {"expires": "2025-09-30"})))
    c = result(report_for(tmp_path, D("2026-03-01")), "ISSA-CPT")
    assert (c.status, c.earned, rows(c)["Late course"].counted) == ("lapsed", 12.0, 0.0)
    assert line_with("ISSA", "grace period of 12 months")[1] == "[C K1] [U]"


# --- The two missing credentials (rows 14, 17) --------------------------------------------
def test_pma_mat_needs_8_cecs_every_two_years_with_six_months_grace(tmp_path):
    # Q7: "Earn 8 CECs", "Every two years … from the date of initial certification",
    # "6-month grace period". Certified 2024-03-15: first end 2026-03-31 (month end,
    # unconfirmed as PMA-CPT's), grace to 2026-09-30. 6 + 3 = 9 CECs: met.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Mat workshop", "2024-06-01", 6, "CEC"),
        "credits/b.yaml": course("Anatomy", "2025-04-01", 3, "CEC")},
        profile=profile(("PMA-MAT", {"since": "2024-03-15"})))
    c = result(report_for(tmp_path, D("2025-11-28")), "PMA-MAT")
    assert (c.name, c.required, c.earned, c.status) == (
        "Pilates Mat certification", 8.0, 9.0, "met")
    assert (c.cycle.end, c.cycle.grace_end) == (D("2026-03-31"), D("2026-09-30"))
    assert line_with("PMA", "PMA-MAT")[1] == "[C Q7]"


def test_ncsf_sns_is_pooled_with_the_cpt(tmp_path):
    # L1, L2: "One NCSF Credential Renewal (ex. CPT or SNS)", 10 CEUs for one or more. CPT
    # since 2023-05-10 (cycle 2025-06-01..2027-05-31), SNS since 2024-02-20 (first cycle to
    # 2026-02-28): each needs 10, not 20 together, and each names the other.
    write_tracker(tmp_path, {"credits/a.yaml": course("Nutrition", "2025-07-01", 8, "contact_hour")},
                  profile=profile(("NCSF-CPT", {"since": "2023-05-10"}),
                                  ("NCSF-SNS", {"since": "2024-02-20"})))
    report = report_for(tmp_path, D("2025-11-28"))
    cpt, sns = result(report, "NCSF-CPT"), result(report, "NCSF-SNS")
    assert (sns.name, sns.cycle.end, cpt.cycle.end) == (
        "NCSF Sports Nutrition Specialist", D("2026-02-28"), D("2027-05-31"))
    assert (cpt.required, sns.required, cpt.earned, sns.earned) == (10.0, 10.0, 4.0, 4.0)
    assert (cpt.shared_with, sns.shared_with) == (("NCSF-SNS",), ("NCSF-CPT",))
    assert line_with("NCSF", "NCSF-SNS")[1] == "[C L1]"


# --- ACE: another ACE certification renews every open cycle (section 2.3) ------------------
def test_another_ace_certification_meets_every_open_cycle_as_met_not_of_zero(tmp_path):
    # B4 [C]: "Obtaining an extra ACE certification meets the 2.0 CEC requirement to renew
    # your current certification". ACE-CPT to 2027-03-31 (cycle 2025-04-01..2027-03-31) and
    # ACE-HC to 2026-09-30 (2024-10-01..2026-09-30); 1.4 CEC of courses and a CPR/AED card
    # (0.4, B1, unconfirmed) earned in both: 1.8. ACE-GFI earned 2026-02-15, inside both:
    # each shows its 2.0 met by the new certification, not "1.8 of 0".
    write_tracker(tmp_path, {"credits/a.yaml": course("Course", "2025-06-01", 1.4, "ACE-CEC"),
                             "credits/cpr.yaml": card(completed="2025-09-01", expires="2027-09-01")},
                  profile=profile(("ACE-CPT", {"expires": "2027-03-31"}),
                                  ("ACE-HC", {"expires": "2026-09-30"}),
                                  ("ACE-GFI", {"since": "2026-02-15"})))
    report = report_for(tmp_path, D("2026-05-01"))
    for cid in ("ACE-CPT", "ACE-HC"):
        c = result(report, cid)
        assert (c.required, c.earned, c.remaining, c.status, c.renewed_by) == (
            2.0, 1.8, 0.0, "met", ("ACE-GFI", D("2026-02-15")))
        assert credential_summary(c).startswith(
            f"{cid}: 2 ACE-CEC met by a new certification (ACE-GFI, earned 2026-02-15); ")
    gfi = result(report, "ACE-GFI")
    assert (gfi.required, gfi.renewed_by, gfi.status) == (2.0, None, "in_progress")
    (cpt,) = [c for c in report_to_json(report)["credentials"] if c["id"] == "ACE-CPT"]
    assert (cpt["required"], cpt["earned"], cpt["remaining"], cpt["met"], cpt["renewed_by"]) == (
        2.0, 1.8, 0.0, True, {"credential": "ACE-GFI", "earned_on": "2026-02-15"})
    # A studio reads the standing back: its figures add up, nothing still needed.
    shared = {c.id: c for c in read_standing(standing_to_json(report), D("2026-05-01")).credentials}
    assert (shared["ACE-CPT"].remaining, shared["ACE-GFI"].remaining) == (0.0, 2.0)
    assert line_with("ACE", "Earning another ACE certification")[1] == "[C B4]"


def test_a_new_ace_certification_meets_the_earlier_cycle_still_auditable(tmp_path):
    # ACE-CPT renewed to 2028-03-31: current cycle 2026-04-01..2028-03-31, the one before
    # 2024-04-01..2026-03-31 still auditable a year on. ACE-GFI earned 2026-02-15 met the
    # earlier cycle's 2.0 (0.5 + the card's 0.4 earned in it); the current cycle still asks
    # its 2.0 (the card of 2025 is before it).
    write_tracker(tmp_path, {"credits/a.yaml": course("Course", "2025-06-01", 0.5, "ACE-CEC"),
                             "credits/cpr.yaml": card(completed="2025-09-01", expires="2027-09-01")},
                  profile=profile(("ACE-CPT", {"expires": "2028-03-31"}),
                                  ("ACE-GFI", {"since": "2026-02-15"})))
    report = report_for(tmp_path, D("2026-05-01"))
    (earlier,) = [c for c in report.past if c.id == "ACE-CPT"]
    assert (earlier.cycle.end, earlier.required, earlier.earned, earlier.met,
            earlier.renewed_by) == (D("2026-03-31"), 2.0, 0.9, True, ("ACE-GFI", D("2026-02-15")))
    now = result(report, "ACE-CPT")
    assert (now.cycle.start, now.renewed_by, now.remaining) == (D("2026-04-01"), None, 2.0)


# --- Marks read again (row 21, section 2.3) ----------------------------------------------
def test_marks_follow_what_the_source_says(tmp_path):
    # 2.3: B4 says "per renewal cycle" only for presenting and mentoring, so ACE's publishing
    # and certification limits per cycle are assumed (U); presenting stays C. Row 21: NCBTMB's
    # CPR rule is an older third-party one (H5), still an unconfirmed default.
    assert line_with("ACE", "For publishing")[1] == "[U B4]"
    assert line_with("ACE", "another NCCA-accredited certification: at most")[1] == "[U B4]"
    assert line_with("ACE", "For presenting")[1] == "[C B4]"
    assert line_with("NCBTMB", "CPR/AED card: earns no credit")[1] == "[U H5]"
    # A 0.7 publication counts 0.5 and lists the assumed limit it met.
    write_tracker(tmp_path, {"credits/a.yaml": course("Article", "2025-06-01", 0.7, "ACE-CEC",
                                                      activity="publishing")},
                  profile=profile(("ACE-CPT", {"expires": "2027-03-31"})))
    c = result(report_for(tmp_path, D("2026-01-15")), "ACE-CPT")
    assert c.earned == 0.5
    assert any(n.startswith("2013 blog: 0.5 for publishing") for n in unconfirmed_notes(c))
