"""Layers 2 and 3: a real MkDocs build of the example tracker, read back as a person sees it."""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest
from conftest import (
    BROKEN_FILES,
    EXAMPLE,
    add_broken_files,
    build_site,
    copy_example,
    mkdocs,
    visible_text,
)

from cectrack.analysis import analyse
from cectrack.render.statusjson import report_to_json


def test_dashboard_shows_the_hand_worked_figures(example_site):
    text = visible_text(example_site / "index.html")
    assert "Figures as of 28 November 2026; days left are counted from the day you read this." in text
    # 33 days left: the pace per week, 6.5 / (33 / 7) = 1.38
    assert "38.5 of 45 CEC earned (85 %) 6.5 CEC still needed in 33 days: about 1.4 a week" in text
    assert "33 days left to the deadline, 31 December 2026" in text
    # The card's small rows, once each (no table repeating the card)
    assert "Cycle 1 January 2024 to 31 December 2026" in text
    assert "CPR/AED valid until 18 January 2027" in text
    assert "Grace period to 30 June 2027, late fee $80; credit may still be earned" in text
    assert text.count("6.5 CEC") == 1 and text.count("33 days left") == 1
    assert "These figures rest on 5 unconfirmed rules" in text
    assert '<progress value="38.5" max="45" aria-label="38.5 of 45 CEC">' in (
        example_site / "index.html").read_text()


def test_credential_page_lists_every_entry_with_its_count_or_reason(example_site):
    text = visible_text(example_site / "credentials" / "acsm-cpt" / "index.html")
    assert "Counted (11)" in text and "Not counted (1)" in text
    assert "11 of 11 courses have a certificate" in text
    assert ("2024-02-10 Youth Resistance Training, the evidence National Strength and "
            "Conditioning Association webinar 0.2 CEU 0.2 CEU × 10 = 2 CEC † 2 CEC") in text
    assert ("1 college semester hour 1 college semester hour × 10 = 10 CEC (source 4) "
            "10 CEC") in text
    assert "Total 38.5" in text
    assert ("Functional Training Workshop Functional Movement Institute 6 CEC "
            "completed 2023-10-21, before this cycle began (2024-01-01)") in text


def test_audit_page_masks_the_number_and_links_its_exports(example_site):
    page = example_site / "audit" / "acsm-cpt-2024-2026" / "index.html"
    text = visible_text(page)
    assert "Holder Alex Example" in text
    assert "Credential number ••••12 (masked on this public packet" in text
    assert ("Download: CSV · JSON · ZIP with this packet, the certificates and a SHA-256 "
            "manifest") in text
    html_text = page.read_text("utf-8")
    for export in ("csv", "json", "zip"):
        assert f'href="../acsm-cpt-2024-2026.{export}"' in html_text


def test_no_credential_number_and_no_third_party_asset_anywhere(example_site):
    for page in example_site.rglob("*.html"):
        content = page.read_text("utf-8")
        assert "778812" not in content, page
        # Nothing is loaded from another host: no fonts, scripts or styles.
        for match in re.finditer(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', content):
            assert not re.match(r"(https?:)?//", match.group(1)), (page, match.group(1))
    assert "fonts.googleapis" not in (example_site / "index.html").read_text()


def test_navigation_holds_the_dashboard_and_index_pages(example_site):
    nav = (example_site / "index.html").read_text("utf-8")
    for href in ("credentials/", "audit/", "guide/entries/"):
        assert f'href="{href}"' in nav


def test_non_strict_build_with_bad_data_publishes_an_errors_panel(example_copy):
    add_broken_files(example_copy)
    site = build_site(example_copy)
    text = visible_text(site / "index.html")
    assert ("✗ 5 errors to fix 5 files hold entries that could not be read: those entries are "
            "left out of the totals below until fixed.") in text
    for name, (_text, line, _code) in BROKEN_FILES.items():
        assert f"{name}, line {line}" in text
    assert text.count("Not in the totals.") == 5
    assert "38.5 of 45 CEC" in text  # the good entries still total


@pytest.mark.slow  # the mkdocs command itself: strict mode, its exit code and log
def test_strict_build_of_the_example_prints_no_warning(tmp_path):
    root = copy_example(tmp_path / "tracker", guide=True)  # the guide's links checked too
    result = mkdocs("build", "--strict", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert (root / "site" / "audit" / "acsm-cpt-2024-2026" / "index.html").exists()
    assert "then it uploads the site" in (root / "site" / "guide" / "publishing" / "index.html").read_text()


@pytest.mark.slow  # the mkdocs command itself: strict mode, its exit code and log
def test_strict_build_fails_and_lists_all_five_broken_files(example_copy):
    add_broken_files(example_copy)
    result = mkdocs("build", "--strict", cwd=example_copy)
    assert result.returncode == 1
    for name, (_text, line, code) in BROKEN_FILES.items():
        assert re.search(rf"{name}:{line}:\d+: error: .*\[{code}\]", result.stderr), name
    assert "Aborted with 5 errors in strict mode" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # the mkdocs command itself: its exit code and log
def test_bad_today_is_a_clear_build_error(example_copy):
    result = mkdocs("build", cwd=example_copy, today="next week")
    assert result.returncode == 1
    assert "CECTRACK_TODAY is 'next week', expected a date as YYYY-MM-DD" in result.stderr


def free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    import urllib.request
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, seconds: float) -> bool:
    import time
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.mark.slow  # a real mkdocs serve
def test_serve_rebuilds_when_a_credit_file_is_added(example_copy):
    # A new 2-CEC course: the dashboard goes from 38.5 to 40.5 without restarting serve;
    # its certificate arriving later (certificates/ is watched too) clears the warning.
    port = free_port()
    env = dict(os.environ, CECTRACK_TODAY="2026-11-28", NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=example_copy, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    missing = "1 certificate file is missing"
    try:
        assert wait_for(lambda: "38.5 of 45 CEC" in fetch(url), 60)
        (example_copy / "credits" / "new.yaml").write_text(
            "title: New\nprovider: P\ncompleted: 2026-11-01\ncredits: 2\n"
            "evidence: certificates/new.pdf\n", "utf-8")
        assert wait_for(lambda: "40.5 of 45 CEC" in fetch(url) and missing in fetch(url), 60)
        (example_copy / "certificates" / "new.pdf").write_bytes(b"%PDF-1.4 new\n")
        assert wait_for(lambda: "40.5 of 45 CEC" in (page := fetch(url)) and missing not in page,
                        60)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_dashboard_and_status_json_agree_on_every_figure(example_site):
    data = report_to_json(analyse(EXAMPLE, dt.date(2026, 11, 28)))
    text = visible_text(example_site / "index.html")
    for c in data["credentials"]:
        assert f"{c['earned']:g} of {c['required']:g} {c['unit']} earned" in text
        assert f"{c['remaining']:g} {c['unit']} still needed" in text
        assert f"{c['days_left']} days left" in text
        # Two months or less left: the pace a week, from the JSON's own figures
        weekly = c["remaining"] / (c["days_left"] / 7)
        assert (c["state"], round(weekly, 1)) == ("due_soon", 1.4)
        assert f"still needed in {c['days_left']} days: about {round(weekly, 1):g} a week" in text


def _leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.slow  # a real mkdocs serve
def test_a_killed_preview_leaves_no_temporary_folder(example_copy, tmp_path):
    # An editor's task runner or a container stops the preview with SIGTERM: MkDocs' site
    # folder and the plugin's kept packet ZIPs and certificates go, as after Ctrl-C.
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    port = free_port()
    env = dict(os.environ, CECTRACK_TODAY="2026-11-28", NO_MKDOCS_2_WARNING="1",
               TMPDIR=str(temporary))
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=example_copy, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: "38.5 of 45 CEC" in fetch(f"http://127.0.0.1:{port}/"), 60)
        for kept in ("cectrack-serve-", "cectrack-certificates-"):  # ZIPs, certificates
            assert any(name.startswith(kept) for name in _leftovers(temporary))
    finally:
        server.terminate()
        errors = server.communicate(timeout=30)[1]
    assert server.returncode == 0 and "Traceback" not in errors, errors
    assert _leftovers(temporary) == []


@pytest.mark.slow  # a real mkdocs build, stopped half-way
def test_a_killed_build_leaves_no_temporary_folder(tmp_path):
    import time

    from benchmark import make_tracker
    make_tracker(tmp_path / "t", 300)  # a few seconds of building: time to stop it
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = dict(os.environ, CECTRACK_TODAY="2026-11-28", NO_MKDOCS_2_WARNING="1",
               TMPDIR=str(temporary))
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=tmp_path / "t",
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not _leftovers(temporary) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert build.poll() is None, "the build ended before its spool was seen"
    assert any(name.startswith("cectrack-build-") for name in _leftovers(temporary))
    build.terminate()
    build.communicate(timeout=60)
    assert build.returncode != 0  # stopped, not finished
    assert _leftovers(temporary) == []


def test_each_page_names_the_theme_controls_and_asks_not_to_be_indexed(example_site):
    for page in ("index.html", "credentials/acsm-cpt/index.html", "guide/entries/index.html"):
        html = (example_site / page).read_text()
        assert html.count('<head><meta name="robots" content="noindex, nofollow">') == 1, page
        assert html.count('data-md-component="search" role="dialog" aria-label="Search">') == 1
        assert html.count('id="__search" aria-label="Open the search"') == 1, page


def test_the_controls_are_named_where_they_stand_and_the_page_is_otherwise_as_it_was():
    """The edits are made on the page's first part only (one copy of a long page): the
    result is what replacing each in turn over the whole page gave, wherever they stand."""
    from cectrack.render.themefix import _NAMES, named_controls
    robots = ("<head>", '<head><meta name="robots">')
    (search, _), (toggle, _) = _NAMES
    page = ("<html><head></head><body>" + "é" * 5000 + toggle + "<head>" + "x" * 9000 + search
            + search + "✓ end</body></html>")
    expected = page
    for theirs, ours in (robots, *_NAMES):
        expected = expected.replace(theirs, ours, 1)
    assert named_controls(page, robots) == expected != page
    assert named_controls(page) == expected.replace(robots[1], robots[0], 1)
    untouched = "<p>no theme here</p>"
    assert named_controls(untouched, robots) is untouched
