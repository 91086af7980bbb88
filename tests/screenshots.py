"""Make the screenshots in docs/assets/ from a real build of the tests' example tracker.

    .venv/bin/python tests/screenshots.py

Builds the example as of 28 November 2026, opens it in Chromium with the clock fixed to
that day (so the live figures match the build), and writes:
  docs/assets/dashboard.png        the dashboard at 1280 px, light palette
  docs/assets/dashboard-dark.png   the same in the dark palette
  docs/assets/audit-packet.png     the audit packet at 1280 px
  docs/assets/audit-packet-printed.png   the packet's first printed A4 page
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from conftest import REPO, build_site, copy_example  # noqa: E402

ASSETS = REPO / "docs" / "assets"
CLOCK = "2026-11-28T10:00:00"


def main() -> None:
    from playwright.sync_api import sync_playwright
    site = build_site(copy_example(Path(tempfile.mkdtemp()) / "t"))
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for scheme, name in (("light", "dashboard.png"), ("dark", "dashboard-dark.png")):
            page = browser.new_page(viewport={"width": 1280, "height": 1100}, color_scheme=scheme)
            page.clock.set_fixed_time(CLOCK)
            page.goto((site / "index.html").as_uri())
            page.wait_for_timeout(300)
            page.screenshot(path=str(ASSETS / name))
        page = browser.new_page(viewport={"width": 1280, "height": 1300})
        page.goto((site / "audit" / "acsm-cpt-2024-2026" / "index.html").as_uri())
        page.screenshot(path=str(ASSETS / "audit-packet.png"))
        pdf = Path(tempfile.mkdtemp()) / "packet.pdf"
        page.pdf(path=str(pdf), format="A4")
        browser.close()
    # The printed page as an image: poppler's pdftoppm (Debian's poppler-utils).
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(ASSETS / "audit-packet-printed")], check=True)


if __name__ == "__main__":
    main()
