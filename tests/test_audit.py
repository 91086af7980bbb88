"""Issue 4: the audit packet, its print, its exports, audit-readiness checks and privacy.

Expected rows are computed here independently of the engine: straight from the YAML files
with ACSM's published conversions (rules.md §1.1), and hashes with hashlib.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import (
    build_site,
    build_with,
    cectrack,
    copy_example,
    course,
    git_commit_all,
    visible_text,
    write_tracker,
)

SLUG = "acsm-cpt-2024-2026"
FACTORS = {"CEC": 1, "contact_hour": 1, "CME": 1, "CEU": 10, "ACE-CEC": 10,
           "college_semester_hour": 10}


def expected_counted_rows(root: Path) -> list[dict]:
    """Every example course that counts for ACSM-CPT 2024-2026, worked out from the files."""
    rows = []
    for path in sorted((root / "credits").rglob("*.yaml")):
        if path.name == "profile.yaml":
            continue
        data = yaml.safe_load(path.read_text())
        for entry in data if isinstance(data, list) else [data]:
            if entry["completed"] < dt.date(2024, 1, 1):
                continue
            if entry.get("activity") == "cpr_aed":
                counted = 5  # ACSM: 5 CECs for the card from 2025 (unconfirmed default)
            else:
                counted = entry["credits"] * FACTORS[entry.get("unit", "CEC")]
            evidence = root / entry["evidence"]
            rows.append(dict(entry, counted=counted,
                             sha256=hashlib.sha256(evidence.read_bytes()).hexdigest()))
    return sorted(rows, key=lambda r: (r["completed"], r["title"]))


# Each conversion's source in ACSM's rules (rules.md §1.1): college credit A5, contact hours
# A11; the CEU, CME and ACE-CEC factors and the card's 5 CECs are unconfirmed defaults,
# marked † (explained once, under "Conversions applied").
SOURCE_MARKS = {"contact_hour": " (source A11)", "college_semester_hour": " (source A5)",
                "CEU": "†", "CME": "†", "ACE-CEC": "†"}
ACTIVITY_WORDS = {"webinar": "webinar", "conference": "conference", "college_course":
                  "college course", "cpr_aed": "CPR/AED card", "home_study": "home-study course",
                  "quiz": "quiz", "course": "course"}


def awarded_text(row: dict) -> str:
    if "credits" not in row:
        return "—"
    unit = row.get("unit", "CEC").replace("_", " ")
    return f"{row['credits']:g} {unit}{'s' if unit.endswith('hour') and row['credits'] != 1 else ''}"


def how_counted(row: dict) -> str:
    """The packet's "how it was counted" cell, worked out from the file and ACSM's factors."""
    if row.get("activity") == "cpr_aed":
        return "ACSM gives a fixed 5 CEC per CPR/AED card†"
    unit = row.get("unit", "CEC")
    if unit == "CEC":
        return "as awarded"
    return (f"{awarded_text(row)} × {FACTORS[unit]} = {row['counted']:g} CEC"
            f"{SOURCE_MARKS[unit]}")


def provider_words(row: dict) -> str:
    """The provider's standing as the packet words it: ACSM's own courses, an approval
    number as recorded, or none."""
    if row["provider"] == "American College of Sports Medicine":
        return "ACSM's own course" + (f" · approval {row['approval']}" if row.get("approval") else "")
    if row.get("approval"):
        return f"approval number {row['approval']} (as recorded)"
    return "no approval number recorded"


def course_rows(page: Path) -> dict[int, str]:
    """Each counted course's row of the packet, as a reader sees its text, by its number."""
    import html
    import re
    rows = re.findall(r'<tr id="course-(\d+)"(.*?)</tr>', page.read_text("utf-8"), re.S)
    return {int(n): " ".join(html.unescape(re.sub(r"<[^>]+>", " ", "<" + row)).split())
            for n, row in rows}


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    """The example tracker as a git repository committed on 2026-01-05, built twice."""
    root = copy_example(tmp_path_factory.mktemp("audited"))
    commit = git_commit_all(root, "2026-01-05")
    first = build_site(root)
    first_zip = (first / "audit" / f"{SLUG}.zip").read_bytes()
    second = build_site(root)
    return root, second, commit, first_zip


def test_audit_page_lists_every_counted_course_as_worked_out_independently(audited):
    root, site, commit, _ = audited
    page = site / "audit" / SLUG / "index.html"
    text = visible_text(page)
    rows = expected_counted_rows(root)
    assert len(rows) == 11 and sum(r["counted"] for r in rows) == 38.5
    shown = course_rows(page)
    assert sorted(shown) == list(range(1, 12))
    for i, row in enumerate(rows, 1):
        cells = shown[i]
        assert cells.startswith(f"{i} {row['completed']} recorded 2026-01-05 ({commit[:7]}) "
                                f"{row['title']} {row['provider']} "
                                f"{ACTIVITY_WORDS[row.get('activity', 'course')]} · "
                                f"{provider_words(row)}"), cells
        assert f"{awarded_text(row)} {how_counted(row)} {row['counted']:g} CEC" in cells, cells
        assert cells.endswith(f"✓ certificate {row['evidence']} {row['sha256']}"), cells
        # Recorded on 2026-01-05: a course completed more than 90 days before says so.
        late = (dt.date(2026, 1, 5) - row["completed"]).days
        assert ("first recorded" in cells) == (late > 90), (cells, late)
    assert "first recorded 23 months after it was completed" in shown[1]  # 2024-02-10: 695 days
    assert "first recorded 3 months after it was completed" in shown[7]  # 2025-10-02: 95 days
    assert ("Recorded late: #1, #2, #3, #4, #5, #6 and #7 were first recorded in git more than "
            "90 days after completion") in text
    assert "Proof: a certificate for each of the 11 courses." in text
    assert "Earned 38.5 CEC from 11 courses" in text
    assert "Total 38.5 CEC" in text
    assert f"Generated on 28 November 2026 from commit {commit[:12]} by cectrack" in text
    assert ("Functional Training Workshop Functional Movement Institute 6 CEC completed "
            "2023-10-21, before this cycle began (2024-01-01)") in text
    assert "Continuing-education credits earned in the cycle: 38.5 CEC" in text
    assert "meets the ACSM" not in text.replace("not yet meet", "") and "compliant" not in text.lower()
    # Totals by activity, worked out from the files: college 10; conference 7.5 + 1 + 0.5;
    # home study 4 + 2; the card 5 (of ACSM's 5 a year, in 2025); course 4; webinars 2 + 1.5;
    # quiz 1.
    assert ("college course 1 10 none conference 3 9 none home-study course 2 6 none "
            "CPR/AED card 1 5 CPR/AED and first aid: at most 5 a year; 5 of 5 in 2025† "
            "course 1 4 none webinar 2 3.5 none quiz 1 1 none Total 11 38.5") in text


def test_exports_csv_json_and_a_reproducible_zip(audited):
    root, site, commit, first_zip = audited
    folder = site / "audit"
    rows = list(csv.DictReader(io.StringIO((folder / f"{SLUG}.csv").read_text("utf-8"))))
    counted = [r for r in rows if r["status"] == "counted"]
    assert sum(float(r["counted"]) for r in counted) == 38.5 and len(rows) == 12
    assert {r["first_recorded"] for r in rows} == {"2026-01-05"}
    packet = json.loads((folder / f"{SLUG}.json").read_text("utf-8"))
    assert (packet["earned"], packet["required"], packet["commit"]) == (38.5, 45, commit)
    archive_bytes = (folder / f"{SLUG}.zip").read_bytes()
    assert archive_bytes == first_zip  # two builds of one commit: the same bytes
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
        manifest = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
        assert {m["path"] for m in manifest} == set(archive.namelist()) - {"manifest.csv"}
        for m in manifest:
            content = archive.read(m["path"])
            assert hashlib.sha256(content).hexdigest() == m["sha256"]
            assert len(content) == int(m["bytes"])
            if m["path"].startswith("evidence/"):
                assert content == (root / m["path"].removeprefix("evidence/")).read_bytes()
    assert len([m for m in manifest if m["path"].startswith("evidence/")]) == 11


@pytest.mark.slow  # Chromium
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_packet_prints_every_course_and_the_totals_in_chromium(audited, browser, paper):
    from pypdf import PdfReader
    _, site, _, _ = audited
    page_url = (site / "audit" / SLUG / "index.html").as_uri()
    page = browser.new_page()
    page.goto(page_url)
    pdf = page.pdf(format=paper)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for title in ("Youth Resistance Training, the evidence", "KIN 210L Applied Kinesiology Lab",
                  "Adult CPR/AED with skills session", "Kettlebell Fundamentals"):
        assert title in text, (paper, title)
    assert "38.5" in text and "45 CEC" in text
    assert "Regional chapter meeting, session 2" in text  # the last row is not cut off
    assert "Getting started" not in text  # no navigation printed
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    for number, page_text in enumerate(pages, 1):  # each page: what it is, whose, which page
        assert page_text.startswith("Audit packet: ACSM-CPT, 2024–2026 · Alex Example"), number
        assert f"Page {number} of {len(pages)}" in page_text
    assert "A1: Recertification <https://acsm.org/certification/recertification>" in text  # addresses
    for unit, mark in (("college semester hour", "(source A5)"), ("contact hours", "(source A11)")):
        assert f"{unit} × " in text and mark in text  # how each figure was counted
    width, height = (float(x) for x in reader.pages[0].mediabox[2:])
    expected = {"A4": (595.3, 841.9), "Letter": (612, 792)}[paper]  # points
    assert abs(width - expected[0]) < 1.5 and abs(height - expected[1]) < 1.5


def test_site_asks_not_to_be_indexed(audited):
    _, site, _, _ = audited
    assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    for page in ("index.html", f"audit/{SLUG}/index.html", "guide/entries/index.html"):
        assert '<meta name="robots" content="noindex, nofollow">' in (site / page).read_text()


def test_credential_number_only_on_audit_pages_when_opted_in(example_copy):
    config = (example_copy / "mkdocs.yml").read_text()
    (example_copy / "mkdocs.yml").write_text(
        config.replace("credits_dir: credits", "credits_dir: credits\n      audit_show_numbers: true"))
    site = build_site(example_copy)
    holders = [p.relative_to(site).as_posix() for p in site.rglob("*.html")
               if "778812" in p.read_text("utf-8")]
    assert holders == [f"audit/{SLUG}/index.html"]


SECRET = "Zk3vT8wQ1nHs5Jp0aLc7Ue"  # 22 URL-safe characters


def site_texts(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text("utf-8", errors="replace")
            for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".json", ".txt")}


def test_unlisted_audit_link_hides_the_packet_everywhere_but_its_own_pages(example_copy):
    config = (example_copy / "mkdocs.yml").read_text()
    (example_copy / "mkdocs.yml").write_text(
        config.replace("credits_dir: credits", "credits_dir: credits\n      unlisted_audit: true"))
    os.environ["CECTRACK_AUDIT_SECRET"] = SECRET
    try:
        site = build_site(example_copy)
    finally:
        del os.environ["CECTRACK_AUDIT_SECRET"]
    packet = site / "audit" / SECRET / SLUG / "index.html"
    assert "Earned 38.5 CEC from 11 courses" in visible_text(packet)
    assert (site / "audit" / SECRET / f"{SLUG}.zip").exists()
    texts = site_texts(site)
    assert "sitemap.xml" in texts and "search/search_index.json" in texts
    # Links inside the packet are relative, so the token is in no file outside its folder.
    assert [path for path, text in texts.items()
            if SECRET in text and not path.startswith(f"audit/{SECRET}/")] == []
    assert "audit/acsm" not in texts["sitemap.xml"] and SLUG not in texts["index.html"]
    assert not (site / "audit" / SLUG).exists()
    assert "unlisted" in visible_text(site / "audit" / "index.html")
    search = json.loads((site / "search" / "search_index.json").read_text())
    assert not [d for d in search["docs"] if "Audit packet: ACSM-CPT" in d.get("title", "")]


def test_unlisted_audit_without_a_good_secret_stops_the_build(example_copy, caplog):
    config = (example_copy / "mkdocs.yml").read_text()
    (example_copy / "mkdocs.yml").write_text(
        config.replace("credits_dir: credits", "credits_dir: credits\n      unlisted_audit: true"))
    built, log = build_with(example_copy, caplog)
    assert not built
    assert "unlisted_audit is on, but no secret is set: run `cectrack secret`" in log
    assert "CECTRACK_AUDIT_SECRET" in log
    caplog.clear()
    built, log = build_with(example_copy, caplog, CECTRACK_AUDIT_SECRET="short")
    assert not built and "the secret has 5 characters; at least 22" in log
    assert not (example_copy / "site" / "index.html").exists()


def test_secret_command_prints_a_fresh_128_bit_secret():
    first, second = (cectrack("secret").stdout.strip() for _ in range(2))
    assert len(first) == 22 and first != second


def test_check_warns_about_missing_and_changed_certificates(tmp_path):
    write_tracker(tmp_path, {
        "credits/a.yaml": course("No proof", "2025-03-01", 3),
        "credits/b.yaml": course("Proof", "2025-04-01", 4, evidence="certificates/b.pdf"),
        "certificates/b.pdf": "original certificate\n",
    })
    git_commit_all(tmp_path, "2025-04-02")
    (tmp_path / "certificates" / "b.pdf").write_text("a different file\n")
    result = cectrack("check", "--root", str(tmp_path), "--today", "2026-11-28")
    assert result.returncode == 0  # warnings only
    lines = result.stdout.splitlines()
    assert ("credits/a.yaml:1: warning: 'No proof' counts, but no certificate is recorded for it "
            "[no-evidence]") in lines
    assert ("credits/b.yaml:6:11: warning: evidence `certificates/b.pdf` differs from the file "
            "first committed on 2025-04-02 [evidence-changed]") in lines


CHANGED = ("credits/b.yaml:6:11: warning: evidence `certificates/b.pdf` differs from the file "
           "first committed on 2025-04-02 [evidence-changed]")


def _certificate_tracker(root):
    write_tracker(root, {
        "credits/b.yaml": course("Proof", "2025-04-01", 4, evidence="certificates/b.pdf"),
        "certificates/b.pdf": "original certificate\n",
    })


def _changed_warnings(root):
    lines = cectrack("check", "--root", str(root), "--today", "2026-11-28").stdout.splitlines()
    return [line for line in lines if "[evidence-changed]" in line]


def test_a_certificate_replaced_in_a_later_commit_is_still_said_to_have_changed(tmp_path):
    # git finds the work tree as committed, so the certificate is not read: the blob git
    # holds now is compared with the first one
    _certificate_tracker(tmp_path)
    git_commit_all(tmp_path, "2025-04-02")
    (tmp_path / "certificates" / "b.pdf").write_text("a different file\n")
    git_commit_all(tmp_path, "2025-06-01", "replace the certificate")
    assert _changed_warnings(tmp_path) == [CHANGED]


def test_a_certificate_git_was_told_to_assume_unchanged_is_read_and_said_to_have_changed(
        tmp_path):
    _certificate_tracker(tmp_path)
    git_commit_all(tmp_path, "2025-04-02")
    subprocess.run(["git", "-C", str(tmp_path), "update-index", "--assume-unchanged",
                    "certificates/b.pdf"], check=True)
    (tmp_path / "certificates" / "b.pdf").write_text("a different file\n")
    assert _changed_warnings(tmp_path) == [CHANGED]


def test_a_certificate_kept_through_a_filter_as_git_lfs_keeps_it_has_not_changed(tmp_path):
    """Git LFS commits a pointer, not the PDF: comparing the PDF's own hash with the
    pointer's said every such certificate had changed since it was recorded."""
    _certificate_tracker(tmp_path)
    (tmp_path / ".gitattributes").write_text("*.pdf filter=pointer\n")
    subprocess.run(["git", "-C", str(tmp_path), "init", "-q"], check=True)
    for key, command in (("clean", "tr a-z A-Z"), ("smudge", "tr A-Z a-z")):
        subprocess.run(["git", "-C", str(tmp_path), "config", f"filter.pointer.{key}", command],
                       check=True)
    git_commit_all(tmp_path, "2025-04-02")
    assert _changed_warnings(tmp_path) == []
    (tmp_path / "certificates" / "b.pdf").write_text("a different file\n")
    assert _changed_warnings(tmp_path) == [CHANGED]


def test_a_certificate_that_is_a_link_is_compared_as_the_file_it_leads_to(tmp_path):
    """git keeps a link's blob as the name it leads to: compared with that, a linked
    certificate was said changed from the start, and once git's index answered, never."""
    _certificate_tracker(tmp_path)
    (tmp_path / "certificates" / "b.pdf").rename(tmp_path / "certificates" / "scan-b.pdf")
    (tmp_path / "certificates" / "b.pdf").symlink_to("scan-b.pdf")
    git_commit_all(tmp_path, "2025-04-02")
    assert _changed_warnings(tmp_path) == []
    (tmp_path / "certificates" / "scan-b.pdf").write_text("a different file\n")
    assert _changed_warnings(tmp_path) == [CHANGED]
    git_commit_all(tmp_path, "2025-06-01", "replace the scan")
    assert _changed_warnings(tmp_path) == [CHANGED]


def test_certificates_stay_private_unless_published(example_copy):
    config = (example_copy / "mkdocs.yml").read_text()
    (example_copy / "mkdocs.yml").write_text(config.replace("publish_evidence: true", "publish_evidence: false"))
    site = build_site(example_copy)
    assert not list(site.rglob("*.pdf")) and not list(site.rglob("*.zip"))
    text = visible_text(site / "audit" / SLUG / "index.html")
    assert ("The certificates are not published with this page: each is available from the "
            "holder on request") in text
    assert "Download: CSV · JSON" in text and "ZIP" not in text.split("Courses counted")[0]
    assert "✓ on request certificates/2025-01-18-cpr-aed-card.pdf" in text


COMMIT_PAGES = [
    ("https://github.com/sam-t/ce-tracker.git", "https://github.com/sam-t/ce-tracker/commit/"),
    ("git@github.com:Sam-T/ce-tracker.git", "https://github.com/Sam-T/ce-tracker/commit/"),
    ("https://gitlab.com/sam/ce/tracker.git", "https://gitlab.com/sam/ce/tracker/-/commit/"),
    ("ssh://git@codeberg.org/sam/ce.git", "https://codeberg.org/sam/ce/commit/"),
    ("https://sam@bitbucket.org/sam/ce", "https://bitbucket.org/sam/ce/commits/"),
    ("https://git.example.org/sam/ce", ""),  # a self-hosted forge: not guessed at
    ("https://github.com/sam/ce/extra", ""),
    ('https://github.com/sam/ce"><script>alert(1)</script>', ""),
    ("http://github.com/sam/ce", ""),
    ("/srv/git/ce.git", ""),
]


def test_the_commit_address_follows_from_a_known_forge_only():
    from cectrack.tracker.locate import commit_url_base
    assert [commit_url_base(remote) for remote, _ in COMMIT_PAGES] == \
        [url for _, url in COMMIT_PAGES]


def test_each_recorded_date_links_to_its_commit_on_the_forge(tmp_path):
    import subprocess
    root = copy_example(tmp_path / "t")
    commit = git_commit_all(root, "2026-01-05")
    subprocess.run(["git", "-C", str(root), "remote", "add", "origin",
                    "git@gitlab.com:sam/ce/tracker.git"], check=True)
    page = (build_site(root) / "audit" / SLUG / "index.html").read_text("utf-8")
    link = f'<a href="https://gitlab.com/sam/ce/tracker/-/commit/{commit}"'
    assert page.count(link) == 11  # one per counted course with a certificate
    assert f'{link} title="The commit that first recorded this course">{commit[:7]}</a>' in page
    # repo_url in mkdocs.yml names the repository when the remote does not (or differs).
    config = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text("repo_url: https://github.com/sam-t/ce-tracker\n" + config)
    page = (build_site(root) / "audit" / SLUG / "index.html").read_text("utf-8")
    assert page.count(f'<a href="https://github.com/sam-t/ce-tracker/commit/{commit}"') == 11
    # Rendered for any generator: the same links.
    subprocess.run(["git", "-C", str(root), "remote", "remove", "origin"], check=True)
    cectrack("render", "--today", "2026-11-28", "--out", str(tmp_path / "out"), cwd=root)
    rendered = (tmp_path / "out" / "docs" / "audit" / SLUG / "index.md").read_text("utf-8")
    assert f'href="https://github.com/sam-t/ce-tracker/commit/{commit}"' in rendered


@pytest.mark.slow  # Chromium
def test_the_packet_fits_a_desktop_window_and_speaks_to_the_auditor(audited, browser):
    _, site, _, _ = audited
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((site / "audit" / SLUG / "index.html").as_uri())
    overflowing = page.evaluate("""() => [...document.querySelectorAll("article table")]
        .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1
                     || t.getBoundingClientRect().right > window.innerWidth)
        .map(t => t.querySelector("th").textContent)""")
    number_column = page.evaluate("""() => document.querySelector(
        "table.cectrack-courses th").getBoundingClientRect().width""")
    assert overflowing == []
    assert number_column < 50  # "#": as wide as two digits, not the theme's 5rem
    text = visible_text(site / "audit" / SLUG / "index.html")
    assert "override" not in text and "rest on" not in text
    assert "† marks a figure ACSM's published pages do not give. These are the values applied" in text


def test_a_print_heading_cannot_break_out_of_its_css_string():
    from cectrack.render.markup import css_string
    assert css_string('A "</style><script>x') == \
        '"A \\000022 \\00003c \\00002f style\\00003e \\00003c script\\00003e x"'
    assert css_string("Zoë: 2024–2026") == '"Zo\\0000eb \\00003a  2024\\002013 2026"'
