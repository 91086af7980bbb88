"""Issue 11: figures a careful professional can trust. Each expectation is worked out by hand
from research/rules.md (and rules-corrections.md, re-checked), never from the code."""
from __future__ import annotations

import datetime as dt

from conftest import (
    build_site,
    card,
    categories,
    cectrack,
    course,
    profile,
    report_for,
    result,
    rows,
    visible_text,
    why,
    write_tracker,
)

from cectrack.render.credentialwords import unmet_words
from cectrack.render.reasons import words


# --- NSCA ---------------------------------------------------------------------------------
def test_nsca_certified_in_the_second_half_of_2026_has_nothing_due(tmp_path):
    # C3: certified 1 Jul-31 Dec 2026 -> 0 CEUs for the 2024-2026 cycle. The two-category
    # rule is about the CEUs reported, so with 0 due nothing is missing: met.
    write_tracker(tmp_path, {"credits/cpr.yaml": card(completed="2026-08-02")},
                  profile=profile(("NSCA-CSCS", {"since": "2026-08-01"})))
    c = result(report_for(tmp_path, dt.date(2026, 11, 28)), "NSCA-CSCS")
    assert (c.required, c.earned, unmet_words(c), c.status) == (0.0, 0.0, [], "met")


def test_nsca_2018_2020_prorated_maxima_and_quizzes_in_category_b(tmp_path):
    # Certified 2019-03-10: 14 months into 2018-2020 -> "during 2019": 2.0 CEUs; maxima
    # (C1, C2: same shape as 2024-26 but B and D differ) A 1.5, B 1.0, C 1.5, D 1.0.
    # 2018-20 put NSCA quizzes in B (C5).
    # Two conferences of 1.0 (A): A holds 1.5 -> 1.0 + 0.5.  Home study 2.0 (C): C holds 1.5.
    # Six quizzes, 0.2 each (B): B holds 1.0 -> 0.2 x 5 and the sixth counts 0.
    # Earned 1.5 + 1.5 + 1.0 = 4.0 >= 2.0: met, from three categories.
    files = {"credits/a1.yaml": course("Conf 1", "2019-04-01", 1.0, "CEU", activity="conference"),
             "credits/a2.yaml": course("Conf 2", "2019-05-01", 1.0, "CEU", activity="conference"),
             "credits/c.yaml": course("Home", "2019-06-01", 2.0, "CEU", activity="home_study"),
             "credits/cpr.yaml": card(completed="2019-03-20", expires="2021-03-20")}
    for i in range(6):
        files[f"credits/q{i}.yaml"] = course(f"Quiz {i}", f"2019-07-0{i + 1}", None, "CEU",
                                             activity="quiz")
    write_tracker(tmp_path, files, profile=profile(
        ("NSCA-CSCS", {"since": "2019-03-10", "expires": "2020-12-31"})))
    c = result(report_for(tmp_path, dt.date(2020, 6, 1)), "NSCA-CSCS")
    assert c.required == 2.0
    assert categories(c) == {"A": 1.5, "B": 1.0, "C": 1.5, "D": 0.0}
    assert rows(c)["Quiz 5"].counted == 0.0 and rows(c)["Quiz 0"].category == "B"
    assert (c.earned, c.status) == (4.0, "met")


def test_nsca_2018_2020_full_cycle_maxima_for_a_and_c_are_confirmed(tmp_path):
    from cectrack.rules.load import load_library
    nsca = load_library()[0].rulesets["NSCA"].for_cycle(dt.date(2018, 1, 1))
    assert {k: (c.max.value, c.max.confidence) for k, c in nsca.categories.items()} == {
        "A": (5.5, "C"), "B": (4.0, "C"), "C": (5.5, "C"), "D": (3.5, "C")}
    buckets = [(b.required.value, {k: f.value for k, f in b.max.items()}) for b in nsca.proration]
    assert buckets == [(4.0, {"A": 3.5, "B": 2.5, "C": 3.5, "D": 1.5}),
                       (2.0, {"A": 1.5, "B": 1.0, "C": 1.5, "D": 1.0}),
                       (1.0, {"A": 1.0, "B": 1.0, "C": 1.0, "D": 1.0}),
                       (0, {"A": 0, "B": 0, "C": 0, "D": 0})]


# --- NASM ---------------------------------------------------------------------------------
def test_nasm_unmet_at_expiry_is_lapsed_not_in_grace(tmp_path):
    # D2: "expires if all recertification requirements have not been met by the expiration
    # date"; the 90 days are for late filing, not for earning. 1.0 of 2.0 CEUs at expiry
    # 2026-06-30 -> lapsed on 2026-08-15, though still within 90 days.
    write_tracker(tmp_path, {"credits/a.yaml": course("Course", "2025-09-01", 1.0, "CEU"),
                             "credits/cpr.yaml": card(completed="2025-01-10")},
                  profile=profile(("NASM-CPT", {"expires": "2026-06-30"})))
    c = result(report_for(tmp_path, dt.date(2026, 8, 15)), "NASM-CPT")
    assert c.cycle.grace_end == dt.date(2026, 9, 28)  # 2026-06-30 + 90 days
    assert (c.earned, c.status) == (1.1, "lapsed")  # 1.0 + the CPR/AED card's 0.1


def test_nasm_met_at_expiry_stays_met_in_the_filing_period(tmp_path):
    # 1.9 CEUs + the CPR/AED card's 0.1 = 2.0 by the deadline: met, filing late is possible.
    write_tracker(tmp_path, {"credits/a.yaml": course("Course", "2025-09-01", 1.9, "CEU"),
                             "credits/cpr.yaml": card(completed="2025-01-10")},
                  profile=profile(("NASM-CPT", {"expires": "2026-06-30"})))
    c = result(report_for(tmp_path, dt.date(2026, 8, 15)), "NASM-CPT")
    assert (c.earned, c.status) == (2.0, "met")


# --- ACE ----------------------------------------------------------------------------------
def test_ace_two_year_cpr_aed_card_is_worth_0_4(tmp_path):
    # B2: 0.2 CEC each for CPR and AED; B4: a 2-year CPR/AED card 0.4. Both give 0.4 for the
    # usual 2-year adult CPR/AED card (a `cpr_aed` entry). Still [U]: the sources conflict.
    write_tracker(tmp_path, {"credits/cpr.yaml": card(completed="2025-03-01",
                                                      expires="2027-03-01")},
                  profile=profile(("ACE-CPT", {"expires": "2026-12-31"})))
    c = result(report_for(tmp_path, dt.date(2026, 11, 28)), "ACE-CPT")
    assert c.earned == 0.4
    assert "ACE: credits per CPR/AED card" in [f.what for f in c.assumptions]


def test_two_nsca_certifications_earned_at_different_times_renew_together(tmp_path):
    # CSCS held before 2024: 6.0 CEUs, maxima A 5.5, B 4.0, C 5.5, D 4.0.  CPT earned
    # 2025-03-01: alone 2.0 CEUs with maxima 1.5/1.0/1.5/1.0 (sum 5.0: 6.0 could never be
    # reached on its maxima).  Pooled [U]: both renew on CSCS's figures.
    # Two conferences of 1.5 (A, 2024; under the 2.0 single-event cap) + home study 2.0 (C)
    # + five quizzes 0.2 (D) = 3.0 + 2.0 + 1.0 = 6.0: met.
    files = {"credits/a.yaml": course("Conf", "2024-05-10", 1.5, "CEU", activity="conference"),
             "credits/a2.yaml": course("Conf 2", "2024-09-10", 1.5, "CEU", activity="conference"),
             "credits/c.yaml": course("Home", "2025-06-01", 2.0, "CEU", activity="home_study"),
             "credits/cpr.yaml": card(completed="2025-01-10")}
    for i in range(5):
        files[f"credits/q{i}.yaml"] = course(f"Quiz {i}", f"2025-07-0{i + 1}", None, "CEU",
                                             activity="quiz")
    write_tracker(tmp_path, files, profile=profile(
        ("NSCA-CSCS", {"since": "2019-04-01"}), ("NSCA-CPT", {"since": "2025-03-01"})))
    report = report_for(tmp_path, dt.date(2026, 11, 28))
    cscs, cpt = result(report, "NSCA-CSCS"), result(report, "NSCA-CPT")
    assert (cscs.required, cscs.earned, cscs.status) == (6.0, 6.0, "met")
    assert (cpt.required, cpt.earned, cpt.status) == (6.0, 6.0, "met")
    assert "counted as for NSCA-CSCS" in words(cpt.required_reason)
    assert "NSCA: sharing between this body's credentials" in [f.what for f in cpt.assumptions]


# --- NCCPA --------------------------------------------------------------------------------
def test_nccpa_course_just_before_the_window_opens_names_the_window_date(tmp_path):
    # E1: certification expiring 31 Dec 2026 -> cycle 2025-01-01..2026-12-31, and CME counts
    # from 1 May 2024 (1 May of the year before the cycle). A course on 30 Apr 2024 is out:
    # the date to name is 2024-05-01, not the cycle start 2025-01-01.
    # One on 1 May 2024 counts (10 CME, Category 2 by default): the cycle before, met by
    # 100 CME of Category 1 in March 2024, does not need it.
    write_tracker(tmp_path, {"credits/a.yaml": course("Early", "2024-04-30", 10, "CME"),
                             "credits/b.yaml": course("First day", "2024-05-01", 10, "CME"),
                             "credits/c.yaml": course("Before", "2024-03-01", 100, "CME",
                                                      category=1)},
                  profile=profile(("NCCPA-PA-C", {"since": "2016-06-01", "expires": "2026-12-31"})))
    c = result(report_for(tmp_path, dt.date(2026, 11, 28)), "NCCPA-PA-C")
    r = rows(c)
    assert why(r["Early"]) == ("completed 2024-04-30, before this cycle's credit window "
                                   "opened (2024-05-01)")
    assert r["First day"].counted == 10.0


# --- Pass/fail grades ---------------------------------------------------------------------
def test_a_pass_fail_college_course_counts_only_as_a_listed_assumption(tmp_path):
    # A5: 10 CECs per credit hour, grade "C" or better; pass/fail is not addressed [U].
    # 1 semester hour with grade P -> 10 CEC, and the assumption is listed.
    write_tracker(tmp_path, {"credits/a.yaml": course(
        "Stats", "2025-05-01", 1, "college_semester_hour", activity="college_course", grade="P")})
    c = result(report_for(tmp_path, dt.date(2026, 11, 28)), "ACSM-CPT")
    assert rows(c)["Stats"].counted == 10.0
    assert "ACSM: a pass in a pass/fail college course counts" in [f.what for f in c.assumptions]


def test_without_the_pass_fail_fact_a_pass_does_not_count(tmp_path):
    from cectrack.engine.counting import grade_reason
    from cectrack.render.reasons import reason_words
    assert reason_words(grade_reason("pass", "C", None, "ACSM")) == (
        "grade 'pass' is pass/fail; ACSM asks for a grade of C or better")
    assert grade_reason("B", "C") is None
    assert reason_words(grade_reason("D", "C")) == "grade D is below the C needed"
    assert grade_reason("D", "C").as_dict() == {"code": "grade-below",
                                                "values": {"grade": "D", "minimum": "C"}}


# --- ACE: an extra certification ----------------------------------------------------------
def test_an_extra_ace_certification_meets_the_whole_requirement(tmp_path):
    # B4 [C]: "Obtaining an extra ACE certification meets the 2.0 CEC requirement to renew
    # your current certification". ACE-CPT expires 2027-03-31 (cycle 2025-04-01..2027-03-31);
    # ACE-GFI earned 2026-02-15, inside it: ACE-CPT's 2.0 is met (0.3 earned), and its
    # CPR/AED card (valid to 2027-09-01) is still required: met.  ACE-GFI itself, earned
    # 2026-02-15, has its first cycle to 2028-02-29 with the whole 2.0 still to earn.
    write_tracker(tmp_path, {"credits/a.yaml": course("Course", "2025-06-01", 0.3, "ACE-CEC"),
                             "credits/cpr.yaml": card(completed="2025-09-01",
                                                      expires="2027-09-01")},
                  profile=profile(("ACE-CPT", {"expires": "2027-03-31"}),
                                  ("ACE-GFI", {"since": "2026-02-15"})))
    report = report_for(tmp_path, dt.date(2026, 11, 28))
    cpt, gfi = result(report, "ACE-CPT"), result(report, "ACE-GFI")
    assert (cpt.required, cpt.remaining, cpt.status) == (2.0, 0.0, "met")
    assert words(cpt.required_reason).startswith("met by earning ACE-GFI on 2026-02-15")
    assert (gfi.cycle.end, gfi.required, gfi.status) == (dt.date(2028, 2, 29), 2.0, "in_progress")


# --- Duplicates ---------------------------------------------------------------------------
NSCA_SHORT = profile(("NSCA-CSCS", {"since": "2019-04-01"}))


def test_the_same_course_in_two_files_counts_once_and_is_named(tmp_path):
    # NSCA-CSCS needs 6.0. Real courses: 2.0 (A) + 2.0 (B, presenting) + 1.7 (C) = 5.7: short.
    # The 1.7 course also imported from a CSV with the provider spelled out: without the
    # duplicate rule it would add 1.7 again (C holds up to 5.5) and flip the holder to "met".
    files = {
        "credits/a.yaml": course("Summit", "2025-03-01", 2.0, "CEU", activity="conference"),
        "credits/b.yaml": course("Talk", "2025-04-01", 2.0, "CEU", activity="presenting"),
        "credits/c.yaml": course("Program Design, Part 2", "2025-05-01", 1.7, "CEU",
                                 activity="home_study").replace("Test Provider", "NSCA"),
        "credits/imported/c.yaml": course(
            "program design - part 2", "2025-05-01", 1.7, "CEU", activity="home_study"
        ).replace("Test Provider", "National Strength and Conditioning Association"),
        "credits/cpr.yaml": card(completed="2025-01-10"),
    }
    write_tracker(tmp_path, files, profile=NSCA_SHORT)
    report = report_for(tmp_path, dt.date(2026, 11, 28))
    c = result(report, "NSCA-CSCS")
    assert (c.earned, c.status) == (5.7, "in_progress")
    copies = [r for r in c.entries if r.entry.file == "credits/imported/c.yaml"]
    assert why(copies[0]) == "the same course as credits/c.yaml (counted there)"
    (warning,) = [p for p in report.problems if p.code == "duplicate-entry"]
    assert (warning.file, warning.line, warning.severity) == ("credits/imported/c.yaml", 1, "warning")
    assert "credits/c.yaml:1" in warning.message


def test_two_real_courses_on_one_day_stay_apart(tmp_path):
    from cectrack.engine.duplicates import duplicates, same_provider
    from cectrack.records.load import load_tracker
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Workshop", "2025-05-01", 1.0, "CEU", approval="NSCA-123"),
        "credits/b.yaml": course("Workshop", "2025-05-01", 1.0, "CEU", approval="NSCA-456"),
        "credits/c.yaml": course("Summit day 1", "2025-05-02", 1.0, "CEU",
                                 evidence="certificates/summit.pdf"),
        "credits/d.yaml": course("Summit day 2", "2025-05-03", 1.0, "CEU",
                                 evidence="certificates/summit.pdf"),
        "credits/e.yaml": course("Copy", "2025-05-03", 1.0, "CEU",
                                 evidence="certificates/summit.pdf"),
        "credits/f.yaml": course("Summit day 2, session B", "2025-05-03", 0.5, "CEU",
                                 evidence="certificates/summit.pdf"),
    })
    found = duplicates(load_tracker(tmp_path).entries)
    assert {k[0]: v.file for k, v in found.items()} == {"credits/e.yaml": "credits/d.yaml"}
    assert same_provider("ACSM", "American College of Sports Medicine")
    assert not same_provider("ACE", "American College of Sports Medicine")


def test_import_skips_a_course_already_added_by_hand_with_the_provider_spelled_out(tmp_path):
    import csv

    write_tracker(tmp_path, {"credits/c.yaml": course(
        "Program Design, Part 2", "2025-05-01", 0.2, "CEU").replace("Test Provider", "NSCA")},
        profile=NSCA_SHORT)
    transcript = tmp_path / "transcript.csv"
    with transcript.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "Course Title", "Provider", "CEUs"])
        writer.writerow(["2025-05-01", "Program design - part 2",
                         "National Strength and Conditioning Association", "0.2"])
        writer.writerow(["2025-06-01", "Program design - part 3", "NSCA", "0.2"])
        writer.writerow(["2025-06-01", "Program Design: Part 3", "NSCA", "0.2"])  # twice in the CSV
    done = cectrack("import", str(transcript), "--today", "2026-11-28", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert ("transcript.csv:2: skipped: the same course as credits/c.yaml:1 "
            "('Program Design, Part 2', 2025-05-01)") in done.stdout
    assert "transcript.csv:4: skipped: the same course as transcript.csv:3" in done.stdout
    assert "imported 1 entry; 2 already recorded" in done.stdout


# --- What is still missing, on every surface ----------------------------------------------
def nsca_with_category_a_full(root):
    """NSCA-CSCS certified 2025-06-15 -> 2.0 CEUs, maxima A 1.5, B 1.0, C 1.5, D 1.0 (C3);
    two conferences of 1.0 CEU (category A) fill A at 1.5. A site to build, too."""
    write_tracker(root, {
        "credits/a.yaml": course("Conf 1", "2025-07-01", 1.0, "CEU", activity="conference"),
        "credits/b.yaml": course("Conf 2", "2025-08-01", 1.0, "CEU", activity="conference"),
        "credits/cpr.yaml": card(completed="2025-07-10")},
        profile=profile(("NSCA-CSCS", {"since": "2025-06-15"})))
    (root / "mkdocs.yml").write_text("site_name: T\ntheme:\n  name: material\n  font: false\n"
                                     "plugins:\n  - cectrack\n")
    (root / "docs").mkdir()


def test_category_full_says_where_the_rest_must_come_from_on_every_surface(tmp_path):
    import json

    # Earned 1.5: 0.5 still needed, and only from B, C or D: the next webinar (A) would
    # count for nothing.
    nsca_with_category_a_full(tmp_path)
    said = "0.5 CEU still needed, from categories B, C or D; category A is full"
    # Its CPR/AED card, recorded without credits: the card NSCA asks for, not an error.
    status = json.loads(cectrack("status", "--json", "--today", "2026-11-28", cwd=tmp_path).stdout)
    assert status["problems"] == [] or all(p["severity"] == "warning" for p in status["problems"])
    # ... and all of it is in one category: two are needed (C3).
    assert status["credentials"][0]["unmet"] == [said, "credit from 1 category; at least 2 needed"]
    checked = cectrack("check", "--today", "2026-11-28", cwd=tmp_path).stdout
    assert ("0.5 to go by 2026-12-31 (33 days left, about 0.1 a week), from categories B, C or "
            "D, category A is full") in checked
    site = build_site(tmp_path)
    # The card: the credit still needed as its big figure, where it can come from in a row
    assert ("0.5 CEU still needed in 33 days: about 0.1 a week" in visible_text(site / "index.html"))
    assert ("Still needed from categories B, C or D; category A is full"
            in visible_text(site / "index.html"))
    # The credential page: in its Still needed row (issue 24: not again in a box below)
    assert ("Still needed 0.5 CEU, from categories B, C or D; category A is full"
            in visible_text(site / "credentials" / "nsca-cscs" / "index.html"))
    preview = cectrack("add", "--title", "Webinar", "--provider", "NSCA", "--completed",
                       "2026-10-01", "--credits", "0.5", "--unit", "CEU", "--activity", "webinar",
                       "--no-input", "--today", "2026-11-28", cwd=tmp_path).stdout
    assert "NSCA-CSCS: nothing (above the category A maximum of 1.5" in preview
    assert f"total 1.5 -> 1.5 of 2 CEU; {said}" in preview


# --- Files that look like credit files but are not read -----------------------------------
def test_every_file_that_looks_like_a_credit_file_but_is_not_read_is_named(tmp_path):
    from cectrack.analysis import analysis
    entry = course("Summit", "2026-03-14", 7.5)
    write_tracker(tmp_path, {"credits/2026/summit.YAML": entry,
                             "credits/2026/webinar.yaml.txt": entry,
                             "credits/2026/read.yml": entry,
                             "credit/kettlebell.yaml": entry,
                             "workshop.yml": entry,
                             "notes/plan.yaml": "goals: [more CEUs]\n",  # not an entry: quiet
                             "mkdocs.yml": "site_name: T\n",
                             "rules/x.yaml.bak": entry, ".github/x.yaml": entry})
    report = analysis(tmp_path, dt.date(2026, 11, 28)).report
    found = {p.file: p.hint for p in report.problems if p.code == "not-read"}
    assert found == {
        "credits/2026/summit.YAML": "rename it to summit.yaml",
        "credits/2026/webinar.yaml.txt": "rename it to webinar.yaml",
        "credit/kettlebell.yaml": "move it to credits/kettlebell.yaml (or a year folder there)",
        "workshop.yml": "move it to credits/workshop.yaml (or a year folder there)",
    }
    assert result(report, "ACSM-CPT").earned == 7.5  # read.yml is read


# --- Import: what a provider's CSV really holds --------------------------------------------
def test_import_reads_a_providers_csv_as_written_and_says_how(tmp_path):
    import csv

    import yaml

    write_tracker(tmp_path, {})
    transcript = tmp_path / "transcript.csv"
    with transcript.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "Course Title", "Provider", "CEUs", "Certificate #"])
        writer.writerow(["03/14/2025", "Summit", "ACSM", "1.5 CEUs", "A-7781"])
        writer.writerow(["04/02/2025", "Webinar", "ACSM", "0.2", "A-7790"])
    us = cectrack("import", str(transcript), "--today", "2026-11-28", cwd=tmp_path, expect=1)
    assert us.returncode == 1
    assert "transcript.csv:2: error: date '03/14/2025' is not written YYYY-MM-DD" in us.stdout
    assert "hint: run the import again with --date-format %m/%d/%Y" in us.stdout
    dry = cectrack("import", str(transcript), "--date-format", "%m/%d/%Y", "--dry-run",
                   "--today", "2026-11-28", cwd=tmp_path)
    assert dry.stdout.splitlines()[:4] == [
        "transcript.csv: column 'Date' -> completed",
        "transcript.csv: column 'Course Title' -> title",
        "transcript.csv: column 'Provider' -> provider",
        "transcript.csv: column 'CEUs' -> credits (unit CEU)"]
    assert ("column 'Certificate #' is not imported (name its field with --map "
            "'Certificate #=notes')") in dry.stdout
    done = cectrack("import", str(transcript), "--date-format", "%m/%d/%Y",
                    "--today", "2026-11-28", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    summit = yaml.safe_load((tmp_path / "credits/2025/2025-03-14-summit.yaml").read_text())
    assert (summit["credits"], summit["unit"], summit.get("evidence")) == (1.5, "CEU", None)
    checked = cectrack("check", "--today", "2026-11-28", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout  # no evidence-… error from a number


# --- Late reporting and reinstatement -----------------------------------------------------
def test_nsca_late_reporters_count_credit_from_1_february(tmp_path):
    # C3 [C]: anyone who used the previous cycle's late-reporting period has the 2024-2026
    # window start on 1 February 2024. A course on 20 Jan 2024 counted for 2021-2023's late
    # report, so it is out; one on 1 Feb 2024 counts.
    files = {"credits/a.yaml": course("January", "2024-01-20", 1.0, "CEU", activity="conference"),
             "credits/b.yaml": course("February", "2024-02-01", 1.0, "CEU", activity="conference")}
    late = profile(("NSCA-CSCS", {"since": "2015-01-01", "late_reported": "true"}))
    write_tracker(tmp_path / "late", files, profile=late)
    c = result(report_for(tmp_path / "late", dt.date(2026, 11, 28)), "NSCA-CSCS")
    assert c.cycle.window_start == dt.date(2024, 2, 1)
    assert why(rows(c)["January"]) == ("completed 2024-01-20, before this cycle's credit "
                                           "window opened (2024-02-01)")
    assert (rows(c)["February"].counted, c.earned) == (1.0, 1.0)
    on_time = profile(("NSCA-CSCS", {"since": "2015-01-01"}))
    write_tracker(tmp_path / "on-time", files, profile=on_time)
    assert result(report_for(tmp_path / "on-time", dt.date(2026, 11, 28)), "NSCA-CSCS").earned == 2.0


def test_acsm_reinstatement_starts_a_shortened_cycle_on_the_approval_date(tmp_path):
    # A3 [C]: after the grace period, reinstatement; if approved, the new cycle begins on the
    # approval date (shortened) and keeps the original schedule: expires 2029-12-31.
    # Reinstated 2027-09-15: a course on 2027-08-01 (in the gap) does not count; 2027-10-01 does.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Gap", "2027-08-01", 5, "CEC"),
        "credits/b.yaml": course("After", "2027-10-01", 5, "CEC")},
        profile=profile(("ACSM-CPT", {"since": "2018-05-01", "expires": "2029-12-31",
                                      "reinstated": "2027-09-15"})))
    c = result(report_for(tmp_path, dt.date(2027, 11, 28)), "ACSM-CPT")
    assert (c.cycle.start, c.cycle.window_start, c.cycle.end) == (
        dt.date(2027, 9, 15), dt.date(2027, 9, 15), dt.date(2029, 12, 31))
    assert why(rows(c)["Gap"]) == "completed 2027-08-01, before this cycle began (2027-09-15)"
    assert (c.earned, c.required) == (5.0, 45.0)
