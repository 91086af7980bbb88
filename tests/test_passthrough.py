"""Issue 28 item 1: the HTML cectrack writes whole (a packet, a credential's tables) is set
aside while MkDocs converts the page's Markdown and put back after: every page is what
Markdown itself would have made of it, and links to its ids are checked as before."""
from __future__ import annotations

import re

import pytest
from conftest import build_with, copy_example

import cectrack.plugin
from cectrack.plugin.passthrough import ids_in, put_back, set_aside
from cectrack.render.markup import WHOLE_HTML_END, WHOLE_HTML_START

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
MARKS = re.compile(rf"^(?:{re.escape(WHOLE_HTML_START)}|{re.escape(WHOLE_HTML_END)})\n", re.M)


def pages_of(site):
    """Each page's HTML without its blank lines: Markdown folds the blank lines between two
    HTML blocks into one; set aside, the blocks keep theirs (a browser shows neither)."""
    return {p.relative_to(site).as_posix(): re.sub(r"\n(?:[ \t]*\n)+", "\n", p.read_text("utf-8"))
            for p in site.rglob("*.html")}


def test_every_page_is_what_markdown_would_have_made(tmp_path, caplog, monkeypatch):
    set_apart = copy_example(tmp_path / "set-apart")
    assert build_with(set_apart, caplog)[0]
    converted = copy_example(tmp_path / "converted")
    monkeypatch.setattr(cectrack.plugin, "set_aside", lambda markdown: (markdown, []))
    assert build_with(converted, caplog)[0]
    kept, whole = pages_of(set_apart / "site"), pages_of(converted / "site")
    assert sorted(kept) == sorted(whole)
    marked = [name for name, page in whole.items() if WHOLE_HTML_START in page]
    assert {"audit/acsm-cpt-2024-2026/index.html", "credentials/acsm-cpt/index.html"} <= set(marked)
    assert [name for name in whole if MARKS.sub("", whole[name]) != kept[name]] == []
    assert not any("cectrack:" in page for page in kept.values())  # no mark, no slot left


def test_a_link_to_an_id_inside_set_aside_html_is_checked_as_before(tmp_path, caplog):
    root = copy_example(tmp_path / "t")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "validation:\n  anchors: warn\n")
    (root / "docs" / "links.md").write_text(
        "[Courses](audit/acsm-cpt-2024-2026.md#courses-counted)\n"
        "[Nowhere](audit/acsm-cpt-2024-2026.md#no-such-part)\n", "utf-8")
    built, log = build_with(root, caplog)
    assert built
    assert "'#no-such-part'" in log and "'#courses-counted'" not in log


def test_slots_hold_regions_in_order_and_nothing_else_is_touched():
    markdown = (f"# Title\n\n{WHOLE_HTML_START}\n<table id=\"a&amp;b\">\n\n</table>\n"
                f"{WHOLE_HTML_END}\ntext\n{WHOLE_HTML_START}\n<p id='x'>2</p>\n{WHOLE_HTML_END}\n")
    lifted, regions = set_aside(markdown)
    assert regions == ['<table id="a&amp;b">\n\n</table>', "<p id='x'>2</p>"]
    assert "<table" not in lifted and lifted.startswith("# Title\n\n")
    html = "<h1>Title</h1>\n<!-- cectrack:set-aside 0 -->\n<p>text</p>\n" \
           "<!-- cectrack:set-aside 1 -->\n<!-- cectrack:set-aside 7 -->"
    assert put_back(html, regions) == (f"<h1>Title</h1>\n{regions[0]}\n<p>text</p>\n"
                                       f"{regions[1]}\n<!-- cectrack:set-aside 7 -->")
    assert ids_in(regions) == {"a&b", "x"}
    assert set_aside("no marks\n") == ("no marks\n", [])
