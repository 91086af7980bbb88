"""Issue 12: every page of the example site, judged by axe-core in Chromium, at a desktop
and a phone width, in the light and the dark palette: no serious or critical violation.

The palette follows the reader's system setting (the plugin gives Material a light/dark
toggle when the site sets none), so the browser's colour-scheme setting picks it here.
"""
from __future__ import annotations

import pytest
from conftest import build_site, copy_example, serving

SERIOUS = ("serious", "critical")
RUN_AXE = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
  .filter(v => ["serious", "critical"].includes(v.impact))
  .map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "))"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(copy_example(tmp_path_factory.mktemp("a11y") / "t"))


def every_page(site) -> list:
    pages = sorted(site.rglob("index.html")) + [site / "404.html"]
    assert len(pages) == 21  # dashboard, credentials, packets, rules, add a course, the guide, 404
    return pages


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_violation_on_any_page_in_either_palette(site, chromium, axe_source, width):
    from playwright.sync_api import sync_playwright
    found = []
    with sync_playwright() as p, serving(site) as address:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport={"width": width, "height": 900},
                                          color_scheme=scheme)
            page = context.new_page()
            for path in every_page(site):
                page.goto(f"{address}/{path.relative_to(site).as_posix()}")
                wanted = "slate" if scheme == "dark" else "default"  # set by the theme's script
                page.wait_for_function(
                    f"document.body.getAttribute('data-md-color-scheme') === '{wanted}'")
                page.add_script_tag(content=axe_source)
                found += [f"{path.relative_to(site)} [{scheme}]: {v}"
                          for v in page.evaluate(RUN_AXE)]
            context.close()
        browser.close()
    assert found == []


def test_a_wide_table_on_a_phone_scrolls_by_keyboard(site, chromium):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 390, "height": 800})
        page.goto((site / "rules" / "index.html").as_uri())  # 30 rows of five columns
        box = page.locator(".md-typeset__scrollwrap").nth(0)
        box.focus()
        before = box.evaluate("b => b.scrollLeft")
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(200)
        after = box.evaluate("b => b.scrollLeft")
        browser.close()
    assert before == 0 and after > 0
