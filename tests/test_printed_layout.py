"""What lands on which printed page: the packet, the credential page and the dashboard
printed by Chromium on A4 and on US Letter, read back page by page from the PDF.

An auditor works from paper: no table row alone at the top or foot of a sheet (a short
table whole, a long one with rows on both sides of a break, the total with its rows), no
heading parted from what it heads, no space kept for a QR code that is not printed, no
chart or credential's card cut in two, and every sheet of the credential page saying whose
it is.  Four trackers: the tests' example as it is (no site address, so no QR code), the
same with `site_url` (the packet's address and its QR code on page 1), a new ACE tracker of
two courses without certificates (`cectrack init`, as a trainer starts), and a new one with
two credentials, NCCPA and NSCA (two cards on the dashboard).
"""
from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import (
    TODAY,
    build_site,
    copy_example,
    course,
    init_tracker,
    serving,
    write_tracker,
)

pytestmark = pytest.mark.slow  # Chromium prints every page; four builds

PACKET = "audit/acsm-cpt-2024-2026/"
PAPERS = ["A4", "Letter"]
MM = 96 / 25.4  # CSS pixels in a millimetre
TODAY_NOON = dt.datetime.combine(TODAY, dt.time(12))

# The example's rows, as the printed text shows them (worked out from its credit files).
COURSE_ROWS = ["2026 4 courses, 6.5 CEC", "10 2026-08-22", "11 2026-08-22", "9 2026-05-16",
               "8 2026-02-21", "2025 4 courses, 12.5 CEC", "7 2025-10-02", "6 2025-06-07",
               "5 2025-03-14", "4 2025-01-18", "2024 3 courses, 19.5 CEC", "3 2024-12-13",
               "2 2024-04-20", "1 2024-02-10", "Total 38.5"]
YEAR_ROWS = ["2026 4 6.5 0 0", "2025 4 12.5 0 0", "2024 3 19.5 0 0", "2023 0 0 0 1",
             "Total 11 38.5 0 1"]
ACTIVITY_ROWS = ["college course 1 10", "conference 3 9", "home-study course 2 6",
                 "CPR/AED card 1 5", "course 1 4", "webinar 2 3.5", "quiz 1 1",
                 re.compile(r"Total 11 38\.5(?! 0)")]  # not the years' total
CREDENTIAL_ROWS = ["2026-08-22 Regional chapter meeting, session 2",
                   "2026-08-22 Regional chapter meeting, session 1", "2026-05-16 Kettlebell",
                   "2026-02-21 ACSM's Health", "2025-10-02 Sports Nutrition",
                   "2025-06-07 Functional Aging", "2025-03-14 Exertional", "2025-01-18 Adult CPR",
                   "2024-12-13 KIN 210L", "2024-04-20 ACSM Health", "2024-02-10 Youth",
                   "Total 38.5"]
# A heading and the first row of what it heads.
COURSES_COUNTED = re.compile(r"Courses counted(?! Counted)")  # the heading, not a column's
PACKET_HEADINGS = [("Totals by activity", ACTIVITY_ROWS[0]), ("Courses by year", YEAR_ROWS[0]),
                   (COURSES_COUNTED, COURSE_ROWS[1]),
                   ("Courses not counted", "2023-10-21 Functional Training Workshop")]


NEW_COURSES = {  # the new tracker's two courses, neither with a certificate yet
    "credits/2026/2026-03-14-functional-movement-basics.yaml": course(
        "Functional Movement Basics", "2026-03-14", 0.8, "ACE-CEC", approval="ACE-1234"),
    "credits/2026/2026-09-10-cpr-aed-adult.yaml": course(
        "CPR/AED Adult", "2026-09-10", None, activity="cpr_aed", expires="2028-09-10",
        hands_on="true"),
}

TWO_CREDENTIALS = {  # a PA who is also a strength coach: two cards on the dashboard
    "credits/2026/2026-01-10-cpr.yaml": course("CPR", "2026-01-10", None, activity="cpr_aed",
                                               expires="2028-01-10", hands_on="true"),
    "credits/2026/2026-05-10-sports-cardiology-cme.yaml": course(
        "Sports cardiology CME", "2026-05-10", 20, "CME") + "category:\n  NCCPA: '1'\n",
    "credits/2025/2025-07-12-strength-conference.yaml": course(
        "Strength Conference", "2025-07-12", 1.2, "CEU", activity="conference"),
}


@pytest.fixture(scope="module")
def sites(example_site, tmp_path_factory) -> dict[str, Path]:
    with_url = copy_example(tmp_path_factory.mktemp("url") / "t")
    new = init_tracker(tmp_path_factory.mktemp("new") / "t", "Sam New", "ACE-CPT=2027-06-30")
    write_tracker(new, NEW_COURSES, profile=None)
    two = init_tracker(tmp_path_factory.mktemp("two") / "t", "Cat Tester",
                       "NCCPA-PA-C=2027-12-31", "NSCA-CSCS=2026-12-31")
    write_tracker(two, TWO_CREDENTIALS, profile=None)
    return {"example": example_site, "url": build_site(with_url, site_url="https://example.org/t/"),
            "new": build_site(new), "two": build_site(two)}


@pytest.fixture(scope="module")
def printed(worker_browser, sites):
    """printed(site, path, paper): the page's printed text, a string per sheet (the
    worker's Chromium, which conftest's function-scoped `browser` hands out)."""
    browser = worker_browser
    done: dict[tuple[str, str, str], list[str]] = {}

    def print_page(site: str, path: str, paper: str) -> list[str]:
        if (site, path, paper) not in done:
            from pypdf import PdfReader
            with serving(sites[site]) as address:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.clock.set_fixed_time(TODAY_NOON)  # the pages' live dates: the build's day
                page.goto(f"{address}/{path}")
                pdf = PdfReader(io.BytesIO(page.pdf(format=paper)))
                page.close()
            done[site, path, paper] = [" ".join(p.extract_text().split()) for p in pdf.pages]
        return done[site, path, paper]
    return print_page


def page_of(pages: list[str], text: str | re.Pattern) -> int:
    """The one sheet (1, 2, ...) that shows `text` (not as the tail of a longer number)."""
    pattern = text if isinstance(text, re.Pattern) else re.compile(r"(?<![\w.])" + re.escape(text))
    found = [n for n, page in enumerate(pages, 1) if pattern.search(page)]
    assert len(found) == 1 and len(pattern.findall(pages[found[0] - 1])) == 1, (text, found)
    return found[0]


def rows_per_sheet(pages: list[str], rows: list) -> dict[int, int]:
    return dict(Counter(page_of(pages, row) for row in rows))


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("site", ["example", "url"])
def test_no_table_row_is_left_alone_on_a_printed_sheet(printed, site, paper):
    pages = printed(site, PACKET, paper)
    for number, text in enumerate(pages, 1):  # and no sheet blank but for its heading
        assert text.split(f"Page {number} of {len(pages)}", 1)[1].strip(), number
    assert len(rows_per_sheet(pages, YEAR_ROWS)) == 1  # a short table whole
    for rows in (ACTIVITY_ROWS, COURSE_ROWS):
        shares = rows_per_sheet(pages, rows)
        assert min(shares.values()) >= 3, shares  # the total with two rows at least


@pytest.mark.parametrize("paper", PAPERS)
def test_the_credential_page_prints_its_last_courses_with_their_total(printed, paper):
    shares = rows_per_sheet(printed("example", "credentials/acsm-cpt/", paper), CREDENTIAL_ROWS)
    assert min(shares.values()) >= 3, shares


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("site", ["example", "url"])
def test_a_printed_heading_stays_with_what_it_heads(printed, site, paper):
    pages = printed(site, PACKET, paper)
    for heading, first in PACKET_HEADINGS:
        assert page_of(pages, heading) == page_of(pages, first), heading


@pytest.mark.parametrize("paper", PAPERS)
def test_a_new_trackers_packet_keeps_courses_counted_with_its_note_and_table(printed, paper):
    pages = printed("new", "audit/ace-cpt-2025-2027/", paper)
    assert page_of(pages, COURSES_COUNTED) == page_of(
        pages, "The certificates are not published with this page") == page_of(
        pages, "2 2026-09-10") == page_of(pages, "Total 1.2")
    assert page_of(pages, "Attestation") == page_of(pages, "Signature of Sam New")


def test_no_space_is_kept_for_a_qr_code_that_is_not_printed(browser, sites):
    """Under the title, the address and the QR code beside it take the code's height; with
    no address (no site_url) there is no code, and the facts follow the one line."""
    def where(site: str) -> tuple[float, float]:
        with serving(sites[site]) as address:
            page = browser.new_page(viewport={"width": 720, "height": 900})
            page.goto(f"{address}/{PACKET}")
            page.emulate_media(media="print")
            box = page.locator(".cectrack-where").bounding_box()
            qr = page.locator(".cectrack-qr-box svg").all()
            code = qr[0].bounding_box()["height"] if qr else 0.0
            page.close()
        return box["height"] / MM, code / MM
    height, code = where("example")
    assert code == 0 and height < 10  # one line of 9 pt text: about 5 mm
    height, code = where("url")
    assert abs(code - 26) < 0.5 and height >= 26


@pytest.mark.parametrize("paper", PAPERS)
def test_every_sheet_of_the_credential_page_says_whose_it_is(printed, paper):
    pages = printed("example", "credentials/acsm-cpt/", paper)
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        assert text.startswith("ACSM-CPT: ACSM Certified Personal Trainer · Alex Example"), number
    new = printed("new", "credentials/ace-cpt/", paper)
    assert all(text.startswith("ACE-CPT: ACE Certified Personal Trainer · Sam New") for text in new)



@pytest.mark.parametrize("paper", PAPERS)
def test_every_sheet_of_the_dashboard_says_whose_it_is_and_as_of_when(printed, paper):
    """Two credentials' cards take more than one sheet; the second alone would not say whose
    figures they are, nor of which day."""
    pages = printed("two", "", paper)
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        assert text.startswith("Continuing education · Cat Tester · figures as of "
                               "28 November 2026"), number

@pytest.mark.parametrize("paper", PAPERS)
def test_the_printed_dashboard_keeps_its_chart_on_one_sheet(printed, paper):
    pages = printed("example", "", paper)
    # Its labels: the required line's and today's at the top, the years along the foot.
    assert page_of(pages, "45 CEC required today") == page_of(pages, "2024 2025 2026") == \
        page_of(pages, "Credit earned (solid line)")


@pytest.mark.parametrize("paper", PAPERS)
def test_a_credentials_card_prints_whole_under_its_heading(printed, paper):
    """The second credential's card starts near the foot of page 1: heading, figures and
    facts go to the next sheet together."""
    pages = printed("two", "", paper)
    assert page_of(pages, "NSCA-CSCS: Certified Strength and Conditioning Specialist") == \
        page_of(pages, "of 6 CEU earned (53 %)") == page_of(pages, "Still missing credit from 1 category")
