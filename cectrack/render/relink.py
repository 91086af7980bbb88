"""Links of a built site made to follow pages and files to their new names.

A private site publishes each page and file under a name that says nothing (sealed.py).
The MkDocs plugin renames them before MkDocs writes the links; on a site another generator
built from `cectrack render`'s project they are renamed afterwards, so every relative
address in a page (href, src, the theme's base in its config script, the search index's
locations) is worked out again from the page's new place to its target's new place.
"""
from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

_ATTRIBUTE = re.compile(r'(\b(?:href|src)=")([^"]*)(")')
_THEME_BASE = re.compile(r'("base":\s*")([^"]*)(")')  # Material's and Zensical's __config
_THEME_SEARCH = re.compile(r'("search":\s*")([^"]*)(")')


def page_dest(src_uri: str) -> str:
    """Where a generator publishes the page made from `src_uri` (directory addresses, as
    MkDocs, ProperDocs and Zensical make them by default)."""
    folder, name = posixpath.split(src_uri)
    stem = name.rsplit(".", 1)[0]
    if stem in ("index", "README"):
        return posixpath.join(folder, "index.html")
    return posixpath.join(folder, stem, "index.html")


def up_to_root(dest: str) -> str:
    """The relative way from a published file to the site's root, as a theme writes it."""
    depth = dest.count("/")
    return "/".join([".."] * depth) or "."


def _target(path: str, here: str) -> tuple[str, bool] | None:
    """The site file a relative `path` from folder `here` names, and whether it was written
    as a folder; None when it leads outside the site."""
    joined = posixpath.normpath(posixpath.join(here, path)) if path else here or "."
    if joined == ".." or joined.startswith("../"):
        return None
    folder = path.endswith("/") or path in ("", ".", "..") or path.endswith(("/.", "/.."))
    if joined == ".":
        return "index.html", True
    return (f"{joined}/index.html", True) if folder else (joined, False)


def _address(target: str, folder: bool, here: str) -> str:
    if folder and (target == "index.html" or target.endswith("/index.html")):
        relative = posixpath.relpath(posixpath.dirname(target) or ".", here or ".")
        return "./" if relative == "." else relative + "/"
    return posixpath.relpath(target, here or ".")


def moved_url(url: str, old: str, new: str, moved: dict[str, str], site_url: str = "",
              arrived: frozenset[str] = frozenset()) -> str:
    """`url`, written in the page published at `old`, as the page now at `new` writes it;
    a link written for the new place already (to one of the names in `arrived`: a packet
    links to its files' new names) stays."""
    absolute = site_url and url.startswith(site_url)
    parts = urlsplit(url[len(site_url):] if absolute else url)
    if not url or not absolute and (parts.scheme or parts.netloc or url.startswith(("/", "#"))
                         or (not parts.path and url)):
        return url
    found = _target(parts.path, "" if absolute else posixpath.dirname(old))
    if found is None:
        return url
    ahead = None if absolute else _target(parts.path, posixpath.dirname(new))
    if ahead is not None and ahead[0] in arrived:
        return url
    target, folder = found
    new_target = moved.get(target, target)
    if absolute:
        path = _address(new_target, folder, "")
        address = site_url + ("" if path == "./" else path)
    elif new_target == target and old == new:
        return url
    else:
        address = _address(new_target, folder, posixpath.dirname(new))
    return address + (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else "")


def relink_page(html: str, old: str, new: str, moved: dict[str, str], site_url: str = "") -> str:
    """Every address in a built page, as the page now at `new` (once at `old`) writes it."""
    arrived = frozenset(moved.values())

    def fix(match: re.Match) -> str:
        return match.group(1) + moved_url(match.group(2), old, new, moved, site_url,
                                          arrived) + match.group(3)
    html = _ATTRIBUTE.sub(fix, html)
    html = _THEME_BASE.sub(lambda m: m.group(1) + up_to_root(new) + m.group(3), html, count=1)
    return _THEME_SEARCH.sub(fix, html, count=1)


def moved_location(location: str, moved: dict[str, str]) -> str:
    """A search index's location (relative to the site's root) after the pages moved."""
    return moved_url(location, "index.html", "index.html", moved) if location else location
