"""Issue 21, items 1 and 2: cycles stepped across leap days and month ends, and deadlines
derived from an unconfirmed rule carry its mark.  Every date below is worked out by hand from
the body's cycle rule (rules.md, rules-2.md), never from the code."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import (
    LIBRARY,
    cectrack,
    course,
    profile,
    report_for,
    result,
    rows,
    why,
    write_tracker,
)

from cectrack.engine.cycles import current_cycle, cycle_end_after
from cectrack.records.model import HeldCredential
from cectrack.rules.model import CycleRule, Fact, GraceRule

D = dt.date.fromisoformat

# Four cycles per body for a holder certified on 29 February 2024 (a leap day).
# - years_ending: the first end is the rule's day `first_end_after_years` after the year
#   earned, each later one `years` on (ACSM 31 Dec, 3 + 3; NCCPA 31 Dec, 2 + 2 [E1];
#   NBCOT 31 Mar, 3 + 3; CDR 31 May: an exam from January to May ends 5 years on [U]).
# - anniversary_month_end: the last day of the month earned, every N years; a February end
#   is the 28th or, in a leap year, the 29th (28 Feb 2026 + 2 years = 29 Feb 2028).
# - fixed: the global periods (NSCA from 2018-01-01 by 3, BOC from 2014-01-01 by 2, CSCCa
#   from 2016-08-01 by 3); the first is the one holding the certification day.
TWO_YEARS_FROM_LEAP_DAY = [("2024-02-29", "2026-02-28"), ("2026-03-01", "2028-02-29"),
                           ("2028-03-01", "2030-02-28"), ("2030-03-01", "2032-02-29")]
LEAP_DAY = {
    "ACSM-CPT": [("2024-02-29", "2027-12-31"), ("2028-01-01", "2030-12-31"),
                 ("2031-01-01", "2033-12-31"), ("2034-01-01", "2036-12-31")],
    "ACE-CPT": TWO_YEARS_FROM_LEAP_DAY,
    "NSCA-CSCS": [("2024-01-01", "2026-12-31"), ("2027-01-01", "2029-12-31"),
                  ("2030-01-01", "2032-12-31"), ("2033-01-01", "2035-12-31")],
    "NASM-CPT": TWO_YEARS_FROM_LEAP_DAY,
    "NCCPA-PA-C": [("2024-02-29", "2026-12-31"), ("2027-01-01", "2028-12-31"),
                   ("2029-01-01", "2030-12-31"), ("2031-01-01", "2032-12-31")],
    "BOC-ATC": [("2024-01-01", "2025-12-31"), ("2026-01-01", "2027-12-31"),
                ("2028-01-01", "2029-12-31"), ("2030-01-01", "2031-12-31")],
    "CDR-RDN": [("2024-02-29", "2029-05-31"), ("2029-06-01", "2034-05-31"),
                ("2034-06-01", "2039-05-31"), ("2039-06-01", "2044-05-31")],
    "NBCOT-OTR": [("2024-02-29", "2027-03-31"), ("2027-04-01", "2030-03-31"),
                  ("2030-04-01", "2033-03-31"), ("2033-04-01", "2036-03-31")],
    "NCBTMB-BCTMB": TWO_YEARS_FROM_LEAP_DAY,
    "YA-RYT200": [("2024-02-29", "2027-02-28"), ("2027-03-01", "2030-02-28"),
                  ("2030-03-01", "2033-02-28"), ("2033-03-01", "2036-02-29")],
    "ISSA-CPT": TWO_YEARS_FROM_LEAP_DAY,
    "NCSF-CPT": TWO_YEARS_FROM_LEAP_DAY,
    "AFAA-GFI": TWO_YEARS_FROM_LEAP_DAY,
    "CSCCa-SCCC": [("2022-08-01", "2025-07-31"), ("2025-08-01", "2028-07-31"),
                   ("2028-08-01", "2031-07-31"), ("2031-08-01", "2034-07-31")],
    "PMA-CPT": TWO_YEARS_FROM_LEAP_DAY,
    # NREMT: 31 March, 2 + 2 (R1; the first end 2 years after the year earned is U).
    "NREMT-EMT": [("2024-02-29", "2026-03-31"), ("2026-04-01", "2028-03-31"),
                  ("2028-04-01", "2030-03-31"), ("2030-04-01", "2032-03-31")],
    # NBRC: the last day of the month earned, every 5 years (N4 T; the first end U).
    "NBRC-RRT": [("2024-02-29", "2029-02-28"), ("2029-03-01", "2034-02-28"),
                 ("2034-03-01", "2039-02-28"), ("2039-03-01", "2044-02-29")],
    # Born in February (BIRTH_MONTH): the last day of February, every 2 years (P1, P3).
    "CA-PT": [("2024-02-29", "2026-02-28"), ("2026-03-01", "2028-02-29"),
              ("2028-03-01", "2030-02-28"), ("2030-03-01", "2032-02-29")],
    "MN-RN": TWO_YEARS_FROM_LEAP_DAY,
    "CI-CPT": TWO_YEARS_FROM_LEAP_DAY,
    # Global periods ending 31 March of even years (V1).
    "CSEP-CPT": [("2022-04-01", "2024-03-31"), ("2024-04-01", "2026-03-31"),
                 ("2026-04-01", "2028-03-31"), ("2028-04-01", "2030-03-31")],
    # A year to the day before the anniversary (S2): joined 29 February, each year ends on
    # 28 February, the next starting on the anniversary (1 March, or 29 February in 2028).
    "CIMSPA-PRACTITIONER": [("2024-02-29", "2025-02-28"), ("2025-03-01", "2026-02-28"),
                            ("2026-03-01", "2027-02-28"), ("2027-03-01", "2028-02-28")],
    "NETA-PT": TWO_YEARS_FROM_LEAP_DAY,
}
# The same for a holder certified on 31 January 2025 (a month end, not in February).
TWO_YEARS_FROM_JANUARY = [("2025-01-31", "2027-01-31"), ("2027-02-01", "2029-01-31"),
                          ("2029-02-01", "2031-01-31"), ("2031-02-01", "2033-01-31")]
JANUARY_END = {
    "ACSM-CPT": [("2025-01-31", "2028-12-31"), ("2029-01-01", "2031-12-31"),
                 ("2032-01-01", "2034-12-31"), ("2035-01-01", "2037-12-31")],
    "ACE-CPT": TWO_YEARS_FROM_JANUARY,
    "NSCA-CSCS": LEAP_DAY["NSCA-CSCS"],
    "NASM-CPT": TWO_YEARS_FROM_JANUARY,
    "NCCPA-PA-C": [("2025-01-31", "2027-12-31"), ("2028-01-01", "2029-12-31"),
                   ("2030-01-01", "2031-12-31"), ("2032-01-01", "2033-12-31")],
    "BOC-ATC": LEAP_DAY["BOC-ATC"],
    "CDR-RDN": [("2025-01-31", "2030-05-31"), ("2030-06-01", "2035-05-31"),
                ("2035-06-01", "2040-05-31"), ("2040-06-01", "2045-05-31")],
    "NBCOT-OTR": [("2025-01-31", "2028-03-31"), ("2028-04-01", "2031-03-31"),
                  ("2031-04-01", "2034-03-31"), ("2034-04-01", "2037-03-31")],
    "NCBTMB-BCTMB": TWO_YEARS_FROM_JANUARY,
    "YA-RYT200": [("2025-01-31", "2028-01-31"), ("2028-02-01", "2031-01-31"),
                  ("2031-02-01", "2034-01-31"), ("2034-02-01", "2037-01-31")],
    "ISSA-CPT": TWO_YEARS_FROM_JANUARY,
    "NCSF-CPT": TWO_YEARS_FROM_JANUARY,
    "AFAA-GFI": TWO_YEARS_FROM_JANUARY,
    "CSCCa-SCCC": LEAP_DAY["CSCCa-SCCC"],
    "PMA-CPT": TWO_YEARS_FROM_JANUARY,
    "NREMT-EMT": [("2025-01-31", "2027-03-31"), ("2027-04-01", "2029-03-31"),
                  ("2029-04-01", "2031-03-31"), ("2031-04-01", "2033-03-31")],
    "NBRC-RRT": [("2025-01-31", "2030-01-31"), ("2030-02-01", "2035-01-31"),
                 ("2035-02-01", "2040-01-31"), ("2040-02-01", "2045-01-31")],
    "CA-PT": [("2025-01-31", "2027-02-28"), ("2027-03-01", "2029-02-28"),
              ("2029-03-01", "2031-02-28"), ("2031-03-01", "2033-02-28")],
    "MN-RN": TWO_YEARS_FROM_JANUARY,
    "CI-CPT": TWO_YEARS_FROM_JANUARY,
    "CSEP-CPT": [("2024-04-01", "2026-03-31"), ("2026-04-01", "2028-03-31"),
                 ("2028-04-01", "2030-03-31"), ("2030-04-01", "2032-03-31")],
    "CIMSPA-PRACTITIONER": [("2025-01-31", "2026-01-30"), ("2026-01-31", "2027-01-30"),
                            ("2027-01-31", "2028-01-30"), ("2028-01-31", "2029-01-30")],
    "NETA-PT": TWO_YEARS_FROM_JANUARY,
}
BIRTH_MONTH = {"CA-PT": 2}  # licences renewing at the end of the holder's birth month
# The bodies whose derived deadline rests on an unconfirmed rule: the first end of ISSA,
# AFAA, NCBTMB, YA, PMA, NASM, NBRC (anniversary, `first_end_after_years` U), ACSM and NBCOT
# (which 31 December / 31 March, U), NREMT (which 31 March, U) and CDR for an exam from
# January to May (U).
UNCONFIRMED_END = {"ACSM-CPT", "NASM-CPT", "CDR-RDN", "NBCOT-OTR", "NCBTMB-BCTMB", "YA-RYT200",
                   "ISSA-CPT", "AFAA-GFI", "PMA-CPT", "NREMT-EMT", "NBRC-RRT", "CA-PT", "MN-RN",
                   "CI-CPT", "NETA-PT"}


def test_every_body_is_covered():
    assert set(LEAP_DAY) == set(JANUARY_END)
    assert {LIBRARY.for_credential(c).body for c in LEAP_DAY} == set(LIBRARY.rulesets)


@pytest.mark.parametrize("since,table", [("2024-02-29", LEAP_DAY), ("2025-01-31", JANUARY_END)])
@pytest.mark.parametrize("credential_id", sorted(LEAP_DAY))
def test_four_cycles_land_on_the_right_days(credential_id, since, table):
    rules = LIBRARY.for_credential(credential_id)
    held = HeldCredential(credential_id, 1, since=D(since),
                          birth_month=BIRTH_MONTH.get(credential_id))
    cycles = [(D(start), D(end)) for start, end in table[credential_id]]
    for number, (start, end) in enumerate(cycles):
        # On its last day the cycle is still this one; the day after, the next one.
        on_deadline = current_cycle(held, rules.cycle, rules.grace, end)
        assert (on_deadline.start, on_deadline.end) == (start, end), (credential_id, number)
        assert on_deadline.first == (number == 0)
        assert (on_deadline.end_fact is not None) == (credential_id in UNCONFIRMED_END)
        if number + 1 < len(cycles):
            after = current_cycle(held, rules.cycle, rules.grace, end + dt.timedelta(days=1))
            assert (after.start, after.end) == cycles[number + 1], (credential_id, number)
        # The cycle before, worked out from this one's end as `expires:` would give it.
        if number:
            given = HeldCredential(credential_id, 1, since=D(since),
                                   expires=cycles[number - 1][1],
                                   birth_month=BIRTH_MONTH.get(credential_id))
            earlier = current_cycle(given, rules.cycle, rules.grace, end)
            assert earlier.nominal_start == cycles[number - 1][0] or number == 1


def test_ncsf_leap_day_holder_keeps_the_whole_cycle_on_29_february(tmp_path):
    # E1: NCSF passed 2024-02-29 (L2: the last day of the month, 2 years later):
    # 2026-02-28, then 29 February 2028. On 29 Feb 2028 the cycle is 2026-03-01..2028-02-29:
    # the courses of 1 March 2026 (4 h = 2 CEU, L1) and of 29 Feb 2028 (2 h = 1) count, the
    # one of 28 Feb 2026 (the cycle before) does not. The day before, 1 day is left.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("First day", "2026-03-01", 4, "contact_hour"),
        "credits/b.yaml": course("Last day", "2028-02-29", 2, "contact_hour"),
        "credits/c.yaml": course("Before", "2026-02-28", 6, "contact_hour")},
        profile=profile(("NCSF-CPT", {"since": "2024-02-29"})))
    c = result(report_for(tmp_path, D("2028-02-29")), "NCSF-CPT")
    assert (c.cycle.start, c.cycle.end, c.days_left) == (D("2026-03-01"), D("2028-02-29"), 0)
    assert (rows(c)["First day"].counted, rows(c)["Last day"].counted, c.earned) == (2.0, 1.0, 3.0)
    assert why(rows(c)["Before"]) == "completed 2026-02-28, before this cycle began (2026-03-01)"
    assert result(report_for(tmp_path, D("2028-02-28")), "NCSF-CPT").days_left == 1


def test_ace_earned_on_10_february_2022_ends_on_29_february_2028(tmp_path):
    # E1: ACE since 2022-02-10: last day of February 2024 (29), 2026 (28), 2028 (29).
    write_tracker(tmp_path, {}, profile=profile(("ACE-CPT", {"since": "2022-02-10"})))
    c = result(report_for(tmp_path, D("2028-02-29")), "ACE-CPT")
    assert (c.cycle.start, c.cycle.end) == (D("2026-03-01"), D("2028-02-29"))


def test_a_year_inside_a_cycle_from_29_february_runs_to_28_february():
    # Per-year caps count cycle-years from the cycle's start: from 29 Feb 2024, the second
    # year starts on 1 March 2025 (28 Feb 2025 is still the first year's last day).
    from cectrack.engine.counting import cycle_year
    rules = LIBRARY.for_credential("ACE-CPT")
    cycle = current_cycle(HeldCredential("ACE-CPT", 1, since=D("2024-02-29")), rules.cycle,
                          None, D("2025-06-01"))
    assert [cycle_year(D(day), cycle) for day in ("2024-02-29", "2025-02-28", "2025-03-01",
                                                  "2026-02-28")] == [0, 0, 1, 1]


def test_rule_files_may_end_a_cycle_on_29_february_and_anchor_one_there():
    # A years_ending rule on 29 February ends on the 28th in a common year (no crash, no
    # drift): since 2024-03-15, 1 year: 2025-02-28, 2026-02-28, 2027-02-28, 2028-02-29.
    rule = CycleRule("years_ending", Fact(1, "years"), end_month=2, end_day=29)
    held = HeldCredential("X", 1, since=D("2024-03-15"))
    ends = [current_cycle(held, rule, None, D(day)).end
            for day in ("2025-02-01", "2026-02-01", "2027-02-01", "2028-02-01")]
    assert ends == [D("2025-02-28"), D("2026-02-28"), D("2027-02-28"), D("2028-02-29")]
    assert current_cycle(held, rule, None, D("2028-02-01")).start == D("2027-03-01")
    # A global period anchored on 29 February 2024, 1 year: each start counted from the
    # anchor (1 March in a common year, 29 February again in 2028).
    fixed = CycleRule("fixed", Fact(1, "years"), anchor=D("2024-02-29"))
    assert [cycle_end_after(fixed, D(day))[0] for day in
            ("2024-02-29", "2025-02-28", "2025-03-01", "2027-12-01", "2028-02-29")] == [
        D("2025-02-28"), D("2025-02-28"), D("2026-02-28"), D("2028-02-28"), D("2029-02-28")]


def test_grace_after_a_month_end_ends_at_a_month_end():
    # PMA's 6-month grace (Q7) after a deadline on the last day of February 2026 runs to the
    # last day of August; ACSM's after 31 December to 30 June (A3); a deadline that is not a
    # month's end keeps its day (15 March + 6 months = 15 September).
    grace = GraceRule(Fact(6, "months"), Fact(True, "earning"))
    assert grace.end_after(D("2026-02-28")) == D("2026-08-31")
    assert grace.end_after(D("2026-12-31")) == D("2027-06-30")
    assert grace.end_after(D("2026-04-30")) == D("2026-10-31")
    assert grace.end_after(D("2026-03-15")) == D("2026-09-15")


# --- Item 2: a deadline derived from an unconfirmed rule says so ------------------------
def test_yoga_alliance_derived_deadline_is_marked_unconfirmed_everywhere(tmp_path):
    # E2: registered 2023-05-10; YA: "every three years starting from your initial
    # registration date" (J1); the month-end reading is unconfirmed, so 31 May 2026 is shown
    # as unconfirmed, and its rule is listed among the credential's assumptions.
    write_tracker(tmp_path, {"credits/a.yaml": course("Workshop", "2024-03-01", 10, "contact_hour")},
                  profile=profile(("YA-RYT200", {"since": "2023-05-10"})))
    today = D("2026-01-15")
    c = result(report_for(tmp_path, today), "YA-RYT200")
    assert c.cycle.end == D("2026-05-31")
    fact = c.cycle.end_fact
    assert (fact.what, fact.confidence) == ("YA: years from first certification to the first "
                                            "cycle end", "U")
    assert fact in c.assumptions
    line = cectrack("check", "--today", "2026-01-15", cwd=tmp_path).stdout
    # 20 / (136 / 30.4375) = 4.48 a month
    assert "20 to go by 2026-05-31 (unconfirmed) (136 days left, 4.48 a month)" in line
    data = json.loads(cectrack("status", "--json", "--today", "2026-01-15", cwd=tmp_path).stdout)
    (ya,) = data["credentials"]
    assert ya["cycle"]["end"] == "2026-05-31" and ya["cycle"]["end_unconfirmed"] is True
    assert {"what": fact.what, "value": 3, "confidence": "U", "source": None,
            "note": fact.note} in ya["assumptions"]


def test_an_expires_date_is_the_holders_and_carries_no_mark(tmp_path):
    write_tracker(tmp_path, {}, profile=profile(("YA-RYT200", {"since": "2023-05-10",
                                                              "expires": "2026-05-10"})))
    c = result(report_for(tmp_path, D("2026-01-15")), "YA-RYT200")
    assert (c.cycle.end, c.cycle.end_fact) == (D("2026-05-10"), None)


@pytest.mark.parametrize("exam,end,unconfirmed", [
    # G2: "after June 1 … additional time", example 1 Sep 2022 -> 31 May 2028 [C].
    ("2022-09-01", "2028-05-31", False),
    ("2022-06-01", "2028-05-31", False),
    # Jan-May is not stated: the earlier end (the first 31 May on or after the exam, plus
    # 5 years) is assumed, so a holder never misses 31 May 2027 [U].
    ("2022-03-15", "2027-05-31", True),
    ("2022-05-31", "2027-05-31", True),
])
def test_cdr_first_cycle_by_the_month_of_the_exam(tmp_path, exam, end, unconfirmed):
    write_tracker(tmp_path, {}, profile=profile(("CDR-RDN", {"since": exam})))
    c = result(report_for(tmp_path, D("2026-01-15")), "CDR-RDN")
    assert (c.cycle.start, c.cycle.end) == (D(exam), D(end))
    assert (c.cycle.end_fact is not None) == unconfirmed
    assert any(f.what.startswith("CDR: years to the first cycle end when certified on or before")
               for f in c.assumptions) == unconfirmed


def test_the_rules_page_states_the_first_cycle_rules_with_their_marks():
    cdr = cectrack("rules", "CDR").stdout
    assert ("Certified from 1 January to 31 May: the first cycle ends on 31 May, 5 years after "
            "the year first earned. [U G2]") in cdr
    assert ("Certified after 31 May: the first cycle ends on 31 May, 6 years after the year "
            "first earned. [C G2]") in cdr
    assert ("The first cycle ends on the last day of the month, 3 years after the day first "
            "earned. [U]") in cectrack("rules", "YA").stdout


def test_the_site_marks_the_derived_deadline(tmp_path):
    # The same YA holder as above: the dashboard's deadline row and the credential page's
    # cycle row say the date is unconfirmed, and the page lists the rule it rests on.
    from conftest import build_site, visible_text
    write_tracker(tmp_path, {}, profile=profile(("YA-RYT200", {"since": "2023-05-10"})))
    (tmp_path / "mkdocs.yml").write_text("site_name: T\ntheme:\n  name: material\n  font: false\n"
                                         "plugins:\n  - cectrack\n")
    (tmp_path / "docs").mkdir()
    site = build_site(tmp_path, today="2026-01-15")
    dashboard = visible_text(site / "index.html").replace("( ", "(")
    assert ("Cycle 10 May 2023 to 31 May 2026 (unconfirmed: worked out from your since: by an "
            "unconfirmed rule") in dashboard  # the card's cycle row (issue 24: no table)
    page = visible_text(next(site.glob("credentials/ya-ryt200*/index.html")))
    assert "Cycle 10 May 2023 to 31 May 2026 (unconfirmed)" in page
    assert "YA: years from first certification to the first cycle end: 3" in page
