"""Issue 12: the dashboard's status card, its charts and its warnings.

The example holds ACSM-CPT: window 1 January 2024 to 31 December 2026 (1,095 days), 45 CEC
required, 38.5 earned by 28 November 2026, grace period to 30 June 2027 with credit still
earnable, CPR/AED card valid until 18 January 2027.  The pace figures below are worked out
by hand from those dates.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import EXAMPLE, build_site, course, visible_text, write_tracker

from cectrack.analysis import analyse
from cectrack.engine.standing import expected_by, standing
from cectrack.render.reasons import prerequisite_warnings

BUILT = dt.date(2026, 11, 28)
# (reader's day, state, days left): on the build day and around the deadline.
DAYS = [
    # 882 days in: a steady pace has 45 × 882/1095 = 36.25; 38.5 earned is ahead.
    ("2026-06-01", "on_track", "213 days left"),
    # 1,004 days in: 45 × 1004/1095 = 41.26 expected, 38.5 earned: behind, 91 days left.
    ("2026-10-01", "behind_pace", "91 days left"),
    ("2026-11-01", "due_soon", "60 days left"),  # 60 days: due soon starts here
    ("2026-12-31", "due_soon", "0 days left"),  # the deadline itself
    ("2027-01-05", "grace", "5 days overdue"),
    ("2027-06-30", "grace", "181 days overdue"),  # the grace period's last day
    ("2027-07-01", "lapsed", "182 days overdue"),
]


@pytest.fixture(scope="module")
def credential():
    (c,) = analyse(EXAMPLE, BUILT).credentials
    return c


def test_the_pace_is_worked_out_from_the_window(credential):
    assert expected_by(credential, dt.date(2026, 6, 1)) == 36.25
    assert expected_by(credential, dt.date(2026, 10, 1)) == 41.26
    assert expected_by(credential, dt.date(2023, 12, 31)) == 0
    assert expected_by(credential, dt.date(2027, 3, 1)) == 45


@pytest.mark.parametrize("day, state, _", DAYS)
def test_the_state_for_each_day(credential, day, state, _):
    assert standing(credential, dt.date.fromisoformat(day)).state == state


def test_a_met_requirement_stays_met_after_the_deadline(tmp_path):
    write_tracker(tmp_path, {"credits/a.yaml": course("Big course", "2025-03-01", 45)})
    (c,) = analyse(tmp_path, BUILT).credentials
    assert c.met is False  # no CPR/AED card recorded
    write_tracker(tmp_path, {"credits/cpr.yaml": course(
        "CPR", "2026-01-10", None, activity="cpr_aed", expires="2028-01-10")})
    (c,) = analyse(tmp_path, BUILT).credentials
    assert c.met and standing(c, dt.date(2027, 8, 1)).state == "met"
    assert prerequisite_warnings(c, BUILT) == []  # the card outlasts the grace period


def test_a_card_that_expires_before_the_deadline_or_in_grace_is_a_warning(credential, tmp_path):
    assert prerequisite_warnings(credential, BUILT) == [
        "CPR/AED card expires on 18 January 2027, inside the grace period (to 30 June 2027): "
        "current at the deadline, but renew it first if you renew late"]
    write_tracker(tmp_path, {"credits/cpr.yaml": course(
        "CPR", "2025-01-10", None, activity="cpr_aed", expires="2026-12-01")})
    (c,) = analyse(tmp_path, BUILT).credentials
    assert prerequisite_warnings(c, BUILT) == [
        "CPR/AED card expires on 1 December 2026, before the deadline (31 December 2026): "
        "renew it to renew on time"]
    # The same figures read on a later day: the card has expired by then.
    assert prerequisite_warnings(c, dt.date(2026, 12, 2)) == [
        "CPR/AED card expired on 1 December 2026: renew it to renew"]


@pytest.fixture
def site(example_site):
    return example_site  # the example built once for the whole run (conftest)


def test_the_card_shows_the_figures_a_reader_needs_first(site):
    text = visible_text(site / "index.html")
    assert ("Due soon 38.5 of 45 CEC earned (85 %) 6.5 CEC still needed in 33 days: about 1.4 "
            "a week 33 days left to the deadline, 31 December 2026") in text
    assert ("CPR/AED card expires on 18 January 2027, inside the grace period (to 30 June "
            "2027)") in text
    assert "These figures rest on 5 unconfirmed rules: which, and how to override them." in text
    html = (site / "index.html").read_text("utf-8")
    assert 'class="cectrack-card cectrack-state--due_soon"' in html
    link = re.search(r'href="([^"]+)">which, and how to override them', html).group(1)
    assert link == "credentials/acsm-cpt/#unconfirmed-rules"
    assert 'id="unconfirmed-rules"' in (site / "credentials" / "acsm-cpt" / "index.html").read_text()


def test_the_chart_is_drawn_at_build_time_and_says_what_it_shows(site):
    html = (site / "index.html").read_text("utf-8")
    svg = re.search(r"<svg class=\"cectrack-chart\".*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="chart-1-title chart-1-desc"' in svg
    assert ("<desc id=\"chart-1-desc\">38.5 of 45 CEC earned from 1 January 2024 to 28 November "
            "2026; a steady pace would have reached 43.64 by then, and 45 by the deadline, "
            "31 December 2026.</desc>") in svg  # 45 × 1062/1095 = 43.64
    # The earned line climbs once per day a course counted: 11 counted courses on 11 days.
    path = re.search(r'class="cectrack-chart-earned" d="([^"]+)"', svg).group(1)
    assert path.count("V") == 11
    # The labels are HTML beside the drawing (sized in CSS pixels), hidden from screen
    # readers, which read the description; none is SVG text (it would shrink on a phone).
    assert "<text" not in svg
    labels = re.search(r'<div class="cectrack-plot-labels" aria-hidden="true">(.*?)</div>',
                       html, re.S).group(1)
    # The scale in steps of 10 to 50 (45 and a twelfth, 48.75, rounded up: test_phone_pages);
    # the labels of two digits stand in a gutter 8 + 2 × 7 = 22 px wide.
    assert re.findall(r">([^<]+)</span>", labels) == [
        "0", "10", "20", "30", "40", "50", "2024", "2025", "2026", "45 CEC required", "today"]
    assert '<div class="cectrack-plot" style="--cectrack-gutter:22px">' in html
    # 45 CEC required at y = 200 - 45/50 × 186 = 32.6 of 230, its label 5 above: 12.0 %;
    # 4 + 4 = 8 of 640 from the left: 1.25 %
    assert 'style="left:1.25%;top:12.0%">45 CEC required' in labels
    assert "<script" not in html.split("<article", 1)[1].split("</article>", 1)[0]


def test_category_bars_show_minima_and_maxima(tmp_path):
    from test_figures import nsca_with_category_a_full
    nsca_with_category_a_full(tmp_path)  # category A full at 1.5 of 1.5 CEU
    html = (build_site(tmp_path) / "index.html").read_text("utf-8")
    bars = re.search(r'<div class="cectrack-bars".*?</div>', html, re.S).group(0)
    assert ('<span id="bars-1-desc" hidden>A (Attendance): 1.5 CEU, at most 1.5 count; B (Share '
            "Your Expertise): 0 CEU, at most 1 count; C (Educational Activities): 0 CEU, at most "
            "1.5 count; D (NSCA Quizzes &amp; Assessments): 0 CEU, at most 1 count.</span>") in bars
    assert bars.count('class="cectrack-bar-earned"') == 4
    # A full at its maximum: the bar's earned part as long as its room (1.5 of a 1.5 scale)
    assert ('<span class="cectrack-bar-room" style="width:100.0%"></span><span '
            'class="cectrack-bar-earned" style="width:100.0%"></span>') in bars


# The state (and every other line that depends on the reader's day) worked out again in the
# browser: tests/test_trainer_pages.py, day by day against the Python that wrote it.


def test_the_rules_and_credential_pages_read_as_plain_words(site):
    rules = visible_text(site / "rules" / "acsm" / "index.html")
    assert "`" not in rules and "->" not in rules
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", rules), re.findall(r".{30}\b[a-z]+_[a-z_]+\b", rules)
    assert not re.search(r"confirmed, (A\d+) confirmed, \1\b", rules)  # one mark per source
    assert "Give expires: in your profile to be sure" in rules  # the `code` shown as code
    assert "(earned 2021 → ends 31 Dec 2024)" in rules
    html = (site / "rules" / "acsm" / "index.html").read_text("utf-8")
    assert "<code>expires:</code>" in html
    credential = visible_text(site / "credentials" / "acsm-cpt" / "index.html")
    assert "30 June 2027.-" not in credential
    assert "grace period runs to 30 June 2027. Courses are counted in date order" in credential
    assert "Numbered as in cectrack's research notes" in rules


def test_the_credentials_list_uses_the_same_state(site):
    text = visible_text(site / "credentials" / "index.html")
    assert ("ACSM-CPT: ACSM Certified Personal Trainer 38.5 of 45 CEC 31 December 2026: Due soon"
            in text)


def test_pages_grow_with_the_cycle_not_the_career(tmp_path):
    """ACSM-CPT 2024-2026: courses of 2018 and 2022 are summed up, not listed; one of June
    2023 (a year before the window at most) is listed as not counted; the CSV has all."""
    import csv
    import io
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Old one", "2018-03-01", 5),
        "credits/b.yaml": course("Older two", "2022-05-01", 5),
        "credits/c.yaml": course("Just before", "2023-06-01", 5),
        "credits/d.yaml": course("In the cycle", "2025-03-01", 5),
        "mkdocs.yml": (EXAMPLE / "mkdocs.yml").read_text().split("nav:")[0]})
    (tmp_path / "docs").mkdir()
    site = build_site(tmp_path)
    page = visible_text(site / "credentials" / "acsm-cpt" / "index.html")
    assert "Not counted (3)" in page and "Just before" in page
    assert "Old one" not in page and "Older two" not in page
    assert ("2 older courses, completed before 1 January 2023, are not listed here: they "
            "belong to earlier cycles.") in page
    packet = visible_text(site / "audit" / "acsm-cpt-2024-2026" / "index.html")
    assert "Just before" in packet and "Old one" not in packet
    assert "2 older courses, completed before 1 January 2023, belong to earlier cycles" in packet
    rows = list(csv.DictReader(io.StringIO(
        (site / "audit" / "acsm-cpt-2024-2026.csv").read_text("utf-8"))))
    assert {r["title"] for r in rows} == {"Old one", "Older two", "Just before", "In the cycle"}
