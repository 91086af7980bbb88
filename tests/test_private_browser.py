"""Issue 22 item 2 and issue 24 item 7: a private site as its owner uses it, in Chromium.

The password is typed as people type it (spaces around, accents composed or not); the
next page opens without its form showing for a moment; search works once the site is open;
the calendar line says the feed is unavailable; each kind of page says what its button
opens; a sealed file downloads opened and a sealed image shows.  The shell is judged at
1280 and 390 pixels, light and dark, by axe and by eye (screenshots in the test's folder).
"""
from __future__ import annotations

import json
import os
import unicodedata

import pytest
from conftest import serving
from test_accessibility import RUN_AXE
from test_private_site import PASSWORD, private_tracker

from cectrack.audit.lock import TRIMMED, normalise_password

pytestmark = pytest.mark.slow  # Chromium on the private site's shell

# Records, from before any script of the page runs, whether the shell (its title, words
# and form) was ever shown while a page was being opened (a flash), and when the page was
# written.
WATCH = """
window.__cectrackFlash = false;
(function watch() {
  var page = document.querySelector(".cectrack-shell__page");
  if (page && getComputedStyle(page).visibility !== "hidden") window.__cectrackFlash = true;
  if (!document.querySelector("article")) requestAnimationFrame(watch);
  else window.__cectrackOpenedAt = performance.now();
})();
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = private_tracker(tmp_path_factory.mktemp("browser") / "t")
    os.environ["CECTRACK_SITE_PASSWORD"] = PASSWORD
    try:
        from conftest import build_site
        site = build_site(root)
    finally:
        del os.environ["CECTRACK_SITE_PASSWORD"]
    with serving(site) as address:
        yield address


def opened_tab(browser, served, typed=PASSWORD, **context):
    page = browser.new_context(accept_downloads=True, **context).new_page()
    page.goto(f"{served}/")
    page.fill("#cectrack-password", typed)
    page.click("button[type=submit]")
    page.wait_for_selector("article", timeout=30000)
    return page


def test_the_page_normalises_a_password_as_the_build_does(browser, served):
    page = browser.new_page()
    page.goto(f"{served}/")
    typed = ["  " + PASSWORD + "\n", unicodedata.normalize("NFD", "Crème Brûlée Ünïcode"),
             "inner  spaces stay", "zero\u200bwidth stays", *[c + "x y" + c for c in TRIMMED],
             "\u0130stanbul \ufb01ne", "한국어 비밀번호"]
    shown = page.evaluate("texts => texts.map(window.cectrackUnlock.normalisePassword)", typed)
    assert shown == [normalise_password(t) for t in typed]
    page.context.close()


def test_a_password_typed_with_spaces_and_decomposed_accents_opens_the_site(browser, served):
    page = opened_tab(browser, served, typed="\t" + unicodedata.normalize("NFD", PASSWORD) + "  ")
    assert "38.5 of 45" in " ".join(page.locator("article").inner_text().split())
    page.context.close()


def test_a_wrong_password_keeps_the_page_locked(browser, served):
    page = browser.new_page()
    page.goto(f"{served}/")
    page.fill("#cectrack-password", "not the password at all")
    page.click("button[type=submit]")
    page.wait_for_function("document.querySelector('[role=status]').textContent.startsWith('Wrong')")
    assert page.locator("article").count() == 0
    page.context.close()


def test_the_next_page_opens_without_a_flash_of_its_form(browser, served):
    page = opened_tab(browser, served)
    page.add_init_script(WATCH)
    for link in ("Credentials", "Rules", "Notes"):
        page.click(f"a.md-nav__link:has-text('{link}')")
        page.wait_for_function("window.__cectrackOpenedAt !== undefined", timeout=30000)
        assert page.evaluate("window.__cectrackFlash") is False, link
        assert page.evaluate("window.__cectrackOpenedAt") < 1500, link  # milliseconds
    page.context.close()


def test_search_finds_a_course_once_the_site_is_open(browser, served):
    page = opened_tab(browser, served)
    # Typed key by key, as a reader types: Material's search reads its field on keyup (and
    # on focus), not on the input event a fill sends, so a filled field was searched only
    # when a focus happened to come after it (it failed on a loaded machine). Words typed
    # before the index is opened are searched once it is.
    page.wait_for_function("typeof window.component$ !== 'undefined'")
    page.keyboard.press("/")  # the theme's key for its search field
    page.locator("input.md-search__input").press_sequentially("kettlebell")
    page.wait_for_selector(".md-search-result__item", timeout=60000)
    assert "Kettlebell" in page.locator(".md-search-result").inner_text()
    page.context.close()


def test_the_calendar_line_says_unavailable_and_status_json_downloads_opened(browser, served):
    page = opened_tab(browser, served)
    text = " ".join(page.locator("article").inner_text().split())
    assert "Calendar feed: unavailable on a private site." in text
    assert page.locator("article a[href$='calendar.ics']").count() == 0
    with page.expect_download() as download:
        page.click("article a:has-text('status.json')")
    assert download.value.suggested_filename == "status.json"
    assert json.loads(download.value.path().read_bytes())["holder"] == "Alex Example"
    page.context.close()


def test_a_sealed_image_shows_and_a_sealed_file_saves_under_its_own_name(browser, served):
    page = opened_tab(browser, served)
    page.click("a.md-nav__link:has-text('Notes')")
    page.wait_for_function("document.querySelector('article img') && "
                           "document.querySelector('article img').naturalWidth === 1")
    with page.expect_download() as download:
        page.click("article a:has-text('curriculum vitae')")
    assert download.value.suggested_filename == "curriculum-vitae.pdf"
    assert download.value.path().read_bytes() == b"%PDF-1.4 Alex Example CV\n"
    page.context.close()


def test_each_shell_says_what_its_button_opens(browser, served):
    page = opened_tab(browser, served)
    page.click("a.md-nav__link:has-text('Audit packets')")
    page.wait_for_selector("article")
    packet = page.locator("article a:has-text('ACSM-CPT')").first.get_attribute("href")
    bare = browser.new_page()
    bare.goto(page.url)
    assert bare.locator("button[type=submit]").inner_text() == "Open the page"
    bare.goto(page.url.rstrip("/") + "/" + packet if not packet.startswith("/") else served + packet)
    assert bare.locator("button[type=submit]").inner_text() == "Open the packet"
    assert bare.locator("h1").inner_text() == "Encrypted audit packet"
    bare.context.close()
    page.context.close()


def test_a_packet_of_a_private_site_downloads_its_files_opened(browser, served):
    page = opened_tab(browser, served)
    page.click("a.md-nav__link:has-text('Audit packets')")
    page.wait_for_selector("article")
    page.click("article a:has-text('ACSM-CPT')")
    page.wait_for_selector("article .cectrack-downloads")
    for link, name, start in (("CSV", "acsm-cpt-2024-2026.csv", b"\xef\xbb\xbfcredential,"),
                              ("JSON", "acsm-cpt-2024-2026.json", b"{"),
                              ("ZIP", "acsm-cpt-2024-2026.zip", b"PK")):
        with page.expect_download() as download:
            page.click(f".cectrack-downloads a:has-text('{link}')")
        assert download.value.suggested_filename == name
        assert download.value.path().read_bytes().startswith(start), link
    page.context.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_shell_at_each_width_and_palette(browser, served, axe_source, width, scheme,
                                             tmp_path_factory):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{served}/")
    page.wait_for_selector("#cectrack-password")
    shots = tmp_path_factory.getbasetemp() / "shell-screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"shell-{width}-{scheme}.png"))
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    channels = [int(c) for c in background[background.index("(") + 1:-1].split(",")[:3]]
    assert (sum(channels) < 200) if scheme == "dark" else (sum(channels) > 600), background
    box = page.locator("#cectrack-password").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width  # no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.add_script_tag(content=axe_source)
    assert page.evaluate(RUN_AXE) == []
    context.close()
