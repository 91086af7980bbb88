"""Issue 12: every page of the example site, judged by axe-core in Chromium, at a desktop
and a phone width, in the light and the dark palette: no serious or critical violation.

The palette follows the reader's system setting (the plugin gives Material a light/dark
toggle when the site sets none), so the browser's colour-scheme setting picks it here.
"""
from __future__ import annotations

import pytest
from conftest import serving

pytestmark = pytest.mark.slow  # Chromium and axe-core on every page

SERIOUS = ("serious", "critical")
# The palettes differ in colours only (Material swaps its colour variables; the pages' HTML
# is the same), so each page is judged by every rule in the light palette and then, switched
# to the dark one in place (as Material follows the reader's system setting), by the rules
# that judge colours: the same verdicts as two full visits in half the time.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
RUN_AXE = """async (only) => (await axe.run(document, only ? {resultTypes: ["violations"],
    runOnly: {type: "rule", values: only}} : {resultTypes: ["violations"]})).violations
  .filter(v => ["serious", "critical"].includes(v.impact))
  .map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "))"""
SCHEME = "document.body.getAttribute('data-md-color-scheme') === '{}'"  # set by the theme's script


@pytest.fixture
def site(example_site):
    return example_site  # the example built once for the whole run (conftest)


def every_page(site) -> list:
    pages = sorted(site.rglob("index.html")) + [site / "404.html"]
    assert len(pages) == 21  # dashboard, credentials, packets, rules, add a course, the guide, 404
    return pages


def test_no_serious_violation_on_any_page_in_either_palette_at_1280(site, browser, axe_source):
    assert violations(site, browser, axe_source, 1280) == []


def violations(site, browser, axe_source, width: int) -> list[str]:
    """Every page at `width`, light then dark: each serious or critical violation found.
    (The 390 px run is tests/test_accessibility_phone.py: a module of its own, so the two
    widths, about a minute each, run on different workers.)"""
    found = []
    with serving(site) as address:
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.add_init_script(axe_source)  # on every page before its own scripts
        page = context.new_page()
        for path in every_page(site):
            name = path.relative_to(site).as_posix()
            page.emulate_media(color_scheme="light")
            page.goto(f"{address}/{name}")
            page.wait_for_function(SCHEME.format("default"))
            found += [f"{name} [light]: {v}" for v in page.evaluate(RUN_AXE, None)]
            page.emulate_media(color_scheme="dark")
            page.wait_for_function(SCHEME.format("slate"))
            found += [f"{name} [dark]: {v}" for v in page.evaluate(RUN_AXE, COLOUR_RULES)]
    return found


def test_the_dark_palette_check_can_fail(site, browser, axe_source):
    """The in-place switch really judges the dark colours: grey text on the dark page's
    background fails there and passes in the light palette."""
    with serving(site) as address:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(axe_source)
        page = context.new_page()
        page.emulate_media(color_scheme="light")
        page.goto(f"{address}/index.html")
        page.wait_for_function(SCHEME.format("default"))
        page.evaluate("""() => { const p = document.createElement('p'); p.textContent = 'planted';
            p.style.color = '#303030'; document.querySelector('.md-content').prepend(p); }""")
        light = page.evaluate(RUN_AXE, COLOUR_RULES)
        page.emulate_media(color_scheme="dark")
        page.wait_for_function(SCHEME.format("slate"))
        dark = page.evaluate(RUN_AXE, COLOUR_RULES)
    assert light == [] and len(dark) == 1 and dark[0].startswith("color-contrast (serious)")


def test_a_wide_table_on_a_phone_scrolls_by_keyboard_and_a_narrow_one_fits(site, browser):
    """At 390 px the list of credentials (four columns of short words) fits the screen; the
    guide's table of generators (code such as `properdocs>=1.6.7,<2`, never cut) is wider and
    scrolls sideways, by keyboard too."""
    wider = "b => b.querySelector('table').scrollWidth - b.clientWidth"
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto((site / "rules" / "index.html").as_uri())
    rules_wider = page.locator(".md-typeset__scrollwrap").nth(0).evaluate(wider)
    page.goto((site / "guide" / "publishing" / "index.html").as_uri())
    box = page.locator(".md-typeset__scrollwrap", has_text="ProperDocs").nth(0)
    box_wider = box.evaluate(wider)
    box.focus()
    before = box.evaluate("b => b.scrollLeft")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(200)
    after = box.evaluate("b => b.scrollLeft")
    assert rules_wider <= 0 and box_wider > 0
    assert before == 0 and after > 0
