"""Sealing a site another generator built from `cectrack render`'s project (MkDocs,
ProperDocs, Zensical alike): the same result as the plugin's, reached after the build.

The plugin seals each page in MkDocs' hooks; a generator without plugins (Zensical) or one
run without ours leaves a finished folder, so this pass works on that folder: every page
a password seals becomes its shell (the page whole inside it), every file of the holder's
is sealed, a private site's pages and files move to names that say nothing (their links
follow: render/relink.py), its search index is sealed and its sitemap emptied, sealed
packets leave the search index and the sitemap.  Then the whole folder is checked as the
plugin checks its own (audit_site, below): what is not sealed and shows the holder's
strings is removed and named.  Plain functions, no generator imported; render/sealed.py
has the plan, the shells and the holder's strings, this module the files.
"""
from __future__ import annotations

import gzip
import json
import posixpath
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..audit.lock import (
    PASSWORD_ENV,
    SITE_PASSWORD_ENV,
    Lock,
    SealedWriter,
    same_password,
)
from ..files.atomic import replace_atomically
from ..render import sealed
from ..render.relink import moved_location, page_dest, relink_page
from ..render.sealed import (
    MARKS,
    MAX_CHECKED,
    SEARCH_CODE,
    Canaries,
    Sealing,
    is_sealed_start,
    without_payloads,
)

# Where each generator's search writes its index, and the key of its list of entries.
SEARCH_INDEXES = {"search/search_index.json": "docs", "search.json": "items"}
_HEADING = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S | re.I)
_DESCRIPTION = re.compile(r'<meta name="(?:description|author)" content="([^"]*)"', re.I)
_URL = re.compile(r"\s*<url>.*?</url>", re.S)


@dataclass
class Project:
    """What a rendered project's docs/ held, as the pass needs it."""

    pages: set[str]  # Markdown pages, by their path under docs/
    ours: set[str]  # cectrack's generated files (not pages)
    user: set[str]  # the user's files kept under docs/ (not pages)
    user_pages: set[str] = field(default_factory=set)  # the user's own Markdown pages
    public: set[str] = field(default_factory=set)  # mkdocs.yml's extra_css, extra_javascript
    site_url: str = ""


class _Pass:
    def __init__(self, site: Path, sealing: Sealing, project: Project, canaries: Canaries):
        self.site, self.sealing, self.project, self.canaries = site, sealing, project, canaries
        # a packet page, in a folder of its own in the project, by its name in the plugin
        self.pages = {page_dest(src): src.removesuffix("/index.md") + ".md"
                      if sealing.is_packet(src) and src.endswith("/index.md") else src
                      for src in project.pages}
        self.moved: dict[str, str] = {}  # published path -> its new path (a private site)
        self.locks: dict[str, Lock] = {}  # a file's published path -> the lock it needs
        self.downloads: dict[str, str] = {}  # a sealed file's new path -> its own name
        self.expected: dict[str, str] = {}  # as audit_site reads it
        self.problems: list[str] = []

    def plan(self) -> None:
        """Which file goes where, sealed with what (nothing written yet)."""
        sealing = self.sealing
        for dest, src in self.pages.items():
            if sealing.private:
                self.moved[dest] = sealing.published_uri(src, True, True)
        for uri in sorted(self.project.ours | self.project.user):
            if uri.endswith((".html", ".htm")) and uri in self.project.user:
                if sealing.private and uri not in self.project.public:
                    self.moved[uri] = f"p/{sealing.opaque(uri)}.html"
                continue
            lock = (sealing.file_lock(uri) if uri in self.project.ours
                    else sealing.site if uri not in self.project.public else None)
            if lock is None:
                self.expected[uri] = "fixed" if uri in self.project.ours else "public"
                continue
            new = sealing.published_uri(uri)
            self.moved[uri], self.locks[uri] = new, lock
            self.downloads[new] = posixpath.basename(uri)

    def seal_pages(self) -> None:
        for path in sorted(self.site.rglob("*.htm*")):
            relative = path.relative_to(self.site).as_posix()
            if path.is_symlink() or not path.is_file():
                continue
            src = self.pages.get(relative)
            lock = (self.sealing.page_lock(src) if src is not None
                    else self.sealing.site if relative in self.moved else None)
            if lock is not None:
                self._shell(path, relative, lock, self.sealing.page_kind(src or relative))
            elif self.sealing.private and relative == "404.html":
                base = urlsplit(self.project.site_url or "/").path or "/"
                path.write_text(sealed.not_found_page(base if base.endswith("/") else base + "/"))
            elif self.sealing.private:
                path.unlink()
                self.problems.append(f"{relative}: a page the generator made that is not one "
                                     "of docs/, which cectrack cannot seal (it is removed)")
            else:
                self.expected[relative] = "public"

    def _shell(self, path: Path, relative: str, lock: Lock, kind: str) -> None:
        page = path.read_text("utf-8", "replace")
        new = self.moved.get(relative, relative)
        if self.sealing.private:
            if self.pages.get(relative) in self.project.user_pages:
                self._page_canaries(page)
            page = relink_page(page, relative, new, self.moved, self.project.site_url)
        here = posixpath.dirname(new) or "."
        found = {url: name for dest, name in self.downloads.items()
                 if f'"{(url := posixpath.relpath(dest, here))}"' in page}
        if found:
            at = page.rfind("</body>")
            page = page[:at] + sealed.downloads_script(found) + page[at:]
        self._write(new, sealed.shell(lock, page, sealed.base_of(new), kind).encode("utf-8"))
        if new != relative:
            path.unlink()
        self.expected[new] = "shell"

    def _page_canaries(self, page: str) -> None:
        """The headings of the user's own pages, and what their meta says."""
        for text in [*_HEADING.findall(page), *_DESCRIPTION.findall(page)]:
            self.canaries.add(re.sub(r"<[^>]*>", " ", text).replace("¶", " "),
                              "a heading of your pages", words=2)

    def seal_files(self) -> None:
        for uri, lock in self.locks.items():
            path, new = self.site / uri, self.moved[uri]
            if path.is_symlink() or not path.is_file():
                continue
            with open(path, "rb") as handle:
                done = sealed.is_sealed_start(handle.read(40))
            if done:
                data = path.read_bytes()
            else:
                parts: list[bytes] = []
                writer = SealedWriter(lock, parts.append)
                with open(path, "rb") as handle:
                    while chunk := handle.read(1 << 20):
                        writer.write(chunk)
                writer.close()
                data = b"".join(parts)
            self._write(new, data)
            if new != uri:
                path.unlink()
            self.expected[new] = "sealed"

    def search_and_sitemap(self) -> None:
        for name, key in SEARCH_INDEXES.items():
            if (self.site / name).is_file():
                self._search_index(name, key)
        if (self.site / "search" / "search_index.js").is_file() and self.sealing.private:
            self._write("search/search_index.js", sealed.SEARCH_STUB)
        if (self.site / "sitemap.xml").is_file():
            kept = _URL.sub(lambda m: m.group(0) if self._listed(m.group(0)) else "",
                            (self.site / "sitemap.xml").read_text("utf-8", "replace"))
            self._write("sitemap.xml", kept.encode("utf-8"))
            if (self.site / "sitemap.xml.gz").is_file():
                self._write("sitemap.xml.gz", gzip.compress(kept.encode("utf-8"), mtime=0))

    def _search_index(self, name: str, key: str) -> None:
        index = json.loads((self.site / name).read_bytes())
        entries = index.get(key) if isinstance(index, dict) else None
        if not isinstance(entries, list):
            return
        index[key] = [entry for entry in entries if not self._is_packet(entry.get("location"))]
        if self.sealing.private:
            for entry in index[key]:
                entry["location"] = moved_location(str(entry.get("location") or ""), self.moved)
        text = json.dumps(index, ensure_ascii=False).encode("utf-8")
        self._write(name, sealed.seal(self.sealing.site_lock, text) if self.sealing.private else text)
        self.expected[name] = "sealed" if self.sealing.private else "public"

    def _is_packet(self, location) -> bool:
        if self.sealing.packet_lock is None or not isinstance(location, str):
            return False
        path = urlsplit(location).path
        src = self.pages.get(path + "index.html" if path.endswith("/") or not path
                             else path)
        return src is not None and self.sealing.is_packet(src)

    def _listed(self, entry: str) -> bool:
        """Whether a sitemap entry stays: none on a private site, no sealed packet."""
        if self.sealing.private:
            return False
        found = re.search(r"<loc>([^<]*)</loc>", entry)
        url = found.group(1) if found else ""
        site = self.project.site_url
        return not self._is_packet(url[len(site):] if site and url.startswith(site) else
                                   urlsplit(url).path.lstrip("/"))

    def _write(self, relative: str, data: bytes) -> None:
        target = self.site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(target, data, durable=False)

    def check(self) -> list[str]:
        """The whole folder, as the plugin checks its own: what must not go out is removed."""
        self._write(sealed.MARKS, sealed.marks(self.sealing))
        for path in self.site.rglob("*"):
            relative = path.relative_to(self.site).as_posix()
            if path.is_file() and relative not in self.expected:
                self.expected[relative] = "public"  # the theme's: searched for the holder's
        found = audit_site(self.site, self.expected, self.canaries)
        for relative, _what in found:
            (self.site / relative).unlink(missing_ok=True)
        _drop_empty_folders(self.site)
        return self.problems + [f"{relative}: {what}" for relative, what in found]


def seal_built_site(site: Path, sealing: Sealing, project: Project,
                    canaries: Canaries) -> list[str]:
    """Seal the built site in `site` in place; return what could not be sealed (removed)."""
    work = _Pass(site, sealing, project, canaries)
    work.plan()
    work.seal_pages()
    work.seal_files()
    work.search_and_sitemap()
    return work.check()


def _drop_empty_folders(site: Path) -> None:
    for folder in sorted((p for p in site.rglob("*") if p.is_dir() and not p.is_symlink()),
                         key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


# --- The last check: nothing of the holder's in the clear -----------------------------------

def audit_site(site: Path, expected: dict[str, str], canaries: Canaries) -> list[tuple[str, str]]:
    """Every file of the built site checked against what the build meant it to be:
    "sealed" (a sealed file), "shell" (a sealed page's stand-in), "public" (readable, so
    searched for the holder's strings), "fixed" (the theme's or cectrack's own files, the
    same for every site).  A file no one accounts for (another plugin wrote it after the
    pages) is refused: it cannot be sealed any more.  Returns (path, what is wrong) for
    each file that must not go out."""
    problems = []
    for path in sorted(p for p in site.rglob("*") if p.is_file() or p.is_symlink()):
        relative = path.relative_to(site).as_posix()
        how = expected.get(relative) or _known_public(relative)
        if how == "fixed":
            continue
        if how is None:
            problems.append((relative, "written by the theme or another plugin after the pages "
                             "were sealed, so it cannot be sealed; remove that plugin or "
                             "template, or make the site public"))
            continue
        problems += [(relative, what) for what in _file_problems(path, how, canaries)]
    return problems


def _known_public(relative: str) -> str | None:
    if relative in ("sitemap.xml", "sitemap.xml.gz", "404.html", MARKS) \
            or SEARCH_CODE.fullmatch(relative):
        return "public"
    return None


def _file_problems(path: Path, how: str, canaries: Canaries) -> list[str]:
    if path.is_symlink():
        return ["a link, not a file"]
    with open(path, "rb") as handle:
        if how == "sealed":
            return [] if is_sealed_start(handle.read(40)) else ["meant to be sealed, but "
                                                                "it is not"]
        data = handle.read(MAX_CHECKED + 1)
    if len(data) > MAX_CHECKED:
        return [f"larger than {MAX_CHECKED // 2**20} MB, too large to check"]
    if path.name.endswith(".gz"):
        data = _gunzipped(data)
    found = canaries.found_in(without_payloads(data))
    return [f"shows {', '.join(found)} in the clear"] if found else []


def _gunzipped(data: bytes) -> bytes:
    reader = zlib.decompressobj(wbits=31)
    try:
        return reader.decompress(data, MAX_CHECKED)
    except zlib.error:
        return data


def password_changes(site: Path, passwords: dict[str, str | None]) -> list[str]:
    """What changed since the build in `site` (before it is emptied): a password that is
    new, different or gone.  Told by the verifiers that build left (sealed.marks), never by
    a stored password."""
    try:
        with open(site / MARKS, "rb") as handle:
            previous = json.loads(handle.read(1 << 16))
    except (OSError, ValueError):
        return []
    if not isinstance(previous, dict):
        return []
    lines = []
    for key, variable in (("site", SITE_PASSWORD_ENV), ("audit", PASSWORD_ENV)):
        before, now = previous.get(key), passwords.get(variable)
        if before and not now:
            lines.append(f"{variable} was set for the last build in {site.name}/ and is not "
                         "now: what it sealed is published in the clear by this build")
        elif before and now and same_password(before, now) is False:
            lines.append(f"{variable} is not the one of the last build in {site.name}/: "
                         "give the new password to whoever reads the site with the old one")
    return lines
