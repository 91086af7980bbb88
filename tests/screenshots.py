"""Make the screenshots in docs/assets/ from a real build of the tests' example tracker.

    .venv/bin/python tests/screenshots.py

Builds the example as of 28 November 2026, kept in git as a holder keeps it (each course
recorded a few days after it was completed) with a contact line and the site's address,
opens it in Chromium with the clock fixed to that day (so the live figures match the
build), and writes:
  docs/assets/dashboard.png        the dashboard at 1280 px, light palette
  docs/assets/dashboard-dark.png   the same in the dark palette
  docs/assets/audit-packet.png     the audit packet at 1280 px, its first screen
  docs/assets/audit-packet-check.png     the certificate check's answer above the rows it names
  docs/assets/audit-packet-printed.png   the packet's first printed A4 page
  docs/assets/audit-packet-attestation.png   its last printed page: the attestation to sign
  docs/assets/audit-packet-locked.png    an encrypted packet's password form, at 390 px
  docs/assets/credential-phone.png  the credential page's courses as cards, at 390 px
  docs/assets/add-a-course.png      the add-a-course form sent, at 390 px: the entry for GitHub
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from conftest import REPO, build_site, copy_example, record_as_kept, serving  # noqa: E402
from test_course_pages import COURSE, fill, send  # noqa: E402  (the test's course, sent alike)

ASSETS = REPO / "docs" / "assets"
CLOCK = "2026-11-28T10:00:00"
SITE_URL = "https://alex-example.github.io/ce-tracker/"
REPO_URL = "https://github.com/alex-example/ce-tracker"  # where the add form sends a course
PACKET = "audit/acsm-cpt-2024-2026/"


def example() -> Path:
    root = copy_example(Path(tempfile.mkdtemp()) / "t", guide=True)
    profile = root / "credits" / "profile.yaml"
    profile.write_text(profile.read_text().replace(
        "name: Alex Example\n", "name: Alex Example\ncontact: alex@example.org, +1 555 0100\n"))
    record_as_kept(root)
    return root


def printed_page(pdf: Path, page: int, name: str) -> None:
    """One printed page as an image: poppler's pdftoppm (Debian's poppler-utils)."""
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(ASSETS / name)], check=True)


def main() -> None:
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader
    root = example()
    site = build_site(root, site_url=SITE_URL, repo_url=REPO_URL)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    pdf = Path(tempfile.mkdtemp()) / "packet.pdf"
    with sync_playwright() as p, serving(site) as address:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for scheme, name in (("light", "dashboard.png"), ("dark", "dashboard-dark.png")):
            page = browser.new_page(viewport={"width": 1280, "height": 1100}, color_scheme=scheme)
            page.clock.set_fixed_time(CLOCK)
            page.goto(f"{address}/")
            page.wait_for_timeout(300)
            page.screenshot(path=str(ASSETS / name))
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.clock.set_fixed_time(CLOCK)
        page.goto(f"{address}/{PACKET}")
        page.wait_for_timeout(300)
        page.screenshot(path=str(ASSETS / "audit-packet.png"))
        page.pdf(path=str(pdf), format="A4")
        certificates = root / "certificates"
        page.locator("#cectrack-verify-file").set_input_files(
            [str(certificates / "2026-08-22-regional-chapter-meeting.pdf"),
             str(certificates / "2025-01-18-cpr-aed-card.pdf")])
        page.wait_for_selector("[data-cectrack-result]")
        page.locator(".cectrack-verify-result a", has_text="#10").click()
        page.wait_for_timeout(300)
        page.screenshot(path=str(ASSETS / "audit-packet-check.png"))
        phone_pages(browser, address)
        browser.close()
    printed_page(pdf, 1, "audit-packet-printed")
    printed_page(pdf, len(PdfReader(str(pdf)).pages), "audit-packet-attestation")
    locked_form(root, chromium)


def phone_pages(browser, address: str) -> None:
    """The credential page's courses as cards, and the add-a-course form sent, at 390 px."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.route("https://github.com/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<title>GitHub</title>"))  # stays offline
    page = context.new_page()
    page.clock.set_fixed_time(CLOCK)
    for path, anchor, name in (("credentials/acsm-cpt/", "counted-11", "credential-phone.png"),
                               ("add/", "add-result", "add-a-course.png")):
        page.goto(f"{address}/{path}")
        if path == "add/":
            fill(page, COURSE)
            send(context, page)
        page.evaluate(f"document.getElementById('{anchor}').scrollIntoView()")
        page.evaluate("window.scrollBy(0, -60)")  # below the theme's header
        page.wait_for_timeout(300)
        page.screenshot(path=str(ASSETS / name))
    context.close()


def locked_form(root: Path, chromium: str) -> None:
    """The same tracker built with an audit password: its packet's form on a phone."""
    from playwright.sync_api import sync_playwright
    copy = Path(tempfile.mkdtemp()) / "t"
    shutil.copytree(root, copy)
    os.environ["CECTRACK_AUDIT_PASSWORD"] = "correct horse battery staple"
    try:
        site = build_site(copy, site_url=SITE_URL)
    finally:
        del os.environ["CECTRACK_AUDIT_PASSWORD"]
    with sync_playwright() as p, serving(site) as address:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 390, "height": 640})
        page.goto(f"{address}/{PACKET}")
        page.wait_for_selector("form.cectrack-unlock:not([hidden])")
        page.keyboard.type("a guess")
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('.cectrack-unlock__status')"
                               ".textContent.startsWith('Wrong')")
        page.screenshot(path=str(ASSETS / "audit-packet-locked.png"))
        browser.close()


if __name__ == "__main__":
    main()
