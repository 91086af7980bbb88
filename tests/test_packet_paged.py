"""A long packet (more courses than one page should hold) made in process: its page keeps
the summaries and a table of years, each year's courses go on a page of their own with the
numbers the whole packet gives them, and every course stays reachable without JavaScript
(the year pages, and one page for printing beside the CSV).  Chromium's time to show such a
page is measured by tests/benchmark.py (--only packet), not here."""
from __future__ import annotations

import functools
import io
import posixpath
import re
import zipfile
from pathlib import Path

import pytest
from conftest import TODAY, course, write_tracker

from cectrack.analysis import analysis, site_content
from cectrack.audit.lock import private_page_path
from cectrack.publish.packetzip import write_packet_zip
from cectrack.publish.spool import Spool
from cectrack.render.options import PageOptions
from cectrack.render.packetpage import (
    ROWS_ON_ONE_PAGE,
    packet_standalone,
    print_page_is_zip_page,
)
from cectrack.render.sealed import Sealing
from cectrack.render.site import site_files

SLUG = "acsm-cpt-2024-2026"
# Worked out by hand: (year, courses, CEC each).  ACSM's cycle runs 2024-2026; the 2023
# courses are listed as not counted (a year before the cycle is still listed).
YEARS = ((2026, 120, 1), (2025, 100, 2), (2024, 40, 1), (2023, 10, 1))
COUNTED = 120 + 100 + 40  # numbered #1 (the oldest) to #260, as in the CSV
EARNED = 120 * 1 + 100 * 2 + 40 * 1


def long_tracker(root: Path) -> Path:
    files = {}
    for year, courses, each in YEARS:
        for i in range(courses):
            day = f"{year}-{1 + i % 10:02}-{1 + i // 10:02}"
            files[f"credits/{year}/c{i:03}.yaml"] = course(f"Course {year}-{i}", day, each)
    return write_tracker(root, files)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[dict[str, str], dict[str, bytes]]:
    root = long_tracker(tmp_path_factory.mktemp("long"))
    assert sum(courses for _, courses, _ in YEARS) > ROWS_ON_ONE_PAGE
    pages, made = site_files(site_content(analysis(root, TODAY, "credits", TODAY)), PageOptions())
    return pages, Spool().files(made)


def course_numbers(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr id="course-(\d+)"', page)]


def test_the_page_an_auditor_opens_holds_the_summaries_and_a_table_of_years(made):
    pages, _ = made
    page = pages[f"audit/{SLUG}.md"]
    assert course_numbers(page) == []  # no course row: the page stays small
    years = re.findall(r'<tr><th scope="row"><a href="([^"]+)">(\d+)</a></th>'
                       r'<td class="cectrack-num">(\d+)</td><td class="cectrack-num">([\d.]+)</td>'
                       r'<td class="cectrack-num">(\d+)</td><td class="cectrack-num">(\d+)</td>',
                       page)
    assert years == [(f"../{SLUG}-2026/", "2026", "120", "120", "120", "0"),
                     (f"../{SLUG}-2025/", "2025", "100", "200", "100", "0"),
                     (f"../{SLUG}-2024/", "2024", "40", "40", "40", "0"),
                     (f"../{SLUG}-2023/", "2023", "0", "0", "0", "10")]
    assert f"<strong>{EARNED}</strong>" in page
    assert f'href="../{SLUG}.html">one page for printing</a>' in page
    # The proof line names 20 courses by number and counts the rest.
    assert "#1, #2, #3" in page and f"#20 and {COUNTED - 20} more none recorded" in page
    assert "Totals by activity" in page and page.index("by-activity") < page.index("by-year")


def test_each_year_has_a_page_with_its_courses_newest_first(made):
    pages, _ = made
    seen = []
    for year, courses, each in YEARS:
        page = pages[f"audit/{SLUG}-{year}.md"]
        numbers = course_numbers(page)
        assert numbers == sorted(numbers, reverse=True)  # newest first: #1 is the oldest
        completed = re.findall(r'data-label="Completed">(\d{4})-(\d\d)-(\d\d)', page)
        assert {y for y, _, _ in completed} <= {str(year)}
        assert completed == sorted(completed, reverse=True)
        if year == 2023:
            assert numbers == [] and page.count("before this cycle began") == courses
        else:
            assert len(numbers) == courses
            assert f"<strong>{courses * each}</strong>" in page  # the year's total
        seen += numbers
    assert sorted(seen) == list(range(1, COUNTED + 1))  # every course once, on its year's page
    assert f'href="../{SLUG}/">The packet' in pages[f"audit/{SLUG}-2025.md"]
    assert f'href="../{SLUG}-2026/" rel="prev">2026' in pages[f"audit/{SLUG}-2025.md"]
    assert f'href="../{SLUG}-2024/" rel="next">2024' in pages[f"audit/{SLUG}-2025.md"]


def test_the_page_for_printing_holds_every_course(made):
    _, files = made
    whole = files[f"audit/{SLUG}.html"].decode()
    assert sorted(course_numbers(whole)) == list(range(1, COUNTED + 1))
    assert whole.count("before this cycle began") == 10
    assert whole.startswith("<!doctype html>") and "<style>" in whole  # opens offline


def test_the_printed_packet_gives_the_address_of_each_years_page(tmp_path):
    root = long_tracker(tmp_path / "t")
    options = PageOptions(site_url="https://alex.example.org/tracker/")
    pages, _ = site_files(site_content(analysis(root, TODAY, "credits", TODAY)), options)
    page = pages[f"audit/{SLUG}.md"]
    assert ('<p class="cectrack-print-only">Each year\'s courses are online at <span class='
            f'"cectrack-address">https://alex.example.org/tracker/audit/{SLUG}-YEAR/</span>') in page
    assert f'data-cectrack-print="https://alex.example.org/tracker/audit/{SLUG}.html"' in page


def test_a_private_sites_year_links_lead_to_the_year_pages_own_names(tmp_path):
    names = b"k" * 32
    root = long_tracker(tmp_path / "t")
    options = PageOptions(names=names, sealed=True, private=True)
    pages, _ = site_files(site_content(analysis(root, TODAY, "credits", TODAY)), options)
    page = pages[f"audit/{SLUG}.md"]
    link = re.search(r'<a href="([^"]+)">2025</a>', page).group(1)
    here = posixpath.dirname(private_page_path(names, f"audit/{SLUG}.md"))
    assert link.endswith("/") and posixpath.normpath(posixpath.join(here, link)) == \
        posixpath.dirname(private_page_path(names, f"audit/{SLUG}-2025.md"))


def test_the_page_for_printing_is_sealed_with_the_packet():
    sealing = Sealing(audit=object(), audit_dir="audit")  # type: ignore[arg-type]
    assert sealing.file_lock(f"audit/{SLUG}.html") is sealing.audit


def test_the_zip_packs_the_page_for_printing_as_made_the_same_bytes_as_its_own_page(tmp_path):
    # Where the site publishes the certificates, the print copy links them as the ZIP's page
    # does: the two are one page, made once; the ZIP is byte for byte the one made from a
    # page of its own.
    root = long_tracker(tmp_path / "t")
    content = site_content(analysis(root, TODAY, "credits", TODAY))
    options = PageOptions(publish_evidence=True)
    _, made = site_files(content, options)
    assert f"audit/{SLUG}.html" in made[f"audit/{SLUG}.zip"].made_from
    files = Spool().files(made)
    packet = next(p for p in content.packets if p.slug == SLUG)
    own = io.BytesIO()
    write_packet_zip(packet, own, page=functools.partial(packet_standalone, packet, content, options))
    assert files[f"audit/{SLUG}.zip"] == own.getvalue()
    with zipfile.ZipFile(own) as archive:
        assert archive.read(f"{SLUG}.html") == files[f"audit/{SLUG}.html"]
    # Where the site does not link them (sealed packets), each is made on its own.
    assert print_page_is_zip_page(packet, options)
    assert not print_page_is_zip_page(packet, PageOptions(publish_evidence=True, sealed=True))
