"""The trainer's pages as a browser lays them out, at a phone's width (390 px) and a desktop's
(1280 px), light and dark: table cells keep their words whole, a table too wide scrolls in
a box of its own with a name of its own, the credential's Total row is one line, and the
dashboard's chart has a readable scale whatever earned is against required.
"""
from __future__ import annotations

import pytest
from conftest import (
    EXAMPLE,
    build_site,
    copy_example,
    course,
    profile,
    serving,
    write_tracker,
)

from cectrack.render.charts import scale_ticks

# A word a table cell lays out on two lines (or more), other than where a line may break
# inside a word: after a hyphen, a dash or a comma ("home-|study", "1.6.7,|<2").  A hash
# drawn to break anywhere (word-break: break-all) is no word.  Cells out of sight (the
# course cards' column headings, visually hidden) are left out.
CUT_WORDS = """() => {
  const lineOf = (node, from, to) => {
    const range = document.createRange();
    range.setStart(node, from);
    range.setEnd(node, to);
    return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
  };
  const cut = [];
  for (const cell of document.querySelectorAll("article :is(td, th)")) {
    if (cell.parentElement.parentElement.getBoundingClientRect().width <= 1) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (getComputedStyle(node.parentElement).wordBreak === "break-all") continue;
      for (const m of node.data.matchAll(/\\S+/g)) {
        if (lineOf(node, m.index, m.index + m[0].length).size < 2) continue;
        for (let i = 1; i < m[0].length; i++) {
          const before = [...lineOf(node, m.index + i - 1, m.index + i)][0];
          const after = [...lineOf(node, m.index + i, m.index + i + 1)][0];
          if (after > before && !"-\u2013\u2014,".includes(m[0][i - 1])) {
            cut.push(m[0].slice(0, i) + "|" + m[0].slice(i));
          }
        }
      }
    }
  }
  return cut;
}"""
# The name of each box a table scrolls in, in the page's order.
BOX_NAMES = """() => [...document.querySelectorAll('.md-typeset__scrollwrap, .cectrack-scroll')]
  .map(b => [b.getAttribute('role'), b.getAttribute('aria-label'), b.getAttribute('tabindex')])"""
SCHEME = "document.body.getAttribute('data-md-color-scheme') === '{}'"  # set by the theme


def each_palette(page):
    """Yields once the page shows the light palette, then once it shows the dark one."""
    for scheme, name in (("light", "default"), ("dark", "slate")):
        page.emulate_media(color_scheme=scheme)
        page.wait_for_function(SCHEME.format(name))
        yield scheme


@pytest.mark.slow  # Chromium, every page of the example site at two widths
def test_no_table_cell_cuts_a_word_on_any_page_at_390_or_1280(example_site, browser):
    """Issue 9: at 390 px the packet's "Courses by year" read "Yea|r", "202|6", "Tot|al",
    its activities "conferenc|e" and "CPR/AE|D"; the credential page's "Not counted" read
    "Complete|d", "Aw|ard|ed", "CE|C" (a cell style that let a column shrink to a letter,
    and the theme's links and code that break anywhere)."""
    pages = sorted(example_site.rglob("index.html"))
    cut = []
    with serving(example_site) as address:
        chrome = browser
        for width in (390, 1280):
            page = chrome.new_page(viewport={"width": width, "height": 900})
            for path in pages:
                name = path.relative_to(example_site).parent.as_posix().strip(".")
                page.goto(f"{address}/{name}")
                cut += [f"{width} {scheme} {name}: {word}" for scheme in each_palette(page)
                        for word in page.evaluate(CUT_WORDS)]
            page.close()
    assert len(pages) == 20 and cut == []


def long_word_tracker(root):
    """The example with one more course before the cycle (not counted, listed), titled with
    a word wider than a phone's screen at the table's size."""
    copy_example(root)
    (root / "credits" / "2023" / "2023-12-01-long.yaml").write_text(
        course("Electroencephalographically-guided Neurorehabilitationinterventions",
               "2023-12-01", 2), "utf-8")
    return root


@pytest.mark.slow  # Chromium
def test_a_table_too_wide_for_a_phone_scrolls_in_a_box_of_its_own_by_keyboard(tmp_path, browser):
    """The word stays whole; the page does not scroll sideways, the table's box does: a
    region named after its heading, reached by Tab, scrolled by the arrow keys."""
    site = build_site(long_word_tracker(tmp_path / "t"))
    with serving(site) as address:
        chrome = browser
        page = chrome.new_page(viewport={"width": 390, "height": 800})
        page.goto(f"{address}/credentials/acsm-cpt/")
        box = page.locator(".cectrack-scroll", has=page.locator("table.cectrack-excluded"))
        seen = box.evaluate("""b => ({page: document.documentElement.scrollWidth - innerWidth,
            wider: b.scrollWidth - b.clientWidth, role: b.getAttribute('role'),
            name: b.getAttribute('aria-label')})""")
        cut = page.evaluate(CUT_WORDS)
        box.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(200)
        scrolled = box.evaluate("b => b.scrollLeft")
    assert cut == []
    assert seen["page"] <= 0 and seen["wider"] > 0 and scrolled > 0
    assert (seen["role"], seen["name"]) == ("region", "Not counted (2)")


# The Total row under the course cards: "Total" and the figure on one line, ruled once.
TOTAL_ROW = """table => {
  const row = table.querySelector('tfoot tr');
  const [label, figure] = [row.querySelector('th'), row.querySelector('td.cectrack-num')];
  const box = e => e.getBoundingClientRect();
  const lines = e => { const range = document.createRange(); range.selectNodeContents(e);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; };
  const ruled = e => ['Top', 'Bottom'].filter(s => getComputedStyle(e)['border' + s + 'Width'] !== '0px');
  const card = [...table.querySelectorAll('tbody td.cectrack-counted')].pop();
  return {text: row.innerText.replace(/\\s+/g, ' ').trim(),
          sameLine: Math.abs(box(label).top - box(figure).top) < 1 && Math.abs(box(label).bottom - box(figure).bottom) < 1,
          figureLines: lines(figure), figureRight: Math.round(box(figure).right),
          cardRight: Math.round(box(card).right),
          rules: [ruled(row), ruled(label), ruled(figure)]};
}"""


@pytest.mark.slow  # Chromium
def test_the_total_under_the_course_cards_is_one_line_on_a_phone(example_site, browser):
    """Issue 14: at 390 px the credential page's Total row showed "Total" on one line and
    "38.5 / CEC" under it, with two rules offset from each other.  The example counts
    38.5 CEC (tests/test_trainer_pages.py works it out); the packet shows the same row."""
    rows = {}
    with serving(example_site) as address:
        chrome = browser
        page = chrome.new_page(viewport={"width": 390, "height": 800})
        for name in ("credentials/acsm-cpt", "audit/acsm-cpt-2024-2026"):
            page.goto(f"{address}/{name}/")
            for scheme in each_palette(page):
                rows[name, scheme] = page.locator("table.cectrack-courses").evaluate(TOTAL_ROW)
    for row in rows.values():
        assert row["text"] == "Total 38.5 CEC"
        assert row["sameLine"] and row["figureLines"] == 1
        assert row["figureRight"] == row["cardRight"]  # under the cards' figures
        assert row["rules"] == [["Top"], [], []]  # one rule, the row's, above it


# --- Names of the boxes tables scroll in ---------------------------------------------------

NAMED = """() => [...document.querySelectorAll('article table:not([class])')]
  .every(t => t.closest('.md-typeset__scrollwrap[role]'))"""  # the theme's, named by fresh.js
AXE_LANDMARKS = """async () => (await axe.run(document, {runOnly: {type: "rule",
    values: ["landmark-unique", "region", "scrollable-region-focusable"]}})).violations
  .map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", "))"""


@pytest.mark.slow  # Chromium and axe-core
def test_every_table_box_has_a_name_of_its_own(tmp_path, example_site, browser, axe_source):
    """Issue 15: every box was "Table, scrolls sideways", so a page with two Markdown tables
    had two landmarks of one name (axe: landmark-unique).  Each is named by the heading
    above it (the theme's boxes, named by fresh.js) or by the page's HTML (cectrack's)."""
    from test_figures import nsca_with_category_a_full
    nsca = tmp_path / "nsca"
    nsca_with_category_a_full(nsca)  # a credential page with two Markdown tables
    (nsca / "credits" / "x.yaml").write_text(course("Early", "2025-01-10", 0.5, "CEU"), "utf-8")
    names, found = {}, []
    chrome = browser
    context = chrome.new_context(viewport={"width": 390, "height": 800})
    context.add_init_script(axe_source)
    page = context.new_page()
    for site, name in ((example_site, "credentials/acsm-cpt"), (example_site, "audit/acsm-cpt-2024-2026"),
                       (build_site(nsca), "credentials/nsca-cscs")):
        with serving(site) as address:
            page.goto(f"{address}/{name}/")
            page.wait_for_function(NAMED)
            names[name] = page.evaluate(BOX_NAMES)
            found += page.evaluate(AXE_LANDMARKS)
    assert found == []
    region = lambda *labels: [["region", label, "0"] for label in labels]  # noqa: E731
    assert names == {
        # The figures table comes under the page's title; cectrack's two under theirs.
        "credentials/acsm-cpt": region("ACSM-CPT: ACSM Certified Personal Trainer",
                                       "By activity", "Not counted (1)"),
        "audit/acsm-cpt-2024-2026": region("Totals by activity", "Courses by year",
                                           "Courses not counted"),
        "credentials/nsca-cscs": region(
            "NSCA-CSCS: Certified Strength and Conditioning Specialist", "Categories",
            "By activity", "Not counted (2)"),  # the CPR card (no NSCA credit) and "Early"
    }


# --- The chart's scale ---------------------------------------------------------------------

@pytest.mark.parametrize("highest, marks", [
    # 45 CEC required, 38.5 earned: 45 and a twelfth is 48.75; a fifth of it 9.75 -> steps
    # of 10 up to 50.
    (45, [0, 10, 20, 30, 40, 50]),
    # NSCA's 2 CEU: 2.17 / 5 = 0.43 -> steps of 0.5 up to 2.5.
    (2, [0, 0.5, 1, 1.5, 2, 2.5]),
    # 2,600 earned against 45: 2816.7 / 5 = 563 -> steps of 1000 up to 3000.
    (2600, [0, 1000, 2000, 3000]),
    # 1 CEU: 1.083 / 5 = 0.217 -> steps of 0.25 up to 1.25.
    (1, [0, 0.25, 0.5, 0.75, 1, 1.25]),
    # 120: 130 / 5 = 26 -> steps of 50 up to 150.
    (120, [0, 50, 100, 150]),
])
def test_the_scale_takes_round_steps_for_the_range_shown(highest, marks):
    assert scale_ticks(highest) == marks


def far_above_tracker(root):
    """ACSM-CPT (45 CEC required) with 2,600 CEC earned: 26 courses of 100 CEC."""
    files = {f"credits/c{n}.yaml": course(f"Course {n}", f"2024-{n % 12 + 1:02d}-{n % 27 + 1:02d}", 100)
             for n in range(26)}
    write_tracker(root, {**files, "mkdocs.yml": (EXAMPLE / "mkdocs.yml").read_text().split("nav:")[0]})
    (root / "docs").mkdir()
    return root


# Each label of the chart: its words and box; the drawing's box.
CHART_LABELS = """plot => ({plot: (r => [r.left, r.top, r.right, r.bottom])(plot.getBoundingClientRect()),
  labels: [...plot.querySelectorAll('.cectrack-label')].map(l => {
    const r = l.getBoundingClientRect(); return [l.textContent, r.left, r.top, r.right, r.bottom]; })})"""


@pytest.mark.slow  # Chromium
def test_the_chart_scale_is_readable_when_earned_is_far_above_required(tmp_path, browser):
    """Issue 10: with 2,600 earned against 45 required the scale read "0 / 22.5 / 45" piled
    at the bottom and nothing at the top.  Now 0 to 3000 in steps of 1000, the required line
    labelled on its own; no label overlaps another or leaves the chart, at either width."""
    site = build_site(far_above_tracker(tmp_path / "t"))
    seen = {}
    with serving(site) as address:
        chrome = browser
        for width in (390, 1280):
            page = chrome.new_page(viewport={"width": width, "height": 900})
            page.goto(f"{address}/")
            for scheme in each_palette(page):
                seen[width, scheme] = page.locator(".cectrack-plot").evaluate(CHART_LABELS)
            page.close()
    for key, chart in seen.items():
        words = [label[0] for label in chart["labels"]]
        assert words == ["0", "1000", "2000", "3000", "2024", "2025", "2026",
                         "45 CEC required", "today"], key
        top, bottom = chart["plot"][1], chart["plot"][3]
        boxes = [label[1:] for label in chart["labels"]]
        outside = [word for word, box in zip(words, boxes) if not inside(box, chart["plot"])]
        assert outside == [], key
        overlapping = [(words[i], words[j]) for i in range(len(boxes)) for j in range(i)
                       if overlap(boxes[i], boxes[j])]
        assert overlapping == [], key
        # The top mark (3000) stands at the top of the drawing: 14 of its 230 units.
        scale = (bottom - top) / 230
        assert abs((boxes[3][1] + boxes[3][3]) / 2 - (top + 14 * scale)) < 8, key


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(box, frame) -> bool:
    return frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] and box[3] <= frame[3]


def long_category_tracker(root):
    """CIMSPA (10 CPD points a year, 5 endorsed): its categories have the longest names,
    "endorsed, mapped to a professional standard" the longest of them."""
    files = {"credits/mapped.yaml": course("Mapped", "2026-07-01", 4, "contact_hour",
                                           tags="[cimspa-mapped]"),
             "credits/endorsed.yaml": course("Endorsed", "2026-07-02", 2, "contact_hour",
                                             tags="[cimspa-endorsed]"),
             "credits/other.yaml": course("Other", "2026-09-01", 6, "contact_hour"),
             "mkdocs.yml": (EXAMPLE / "mkdocs.yml").read_text().split("nav:")[0]}
    write_tracker(root, files, profile=profile(("CIMSPA-PRACTITIONER", {"since": "2024-06-01"})))
    (root / "docs").mkdir()
    return root


@pytest.mark.slow  # Chromium
def test_long_category_names_wrap_and_keep_their_figures_on_a_phone(tmp_path, browser):
    """A reviewer's CIMSPA dashboard at 390 px was 565 px wide: the category names did not
    wrap, and their figures ("3 of 10 max") stood off the screen."""
    site = build_site(long_category_tracker(tmp_path / "t"))
    with serving(site) as address:
        page = browser.new_page(viewport={"width": 390, "height": 900})
        page.goto(f"{address}/")
        for scheme in each_palette(page):
            seen = page.evaluate("""() => ({wider: document.documentElement.scrollWidth - innerWidth,
                figures: [...document.querySelectorAll('.cectrack-bar-figure')].map(f =>
                    [f.textContent, f.getBoundingClientRect().right])})""")
            assert seen["wider"] <= 0, (scheme, seen)
            assert len(seen["figures"]) >= 3, seen
            assert all(right <= 390 for _, right in seen["figures"]), (scheme, seen)
        page.close()
