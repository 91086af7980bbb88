"""HTML that cectrack writes whole, kept out of Markdown's way.

A packet page, a year of its courses and a credential's course tables are HTML the page
templates wrote and escaped themselves, with no Markdown inside: Markdown passes it through
unchanged, but only after reading all of it twice (MkDocs looks in it for ids that links may
point at, then Markdown finds where each HTML block ends).  That reading was most of the
Markdown step of a `mkdocs serve` rebuild at a few hundred courses, and of a long career's
build.  So each region the templates mark (render/markup.py's WHOLE_HTML_START and _END) is
set aside before the conversion, a one-line comment in its place, and put back after it;
its ids are added to the page's anchors, so that links to them are checked as before.
"""
from __future__ import annotations

import html
import re

from ..render.markup import WHOLE_HTML_END, WHOLE_HTML_START

_REGION = re.compile(rf"^{re.escape(WHOLE_HTML_START)}\n(.*?)\n{re.escape(WHOLE_HTML_END)}$",
                     re.S | re.M)
_SLOT = re.compile(r"<!-- cectrack:set-aside (\d+) -->")
_ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each marked region replaced by a numbered slot (a comment block of
    its own), and the regions in slot order."""
    regions: list[str] = []

    def slot(found: re.Match) -> str:
        regions.append(found.group(1))
        return f"\n<!-- cectrack:set-aside {len(regions) - 1} -->\n"
    return _REGION.sub(slot, markdown), regions


def put_back(converted: str, regions: list[str]) -> str:
    """The converted page with each slot replaced by its region, as it was written."""
    if not regions:
        return converted
    def region(found: re.Match) -> str:
        number = int(found.group(1))
        return regions[number] if number < len(regions) else found.group(0)
    return _SLOT.sub(region, converted)


def ids_in(regions: list[str]) -> set[str]:
    """The ids of the regions' elements, as a link's #fragment names them."""
    return {html.unescape(a or b) for region in regions for a, b in _ID.findall(region)}
