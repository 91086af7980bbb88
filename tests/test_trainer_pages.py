"""Issue 24: pages a trainer reads at a glance.

The example holds ACSM-CPT: cycle 1 January 2024 to 31 December 2026, 45 CEC required, 38.5
earned by 28 November 2026 (6.5 still needed, 33 days left), grace period to 30 June 2027
with credit still earnable and a late fee of $80 (acsm.yaml's renewal block, A1), CPR/AED
card valid until 18 January 2027.  Every figure below is worked out by hand from those.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from conftest import (
    EXAMPLE,
    build_site,
    cectrack,
    copy_example,
    course,
    serving,
    visible_text,
    write_tracker,
)

from cectrack.analysis import analyse
from cectrack.engine.standing import STATES
from cectrack.render import live

BUILT = dt.date(2026, 11, 28)


def words(page) -> str:
    """The page's text as read: visible_text, without the space it leaves inside brackets
    where a tag opened or closed ("(confirmed: <a>Recertification</a>)")."""
    return visible_text(page).replace("( ", "(").replace(" )", ")")

# (reader's day, state, the words under "6.5 CEC", hand-worked)
PACE_DAYS = [
    # 213 days left: 6.5 / (213 / 30.4375) = 0.929 a month
    ("2026-06-01", "on_track", "still needed: 0.93 a month"),
    # 91 days left (a steady pace has 41.26 by now: behind); 6.5 / (91 / 30.4375) = 2.17
    ("2026-10-01", "behind_pace", "still needed: 2.17 a month"),
    # 60 days: two months or less, so a week: 6.5 / (60 / 7) = 0.758
    ("2026-11-01", "due_soon", "still needed in 60 days: about 0.8 a week"),
    ("2026-11-28", "due_soon", "still needed in 33 days: about 1.4 a week"),  # 1.379
    ("2026-12-10", "due_soon", "still needed in 21 days: about 2.2 a week"),  # 2.167
    ("2026-12-24", "due_soon", "still needed in 7 days: about 6.5 a week"),
    ("2026-12-28", "due_soon", "still needed in 3 days"),
    ("2026-12-30", "due_soon", "still needed in 1 day"),
    ("2026-12-31", "due_soon", "still needed today, the deadline"),
    ("2027-01-01", "grace", "still needed by 30 June 2027, with the late fee ($80)"),
    ("2027-06-30", "grace", "still needed by 30 June 2027, with the late fee ($80)"),
    ("2027-07-01", "lapsed", "still needed, but the grace period is over: reinstatement needed"),
    ("2027-07-10", "lapsed", "still needed, but the grace period is over: reinstatement needed"),
]


@pytest.fixture(scope="module")
def credential():
    (c,) = analyse(EXAMPLE, BUILT).credentials
    return c


@pytest.mark.parametrize("day, state, words", PACE_DAYS)
def test_the_pace_and_state_for_each_day_worked_out_by_hand(credential, day, state, words):
    on = dt.date.fromisoformat(day)
    assert live.state_words(credential)(on) == (state, STATES[state])
    template = live.pace_words(credential, "$80")(on)[-1]
    assert live.fill(template, credential.cycle.end, credential.remaining, on) == words


def test_the_terminal_the_json_and_the_site_say_the_same_state(tmp_path):
    """status.json keeps `status` (four words) and adds `state`, the dashboard's word."""
    from cectrack.render.statusjson import report_to_json
    from cectrack.render.text import credential_summary
    for day, state, _ in PACE_DAYS[::2]:
        report = analyse(EXAMPLE, dt.date.fromisoformat(day))
        (c,) = report_to_json(report)["credentials"]
        status = {"grace": "grace", "lapsed": "lapsed"}.get(state, "in_progress")
        assert (c["status"], c["state"]) == (status, state), day
        assert credential_summary(report.credentials[0]).endswith("; " + STATES[state]), day
    # The command itself, in the grace period.
    data = json.loads(cectrack("status", "--json", "--today", "2027-01-05").stdout)
    assert [(c["status"], c["state"]) for c in data["credentials"]] == [("grace", "grace")]
    # Met, and still met after the deadline.
    write_tracker(tmp_path, {"credits/a.yaml": course("Big", "2025-03-01", 45),
                             "credits/cpr.yaml": course("CPR", "2026-01-10", None, activity="cpr_aed",
                                                        expires="2028-01-10")})
    for day in (dt.date(2026, 6, 1), dt.date(2027, 8, 1)):
        data = report_to_json(analyse(tmp_path, day))
        assert [(c["status"], c["state"]) for c in data["credentials"]] == [("met", "met")]


def test_every_line_that_depends_on_the_day_changes_on_the_right_days(credential):
    """The phases the page carries: the day each line's words change, and nothing more."""
    def days(words_on):
        return [(p[0], p[-1]) for p in live.phases(words_on, BUILT, live.last_change(credential))]
    assert days(live.state_words(credential)) == [
        (None, "Due soon"), ("2027-01-01", "In the grace period"), ("2027-07-01", "Lapsed")]
    assert [d for d, _ in days(live.pace_words(credential, "$80"))] == [
        None, "2026-12-25", "2026-12-31", "2027-01-01", "2027-07-01"]
    assert days(live.card_words(credential, 0)) == [
        (None, "valid until 18 January 2027"), ("2027-01-19", "expired on 18 January 2027")]
    assert days(live.warning_words(credential, 0))[1] == (
        "2027-01-19", "CPR/AED card expired on 18 January 2027: renew it to renew")


# --- The Renew block ------------------------------------------------------------------------

@pytest.fixture
def site(example_site):
    return example_site  # the example built once for the whole run (conftest)


def test_the_renew_block_shows_where_what_it_costs_and_the_numbers(site):
    html = (site / "index.html").read_text("utf-8")
    block = re.search(r'<section class="cectrack-renew".*?</section>', html, re.S).group(0)
    # 90 days before 31 December 2026 is 2 October: built on 28 November, it shows.
    assert 'data-cectrack-from="2026-10-02"' in block and " hidden" not in block.split(">")[0]
    assert 'href="https://acsm.org/certification/recertification">Renew at ACSM</a>' in block
    text = words(site / "index.html")
    assert "Fee $60 (confirmed: Recertification; plus $5 for each further ACSM certification" in text
    assert ("Late fee $80, renewing from 1 January 2027 to 30 June 2027 (confirmed: "
            "Recertification") in text
    assert "After 30 June 2027 a reinstatement request, documents and a non-refundable fee" in text
    assert ("For the renewal form: CEC earned, 1 January 2024 to 31 December 2026 38.5 CPR/AED "
            "card American Red Cross, completed 18 January 2025, expires 18 January 2027 "
            "Certification number ••••12") in text


def test_the_renew_block_waits_for_the_last_90_days_unless_met(tmp_path):
    root = copy_example(tmp_path / "early")
    html = (build_site(root, "2026-06-01") / "index.html").read_text("utf-8")
    assert re.search(r'<section class="cectrack-renew"[^>]*data-cectrack-from="2026-10-02" hidden>',
                     html)
    met = write_tracker(tmp_path / "met", {
        "credits/a.yaml": course("Big", "2025-03-01", 45),
        "credits/cpr.yaml": course("CPR", "2026-01-10", None, activity="cpr_aed",
                                   expires="2028-01-10"),
        "mkdocs.yml": (EXAMPLE / "mkdocs.yml").read_text().split("nav:")[0]})
    (met / "docs").mkdir()
    html = (build_site(met, "2026-06-01") / "index.html").read_text("utf-8")
    block = re.search(r'<section class="cectrack-renew"[^>]*>', html).group(0)
    assert "hidden" not in block and "data-cectrack-from" not in block


def test_a_credential_with_its_own_fee_and_an_unconfirmed_address(tmp_path):
    write_tracker(tmp_path, {"mkdocs.yml": (EXAMPLE / "mkdocs.yml").read_text().split("nav:")[0]},
                  profile="name: H\ncredentials:\n  - id: ACSM-EP\n    expires: 2026-12-31\n"
                          "  - id: AFAA-GFI\n    expires: 2026-12-31\n")
    (tmp_path / "docs").mkdir()
    text = words(build_site(tmp_path) / "index.html")
    assert "Renew ACSM-EP Renew at ACSM (confirmed: Recertification) Fee $70" in text
    # AFAA's renewal page is an older one: shown, and said to be unconfirmed.
    assert "Renew at AFAA (unconfirmed: How to Recertify (older); AFAA's older" in text
    assert "Fee not in cectrack's AFAA rules: see the renewal page" in text


@pytest.mark.parametrize("block, message", [
    ('renewal:\n  address: {value: "javascript:alert(1)", confidence: U}\n',
     "FBN: where to renew: `javascript:alert(1)` is not of the expected form"),
    ("renewal:\n  fee: {value: \"$5\", confidence: U}\n", "renewal has no `address:`"),
    ('renewal:\n  address: {value: "https://x.example/renew", confidence: U}\n'
     '  fee_for:\n    FBN-XX: {value: "$1", confidence: U}\n',
     "credential `FBN-XX` is not defined under `credentials:`"),
])
def test_the_renewal_block_is_checked_like_any_rule(tmp_path, block, message):
    from test_hostile import RULE_FILE
    write_tracker(tmp_path, {"rules/fbn.yaml": RULE_FILE + block},
                  profile="name: X\ncredentials:\n  - id: FBN-RN\n    expires: 2026-12-31\n")
    problems = [p for p in analyse(tmp_path, BUILT).problems if p.code == "bad-rule"]
    assert [(p.file, p.message) for p in problems] == [("rules/fbn.yaml", message)]
    assert problems[0].line > 9  # in the renewal block, at the end of the file


def test_every_built_in_body_says_where_to_renew():
    from cectrack.rules.load import load_library
    library, problems = load_library()
    assert problems == []
    for rules in library.rulesets.values():
        address = rules.renewal.address
        assert address.value.startswith(("https://", "http://")), rules.body
        assert address.confidence in ("C", "T", "U") and (address.source in rules.sources
                                                         or address.confidence == "U")
        # The block is the last thing in each file (the other rules come first).
        text = (EXAMPLE.parent.parent.parent / rules.file).read_text("utf-8")
        assert text.rstrip().splitlines()[-1].startswith(" ") and "\nrenewal:\n" in text
        assert not re.search(r"^\w", text.split("\nrenewal:\n", 1)[1], re.M), rules.body


# --- Problems in plain words ----------------------------------------------------------------

def warnings_variant(root):
    """The example with two courses lacking proof: Kettlebell Fundamentals (16 May 2026)
    names no certificate; Functional Aging Specialist's (7 June 2025) file is gone."""
    copy_example(root)
    entry = root / "credits/2026/2026-05-16-kettlebell-fundamentals.yaml"
    entry.write_text("".join(line for line in entry.read_text().splitlines(keepends=True)
                             if not line.startswith("evidence:")))
    (root / "certificates/2025-06-07-functional-aging.pdf").unlink()
    return root


def test_warnings_are_amber_in_plain_words_and_true_about_the_totals(tmp_path):
    site = build_site(warnings_variant(tmp_path / "t"),
                      repo_url="https://github.com/alex-example/ce-tracker")
    html = (site / "index.html").read_text("utf-8")
    assert 'cectrack-panel--warning' in html and "cectrack-panel--error" not in html
    assert "✗" not in html  # the cross is for errors only
    text = words(site / "index.html")
    # Above the card, one line pointing down; the card first, then the panel.
    assert text.index("2 things to check: see below the credential") < text.index("Due soon")
    panel = text[text.index("! 2 things to check"):text.index("Your deadlines")]
    assert panel == (
        "! 2 things to check "
        "1 course needs a certificate It counts toward the totals as recorded. "
        "Kettlebell Fundamentals, 16 May 2026: no certificate recorded. Add the PDF under "
        "certificates/ and name it in the entry (evidence: certificates/…). "
        "credits/2026/2026-05-16-kettlebell-fundamentals.yaml, line 1 · edit the entry · "
        "upload the certificate "
        "1 certificate file is missing It counts toward the totals as recorded. "
        "Functional Aging Specialist, module 1, 7 June 2025: the entry names "
        "certificates/2025-06-07-functional-aging.pdf, which is not in the tracker. Add the "
        "file with that name, or correct the path in the entry. "
        "credits/2025/2025-06-07-functional-aging.yaml, line 8 · edit the entry · upload the "
        "certificate ")
    # The totals are those of the example: both courses count (38.5 of 45).
    assert "38.5 of 45 CEC earned" in text
    assert ('href="https://github.com/alex-example/ce-tracker/edit/main/credits/2026/'
            '2026-05-16-kettlebell-fundamentals.yaml">edit the entry</a>') in html
    assert ('href="https://github.com/alex-example/ce-tracker/upload/main/certificates">upload '
            'the certificate</a>') in html


def test_one_kind_of_warning_is_the_panels_title(tmp_path):
    from cectrack.records.model import WARNING, Entry, Problem
    from cectrack.render.problems import panels
    entry = Entry("credits/a.yaml", 1, "Course A", "P", dt.date(2026, 1, 5))
    found = panels((Problem(WARNING, "no-evidence", "credits/a.yaml", 1, "x"),), (entry,),
                   "credits", {("credits/a.yaml", 1)})
    assert [(p.severity, p.title) for p in found] == [("warning", "1 course needs a certificate")]
    assert found[0].groups[0].note == "It counts toward the totals as recorded."
    # A course that does not count (dated after today) gets no such note.
    found = panels((Problem(WARNING, "future-date", "credits/a.yaml", 3, "x"),), (entry,),
                   "credits", set())
    assert found[0].title == "1 course is dated after today" and found[0].groups[0].note == ""


def test_an_error_in_one_entry_of_a_list_file_leaves_out_that_entry_only(tmp_path):
    write_tracker(tmp_path, {
        "credits/list.yaml": "- title: Good one\n  provider: P\n  completed: 2025-03-01\n"
                             "  credits: 5\n- title: Bad one\n  provider: P\n"
                             "  completed: 2025-02-30\n  credits: 3\n",
        "mkdocs.yml": (EXAMPLE / "mkdocs.yml").read_text().split("nav:")[0]})
    (tmp_path / "docs").mkdir()
    text = words(build_site(tmp_path) / "index.html")
    assert ("✗ 1 error to fix 1 file holds entries that could not be read: those entries are "
            "left out of the totals below until fixed.") in text
    assert "credits/list.yaml, line 7" in text and "Not in the totals." in text
    assert "5 of 45 CEC earned" in text  # the good entry of the same file counts


# --- In the browser: every line that depends on the reader's day -----------------------------

LIVE_DAYS = ["2026-11-28", "2026-12-10", "2026-12-24", "2026-12-25", "2026-12-30", "2026-12-31",
             "2027-01-01", "2027-01-18", "2027-01-19", "2027-06-30", "2027-07-01", "2028-03-01"]
READ = """() => {
  const card = document.querySelector('.cectrack-card');
  const live = [...card.querySelectorAll('[data-cectrack-live]')];
  return {
    card: card.className, state: card.querySelector('.cectrack-state-word').textContent,
    days: card.querySelector('[data-cectrack-deadline]').textContent,
    lines: live.map(e => [e.textContent, e.hidden, e.getAttribute('data-kind')]),
    renew: document.querySelector('.cectrack-renew').hidden,
    asof: document.querySelector('[data-cectrack-asof]').textContent};
}"""


def expected_on(c, day: dt.date) -> dict:
    """What the page should say on `day`, from the Python that wrote the build day's page."""
    def line(words_on, amount=0.0):
        said = words_on(day)
        text = live.fill(said[-1], c.cycle.end, amount, day)
        return [text, text == "", said[0] if len(said) > 1 and words_on is not state else None]
    state = live.state_words(c)
    lines = [line(state), line(live.pace_words(c, "$80"), c.remaining),
             line(live.deadline_words(c)), line(live.card_words(c, 0)),
             line(live.warning_words(c, 0))]
    lines[0][2] = None  # the state word's kind is its card's class
    key = state(day)[0]
    long = f"{day.day} {day:%B %Y}"
    return {"card": f"cectrack-card cectrack-state--{key}", "state": STATES[key],
            "days": live.days_text((c.cycle.end - day).days), "lines": lines,
            "renew": False,
            "asof": ("Figures as of today, 28 November 2026." if day == BUILT else
                     f"Figures from the build of 28 November 2026; days counted from today, {long}.")}


@pytest.mark.slow  # Chromium
def test_the_page_says_on_each_day_what_the_build_would_say_that_day(site, browser, credential):
    seen, wanted = {}, {}
    with serving(site) as address:
        # One tab opens the page afresh on each day (a new tab costs a renderer process, about
        # 0.3 s of CPU; the page keeps nothing between loads).
        page = browser.new_page(viewport={"width": 390, "height": 844})
        for day in LIVE_DAYS:
            page.clock.set_fixed_time(f"{day}T10:00:00")
            page.goto(f"{address}/")
            seen[day] = page.evaluate(READ)
            wanted[day] = expected_on(credential, dt.date.fromisoformat(day))
    assert seen == wanted
    # And by hand, on three days the build did not see:
    assert seen["2026-12-10"]["lines"][1][0] == "still needed in 21 days: about 2.2 a week"
    assert seen["2027-01-19"]["lines"][3] == ["expired on 18 January 2027", False, "expired"]
    assert seen["2027-07-01"]["state"] == "Lapsed" and seen["2027-07-01"]["lines"][1][0] == (
        "still needed, but the grace period is over: reinstatement needed")
