"""Layer 1: the engine's figures, each worked out by hand from ACSM's rules (rules.md §1.1).

Every scenario fixes `today`; the expected values are computed in the comments.
"""
from __future__ import annotations

import datetime as dt

from conftest import EXAMPLE, TODAY, course, notes_of, why, write_tracker

from cectrack.analysis import analyse
from cectrack.engine.build import build_report
from cectrack.records.load import load_tracker
from cectrack.render.credentialwords import unmet_words
from cectrack.render.reasons import reason_words
from cectrack.rules.load import load_library

LIBRARY, RULE_PROBLEMS = load_library()


def report_for(root, today=TODAY):
    return build_report(load_tracker(root), LIBRARY, today)


def only(report, credential_id="ACSM-CPT"):
    (result,) = [c for c in report.credentials if c.id == credential_id]
    return result


def by_title(result):
    return {r.entry.title: r for r in result.entries}


def cpr_card(completed="2025-01-18", expires="2027-01-18"):
    return ("title: CPR\nprovider: Red Cross\nactivity: cpr_aed\n"
            f"completed: {completed}\nexpires: {expires}\nhands_on: true\n")


def test_builtin_rules_load_without_problems():
    assert RULE_PROBLEMS == []
    assert LIBRARY.for_credential("ACSM-EP").credentials["ACSM-EP"].required.value == 60


def test_example_tracker_totals_worked_out_by_hand():
    # The example's counted entries, converted with ACSM's rules:
    #   0.2 CEU × 10 = 2 | 7.5 CEC | 1 semester hour × 10 = 10 (grade B) | CPR card, fixed 5
    #   1.5 contact hours = 1.5 | 0.4 ACE-CEC × 10 = 4 | 2 CME = 2 | quiz 1 | 4 contact hours = 4
    #   chapter meeting 1 + 0.5
    # = 2 + 7.5 + 10 + 5 + 1.5 + 4 + 2 + 1 + 4 + 1 + 0.5 = 38.5; the 2023 workshop (6) is
    # before the cycle 2024-01-01 .. 2026-12-31 (expires 2026-12-31, 3 years).
    report = report_for(EXAMPLE)
    assert report.problems == ()
    c = only(report)
    assert (c.cycle.start, c.cycle.end) == (dt.date(2024, 1, 1), dt.date(2026, 12, 31))
    assert c.cycle.grace_end == dt.date(2027, 6, 30)  # 6 months after 31 December
    assert (c.required, c.earned, c.remaining) == (45, 38.5, 6.5)
    assert [r.counted for r in c.counted_entries] == [2, 7.5, 10, 5, 1.5, 4, 2, 1, 4, 1, 0.5]
    assert c.days_left == 33  # 28 Nov -> 31 Dec 2026: 2 days of November + 31 of December
    # 6.5 CEC over 33 days = 33 / (365.25 / 12) = 1.0842 months -> 5.995 a month
    assert c.pace_per_month == 6.0
    (workshop,) = c.excluded_entries
    assert why(workshop) == "completed 2023-10-21, before this cycle began (2024-01-01)"
    (cpr,) = c.prerequisites
    assert (cpr.met, reason_words(cpr.detail_reason)) == (True, "valid until 2027-01-18")
    assert (c.met, c.status) == (False, "in_progress")


def test_unconfirmed_rules_used_are_listed_as_assumptions():
    c = only(report_for(EXAMPLE))
    whats = [f.what for f in c.assumptions]
    assert "ACSM: credits per CEU" in whats  # 0.1 CEU = 1 hour is an inference [U]
    assert "ACSM: credits per CPR/AED card" in whats  # 5 CECs per card [U]
    assert "ACSM: CPR/AED must include a hands-on skills check" in whats
    assert "ACSM: credits per CEC" not in whats  # confirmed, so not an assumption
    assert all(f.confidence == "U" for f in c.assumptions)


def test_cycle_derived_from_since_when_expires_is_missing(tmp_path):
    # since 2020-05-16 -> first cycle ends 31 Dec 2023 (earned year + 3, an assumption [U]);
    # renewals every 3 years -> the cycle holding 28 Nov 2026 ends 31 Dec 2026.
    profile = "name: H\ncredentials:\n  - id: ACSM-CPT\n    since: 2020-05-16\n"
    write_tracker(tmp_path, {}, profile=profile)
    c = only(report_for(tmp_path))
    assert (c.cycle.start, c.cycle.end) == (dt.date(2024, 1, 1), dt.date(2026, 12, 31))
    assert "ACSM: years from first certification to the first cycle end" in [
        f.what for f in c.assumptions]


def test_first_cycle_starts_on_the_certification_date(tmp_path):
    # Certified 2025-03-01: the first cycle ends 31 Dec 2028 and runs from 2025-03-01, so a
    # course in June 2025 counts and one in February 2025 (before certification) does not.
    profile = "name: H\ncredentials:\n  - id: ACSM-CPT\n    since: 2025-03-01\n"
    write_tracker(tmp_path, {"credits/a.yaml": course("Before", "2025-02-20", 3),
                             "credits/b.yaml": course("After", "2025-06-01", 4)}, profile=profile)
    c = only(report_for(tmp_path))
    assert (c.cycle.start, c.cycle.end) == (dt.date(2025, 3, 1), dt.date(2028, 12, 31))
    assert c.earned == 4
    assert why(by_title(c)["Before"]) == (
        "completed 2025-02-20, before you were certified (2025-03-01)")


def test_grace_period_counts_late_credits_and_sets_the_status(tmp_path):
    # Cycle ends 2026-12-31; grace to 2027-06-30 in which credits may still be earned.
    write_tracker(tmp_path, {"credits/a.yaml": course("In cycle", "2026-06-01", 40),
                             "credits/b.yaml": course("In grace", "2027-02-10", 3),
                             "credits/c.yaml": course("Too late", "2027-07-10", 2),
                             "credits/cpr.yaml": cpr_card()})
    in_grace = only(report_for(tmp_path, dt.date(2027, 3, 1)))
    # 40 + 3 + CPR 5 = 48 >= 45; the CPR card expires 2027-01-18: current on the cycle end,
    # but renewing in the grace period needs a current card on the day you renew [A4], so
    # on 2027-03-01 the card no longer meets it (issue 21: it used to read met).
    assert in_grace.earned == 48 and in_grace.status == "grace"
    assert unmet_words(in_grace) == ["CPR/AED: expired 2027-01-18, in the grace period: a late renewal "
                              "needs a card valid on the day you renew (renew it by 2027-06-30)"]
    early = only(report_for(tmp_path, dt.date(2027, 1, 10)))  # the card still valid that day
    assert early.status == "met"
    assert any("grace period" in note for note in notes_of(by_title(in_grace)["In grace"]))
    assert why(by_title(in_grace)["Too late"]).startswith("completed 2027-07-10, after today")
    lapsed = only(report_for(tmp_path, dt.date(2027, 8, 1)))
    assert why(by_title(lapsed)["Too late"]) == (
        "completed 2027-07-10, after this cycle ended (2026-12-31)")
    short = write_tracker(tmp_path / "short", {"credits/a.yaml": course("Only", "2026-06-01", 10)})
    assert only(report_for(short, dt.date(2027, 3, 1))).status == "grace"
    assert only(report_for(short, dt.date(2027, 7, 1))).status == "lapsed"
    assert only(report_for(short, dt.date(2027, 3, 1))).days_left == -60  # 31 Dec -> 1 Mar


def test_committee_service_per_year_and_per_cycle_caps(tmp_path):
    # Entries are taken in completion order.
    # Committee B, completed 2025-09-01, 8 CEC: the first committee credit of 2025 -> 8.
    # Committee A, 2022-06-01 .. 2026-05-31, no credits given: 8 CEC for each service year
    #   inside the cycle (2024, 2025, 2026), but 2025 already has its 8 (per-year cap)
    #   -> 8 + 0 + 8 = 16.
    # Committee E, completed 2026-10-01, 8 CEC: 2026 already has its 8 -> 0, and the cycle
    #   has its 24 (per-cycle cap) too.
    write_tracker(tmp_path, {
        "credits/a.yaml": ("title: Committee A\nprovider: ACSM\nactivity: committee\n"
                           "started: 2022-06-01\ncompleted: 2026-05-31\n"),
        "credits/b.yaml": course("Committee B", "2025-09-01", 8, activity="committee"),
        "credits/c.yaml": course("Old committee", "2022-12-31", 8, activity="committee"),
        "credits/e.yaml": course("Committee E", "2026-10-01", 8, activity="committee"),
    })
    c = only(report_for(tmp_path))
    rows = by_title(c)
    assert (rows["Committee B"].counted, rows["Committee A"].counted) == (8, 16)
    # Both limits are used up once everything is counted (8 + 8 + 8 = 24): both are named.
    assert notes_of(rows["Committee A"]) == (
        "8 CEC for each of 3 service year(s) inside the cycle",
        "above the cap for committee service: at most 24 per cycle (source A1)",
        "above the cap for committee service: at most 8 per year (source A1)")
    assert rows["Committee E"].counted == 0
    assert why(rows["Committee E"]) == (
        "above the cap for committee service: at most 24 per cycle (source A1); "
        "above the cap for committee service: at most 8 per year (source A1)")
    assert why(rows["Old committee"]).startswith("completed 2022-12-31, before this cycle")
    assert c.earned == 24


def test_cpr_credit_from_2025_with_a_combined_yearly_cap(tmp_path):
    # 2024 card: no credit (CPR CECs only from 2025-01-01) but it is still a card.
    # Two cards in 2025: fixed 5 each [U], capped at 5 a year together [U] -> 5 + 0.
    # A first-aid card in 2026: 5.  Total 10.
    write_tracker(tmp_path, {
        "credits/a.yaml": cpr_card("2024-06-01", "2026-06-01"),
        "credits/b.yaml": cpr_card("2025-02-01", "2027-02-01").replace("CPR", "CPR B"),
        "credits/c.yaml": cpr_card("2025-08-01", "2027-08-01").replace("CPR", "CPR C"),
        "credits/d.yaml": ("title: First aid\nprovider: Red Cross\nactivity: first_aid\n"
                           "completed: 2026-03-01\nexpires: 2028-03-01\n"),
    })
    c = only(report_for(tmp_path))
    rows = by_title(c)
    assert why(rows["CPR"]) == "ACSM gives credit for a CPR/AED card only from 2025-01-01"
    assert (rows["CPR B"].counted, rows["CPR C"].counted, rows["First aid"].counted) == (5, 0, 5)
    assert c.earned == 10
    assert "ACSM: CPR/AED and first aid: cap per year" in [f.what for f in c.assumptions]
    assert reason_words(c.prerequisites[0].detail_reason) == "valid until 2027-08-01"  # the latest card


def test_college_courses_need_grade_c_or_better(tmp_path):
    # 1 semester hour grade C = 10; grade D = 0; no grade = 0;
    # 3 quarter hours grade A = 3 × 6.6667 = 20.0 [U: two thirds of a semester hour].
    college = dict(activity="college_course")
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Grade C", "2025-05-01", 1, "college_semester_hour", grade="C", **college),
        "credits/b.yaml": course("Grade D", "2025-05-01", 1, "college_semester_hour", grade="D", **college),
        "credits/c.yaml": course("No grade", "2025-05-01", 1, "college_semester_hour", **college),
        "credits/d.yaml": course("Quarter", "2025-05-01", 3, "college_quarter_hour", grade="A", **college),
    })
    rows = by_title(only(report_for(tmp_path)))
    assert rows["Grade C"].counted == 10
    assert why(rows["Grade D"]) == "grade D is below the C needed"
    assert why(rows["No grade"]) == "no `grade:` recorded; a grade of C or better is needed"
    assert rows["Quarter"].counted == 20


def test_unit_conversions_to_acsm_cec(tmp_path):
    write_tracker(tmp_path, {
        "credits/a.yaml": course("CEU", "2025-01-10", 0.7, "CEU"),  # 0.7 × 10 = 7
        "credits/b.yaml": course("ACE", "2025-01-11", 1.5, "ACE-CEC"),  # 1.5 × 10 = 15
        "credits/c.yaml": course("Hours", "2025-01-12", 2.5, "contact_hour"),  # 2.5
        "credits/d.yaml": course("CME", "2025-01-13", 3, "CME"),  # 3
    })
    c = only(report_for(tmp_path))
    assert [r.counted for r in c.entries] == [7, 15, 2.5, 3]
    assert c.earned == 27.5 and c.remaining == 17.5


def test_counts_for_restricts_an_entry_to_named_credentials(tmp_path):
    profile = ("name: H\ncredentials:\n  - id: ACSM-CPT\n    expires: 2026-12-31\n"
               "  - id: ACSM-EP\n    expires: 2026-12-31\n")
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Both", "2025-01-10", 5),
        "credits/b.yaml": course("EP only", "2025-01-11", 7, counts_for="[ACSM-EP]"),
    }, profile=profile)
    report = report_for(tmp_path)
    assert only(report, "ACSM-CPT").earned == 5
    assert why(by_title(only(report, "ACSM-CPT"))["EP only"]) == (
        "counts only for ACSM-EP (its `counts_for:`)")
    ep = only(report, "ACSM-EP")
    assert (ep.required, ep.earned, ep.remaining) == (60, 12, 48)


def test_cpr_prerequisite_missing_expired_or_undated(tmp_path):
    write_tracker(tmp_path, {"credits/a.yaml": course("Lots", "2025-01-10", 50)})
    c = only(report_for(tmp_path))
    assert reason_words(c.prerequisites[0].detail_reason) == "no CPR/AED card recorded"
    assert (c.met, c.status) == (False, "in_progress")  # 50 >= 45 but no card
    (tmp_path / "credits/cpr.yaml").write_text(cpr_card("2024-06-01", "2026-06-01"))
    detail = reason_words(only(report_for(tmp_path)).prerequisites[0].detail_reason)
    assert detail == "expired 2026-06-01, before the cycle ends (2026-12-31)"
    (tmp_path / "credits/cpr.yaml").write_text(
        "title: CPR\nprovider: P\nactivity: cpr_aed\ncompleted: 2025-06-01\n")
    report = report_for(tmp_path)
    assert reason_words(only(report).prerequisites[0].detail_reason) == "the CPR/AED card has no `expires:` date"
    assert [p.code for p in report.problems] == ["card-without-expiry"]


def test_requirement_met_needs_credits_and_card(tmp_path):
    write_tracker(tmp_path, {"credits/a.yaml": course("Big", "2025-01-10", 40),
                             "credits/cpr.yaml": cpr_card()})
    c = only(report_for(tmp_path))  # 40 + CPR 5 = 45 = required
    assert (c.earned, c.remaining, c.met, c.status, c.pace_per_month) == (45, 0, True, "met", None)


def test_future_dated_entry_is_excluded_and_warned(tmp_path):
    write_tracker(tmp_path, {"credits/a.yaml": course("Soon", "2026-12-05", 3)})
    report = report_for(tmp_path)
    assert why(only(report).entries[0]) == "completed 2026-12-05, after today (2026-11-28)"
    assert [(p.code, p.severity) for p in report.problems] == [("future-date", "warning")]


def test_rule_checks_on_profile_and_entries(tmp_path):
    profile = ("name: H\ncredentials:\n  - id: ACSM-CTP\n    expires: 2026-12-31\n"
               "  - id: ACSM-EP\n")
    write_tracker(tmp_path, {
        "credits/a.yaml": course("A", "2025-01-10", 1, counts_for="[NSCA-CPTX]"),
        "credits/b.yaml": "title: B\nprovider: P\ncompleted: 2025-01-10\n",
        "credits/c.yaml": course("C", "2025-01-10", 1, evidence="certificates/nope.pdf"),
        "credits/d.yaml": course("D", "2025-01-10", 1, started="2025-02-01"),
    }, profile=profile)
    # The engine's checks and the certificate on disk (audit/evidence.py), as `check` runs them.
    problems = {(p.file, p.line, p.code): p for p in analyse(tmp_path, TODAY).problems}
    # Each points at the value at fault: line 6 is the extra key course() writes last.
    assert sorted(problems) == [
        ("credits/a.yaml", 6, "unknown-credential"),
        ("credits/b.yaml", 1, "missing-credits"),
        ("credits/c.yaml", 6, "missing-evidence"),
        ("credits/d.yaml", 6, "dates-out-of-order"),
        ("credits/profile.yaml", 3, "unknown-credential"),
        ("credits/profile.yaml", 5, "missing-cycle-date"),
    ]
    assert "did you mean `ACSM-CPT`" in problems[("credits/profile.yaml", 3, "unknown-credential")].hint


def test_the_previous_cycle_is_kept_while_it_can_still_be_audited(tmp_path):
    # ACSM keeps records one year after renewal.  Cycle 2021-2023 ends 2023-12-31; renewal may
    # come as late as the grace end 2024-06-30, so it can be audited until 2025-06-30.
    profile = "name: H\ncredentials:\n  - id: ACSM-CPT\n    since: 2015-05-16\n    expires: 2026-12-31\n"
    write_tracker(tmp_path, {"credits/a.yaml": course("Old", "2023-03-01", 45)}, profile=profile)
    (past,) = report_for(tmp_path, dt.date(2025, 6, 30)).past
    assert (past.cycle.start, past.cycle.end) == (dt.date(2021, 1, 1), dt.date(2023, 12, 31))
    assert past.earned == 45
    assert report_for(tmp_path, dt.date(2025, 7, 1)).past == ()
