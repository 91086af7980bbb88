"""Issue 15: the bodies of research/rules-2.md, as data. Each figure is worked out by hand from
rules-2.md (source tags in the comments), never from the code."""
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

from cectrack.analysis import analysis
from cectrack.render.credentialwords import unmet_words
from cectrack.render.reasons import reason_words

DAY = dt.date(2025, 11, 28)


def test_every_new_credential_is_listed_by_cectrack_rules():
    listed = cectrack("rules").stdout
    for credential_id in ("BOC-ATC", "CDR-RDN", "CDR-NDTR", "NBCOT-OTR", "NBCOT-COTA",
                          "NCBTMB-BCTMB", "YA-RYT200", "YA-RYT500", "YA-ERYT200", "YA-ERYT500",
                          "ISSA-CPT", "NCSF-CPT", "AFAA-GFI", "CSCCa-SCCC", "PMA-CPT"):
        assert f"\n{credential_id} " in listed, credential_id


def test_acsm_and_boc_count_one_course_each_in_its_own_unit(tmp_path):
    # A 6-hour symposium from a BOC Approved Provider (Category A):
    # ACSM 1 CEC per hour (A11) -> 6 CEC of 45; BOC 1 CEU per contact hour (F9) -> 6 of 50.
    # BOC period 2024-2025 (fixed, ending 31 Dec of odd years, F1); Category A needs 10 (F4).
    write_tracker(tmp_path, {"credits/a.yaml": course(
        "Sports medicine symposium", "2025-04-12", 6, "contact_hour", category="{BOC: A}")},
        profile=profile(("ACSM-CPT", {"expires": "2026-12-31"}), ("BOC-ATC", {"since": "2015-06-01"})))
    report = report_for(tmp_path, DAY)
    acsm, boc = result(report, "ACSM-CPT"), result(report, "BOC-ATC")
    assert (acsm.earned, acsm.required, acsm.unit) == (6.0, 45.0, "CEC")
    assert (boc.earned, boc.required, boc.unit) == (6.0, 50.0, "BOC-CEU")
    assert (boc.cycle.start, boc.cycle.end) == (dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    assert "BOC Approved Provider programs: 6 of at least 10 BOC-CEU" in unmet_words(boc)


def test_boc_first_year_holders_owe_25_and_a_decimal_ceu_is_questioned(tmp_path):
    # Certified 2024-05-20, in the first year of 2024-2025: 25 CEUs due (F3).
    # An entry written `unit: CEU`: cectrack's CEU is decimal, BOC's is an hour: a warning
    # that names BOC and the unit to write (BOC-CEU). As a decimal CEU, 1.5 CEU = 15 hours,
    # in Category D, at most 14 if 25 are due (F9, unconfirmed today): 14.
    write_tracker(tmp_path, {"credits/a.yaml": course("Workshop", "2024-09-01", 1.5, "CEU")},
                  profile=profile(("BOC-ATC", {"since": "2024-05-20"})))
    found = analysis(tmp_path, DAY).report
    boc = result(found, "BOC-ATC")
    assert (boc.required, boc.earned) == (25.0, 14.0)
    # Category A minimum prorated with it: 5 if 25 are due (F4); the workshop is D (default).
    assert [(k.id, k.min, k.earned) for k in boc.categories][0] == ("A", 5.0, 0.0)
    assert "BOC Approved Provider programs: 0 of at least 5 BOC-CEU" in unmet_words(boc)
    (warning,) = [p for p in found.problems if p.code == "ambiguous-unit"]
    assert warning.hint == "if the certificate is BOC's, write `unit: BOC-CEU`"


def test_cdr_first_cycle_ethics_or_equity_and_college_credit(tmp_path):
    # Exam 2022-09-01 -> first cycle to 2028-05-31 (G2). RDN: 75 CPEUs with 1 in ethics OR
    # health equity (G1). A 3-credit semester course: 3 x 15 = 45 CPEU (G5); 29 hours of
    # webinars: 29; 1 hour of health equity: 1. Total 75: met, the either/or by equity alone.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Biochemistry", "2023-02-01", 3, "college_semester_hour",
                                 activity="college_course", grade="B"),
        "credits/b.yaml": course("Webinars", "2024-03-01", 29, "contact_hour", activity="webinar"),
        "credits/c.yaml": course("Equity in care", "2025-03-01", 1, "CPEU",
                                 category="{CDR: health_equity}")},
        profile=profile(("CDR-RDN", {"since": "2022-09-01"})))
    c = result(report_for(tmp_path, DAY), "CDR-RDN")
    assert c.cycle.end == dt.date(2028, 5, 31)
    assert (c.required, c.earned, unmet_words(c), c.status) == (75.0, 75.0, [], "met")
    without = tmp_path / "without"
    write_tracker(without, {"credits/b.yaml": course("Webinars", "2024-03-01", 80, "contact_hour")},
                  profile=profile(("CDR-RDN", {"since": "2022-09-01"})))
    c = result(report_for(without, DAY), "CDR-RDN")
    assert unmet_words(c) == ["1 CPEU still needed, in ethics or health equity",  # 1 - 0
                              "ethics or health equity: 0 of at least 1 CPEU"]


def test_ncbtmb_ethics_minimum_and_self_care_maximum(tmp_path):
    # 24 hours per 2 years, 3 in ethics, at most 4 self-care (H1). Ethics 2 h, self-care 6 h
    # (4 count), general 16 h: 22 of 24, ethics 2 of 3.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Ethics", "2025-01-10", 2, "contact_hour", category="{NCBTMB: ethics}"),
        "credits/b.yaml": course("Self-care", "2025-02-10", 6, "contact_hour",
                                 category="{NCBTMB: self_care}"),
        "credits/c.yaml": course("Anatomy", "2025-03-10", 16, "contact_hour")},
        profile=profile(("NCBTMB-BCTMB", {"expires": "2026-06-30"})))
    c = result(report_for(tmp_path, DAY), "NCBTMB-BCTMB")
    assert categories(c) == {"ethics": 2.0, "self_care": 4.0, "general": 16.0}
    assert c.earned == 22.0
    # Self-care is full (4 of 4): the 2 hours still needed must come from ethics or general.
    assert unmet_words(c) == ["2 contact_hour still needed, from categories ethics or general; "
                       "category self_care is full", "Ethics: 2 of at least 3 contact_hour"]


def test_yoga_alliance_training_and_teaching_hours(tmp_path):
    # Every 3 years: 30 hours of training and 45 hours teaching (J1). Teaching is its own
    # ledger and never counts as training. Training 30 h: met on credit; teaching 40 h: not.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Workshop", "2024-05-01", 30, "contact_hour"),
        "credits/t.yaml": course("Teaching log", "2025-05-01", 40, "contact_hour", activity="teaching")},
        profile=profile(("YA-RYT200", {"expires": "2026-08-31"})))
    c = result(report_for(tmp_path, DAY), "YA-RYT200")
    assert (c.earned, c.required) == (30.0, 30.0)
    assert rows(c)["Teaching log"].counted == 0.0
    assert unmet_words(c) == ["teaching hours: 40 of 45 hours in this cycle"]


def test_ncsf_two_hours_per_ceu_with_cpr_and_ethics(tmp_path):
    # 10 CEUs per 2 years = CPR 2 + ethics 1 + 7 general (L1); 1 CEU = 2 hours (L1).
    # CPR card: 2 (cpr). Ethics course 2 h: 1 (ethics). General 14 h: 7. Total 10: met.
    write_tracker(tmp_path, {
        "credits/cpr.yaml": card(completed="2025-01-10", expires="2027-01-10"),
        "credits/e.yaml": course("Ethics", "2025-02-01", 2, "contact_hour", category="{NCSF: ethics}"),
        "credits/g.yaml": course("Program design", "2025-03-01", 14, "contact_hour")},
        profile=profile(("NCSF-CPT", {"expires": "2026-09-30"})))
    c = result(report_for(tmp_path, DAY), "NCSF-CPT")
    assert categories(c) == {"cpr": 2.0, "ethics": 1.0, "general": 7.0}
    assert (c.earned, c.status) == (10.0, "met")


def test_afaa_needs_two_ceus_from_afaa_or_nasm(tmp_path):
    # 15 CEUs (1 per hour) in 2 years, 2 of them from AFAA or NASM courses (M1). CPR/AED card
    # 2 CEUs (M1). 13 h from another provider + the card = 15, but 0 from AFAA/NASM: not met.
    files = {"credits/cpr.yaml": card(completed="2025-01-10", expires="2027-01-10"),
             "credits/a.yaml": course("Cycling", "2025-03-01", 13, "contact_hour")}
    write_tracker(tmp_path, files, profile=profile(("AFAA-GFI", {"expires": "2026-09-30"})))
    c = result(report_for(tmp_path, DAY), "AFAA-GFI")
    assert c.earned == 15.0
    assert unmet_words(c) == ["2 AFAA-CEU still needed",  # the total met; its own courses 2 - 0
                              "from AFAA or NASM courses: 0 of at least 2 AFAA-CEU"]
    files["credits/b.yaml"] = course("Barre", "2025-04-01", 2, "contact_hour").replace(
        "Test Provider", "National Academy of Sports Medicine")
    write_tracker(tmp_path, files, profile=profile(("AFAA-GFI", {"expires": "2026-09-30"})))
    assert result(report_for(tmp_path, DAY), "AFAA-GFI").status == "met"


def test_pma_ncpt_alias_and_two_axis_caps(tmp_path):
    # NCPT is the new name of PMA-CPT (Q5, Q7): the profile may say either. 16 CECs per 2 years
    # (Q1). Distance learning at most 12 (Q4): 14 h of webinars -> 12. Business at most 4:
    # a 6-hour live business course -> 4. Total 16: met.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Online mat", "2025-02-01", 14, "contact_hour", activity="webinar"),
        "credits/b.yaml": course("Studio business", "2025-03-01", 6, "contact_hour",
                                 category="{PMA: business}")},
        profile=profile(("PMA-NCPT", {"expires": "2026-06-30"})))
    c = result(report_for(tmp_path, DAY), "PMA-CPT")
    assert rows(c)["Online mat"].counted == 12.0 and rows(c)["Studio business"].counted == 4.0
    assert (c.earned, c.status) == (16.0, "met")


def test_cscca_fixed_august_to_july_periods(tmp_path):
    # Fixed 1 Aug - 31 Jul three-year periods: 2025-08-01 .. 2028-07-31 (N1). 45 CEUs.
    # Not the CSCCa National Conference (Category A): an approved event (B), at most 10
    # per event (E8, rules-corrections-3 row 2), so 10 of the 12.
    write_tracker(tmp_path, {"credits/a.yaml": course("Conference", "2025-09-10", 12, "CSCCa-CEU",
                                                      activity="conference")},
                  profile=profile(("CSCCa-SCCC", {"since": "2012-01-01"})))
    c = result(report_for(tmp_path, DAY), "CSCCa-SCCC")
    assert (c.cycle.start, c.cycle.end) == (dt.date(2025, 8, 1), dt.date(2028, 7, 31))
    assert (c.earned, c.required) == (10.0, 45.0)


def test_nbcot_presenting_counts_double(tmp_path):
    # 36 PDU per 3 years (E6); presenting 1 h = 2 PDU (P3, third party); CEU 0.1 = 1 PDU (E6).
    # 5 h presenting -> 10; 2.0 CEU course -> 20. Total 30 of 36.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Talk", "2025-02-01", 5, "contact_hour", activity="presenting"),
        "credits/b.yaml": course("Course", "2025-03-01", 2.0, "CEU")},
        profile=profile(("NBCOT-OTR", {"expires": "2027-03-31"})))
    c = result(report_for(tmp_path, DAY), "NBCOT-OTR")
    assert (rows(c)["Talk"].counted, c.earned, c.required) == (10.0, 30.0, 36.0)


def test_boc_second_year_certification_joins_the_next_full_period(tmp_path):
    # Certified 2025-03-10, in the second year of 2024-2025: nothing due then (F12, third
    # party); CEUs count from the certification day (F11) toward 2026-2027's full 50.
    # A 6-hour course on 2025-06-01 -> 6 of 50 in 2026-2027; one on 2025-02-01 is before.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Summer course", "2025-06-01", 6, "contact_hour"),
        "credits/b.yaml": course("Before", "2025-02-01", 6, "contact_hour")},
        profile=profile(("BOC-ATC", {"since": "2025-03-10"})))
    during = result(report_for(tmp_path, dt.date(2025, 11, 28)), "BOC-ATC")
    assert during.required == 0.0  # the ECC card is still needed, no CEUs
    assert unmet_words(during) == ["emergency cardiac care (ECC): no emergency cardiac care (ECC) card "
                            "recorded"]
    c = result(report_for(tmp_path, dt.date(2026, 11, 28)), "BOC-ATC")
    assert (c.cycle.start, c.cycle.window_start) == (dt.date(2026, 1, 1), dt.date(2025, 3, 10))
    assert (c.required, c.earned) == (50.0, 6.0)
    assert why(rows(c)["Before"]).startswith("completed 2025-02-01, before this cycle's")


def test_boc_ecc_must_be_held_without_a_gap(tmp_path):
    # ECC "throughout the reporting period" (F23, F6). Period 2024-2025. A card from
    # 2023-03-01 to 2024-03-01, the next from 2024-05-01 to 2026-05-01: uncovered 2024-03-02
    # to 2024-04-30, though a card is valid on the period end.
    write_tracker(tmp_path, {
        "credits/c1.yaml": card("ECC 1", completed="2023-03-01", expires="2024-03-01"),
        "credits/c2.yaml": card("ECC 2", completed="2024-05-01", expires="2026-05-01")},
        profile=profile(("BOC-ATC", {"since": "2015-06-01"})))
    (ecc,) = result(report_for(tmp_path, DAY), "BOC-ATC").prerequisites
    assert not ecc.met
    assert reason_words(ecc.detail_reason).startswith("not held from 2024-03-02 to 2024-04-30")
    write_tracker(tmp_path, {"credits/c3.yaml": card("ECC 1b", completed="2024-02-20",
                                                     expires="2026-02-20")},
                  profile=profile(("BOC-ATC", {"since": "2015-06-01"})))
    (ecc,) = result(report_for(tmp_path, DAY), "BOC-ATC").prerequisites
    assert ecc.met and reason_words(ecc.detail_reason) == "valid until 2026-05-01"


def test_cscca_recommended_pace_is_shown_as_advice(tmp_path):
    write_tracker(tmp_path, {}, profile=profile(("CSCCa-SCCC", {"since": "2012-01-01"})))
    (tmp_path / "mkdocs.yml").write_text("site_name: T\ntheme:\n  name: material\n  font: false\n"
                                         "plugins:\n  - cectrack\n")
    (tmp_path / "docs").mkdir()
    text = visible_text(build_site(tmp_path) / "index.html")
    assert "Recommended pace 15 CSCCa-CEU a year (CSCCa's advice, not a rule)" in text


def test_declared_units_reach_the_schema_and_add(tmp_path):
    import json
    write_tracker(tmp_path, {}, profile=profile(("NBCOT-OTR", {"expires": "2027-03-31"})))
    schema = json.loads(cectrack("schema", cwd=tmp_path).stdout)
    units = schema["definitions"]["entry"]["properties"]["unit"]["enum"]
    assert {"CEC", "CEU", "PDU", "CPEU", "BOC-CEU"} <= set(units)
    activities = schema["definitions"]["entry"]["properties"]["activity"]["enum"]
    assert "teaching" in activities
    added = cectrack("add", "--no-input", "--title", "Splinting", "--provider", "AOTA",
                     "--completed", "2025-06-01", "--credits", "6", "--unit", "PDU",
                     "--today", "2025-11-28", cwd=tmp_path)
    assert added.returncode == 0, added.stdout
    assert "NBCOT-OTR: 6 PDU; total 0 -> 6 of 36 PDU" in added.stdout
    wrong = cectrack("add", "--no-input", "--title", "X", "--provider", "P", "--completed",
                     "2025-06-01", "--credits", "1", "--unit", "PDUS", "--today", "2025-11-28",
                     cwd=tmp_path, expect=2)
    assert wrong.returncode == 2 and "did you mean `PDU`?" in wrong.stdout


def test_rules_explains_the_new_kinds_in_plain_words():
    boc = cectrack("rules", "BOC").stdout
    assert ("held without a gap through the whole period (from the day you were certified, "
            "if that is later). [C F6] [C F23]") in boc
    assert "credit counts from the certification day toward the next, full cycle. [T F12]" in boc
    assert "At least 1 CPEU from ethics or health equity" in cectrack("rules", "CDR").stdout
    assert "At least 2 AFAA-CEU from courses of AFAA or NASM. [C M1]" in cectrack("rules", "AFAA").stdout
    assert "45 hours of teaching hours in each cycle" in cectrack("rules", "YA").stdout
    assert "Recommended: 15 CSCCa-CEU a year (advice, not a rule). [C N1]" in \
        cectrack("rules", "CSCCa").stdout
