"""What Material's own templates leave out for screen readers, put back in each built page.

The theme's search dialog and the hidden checkbox that opens it carry no accessible name
(axe-core: aria-dialog-name, label).  The markup is the theme's; these replacements name
them and change nothing else.  A theme version that fixes or renames them is left alone.
"""
from __future__ import annotations

import html

from markupsafe import Markup

# The palette cectrack gives a Material site that sets none: follow the system's light or
# dark setting, with a toggle in the header (Material's own three-way switch).
PALETTE = [
    {"media": "(prefers-color-scheme)",
     "toggle": {"icon": "material/brightness-auto", "name": "Switch to light mode"}},
    {"media": "(prefers-color-scheme: light)", "scheme": "default",
     "toggle": {"icon": "material/brightness-7", "name": "Switch to dark mode"}},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate",
     "toggle": {"icon": "material/brightness-4", "name": "Switch to system preference"}},
]

_NAMES = (
    ('<div class="md-search" data-md-component="search" role="dialog">',
     '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'),
    ('<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search"',
     '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" '
     'aria-label="Open the search"'),
)


def named_controls(html: str, *more: tuple[str, str]) -> str:
    """The page with its controls named, after the `more` edits (each: the first `theirs`
    becomes `ours`).  A long career's credential page is megabytes of text, and each
    replace would copy it whole: every edit falls in the page's first part (its head, the
    theme's header), so that part is edited on its own and the page copied once."""
    edits = [(theirs, ours) for theirs, ours in (*more, *_NAMES) if theirs in html]
    if not edits:
        return html
    head = html[:max(html.find(theirs) + len(theirs) for theirs, _ in edits)]
    edited = head
    for theirs, ours in edits:
        edited = edited.replace(theirs, ours, 1)
    return html.replace(head, edited, 1)  # `head` is found where it starts: one copy


def title_for_theme(meta_title: object, page_title: str | None, homepage: bool) -> str | None:
    """The page's title as Material should print it, or None to leave the theme's own choice.

    Material prints `page.meta.title` as it is, and `page.title` through `striptags`, which
    turns the heading's `&lt;/title&gt;` back into a tag that closes <title>: a body's name
    or a credential's from a rule file could then write script into every page's head.  The
    title given here is plain text, escaped once, which both ways print safely."""
    if meta_title:
        return html.escape(str(meta_title), quote=False)
    if page_title and not homepage:
        return html.escape(Markup(page_title).striptags(), quote=False)
    return None
