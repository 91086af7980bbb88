"""What a sealed site publishes: the plan of what is sealed with which password, the shell
page that stands in for each sealed page, and the check that nothing else got out.

Two passwords (audit/lock.py has the cipher and how a password is read):
- the audit password seals everything of a packet: its page, whole (title, headings,
  menu and all), its CSV, JSON and ZIP; its certificates are published only inside the ZIP;
- the site password (a private site) seals every page, whole, and every file that says
  anything of the holder (status, calendar, badges, packets when there is no audit
  password, the files kept under docs/), and gives each of them a name that says nothing
  (so not even an address names a credential).  What stays readable is the shell of each
  page (a password form), cectrack's and the theme's own style sheets and scripts, the
  JSON schemas, robots.txt and an empty sitemap.

Sealing happens on the finished HTML of a page, after the generator made it, so nothing
the theme or another plugin put in a page (navigation, table of contents, meta tags,
footer) can stay outside.  These are plain functions: the MkDocs plugin calls them from
its hooks, and any other face can call them on the pages it writes.  They read and write
no file: publish/sealsite.py seals and checks a built folder.
"""
from __future__ import annotations

import base64
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TypeVar

from ..audit.lock import Lock, opaque_name, private_file_path, private_page_path, seal
from ..team.seal import SEALED_NAME
from .made import Asset
from .options import CSS, UNLOCK_JS

Published = TypeVar("Published")  # a file's content, however the caller holds it

# Files of cectrack's that are the same for everyone, or sealed already for someone else
# (the standing, for the studios the profile lists: team/seal.py): never sealed again,
# names kept (a studio fetches the standing at its address).
PUBLIC_FILES = ("assets/cectrack/", "schema/", "robots.txt", SEALED_NAME)
# Names that say nothing of the holder, kept on a private site (scripts know them).
KEPT_NAMES = ("status.json", "calendar.ics")
SEALED_EXPORTS = (".csv", ".json", ".zip", ".html")  # .html: a long packet on one page

# The password form (its look: cectrack.css, "The password form"; its behaviour: the form's
# part of unlock.js): a line on how the password comes, a labelled field focused on load,
# a primary button, and one status line for "Opening…", an empty or a wrong password.
LOCKED_BOX = """\
<div class="cectrack-locked" data-cectrack-locked="{payload}" data-cectrack-kind="{kind}"{document}>
<p>{what} Enter the password {who} to read it; it is opened in your browser and sent
nowhere.</p>
<p class="cectrack-unlock__how">{how}</p>
<form class="cectrack-unlock" hidden novalidate>
<label for="cectrack-password">Password</label>
<span class="cectrack-unlock__row"><input type="password" id="cectrack-password" \
autocomplete="current-password" spellcheck="false" aria-describedby="cectrack-unlock-status">\
<button type="submit">{button}</button></span>
</form>
<p class="cectrack-unlock__status" id="cectrack-unlock-status" role="status" aria-live="polite"></p>
<noscript><p>Opening it needs JavaScript: it is decrypted in your browser.</p></noscript>
</div>
"""

SHELL = """\
<!doctype html>
<html lang="en" class="cectrack-shell" data-cectrack-salt="{salt}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{title}</title>
{links}<link rel="stylesheet" href="{base}{css}">
<script src="{base}{unlock}"></script>
</head>
<body>
<main class="cectrack-shell__page md-typeset">
<h1>{title}</h1>
{box}</main>
</body>
</html>
"""

NOT_FOUND = """\
<!doctype html>
<html lang="en" class="cectrack-shell">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Page not found</title>
<link rel="stylesheet" href="{base}{css}">
</head>
<body>
<main class="cectrack-shell__page md-typeset">
<h1>Page not found</h1>
<p>There is no page at this address. <a href="{base}">Go to the start page</a>.</p>
</main>
</body>
</html>
"""

# What each kind of sealed page says (the button fits the page: #24, item 7).
_WORDS = {
    "packet": ("Encrypted audit packet", "This audit packet is encrypted.", "the holder gave you",
               "Open the packet", "The holder gives you this password separately, by phone or "
               "text message, never in the email with the link."),
    "page": ("Private page", "This page is private.", "of this site", "Open the page",
             "The site's owner gives this password to the people who may read it."),
}
_HEAD_LINK = re.compile(r"<link\b[^>]*\brel=\"(?:stylesheet|icon|shortcut icon)\"[^>]*>", re.I)
_HREF = re.compile(r"\bhref=\"([^\"]*)\"")


@dataclass(frozen=True)
class Sealing:
    """Which password seals what, for one build."""

    site: Lock | None = None  # a private site: every page and file of the holder's
    audit: Lock | None = None  # the packets; without it the site's password opens them
    names: bytes | None = None  # a private site: the key of its pages' and files' names
    audit_dir: str = "audit"
    dashboard: str = "index.md"
    renamed: dict[str, str] = field(default_factory=dict)  # published name -> original

    @property
    def private(self) -> bool:
        return self.site is not None

    @property
    def site_lock(self) -> Lock:
        """The private site's lock (asked only where the site is private)."""
        assert self.site is not None, "a public site has no lock"
        return self.site

    @property
    def packet_lock(self) -> Lock | None:
        return self.audit or self.site

    def is_packet(self, uri: str) -> bool:
        """A packet's page or export (not the index of packets, not the ZIP's certificates)."""
        return (uri.startswith(f"{self.audit_dir}/") and uri != "audit/index.md"
                and "/evidence/" not in uri and uri.endswith((".md", *SEALED_EXPORTS)))

    def page_lock(self, src_uri: str) -> Lock | None:
        """The lock a page is sealed with, whole; None for a page published as it is."""
        return self.packet_lock if self.is_packet(src_uri) else self.site

    def page_kind(self, src_uri: str) -> str:
        return "packet" if self.is_packet(src_uri) else "page"

    def file_lock(self, uri: str) -> Lock | None:
        """The lock a generated or copied file is sealed with; None for a public one."""
        if uri.startswith(PUBLIC_FILES):
            return None
        return self.packet_lock if self.is_packet(uri) else self.site

    def published_uri(self, uri: str, page: bool = False, directory_urls: bool = True) -> str:
        """Where a page (by its Markdown path) or a file is published: on a private site,
        under a name that says nothing (the same in every build with the same password);
        the home page stays the site's root."""
        if not self.private or self.names is None or uri.startswith(PUBLIC_FILES):
            return uri
        if page and uri in ("index.md", "README.md"):
            return "index.html"
        if not page and uri in KEPT_NAMES:
            return uri
        if page:
            return private_page_path(self.names, uri, directory_urls)
        published = private_file_path(self.names, uri)
        self.renamed[published] = uri
        return published


    def opaque(self, uri: str) -> str:
        assert self.names is not None, "only a private site renames"
        return opaque_name(self.names, uri)


def sealing_for(passwords: dict[str, str | None], audit_token: str | None,
                dashboard: str) -> Sealing:
    """What a build seals with the passwords it was given (audit/lock.build_passwords)."""
    from ..audit.lock import PASSWORD_ENV, SITE_PASSWORD_ENV, names_key, new_lock
    site, audit = passwords.get(SITE_PASSWORD_ENV), passwords.get(PASSWORD_ENV)
    return Sealing(site=new_lock(site) if site else None,
                   audit=new_lock(audit) if audit else None,
                   names=names_key(site) if site else None,
                   audit_dir=f"audit/{audit_token}" if audit_token else "audit",
                   dashboard=dashboard)


def publishable_files(files: dict[str, Published], sealing: Sealing) -> dict[str, Published]:
    """The generated files a sealed build publishes: a sealed packet's certificates only
    inside its sealed ZIP (the files themselves, sealed as publish/spool.py makes them, stay)."""
    evidence = f"{sealing.audit_dir}/evidence/"
    if sealing.packet_lock is None:
        return files
    return {uri: content for uri, content in files.items() if not uri.startswith(evidence)}


def payload(lock: Lock, data: bytes | str) -> str:
    """Sealed bytes (or text's UTF-8) as an attribute value (base64 of the sealed JSON)."""
    return base64.b64encode(seal(lock, data)).decode("ascii")


def locked_box(sealed: str, kind: str, document: bool = False) -> str:
    _title, what, who, button, how = _WORDS[kind]
    return LOCKED_BOX.format(payload=sealed, what=what, who=who, button=button, how=how, kind=kind,
                             document=' data-cectrack-document="1"' if document else "")


def locked_html(lock: Lock, html: str, packet: bool = True) -> str:
    """`html` sealed in a box inside a page, for pages another generator builds from
    Markdown (`cectrack team render`): the page around it stays readable, so only what is
    in the box is the holder's."""
    return locked_box(payload(lock, html), "packet" if packet else "page")


# The files that say where the holder stands: sealed too when a site is private.
PRIVATE_FILES = ("status.json", "calendar.ics", "badges/")


def sealed_private_files(files: dict[str, bytes | Asset], lock: Lock) -> dict[str, bytes | Asset]:
    """status.json, the calendar and the badges sealed (a page made for another generator)."""
    return {uri: seal(lock, content) if uri.startswith(PRIVATE_FILES)
            and isinstance(content, bytes) else content for uri, content in files.items()}


def shell(lock: Lock, page_html: str, base: str, kind: str = "page") -> str:
    """The page published in place of `page_html` (a whole HTML document, sealed): a
    password form, the theme's style sheets (taken from the page's own head: they are the
    theme's, relative to the same place) and unlock.js, which opens it in the browser."""
    head = page_html.split("</head>", 1)[0]
    links = "".join(link + "\n" for link in _HEAD_LINK.findall(head)
                    if _relative_link(link))
    title = _WORDS[kind][0]
    around = SHELL.format(salt=base64.b64encode(lock.salt).decode("ascii"), title=title,
                          links=links, base=base, css=CSS, unlock=UNLOCK_JS,
                          box=locked_box(_SLOT, kind, True))
    # The sealed page goes in last, in one join: a long packet's year page (1.2 MB, its
    # payload 1.6 MB) is then not formatted into the box and the box into the shell.
    before, _, after = around.rpartition(_SLOT)  # the last: the head's links come before
    return "".join((before, payload(lock, page_html), after))


_SLOT = "\0cectrack:payload\0"  # where a shell's payload goes; never in the text around it


def _relative_link(link: str) -> bool:
    found = _HREF.search(link)
    return found is not None and ":" not in found.group(1) and not found.group(1).startswith("//")


def not_found_page(base: str) -> str:
    """A private site's 404 page: nothing of the holder, no menu, one way back."""
    return NOT_FOUND.format(base=html.escape(base), css=CSS)


def base_of(dest_uri: str) -> str:
    """The relative way from a published file up to the site's root ("" at the root)."""
    return "../" * (len(PurePosixPath(dest_uri).parts) - 1)


def downloads_script(found: dict[str, str]) -> str:
    """A script element naming the sealed files a page links to, for unlock.js (which
    fetches, opens and saves each under its own name): {url relative to the page: name}."""
    text = json.dumps(found, ensure_ascii=True).replace("<", "\\u003c")
    return f'<script type="application/json" id="cectrack-sealed-files">{text}</script>'


# --- The last check: nothing of the holder's in the clear --------------------------------

_TOKEN = re.compile(rb"[A-Za-z0-9\x80-\xff]{3,}")
MIN_CANARY = 6  # shorter values (an approval "A1") would be found by chance
_OWN_WORDS = SHELL + NOT_FOUND + LOCKED_BOX + "".join(w for kind in _WORDS.values() for w in kind)
MAX_CHECKED = 64 * 2**20  # a readable file larger than this is refused, not searched
SEARCH_STUB = b"/* cectrack: this site's search index is sealed; unlock.js opens it */\n"
# Files a theme's search writes next to its index: the search engine's own code.
SEARCH_CODE = re.compile(r"search/[A-Za-z0-9._-]+\.js")


class Canaries:
    """The holder's own strings (name, titles, providers, numbers, the headings of their
    pages), searched for in every published file that is not sealed.  Each is looked up
    by its longest word first, so the search costs the size of the files plus the number
    of strings, not their product.  A string the shell itself says ("Private page") is no
    sign of a leak, nor a heading of one word ("Encoding"): they are left out."""

    def __init__(self) -> None:
        self._by_word: dict[bytes, list[tuple[str, tuple[bytes, ...]]]] = {}

    def add(self, text: object, kind: str, words: int = 1) -> None:
        text = " ".join(str(text or "").split())
        if len(text) < MIN_CANARY or len(text.split()) < words or text in _OWN_WORDS \
                or not any(c.isalnum() for c in text):
            return
        forms = {text.encode("utf-8"), html.escape(text, quote=False).encode("utf-8"),
                 html.escape(text).encode("utf-8"), json.dumps(text)[1:-1].encode("ascii")}
        found = _TOKEN.findall(text.encode("utf-8"))
        if found:
            self._by_word.setdefault(max(found, key=len), []).append((kind, tuple(forms)))

    def __len__(self) -> int:
        return sum(len(found) for found in self._by_word.values())

    def found_in(self, data: bytes) -> list[str]:
        """The kinds of value found in `data` (never the values: a build log may be public)."""
        words = set(_TOKEN.findall(data)) & self._by_word.keys()
        return sorted({kind for word in words for kind, forms in self._by_word[word]
                       if any(form in data for form in forms)})


def holder_strings(content) -> list[tuple[str, str]]:
    """Everything of the holder's that no published file may show in the clear, with what
    it is: from the profile, the credit files and the packets (a SiteContent)."""
    report = content.report
    found = [(report.holder, "your name")]
    entries = {id(r.entry): r.entry for c in report.credentials + report.past for r in c.entries}
    for packet in content.packets:
        entries.update({id(r.entry): r.entry for r in packet.rows})
        found += [(r.sha256, "a certificate's SHA-256") for r in packet.rows]
    for entry in entries.values():
        found += [(entry.title, "a course title"), (entry.provider, "a provider"),
                  (entry.approval, "an approval number"), (entry.notes, "a note"),
                  (entry.file, "a credit file's name")]
        if entry.evidence:
            found += [(entry.evidence, "a certificate's name"),
                      (PurePosixPath(entry.evidence).name, "a certificate's name")]
    for c in report.credentials + report.past:
        found.append((c.number, "a credential number"))
    return [(str(text), kind) for text, kind in found if text]


def holder_canaries(content, config: dict) -> Canaries:
    """The holder's strings (holder_strings) and what the site's config says of them."""
    canaries = Canaries()
    for text, kind in holder_strings(content):
        canaries.add(text, kind)
    for key in ("site_name", "site_description", "site_author", "copyright"):
        canaries.add(re.sub(r"<[^>]*>", " ", str(config.get(key) or "")),
                     f"the site's {key.replace('site_', '')}")
    return canaries


def without_payloads(data: bytes) -> bytes:
    """A published file with its sealed parts taken out (a shell's payload attribute, a
    sealed file's base64): what is left is what anyone reads."""
    data = re.sub(rb'data-cectrack-locked="[A-Za-z0-9+/=]*"', b"", data)
    return re.sub(rb'"(?:ct|iv|salt)": "[A-Za-z0-9+/=]*"', b"", data)


def is_sealed_start(head: bytes) -> bool:
    return head.startswith(b'{"v": 1, "kdf": "PBKDF2-SHA256", ')


# --- What the previous build was sealed with ------------------------------------------------

MARKS = "cectrack-seal.json"  # in the site: a verifier per password (lock.verifier)


def marks(sealing: Sealing) -> bytes:
    from ..audit.lock import verifier
    found = {"v": 1, "site": verifier(sealing.site) if sealing.site else None,
             "audit": verifier(sealing.audit) if sealing.audit else None}
    return (json.dumps(found) + "\n").encode("ascii")
