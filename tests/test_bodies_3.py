"""Issue 27, part B: state licences (California PT, Minnesota RN), Canada, the UK, NETA and the
Cooper Institute, as data. Each figure is worked out by hand from research/rules-3.md §4.2
(source tags in the comments), never from the code; dates fixed."""
from __future__ import annotations

import datetime as dt

from conftest import (
    card,
    categories,
    course,
    profile,
    report_for,
    result,
    rows,
    write_tracker,
)

from cectrack.analysis import analysis
from cectrack.render.credentialwords import unmet_words
from cectrack.render.reasons import reason_words, words

DAY = dt.date(2025, 11, 28)


def born_in(month: str, *credentials) -> str:
    """A profile with a top-level `birth_month:`."""
    return profile(*credentials).replace("name: H\n", f"name: H\nbirth_month: {month}\n")


# --- California PT: birth-month cycle, first renewal, BLS with hands-on inside the total -----

def ca_pt_courses(bls_hands_on: str = "true") -> dict[str, str]:
    return {
        "credits/bls.yaml": course("BLS for providers", "2025-02-01", 4, "contact_hour",
                                   activity="basic_life_support", hands_on=bls_hands_on),
        "credits/law.yaml": course("California PT practice act", "2025-03-01", 2,
                                   "contact_hour", category="{PTBC: ethics}"),
        "credits/gait.yaml": course("Gait analysis", "2025-04-01", 9, "contact_hour")}


def test_ca_pt_first_renewal_on_time_asks_15_hours_with_bls_and_ethics(tmp_path):
    # Licensed 2024-11-15, born in March: the first expiry is the last day of March two years
    # after the year licensed (P2/P3, the year count unconfirmed): 2026-03-31. First renewal
    # on time: BLS 4 + ethics 2 + 9 = 15 hours (P2). Earned 4 + 2 + 9 = 15: met.
    write_tracker(tmp_path, ca_pt_courses(), profile=born_in("March", ("CA-PT", {"since": "2024-11-15"})))
    c = result(report_for(tmp_path, DAY), "CA-PT")
    assert (c.cycle.start, c.cycle.end, c.cycle.first) == (
        dt.date(2024, 11, 15), dt.date(2026, 3, 31), True)
    assert categories(c) == {"bls": 4.0, "ethics": 2.0, "general": 9.0}
    assert (c.required, c.earned, c.status) == (15.0, 15.0, "met")
    assert words(c.required_reason) == "first renewal, renewing by 2026-03-31: 15 contact_hour instead of 30"
    assert c.cycle.end_fact is not None  # the derived expiry rests on an unconfirmed rule


def test_ca_pt_first_renewal_after_expiry_asks_the_full_30(tmp_path):
    # The same licence, its expiry as on the licence, on 2026-04-15: renewing late, the first
    # renewal needs BLS 4 + ethics 2 + 24 = 30 (P2). Earned 15 of 30.
    write_tracker(tmp_path, ca_pt_courses(), profile=born_in(
        "3", ("CA-PT", {"since": "2024-11-15", "expires": "2026-03-31"})))
    c = result(report_for(tmp_path, dt.date(2026, 4, 15)), "CA-PT")
    assert (c.required, c.earned) == (30.0, 15.0)
    assert words(c.required_reason).startswith("first renewal after the expiry date (2026-03-31): the full 30")


def test_ca_pt_bls_without_hands_on_earns_nothing_and_leaves_bls_short(tmp_path):
    # BLS must include the hands-on skills test (P1): without it the 4 hours do not count,
    # so BLS is 0 of at least 4 and the total 11 of 15.
    write_tracker(tmp_path, ca_pt_courses("false"),
                  profile=born_in("Mar", ("CA-PT", {"since": "2024-11-15"})))
    c = result(report_for(tmp_path, DAY), "CA-PT")
    assert rows(c)["BLS for providers"].counted == 0.0
    assert c.earned == 11.0
    assert "Basic Life Support: 0 of at least 4 contact_hour" in unmet_words(c)


def test_ca_pt_later_cycles_follow_the_birth_month_and_ask_30(tmp_path):
    # Licensed 2020-06-10, born in March: ends 2022-03-31, 2024-03-31, 2026-03-31 (every 2
    # years, P1). On 2025-11-28 the cycle is 2024-04-01 to 2026-03-31, not the first: 30 hours.
    write_tracker(tmp_path, ca_pt_courses(), profile=born_in("March", ("CA-PT", {"since": "2020-06-10"})))
    c = result(report_for(tmp_path, DAY), "CA-PT")
    assert (c.cycle.start, c.cycle.end, c.cycle.first) == (
        dt.date(2024, 4, 1), dt.date(2026, 3, 31), False)
    assert (c.required, c.earned, words(c.required_reason)) == (30.0, 15.0, "")


def test_ca_pt_without_a_birth_month_says_what_to_add(tmp_path):
    write_tracker(tmp_path, {}, profile=profile(("CA-PT", {"since": "2020-06-10"})))
    found = analysis(tmp_path, DAY).report
    assert found.credentials == ()
    (problem,) = [p for p in found.problems if p.code == "missing-birth-month"]
    assert (problem.file, problem.line) == ("credits/profile.yaml", 3)
    assert "add `birth_month: 7` (or its name, July)" in problem.hint


def test_a_birth_month_that_is_not_a_month_is_reported_at_its_line(tmp_path):
    for written, message in (("13", "`birth_month: 13` is not a month"),
                             ("Jly", "`birth_month:` must be a month: a number from 1 to 12 or "
                                     "its name, e.g. 7 or July, found 'Jly'")):
        write_tracker(tmp_path, {}, profile=born_in(written, ("CA-PT", {"expires": "2026-03-31"})))
        found = analysis(tmp_path, DAY).report
        (problem,) = [p for p in found.problems if p.file == "credits/profile.yaml"]
        assert (problem.line, problem.message) == (2, message)
    assert problem.hint == "did you mean `July`?"


def test_ca_pt_and_nasm_count_one_course_in_their_own_units(tmp_path):
    # A 1.0 CEU course: NASM 1.0 CEU of 2.0 (D1); California 1 CEU = 10 hours (P4): 10 of 30.
    write_tracker(tmp_path, {"credits/a.yaml": course("Shoulder rehab", "2025-05-01", 1.0, "CEU")},
                  profile=born_in("3", ("CA-PT", {"expires": "2026-03-31"}),
                                  ("NASM-CPT", {"expires": "2026-06-30"})))
    report = report_for(tmp_path, DAY)
    assert (result(report, "NASM-CPT").earned, result(report, "CA-PT").earned) == (1.0, 10.0)
    assert result(report, "CA-PT").required == 30.0  # no `since:`: not known to be the first


# --- Minnesota RN ---------------------------------------------------------------------------

def test_mn_rn_24_contact_hours_and_a_course_shared_with_nasm(tmp_path):
    # MN-RN: 24 contact hours per 24 months (N1); expires 2026-06-30, so the period is
    # 2024-07-01 to 2026-06-30. A 1.2 CEU course: NASM 1.2 CEU (D1); Minnesota 12 contact
    # hours (1 CEU = 10, unconfirmed). Plus 12 contact hours: 24 of 24, met.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Wound care", "2025-01-15", 1.2, "CEU"),
        "credits/b.yaml": course("Pharmacology", "2025-06-01", 12, "contact_hour",
                                 counts_for="[MN-RN]")},
        profile=profile(("MN-RN", {"expires": "2026-06-30"}), ("NASM-CPT", {"expires": "2026-06-30"})))
    report = report_for(tmp_path, DAY)
    mn = result(report, "MN-RN")
    assert (mn.cycle.start, mn.cycle.end) == (dt.date(2024, 7, 1), dt.date(2026, 6, 30))
    assert (mn.required, mn.earned, mn.status) == (24.0, 24.0, "met")
    assert "CEU" in {f.what.split(": ")[-1].split()[-1] for f in mn.assumptions} or mn.assumptions
    assert result(report, "NASM-CPT").earned == 1.2


# --- Cooper Institute -------------------------------------------------------------------------

def test_ci_cpt_30_hours_a_hands_on_cpr_card_and_an_unconfirmed_cycle(tmp_path):
    # CI-CPT: 30 contact hours and current adult CPR with hands-on training (K1); the cycle
    # length is not published: 2 years, unconfirmed. Certified 2024-05-10: first end
    # 2026-05-31 (month end, 2 years). A 1.5 ACE-CEC course: ACE 1.5 of 2.0; Cooper 15 hours
    # (0.1 = 1 hour, unconfirmed). With 15 more hours: 30 of 30, but the CPR card has no
    # hands-on check, so renewal is not yet met.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Youth fitness", "2024-09-01", 1.5, "ACE-CEC"),
        "credits/b.yaml": course("Aerobic testing", "2025-02-01", 15, "contact_hour",
                                 counts_for="[CI-CPT]"),
        "credits/cpr.yaml": card(completed="2025-01-18", expires="2027-06-18", hands_on="false")},
        profile=profile(("CI-CPT", {"since": "2024-05-10"}), ("ACE-CPT", {"expires": "2026-05-31"})))
    report = report_for(tmp_path, DAY)
    ci, ace = result(report, "CI-CPT"), result(report, "ACE-CPT")
    assert (ci.cycle.end, ci.required, ci.earned) == (dt.date(2026, 5, 31), 30.0, 30.0)
    assert rows(ace)["Youth fitness"].counted == 1.5
    assert "cycle length in years" in " ".join(f.what for f in ci.assumptions)
    (cpr,) = ci.prerequisites
    assert not cpr.met and not ci.met


# --- A user's own rule file with every mechanism of this part (docs/guide/rules.md) ---------

def guide_block(marker: str) -> str:
    import re

    from conftest import REPO
    text = (REPO / "docs" / "guide" / "rules.md").read_text("utf-8")
    (block,) = [b for b in re.findall(r"```yaml\n(.+?)```", text, re.S) if marker in b]
    return block


def test_the_guides_birth_month_licence_works_as_a_users_own_rule_file(tmp_path):
    # As the guide says: born in March, licensed 2024-11-15: first renewal ends 2026-03-31
    # and asks 15 hours; 2 CEU = 20 hours counted (B1: 1 CEU = 10).
    write_tracker(tmp_path, {
        "rules/sbpt.yaml": guide_block("body: SBPT"),
        "credits/a.yaml": course("Manual therapy", "2025-05-01", 2, "CEU")},
        profile=born_in("March", ("SB-PT", {"since": "2024-11-15"})))
    found = analysis(tmp_path, DAY).report
    assert not [p for p in found.problems if p.code == "bad-rule"]
    c = result(found, "SB-PT")
    assert (c.cycle.end, c.required, c.earned, c.met) == (dt.date(2026, 3, 31), 15.0, 20.0, True)
    # Renewing late (the licence's expiry given, today 2026-04-01): the full 30.
    (tmp_path / "credits" / "profile.yaml").write_text(born_in(
        "March", ("SB-PT", {"since": "2024-11-15", "expires": "2026-03-31"})))
    c = result(analysis(tmp_path, dt.date(2026, 4, 1)).report, "SB-PT")
    assert (c.required, c.earned) == (30.0, 20.0)


def test_a_cycle_ending_the_day_before_the_anniversary():
    # Joined 2016-06-01, one-year cycles: due 2017-05-31 ("subscription start date is 1 June
    # 2016, you will have until 31 May 2017", CIMSPA page 205); on 2025-11-28 the year is
    # 2025-06-01 to 2026-05-31. Joined on 29 February 2024: the year ends 28 February 2025.
    from cectrack.engine.cycles import current_cycle, cycle_end_after
    from cectrack.records.model import HeldCredential
    from cectrack.rules.model import CycleRule, Fact
    rule = CycleRule("anniversary_day_before", Fact(1, "years"))
    assert cycle_end_after(rule, dt.date(2016, 6, 1))[0] == dt.date(2017, 5, 31)
    cycle = current_cycle(HeldCredential("X-1", 1, since=dt.date(2016, 6, 1)), rule, None, DAY)
    assert (cycle.start, cycle.end) == (dt.date(2025, 6, 1), dt.date(2026, 5, 31))
    assert cycle_end_after(rule, dt.date(2024, 2, 29))[0] == dt.date(2025, 2, 28)


def test_a_misspelt_cycle_model_or_first_renewal_is_reported_at_its_line():
    from cectrack.rules.load import load_ruleset
    text = guide_block("body: SBPT")
    problems = []
    broken = (text.replace("model: birth_month ", "model: birth_months")
              .replace("required: {value: 15,", "required: {value: fifteen,"))
    assert load_ruleset(broken, "rules/sbpt.yaml", problems) is None
    lines = broken.splitlines()
    found = {(p.line, p.message, p.hint) for p in problems}
    assert (next(i for i, line in enumerate(lines, 1) if "fifteen" in line),
            "SBPT: SB-PT: credits required for the first renewal must be a number, found "
            "'fifteen'", "") in found
    assert (next(i for i, line in enumerate(lines, 1) if "birth_months" in line),
            "cycle model: `birth_months` is not a known cycle model",
            "did you mean `birth_month`?") in found


# --- CSEP: per-day credit by organiser, per-hour by presenter, two credentials' cycles ------

def test_csep_counts_by_organiser_and_presenter_on_each_credentials_cycle(tmp_path):
    # CSEP-CPT: 20 PDCs per 2 years ending 31 March of even years (V1): 2024-04-01 to
    # 2026-03-31. CSEP-CEP: 30 PDCs, cycles ending in odd years (unconfirmed): 2025-04-01 to
    # 2027-03-31. The chart (V3): a CSEP national conference 15 a day (C-1); a workshop by a
    # CSEP-CEP 2 per hour (W-1), at most 20 a cycle.
    # Conference 1-2 May 2025: 2 days x 15 = 30, for both. Workshop of 12 hours on
    # 2025-02-01: 12 x 2 = 24, held to 20 by W-1; before the CEP's cycle, so CPT only.
    # CPT: 30 + 20 = 50 of 20; CEP: 30 of 30. The same conference written as 12 CEC counts
    # 12 for ACSM-CPT (A11: 1 CEC per hour), whose cycle ends 2026-12-31.
    write_tracker(tmp_path, {
        "credits/conf.yaml": course("CSEP national conference", "2025-05-02", 12, "CEC",
                                    started="2025-05-01", activity="conference",
                                    tags="[csep-national]"),
        "credits/ws.yaml": course("Exercise prescription workshop", "2025-02-01", 12,
                                  "contact_hour", tags="csep-presenter")},
        profile=profile(("CSEP-CPT", {"since": "2015-06-01"}), ("CSEP-CEP", {"since": "2015-06-01"}),
                        ("ACSM-CPT", {"expires": "2026-12-31"})))
    report = report_for(tmp_path, DAY)
    cpt, cep, acsm = (result(report, c) for c in ("CSEP-CPT", "CSEP-CEP", "ACSM-CPT"))
    assert (cpt.cycle.start, cpt.cycle.end) == (dt.date(2024, 4, 1), dt.date(2026, 3, 31))
    assert (cep.cycle.start, cep.cycle.end) == (dt.date(2025, 4, 1), dt.date(2027, 3, 31))
    assert categories(cpt)["C-1"] == 30.0 and categories(cpt)["W-1"] == 20.0
    assert (cpt.earned, cpt.required, cep.earned, cep.required) == (50.0, 20.0, 30.0, 30.0)
    assert reason_words(rows(cpt)["CSEP national conference"].notes[0]) == (
        "2 days × 15 PDC a day of a conference tagged csep-national = 30 PDC (source V3)")
    assert rows(cep)["Exercise prescription workshop"].counted == 0.0
    assert rows(acsm)["CSEP national conference"].counted == 12.0
    assert any("odd years" in f.note for f in cep.assumptions)  # the CEP's cycle is unconfirmed


def test_a_rate_by_the_hour_reads_hours_from_any_unit_the_body_converts(tmp_path):
    # W-1 (V3): 2 PDC an hour. CSEP's conversions: an hour 1 PDC, a CEC 1 PDC (U), a CEU
    # 10 PDC (U: 0.1 CEU = 1 hour). So 2 contact hours = 2 hours -> 4; 2 CEC = 2 hours -> 4
    # (was 2, the CEC's own factor); 0.2 CEU = 2 hours -> 4 (was nothing, no conversion).
    # 3 PDC (CSEP's own unit) stays 3, not read as hours.  W-1 total 4 + 4 + 4 + 3 = 15 of
    # its 20 maximum; cycle 2026-04-01 .. 2028-03-31.
    tagged = {"tags": "csep-presenter"}
    write_tracker(tmp_path, {
        "credits/h.yaml": course("In hours", "2026-06-01", 2, "contact_hour", **tagged),
        "credits/c.yaml": course("In CEC", "2026-06-02", 2, "CEC", **tagged),
        "credits/u.yaml": course("In CEU", "2026-06-03", 0.2, "CEU", **tagged),
        "credits/p.yaml": course("In PDC", "2026-06-04", 3, "PDC", **tagged)},
        profile=profile(("CSEP-CPT", {"expires": "2028-03-31"})))
    cpt = result(report_for(tmp_path, dt.date(2026, 12, 3)), "CSEP-CPT")
    counted = {title: row.counted for title, row in rows(cpt).items()}
    assert counted == {"In hours": 4, "In CEC": 4, "In CEU": 4, "In PDC": 3}
    assert (cpt.earned, categories(cpt)["W-1"]) == (15, 15)
    assert [reason_words(n) for n in rows(cpt)["In CEC"].notes] == [
        "2 CEC read as 2 hours (unconfirmed rule), × 2 an hour = 4 PDC as tagged "
        "csep-presenter (source V3)"]
    assert [reason_words(n) for n in rows(cpt)["In CEU"].notes] == [
        "0.2 CEU read as 2 hours (unconfirmed rule), × 2 an hour = 4 PDC as tagged "
        "csep-presenter (source V3)"]
    assert "0.1 CEU = 1 contact hour" in " ".join(f.note for f in cpt.assumptions)


def test_a_conference_without_a_tag_is_any_evidence_based_conference(tmp_path):
    # C-4: 7.5 a day (V3); one day (no `started:`): 7.5.
    write_tracker(tmp_path, {"credits/c.yaml": course("Regional summit", "2025-05-02", None,
                                                      activity="conference")},
                  profile=profile(("CSEP-CPT", {"since": "2015-06-01"})))
    found = analysis(tmp_path, DAY).report
    assert not found.errors  # CSEP gives a conference a value per day: no `credits:` needed
    assert categories(result(found, "CSEP-CPT"))["C-4"] == 7.5


def test_a_tag_no_rule_file_declares_is_reported_with_the_nearest_one(tmp_path):
    write_tracker(tmp_path, {"credits/c.yaml": course("Conference", "2025-05-02", 12, "CEC",
                                                      tags="[csep-nationl]")},
                  profile=profile(("CSEP-CPT", {"since": "2015-06-01"})))
    (problem,) = [p for p in analysis(tmp_path, DAY).report.problems if p.code == "unknown-tag"]
    assert (problem.file, problem.line, problem.col) == ("credits/c.yaml", 6, 8)
    assert problem.message == "`tags:` names `csep-nationl`, which no rule file declares"
    assert problem.hint.startswith("did you mean `csep-national`? known: ")



def test_every_wrong_tag_in_one_list_is_reported(tmp_path):
    # Two unknown words and a list inside the list: three problems, each at its own column;
    # the one known word is not blamed.
    write_tracker(tmp_path, {"credits/c.yaml": course("Conference", "2025-05-02", 12, "CEC",
                                                      tags="[csep-nationl, csep-national, "
                                                           "zzz, [x]]")},
                  profile=profile(("CSEP-CPT", {"since": "2015-06-01"})))
    found = [(p.code, p.line, p.col, p.message) for p in analysis(tmp_path, DAY).report.problems
             if p.code in ("unknown-tag", "wrong-type")]
    assert found == [
        ("unknown-tag", 6, 8, "`tags:` names `csep-nationl`, which no rule file declares"),
        ("unknown-tag", 6, 37, "`tags:` names `zzz`, which no rule file declares"),
        ("wrong-type", 6, 42, found[2][3]),
    ]
    assert found[2][3].startswith("`tags:` must be")

# --- CIMSPA: a year ending the day before the anniversary, endorsed CPD ----------------------

def test_cimspa_year_endorsed_points_and_a_course_shared_with_ace(tmp_path):
    # Joined 2016-06-01: the year runs 2025-06-01 to 2026-05-31 (S2). 10 points a year, 5
    # endorsed (S1). Mapped training 6 h x 1 = 6 (mapped); endorsed, not mapped, 4 h x 0.5 =
    # 2; not endorsed 3 h x 1 = 3 (older table, unconfirmed). 11 of 10, endorsed 8 of 5.
    # A course of 31 May 2025 is last year's. ACE counts the mapped course's 6 hours as
    # 0.6 ACE-CEC (0.1 per hour).
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Mapped training", "2025-07-01", 6, "contact_hour",
                                 tags="[cimspa-mapped]"),
        "credits/b.yaml": course("Partner event", "2025-08-01", 4, "contact_hour",
                                 tags="[cimspa-endorsed]", counts_for="[CIMSPA-PRACTITIONER]"),
        "credits/c.yaml": course("Local workshop", "2025-09-01", 3, "contact_hour",
                                 counts_for="[CIMSPA-PRACTITIONER]"),
        "credits/d.yaml": course("Last year", "2025-05-31", 8, "contact_hour",
                                 counts_for="[CIMSPA-PRACTITIONER]")},
        profile=profile(("CIMSPA-PRACTITIONER", {"since": "2016-06-01"}),
                        ("ACE-CPT", {"expires": "2026-05-31"})))
    report = report_for(tmp_path, DAY)
    c = result(report, "CIMSPA-PRACTITIONER")
    assert (c.cycle.start, c.cycle.end) == (dt.date(2025, 6, 1), dt.date(2026, 5, 31))
    assert categories(c) == {"mapped": 6.0, "endorsed": 2.0, "other": 3.0}
    assert (c.earned, c.required, c.status) == (11.0, 10.0, "met")
    assert [(g.label, g.earned, g.min) for g in c.groups] == [("CIMSPA-endorsed CPD", 8.0, 5.0)]
    assert rows(c)["Last year"].counted == 0.0
    assert rows(result(report, "ACE-CPT"))["Mapped training"].counted == 0.6


def test_cimspa_without_endorsed_cpd_is_not_met(tmp_path):
    # 12 hours not endorsed: 12 points, but 0 of the 5 endorsed ones (S1).
    write_tracker(tmp_path, {"credits/a.yaml": course("Workshops", "2025-07-01", 12, "contact_hour")},
                  profile=profile(("CIMSPA-PRACTITIONER", {"since": "2016-06-01"})))
    c = result(report_for(tmp_path, DAY), "CIMSPA-PRACTITIONER")
    assert (c.earned, c.met) == (12.0, False)
    assert unmet_words(c) == ["5 CPD-point still needed, in CIMSPA-endorsed CPD",  # 5 - 0
                              "CIMSPA-endorsed CPD: 0 of at least 5 CPD-point"]


# --- NETA: other bodies' credit with stated factors, its own workshops ------------------------

def test_neta_takes_ace_and_nasm_credit_and_wants_6_from_its_own_workshops(tmp_path):
    # 20 CECs (T1); expires 2026-06-30, 2-year cycle (unconfirmed): from 2024-07-01.
    # 1.0 ACE-CEC = 10 NETA CEC (0.1 = 1.0); 0.4 NASM CEU = 4; a NETA workshop of 4 hours = 4
    # (an hour as 1 CEC, unconfirmed); a NETA webinar of 3 hours = 3. 21 of 20, but from NETA
    # workshops or home study only the 4 of at least 6 (the webinar is neither).
    # ACE-CPT counts the ACE course as 1.0 ACE-CEC.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("ACE course", "2025-01-10", 1.0, "ACE-CEC"),
        "credits/b.yaml": course("NASM course", "2025-02-10", 0.4, "CEU", counts_for="[NETA-PT]"),
        "credits/c.yaml": course("NETA workshop", "2025-03-10", 4, "contact_hour",
                                 counts_for="[NETA-PT]").replace("Test Provider", "NETA"),
        "credits/d.yaml": course("NETA webinar", "2025-04-10", 3, "contact_hour",
                                 activity="webinar", counts_for="[NETA-PT]").replace(
                                     "Test Provider", "NETA")},
        profile=profile(("NETA-PT", {"expires": "2026-06-30"}), ("ACE-CPT", {"expires": "2026-06-30"})))
    report = report_for(tmp_path, DAY)
    neta = result(report, "NETA-PT")
    assert (neta.cycle.start, neta.earned, neta.required) == (dt.date(2024, 7, 1), 21.0, 20.0)
    assert [(g.earned, g.min) for g in neta.groups] == [(4.0, 6.0)]
    assert neta.remaining == 2  # 21 of 20 earned, but 4 of its own 6: 6 - 4
    assert unmet_words(neta) == ["2 CEC still needed",
                                 "from NETA or National Exercise Trainers Association courses or "
                          "home-study courses: 4 of at least 6 CEC"]
    assert rows(result(report, "ACE-CPT"))["ACE course"].counted == 1.0


def test_the_guides_tagged_values_work_as_a_users_own_rule_file(tmp_path):
    # The guide's EXA file and entry: EXA-T on global 2-year periods from 2024-04-01 (so
    # 2024-04-01 to 2026-03-31); EXA-S on its own year to the day before the anniversary
    # (since 2020-09-15: 2025-09-15 to 2026-09-14). The conference (1-2 May 2025, EXA's own):
    # 2 days x 10 = 20 points for EXA-T; before EXA-S's year. A workshop by an EXA presenter,
    # 6 hours on 2025-10-01: 6 x 2 = 12, held to 8 (category `presented`), for both.
    # EXA-T: 20 + 8 = 28 of 20, from EXA's conferences 20 of 10. EXA-S: 8 of 10.
    # ACSM counts the conference as written: 12 CEC.
    import re

    from conftest import REPO
    text = (REPO / "docs" / "guide" / "rules.md").read_text("utf-8")
    entry = next(b for b in re.findall(r"```yaml\n(.+?)```", text, re.S) if "title: EXA annual conference" in b)
    write_tracker(tmp_path, {
        "rules/exa.yaml": guide_block("body: EXA"),
        "credits/conf.yaml": entry,
        "credits/ws.yaml": course("Presented workshop", "2025-10-01", 6, "contact_hour",
                                  tags="exa-presenter", counts_for="[EXA-T, EXA-S]")},
        profile=profile(("EXA-T", {"since": "2020-09-15"}), ("EXA-S", {"since": "2020-09-15"}),
                        ("ACSM-CPT", {"expires": "2026-12-31"})))
    found = analysis(tmp_path, DAY).report
    assert not found.errors
    t, s, acsm = (result(found, c) for c in ("EXA-T", "EXA-S", "ACSM-CPT"))
    assert (t.cycle.start, t.cycle.end) == (dt.date(2024, 4, 1), dt.date(2026, 3, 31))
    assert (s.cycle.start, s.cycle.end) == (dt.date(2025, 9, 15), dt.date(2026, 9, 14))
    assert (t.earned, s.earned) == (28.0, 8.0)
    assert [(g.earned, g.min) for g in t.groups] == [(20.0, 10.0)]
    assert rows(acsm)["EXA annual conference"].counted == 12.0


def test_cectrack_rules_explains_every_fact_of_the_new_bodies():
    # Each fact of the six bodies stands on a line of `cectrack rules ID` with its mark, but
    # a confirmed 1-for-1 conversion of the body's own unit (nothing to say).
    from test_rules import every_fact

    from cectrack.render.explain import explain, fact_mark
    from cectrack.rules.load import load_library
    library = load_library()[0]
    for body in ("PTBC", "MBN", "CI", "CSEP", "CIMSPA", "NETA"):
        rules = library.rulesets[body]
        shown = {id(f) for s in explain(rules) for line in s.lines for f in line.facts}
        silent = [f.what for f in every_fact(rules) if id(f) not in shown
                  and not (f is rules.conversions.get(rules.unit) and f.value == 1
                           and not f.unconfirmed)]
        assert silent == [], body
    csep = "\n".join(f"{line.text} {' '.join(map(fact_mark, line.facts))}"
                     for s in explain(library.rulesets["CSEP"]) for line in s.lines)
    assert ("CSEP-CEP: One cycle of 2 years for everyone, whatever the certification date, "
            "counted from 1 April 2023. [U V1]") in csep
    assert "Conference tagged `csep-national`: worth 15 PDC a day, from `started:` to " \
           "`completed:`, whatever the certificate awards. [C V3]" in csep
    assert "Tag csep-presenter (an entry's `tags:`): a workshop presented by a CSEP-CEP" in csep


def test_cectrack_add_writes_an_entrys_tags_and_refuses_an_unknown_one(tmp_path):
    # A two-day CSEP national conference with no credits: CSEP gives 2 x 15 = 30 PDC (V3).
    from conftest import cectrack
    write_tracker(tmp_path, {}, profile=profile(("CSEP-CPT", {"since": "2015-06-01"})))
    args = ["add", "--root", str(tmp_path), "--today", "2025-11-28", "--no-input",
            "--title", "CSEP national conference", "--provider", "CSEP", "--activity",
            "conference", "--started", "2025-05-01", "--completed", "2025-05-02"]
    bad = cectrack(*args, "--tags", "csep-nationl", expect=2)
    assert "--tags: `tags:` names `csep-nationl`, which no rule file declares" in bad.stdout
    done = cectrack(*args, "--tags", "csep-national")
    assert "CSEP-CPT: 30 PDC; total 0 -> 30 of 20 PDC" in done.stdout, done.stdout
    (written,) = (tmp_path / "credits" / "2025").glob("*.yaml")
    assert "tags: [csep-national]\n" in written.read_text()


def test_cectrack_add_keeps_every_tag_repeated_or_with_commas(tmp_path):
    """`--tags a --tags b` kept only b, silently, and `--tags a,b` was refused: both give
    the list now, as does `--tags "a b"`."""
    from conftest import cectrack
    write_tracker(tmp_path, {}, profile=profile(("CSEP-CPT", {"since": "2015-06-01"})))
    args = ["add", "--root", str(tmp_path), "--today", "2025-11-28", "--no-input",
            "--provider", "CSEP", "--activity", "conference", "--completed", "2025-05-02"]
    cectrack(*args, "--title", "One", "--tags", "csep-national", "--tags", "gold-standard")
    cectrack(*args, "--title", "Two", "--tags", "csep-affiliate, gold-standard")
    cectrack(*args, "--title", "Three", "--tags", "csep-presenter gold-standard")
    written = {p.name: p.read_text() for p in (tmp_path / "credits" / "2025").glob("*.yaml")}
    assert "tags: [csep-national, gold-standard]\n" in written["2025-05-02-one.yaml"]
    assert "tags: [csep-affiliate, gold-standard]\n" in written["2025-05-02-two.yaml"]
    assert "tags: [csep-presenter, gold-standard]\n" in written["2025-05-02-three.yaml"]


def test_the_add_form_offers_the_tags_of_the_bodies_held(tmp_path):
    """A CSEP holder ticks CSEP's five tags (no body named: there is one); an ACSM holder's
    form has none; one holding both CSEP and CIMSPA sees each tag with its body."""
    from cectrack.render.addform import tags_offered
    from cectrack.rules.load import load_library
    library = load_library()[0]

    def offered(*held):
        write_tracker(tmp_path, {}, profile=profile(*((c, {"since": "2016-06-01"}) for c in held)))
        return tags_offered(report_for(tmp_path, DAY), library)

    csep = offered("CSEP-CPT")
    assert [t[0] for t in csep] == ["csep-national", "csep-affiliate", "gold-standard",
                                    "csep-presenter", "acsm-nsca-presenter"]
    assert csep[0][1] == "organised by CSEP: its national conference (CSEP chart C-1)"
    assert offered("ACSM-CPT") == []
    both = offered("CSEP-CPT", "CIMSPA-PRACTITIONER")
    assert [t[0] for t in both][-2:] == ["cimspa-mapped", "cimspa-endorsed"]
    assert {t[2] for t in both} == {library.rulesets["CSEP"].name, library.rulesets["CIMSPA"].name}


def test_a_tag_that_changes_nothing_is_said_and_one_that_does_is_not(tmp_path):
    """csep-national on a conference: 15 PDC, no warning. On a course: CSEP values it only
    for conferences, said at the line. cimspa-mapped for a CSEP and ACSM holder: no body of
    theirs uses it, said too. Both still count as their activity."""
    write_tracker(tmp_path, {
        "credits/conf.yaml": course("Conference", "2026-05-02", 6, "contact_hour",
                                    activity="conference", tags="[csep-national]"),
        "credits/course.yaml": course("Course", "2026-05-03", 6, "contact_hour",
                                      tags="[csep-national]"),
        "credits/other.yaml": course("Other", "2026-05-04", 6, "contact_hour",
                                     tags="[cimspa-mapped]")},
        profile=profile(("CSEP-CPT", {"since": "2016-06-01"}), ("ACSM-CPT", {"expires": "2026-12-31"})))
    found = [p for p in analysis(tmp_path, DAY).report.problems if p.code == "tag-without-effect"]
    assert [(p.file, p.line, p.severity) for p in found] == [
        ("credits/course.yaml", 6, "warning"), ("credits/other.yaml", 6, "warning")]
    assert found[0].message == ("`csep-national` changes nothing for a course: CSEP's rules "
                                "value it only for conference")
    assert found[1].message == ("`cimspa-mapped` changes nothing here: it is a tag of CIMSPA, "
                                "and the course counts for no credential of theirs")


def test_the_list_of_credentials_says_which_cycle_lengths_are_unconfirmed():
    # Cooper's and NETA's lengths were not found (U); CSEP-CEP's odd years are read from its
    # audits (U); CIMSPA's year is confirmed (S2).
    from cectrack.render.text import credential_table
    from cectrack.rules.load import load_library
    rows = {line.split()[0]: line for line in credential_table(load_library()[0])}
    assert rows["CI-CPT"].endswith("every 2 years (unconfirmed)  Cooper Institute Certified "
                                   "Personal Trainer")
    assert "every 2 years (unconfirmed)" in rows["NETA-GEI"]
    assert "every 2 years (unconfirmed)" in rows["CSEP-CEP"]
    assert "every 2 years  CSEP" in rows["CSEP-CPT"]
    assert "every year  CIMSPA practitioner membership" in rows["CIMSPA-PRACTITIONER"]
