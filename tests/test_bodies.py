"""Layer 1: ACE, NSCA, NASM and NCCPA rules, one scenario per rule kind (rules.md §2).

Each expected figure is worked out by hand in the comments from research/rules.md.
"""
from __future__ import annotations

import datetime as dt

from conftest import (
    LIBRARY,
    card,
    categories,
    course,
    notes_of,
    profile,
    report_for,
    result,
    rows,
    why,
    write_tracker,
)

from cectrack.engine.build import build_report
from cectrack.engine.cycles import cycle_end_after
from cectrack.records.load import load_tracker
from cectrack.render.credentialwords import unmet_words
from cectrack.render.reasons import reason_words, words
from cectrack.rules.load import BUILTIN_DIR, load_library
from cectrack.rules.model import CycleRule, Fact

# --- NSCA -------------------------------------------------------------------------------

def test_nsca_certified_mid_2025_prorated_with_category_overflow(tmp_path):
    # Certified 2025-06-15: 17 months into the 2024-2026 cycle -> the "during 2025" row:
    # 2.0 CEUs, maxima A 1.5, B 1.0, C 1.5, D 1.0.  The cycle stays the global one; the window
    # opens on the certification day.
    # Conference 1.0 (A) + conference 1.0 (A): A may hold 1.5, so 0.5 of the second is ignored.
    # NSCA quiz with no credits given: 0.2 (D).  Before certification (2025-05-01): excluded.
    # Earned 1.5 + 0.2 = 1.7 of 2.0: 0.3 still needed.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Conf 1", "2025-07-01", 1.0, "CEU", activity="conference"),
        "credits/b.yaml": course("Conf 2", "2025-09-01", 1.0, "CEU", activity="conference"),
        "credits/c.yaml": "title: Quiz\nprovider: NSCA\ncompleted: 2025-10-01\nactivity: quiz\n",
        "credits/d.yaml": course("Early", "2025-05-01", 0.5, "CEU"),
        "credits/cpr.yaml": card(),
    }, profile=profile(("NSCA-CSCS", {"since": "2025-06-15"})))
    c = result(report_for(tmp_path), "NSCA-CSCS")
    assert (c.cycle.start, c.cycle.end) == (dt.date(2024, 1, 1), dt.date(2026, 12, 31))
    assert c.cycle.window_start == dt.date(2025, 6, 15)
    assert (c.required, c.earned, c.remaining) == (2.0, 1.7, 0.3)
    assert "prorated: certified 2025-06-15, 17 months into the cycle" in words(c.required_reason)
    assert rows(c)["Conf 2"].counted == 0.5
    assert "above the category A maximum of 1.5: 0.5 ignored (source C3)" in notes_of(rows(c)["Conf 2"])
    assert rows(c)["Quiz"].counted == 0.2
    assert why(rows(c)["Early"]) == "completed 2025-05-01, before you were certified (2025-06-15)"
    assert categories(c) == {"A": 1.5, "B": 0.0, "C": 0.0, "D": 0.2}
    assert [(k.id, k.max) for k in c.categories] == [("A", 1.5), ("B", 1.0), ("C", 1.5), ("D", 1.0)]
    # A is full (1.5 of 1.5): the next webinar would count for nothing; B, C and D have room.
    assert unmet_words(c) == ["0.3 CEU still needed, from categories B, C or D; category A is full"]


def test_nsca_needs_two_categories_and_caps_a_single_event(tmp_path):
    # Certified before the cycle: 6.0 CEUs.  One 25-hour event = 2.5 CEU, capped at 2.0 for a
    # single event.  Three 15-hour courses = 1.5 CEU each, all Category A, which holds 5.5:
    # 2.0 + 1.5 + 1.5 = 5.0, so the third counts 0.5.  Earned 5.5, all of it in one category.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Big event", "2024-05-01", 25, "contact_hour", activity="conference"),
        "credits/b1.yaml": course("Course 1", "2025-05-01", 15, "contact_hour"),
        "credits/b2.yaml": course("Course 2", "2025-06-01", 15, "contact_hour"),
        "credits/b3.yaml": course("Course 3", "2025-07-01", 15, "contact_hour"),
        "credits/cpr.yaml": card(),
    }, profile=profile(("NSCA-CPT", {"since": "2015-01-01"})))
    c = result(report_for(tmp_path), "NSCA-CPT")
    assert rows(c)["Big event"].counted == 2.0
    assert "above the cap for a single event: at most 2 per item (source C7)" in notes_of(rows(c)["Big event"])
    assert [rows(c)[f"Course {i}"].counted for i in (1, 2, 3)] == [1.5, 1.5, 0.5]
    assert (c.required, c.earned) == (6.0, 5.5)
    # A holds 5.5 of 5.5: the rest (and the second category) must come from B, C or D.
    assert unmet_words(c) == ["0.5 CEU still needed, from categories B, C or D; category A is full",
                       "credit from 1 category; at least 2 needed"]


def test_nsca_rounds_part_steps_down(tmp_path):
    # 1.5 contact hours = 0.15 CEU; NSCA counts in 0.1 steps (rounding down assumed): 0.1.
    write_tracker(tmp_path, {"credits/a.yaml": course("Short", "2025-05-01", 1.5, "contact_hour")},
                  profile=profile(("NSCA-CPT", {"since": "2015-01-01"})))
    c = result(report_for(tmp_path), "NSCA-CPT")
    assert c.earned == 0.1
    assert "NSCA: each entry is rounded down to a multiple of" in [f.what for f in c.assumptions]


def test_cscs_and_nsca_cpt_are_pooled(tmp_path):
    # Both held before the cycle: one 6.0 total serves both (not 12.0).
    # 2.0 A + 2.0 B (presenting) + 2.0 C (home study) = 6.0, three categories: met for both.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Attend", "2024-05-01", 2.0, "CEU", activity="conference"),
        "credits/b.yaml": course("Present", "2025-05-01", 2.0, "CEU", activity="presenting"),
        "credits/c.yaml": course("Study", "2026-05-01", 2.0, "CEU", activity="home_study"),
        "credits/cpr.yaml": card(),
    }, profile=profile(("NSCA-CSCS", {"since": "2015-01-01"}), ("NSCA-CPT", {"since": "2019-01-01"})))
    report = report_for(tmp_path)
    for credential_id, other in (("NSCA-CSCS", "NSCA-CPT"), ("NSCA-CPT", "NSCA-CSCS")):
        c = result(report, credential_id)
        assert (c.required, c.earned, c.met, c.shared_with) == (6.0, 6.0, True, (other,))


def test_pooled_credentials_earned_at_different_times_need_the_largest(tmp_path):
    # CSCS before the cycle (6.0) and NSCA-CPT certified March 2025 (2.0 prorated):
    # pooled, so both show 6.0, on CSCS's figures (an assumption: the rule for certifications
    # earned at different times was cut off).
    write_tracker(tmp_path, {}, profile=profile(("NSCA-CSCS", {"since": "2015-01-01"}),
                                                ("NSCA-CPT", {"since": "2025-03-10"})))
    c = result(report_for(tmp_path), "NSCA-CPT")
    assert c.required == 6.0
    assert words(c.required_reason) == ("6 CEU: NSCA asks for one total for all its credentials you hold "
                               "(pooled), counted as for NSCA-CSCS")


def test_nsca_rules_of_the_2018_2020_cycle_apply_to_that_cycle(tmp_path):
    # Effective dating: 2018-2020 put NSCA quizzes in B (max 4.0); from 2024 they are D (4.0).
    # 20 NSCA quizzes × 0.2 = 4.0: all in B in 2018-2020; all in D in 2024-2026.
    quizzes = {f"credits/q{i}.yaml": f"title: Quiz {i}\nprovider: NSCA\nactivity: quiz\n"
                                     f"completed: {year}-0{1 + i % 9}-1{i % 10}\n"
               for i in range(20) for year in ["YEAR"]}
    for year, expected in ((2019, {"A": 0, "B": 4.0, "C": 0, "D": 0}),
                           (2025, {"A": 0, "B": 0, "C": 0, "D": 4.0})):
        root = tmp_path / str(year)
        write_tracker(root, {name: text.replace("YEAR", str(year)) for name, text in quizzes.items()},
                      profile=profile(("NSCA-CPT", {"since": "2010-01-01"})))
        c = result(report_for(root, dt.date(year, 12, 1)), "NSCA-CPT")
        assert categories(c) == expected, year


# --- ACE --------------------------------------------------------------------------------

ACE_PROFILE = profile(("ACE-CPT", {"since": "2023-03-10"}))
# ACE cycles end on the last day of the month earned, every 2 years: first end 2025-03-31,
# then 2027-03-31, so on 2026-11-28 the cycle is 2025-04-01 .. 2027-03-31.


def test_ace_cycle_petitions_caps_and_cpr_credit(tmp_path):
    # Petitioned courses count once approved and only inside the cycle:
    #   approved 2025-06-01 0.5 -> 0.5; approved 2025-02-01 -> before the cycle; pending; denied.
    # Presenting 0.8 capped at 0.5 a cycle. CPR/AED card 0.4 (0.2 CPR + 0.2 AED, unconfirmed).
    # College 2 semester hours, grade A: 2 × 1.0 = 2.0.
    # Earned 0.5 + 0.5 + 0.4 + 2.0 = 3.4 >= 2.0.
    college = dict(activity="college_course", grade="A")
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Inside", "2025-06-01", 0.5, "ACE-CEC", petition="approved"),
        "credits/b.yaml": course("Outside", "2025-02-01", 0.5, "ACE-CEC", petition="approved"),
        "credits/c.yaml": course("Waiting", "2025-07-01", 0.5, "ACE-CEC", petition="pending"),
        "credits/d.yaml": course("Refused", "2025-07-01", 0.5, "ACE-CEC", petition="denied"),
        "credits/e.yaml": course("Talk", "2025-08-01", 0.8, "ACE-CEC", activity="presenting"),
        "credits/f.yaml": card(completed="2025-09-01", expires="2027-09-01"),
        "credits/g.yaml": course("College", "2026-05-01", 2, "college_semester_hour", **college),
    }, profile=ACE_PROFILE)
    c = result(report_for(tmp_path), "ACE-CPT")
    assert (c.cycle.start, c.cycle.end) == (dt.date(2025, 4, 1), dt.date(2027, 3, 31))
    r = rows(c)
    assert r["Inside"].counted == 0.5
    assert why(r["Outside"]) == "completed 2025-02-01, before this cycle began (2025-04-01)"
    assert why(r["Waiting"]) == "petition pending: ACE reviews petitions within about 30 days"
    assert why(r["Refused"]) == "petition denied by ACE"
    assert r["Talk"].counted == 0.5
    assert r["CPR"].counted == 0.4
    assert r["College"].counted == 2.0
    assert (c.required, c.earned, c.met) == (2.0, 3.4, True)


def test_ace_needs_a_hands_on_cpr_card(tmp_path):
    write_tracker(tmp_path, {"credits/a.yaml": card(hands_on="false", expires="2027-09-01")},
                  profile=ACE_PROFILE)
    (cpr,) = result(report_for(tmp_path), "ACE-CPT").prerequisites
    assert not cpr.met
    assert reason_words(cpr.detail_reason) == "ACE needs a CPR/AED course with a hands-on skills check (`hands_on: true`)"


# --- NASM -------------------------------------------------------------------------------

def test_nasm_cpr_counts_0_1_of_the_2_0(tmp_path):
    # 19 hours = 1.9 CEU + CPR/AED 0.1 = 2.0: met.  A second card adds nothing (0.1 a cycle).
    # NASM grace does not allow earning: a course after the cycle end does not count.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Course", "2026-01-10", 19, "contact_hour"),
        "credits/b.yaml": card("Card 1", "2025-08-01", "2027-08-01"),
        "credits/c.yaml": card("Card 2", "2026-02-01", "2028-02-01"),
        "credits/d.yaml": course("Late", "2027-06-10", 1, "CEU"),
    }, profile=profile(("NASM-CPT", {"expires": "2027-05-31"})))
    c = result(report_for(tmp_path, dt.date(2027, 7, 1)), "NASM-CPT")
    assert (c.cycle.start, c.cycle.end) == (dt.date(2025, 6, 1), dt.date(2027, 5, 31))
    r = rows(c)
    assert (r["Course"].counted, r["Card 1"].counted, r["Card 2"].counted) == (1.9, 0.1, 0)
    assert why(r["Late"]) == "completed 2027-06-10, after this cycle ended (2027-05-31)"
    assert (c.earned, c.met) == (2.0, True)


# --- NCCPA ------------------------------------------------------------------------------

NCCPA_PROFILE = profile(("NCCPA-PA-C", {"since": "2016-06-01", "expires": "2026-12-31"}))
# Cycle 2025-01-01 .. 2026-12-31; CME counts from 1 May 2024 (1 May of the year before).


def nccpa_files(second_pi: bool) -> dict[str, str]:
    files = {
        # The cycle before (2023-2024) met without the June 2024 course, which therefore
        # counts for this one: 100 CME of Category 1 in February 2024.
        "credits/0.yaml": course("Previous cycle", "2024-02-01", 100, "CME", category=1),
        "credits/a.yaml": course("Early", "2024-03-01", 10, "CME"),  # before 1 May 2024
        "credits/b.yaml": course("Grand rounds", "2024-06-01", 30, "CME"),  # Category 2
        "credits/c.yaml": course("Conference", "2025-10-01", 30, "CME", category=2),
        "credits/d.yaml": course("Self-assessment", "2025-05-01", 10, "CME",
                                 activity="self_assessment"),  # × 1.5 = 15, Category 1
        "credits/e.yaml": course("PI-CME 1", "2025-09-01", 15, "CME",
                                 activity="performance_improvement"),  # 15 doubled = 30
    }
    if second_pi:  # only 5 of the first 20 left to double: 5 × 2 + 5 = 15
        files["credits/f.yaml"] = course("PI-CME 2", "2026-03-01", 10, "CME",
                                         activity="performance_improvement")
    return files


def test_nccpa_enough_total_but_too_little_category_1(tmp_path):
    # Category 1: 15 + 30 = 45; Category 2: 30 + 30 = 60; total 105 >= 100, but 45 < 50.
    write_tracker(tmp_path, nccpa_files(second_pi=False), profile=NCCPA_PROFILE)
    c = result(report_for(tmp_path), "NCCPA-PA-C")
    assert c.cycle.window_start == dt.date(2024, 5, 1)
    assert why(rows(c)["Early"]) == ("completed 2024-03-01, before this cycle's credit window "
                                         "opened (2024-05-01)")
    assert categories(c) == {"1": 45, "2": 60}
    assert (c.required, c.earned, c.met) == (100, 105, False)
    # Still needed: not 100 - 105 (nothing) but Category 1's 50 - 45 = 5; 95 % of the way.
    assert (c.remaining, c.percent) == (5, 95)
    assert unmet_words(c) == ["5 CME still needed, in Category 1",
                              "Category 1: 45 of at least 50 CME"]


def test_nccpa_pi_cme_doubling_stops_after_20(tmp_path):
    # With the second PI-CME: Category 1 = 15 + 30 + 15 = 60 >= 50; total 120: met.
    write_tracker(tmp_path, nccpa_files(second_pi=True), profile=NCCPA_PROFILE)
    c = result(report_for(tmp_path), "NCCPA-PA-C")
    assert rows(c)["PI-CME 2"].counted == 15
    assert "weighted × 2 on the first 20 a cycle: 10 -> 15 (source E1)" in notes_of(rows(c)["PI-CME 2"])
    assert (categories(c), c.earned, c.met) == ({"1": 60, "2": 60}, 120, True)


NCCPA_NOW = profile(("NCCPA-PA-C", {"since": "2016-06-01", "expires": "2027-12-31"}))
# This cycle 2026-01-01 .. 2027-12-31 opens on 1 May 2025; the one before, 2024-01-01 ..
# 2025-12-31, runs to 31 December 2025: a course from 1 May to 31 December 2025 is in both.
NCCPA_OVERLAP = {
    "credits/a.yaml": course("Before May", "2025-03-01", 60, "CME", category=1),
    "credits/b.yaml": course("May", "2025-05-01", 30, "CME", category=1),
    "credits/c.yaml": course("September", "2025-09-01", 20, "CME", category=2),
    "credits/d.yaml": course("November", "2025-11-01", 10, "CME", category=2),
    "credits/e.yaml": course("This cycle", "2026-03-01", 40, "CME", category=1),
}


def test_nccpa_a_course_in_two_windows_counts_in_one_cycle(tmp_path):
    # The cycle before needs 100 (50 of Category 1): 60 before May is short by 40; with May's
    # 30 it has 90, still short; with September's 20, 110: met.  So it keeps May and
    # September (110 = 60 + 30 + 20), and November's 10 goes to this cycle: 10 + 40 = 50.
    # Counted in both (the reviewer's finding), this cycle had 30 + 20 + 10 + 40 = 100.
    write_tracker(tmp_path, NCCPA_OVERLAP, profile=NCCPA_NOW)
    report = report_for(tmp_path, dt.date(2026, 12, 3))
    now = result(report, "NCCPA-PA-C")
    (before,) = report.past
    assert (before.cycle.start, before.cycle.end) == (dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    assert (now.earned, before.earned) == (50, 110)
    counted_now = {r.entry.title: r.counted for r in now.entries}
    counted_before = {r.entry.title: r.counted for r in before.entries}
    assert counted_now == {"Before May": 0, "May": 0, "September": 0, "November": 10,
                           "This cycle": 40}
    assert counted_before == {"Before May": 60, "May": 30, "September": 20, "November": 0,
                              "This cycle": 0}
    assert why(rows(now)["May"]) == (
        "counted for the cycle before (2024-01-01 to 2025-12-31), which still needed it: a "
        "credit counts in one cycle only (unconfirmed rule)")
    assert why(rows(before)["November"]) == (
        "left for the next cycle (2026-01-01 to 2027-12-31): this one was met without it, and "
        "a credit counts in one cycle only (unconfirmed rule)")
    overlap = LIBRARY.rulesets["NCCPA"].cycle.overlap
    assert overlap in now.assumptions and overlap in before.assumptions


def test_nccpa_a_short_earlier_cycle_keeps_every_shared_course(tmp_path):
    # Without the 60 before May, the cycle before has 30 + 20 + 10 = 60 of 100: short even
    # with all three, so it keeps all three and this cycle counts only its own 40.
    files = {k: v for k, v in NCCPA_OVERLAP.items() if k != "credits/a.yaml"}
    write_tracker(tmp_path, files, profile=NCCPA_NOW)
    report = report_for(tmp_path, dt.date(2026, 12, 3))
    assert (result(report, "NCCPA-PA-C").earned, report.past[0].earned) == (40, 60)


def test_nccpa_overlap_each_in_the_holders_rule_file_counts_in_both(tmp_path):
    # The holder's own copy of nccpa.yaml says `each`: both cycles count the shared courses,
    # this one 30 + 20 + 10 + 40 = 100, the one before 60 + 30 + 20 + 10 = 120.
    own = (BUILTIN_DIR / "nccpa.yaml").read_text("utf-8")
    own = own.replace("overlap: {value: earlier_first, confidence: U,",
                      "overlap: {value: each, confidence: user,")
    assert "value: each" in own
    write_tracker(tmp_path, {**NCCPA_OVERLAP, "rules/nccpa.yaml": own}, profile=NCCPA_NOW)
    library, problems = load_library(tmp_path / "rules", tmp_path)
    assert problems == []
    report = build_report(load_tracker(tmp_path, words=library.entry_words()), library,
                          dt.date(2026, 12, 3))
    assert (result(report, "NCCPA-PA-C").earned, report.past[0].earned) == (100, 120)


# --- Across bodies ----------------------------------------------------------------------

def test_one_course_counts_for_acsm_nsca_and_ace_in_their_own_units(tmp_path):
    # A 10-hour course on 2026-02-14: ACSM 10 CEC, NSCA 1.0 CEU (Category A), ACE 1.0 ACE-CEC.
    write_tracker(tmp_path, {"credits/a.yaml": course("Ten hours", "2026-02-14", 10, "contact_hour")},
                  profile=profile(("ACSM-CPT", {"expires": "2026-12-31"}),
                                  ("NSCA-CSCS", {"since": "2019-01-01"}),
                                  ("ACE-CPT", {"since": "2023-03-10"})))
    report = report_for(tmp_path)
    assert [(c.id, c.earned, c.unit) for c in report.credentials] == [
        ("ACSM-CPT", 10, "CEC"), ("NSCA-CSCS", 1.0, "CEU"), ("ACE-CPT", 1.0, "ACE-CEC")]
    assert categories(result(report, "NSCA-CSCS"))["A"] == 1.0


def test_acsm_highest_level_requirement_only(tmp_path):
    # ACSM-CPT (45) with ACSM-EP (60): only the highest level's 60 is needed (older FAQ, [U]).
    write_tracker(tmp_path, {}, profile=profile(("ACSM-CPT", {"expires": "2026-12-31"}),
                                                ("ACSM-EP", {"expires": "2026-12-31"})))
    cpt = result(report_for(tmp_path), "ACSM-CPT")
    assert cpt.required == 60
    assert "ACSM: sharing between this body's credentials" in [f.what for f in cpt.assumptions]


def test_fixed_non_calendar_cycles():
    # A CSCCa-like fixed period starting 1 August 2016, 3 years: certified 2020-03-05 falls in
    # 2019-08-01 .. 2022-07-31.
    rule = CycleRule("fixed", Fact(3, "years"), anchor=dt.date(2016, 8, 1))
    assert cycle_end_after(rule, dt.date(2020, 3, 5))[0] == dt.date(2022, 7, 31)
    assert cycle_end_after(rule, dt.date(2016, 1, 5))[0] == dt.date(2016, 7, 31)


def test_ace_credit_counts_for_each_credential_whose_cycle_it_falls_in(tmp_path):
    # ACE-CPT since 2023-03-10: cycle 2025-04-01 .. 2027-03-31.
    # ACE-HC since 2022-09-01: ends 2024-09-30, 2026-09-30, then 2028-09-30, so on 2026-11-28
    # its cycle is 2026-10-01 .. 2028-09-30.
    # A May 2026 course counts for CPT only; an October 2026 course for both.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("May", "2026-05-01", 0.5, "ACE-CEC"),
        "credits/b.yaml": course("October", "2026-10-15", 0.3, "ACE-CEC"),
    }, profile=profile(("ACE-CPT", {"since": "2023-03-10"}), ("ACE-HC", {"since": "2022-09-01"})))
    report = report_for(tmp_path)
    cpt, hc = result(report, "ACE-CPT"), result(report, "ACE-HC")
    assert (hc.cycle.start, hc.cycle.end) == (dt.date(2026, 10, 1), dt.date(2028, 9, 30))
    assert (cpt.earned, hc.earned) == (0.8, 0.3)
    assert why(rows(hc)["May"]) == "completed 2026-05-01, before this cycle began (2026-10-01)"
    assert (cpt.required, hc.required, cpt.shared_with) == (2.0, 2.0, ())
