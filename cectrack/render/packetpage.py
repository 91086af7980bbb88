"""An audit packet as a page: plain HTML blocks that any Markdown generator passes through
as they are (no admonition, attr_list or Markdown table), and the same packet as a
self-contained HTML file for its ZIP, which opens offline and prints.

Links inside raw HTML are not rewritten by a generator, so they are written here relative
to the page's own address (`../x.csv` where each page is a folder), and printed with the
site's absolute address where it is known.
"""
from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Callable

import jinja2
from markupsafe import Markup

from .. import __version__
from ..audit.lock import private_file_path, private_page_path
from ..audit.packets import AuditPacket, PacketRow
from ..audit.proof import LATE_AFTER_DAYS
from ..engine.report import CredentialResult
from ..records.vocabulary import activity_label, unit_label
from ..records.words import counted, fmt, long_date, plain_value
from ..rules.model import nested_categories
from .credentialwords import category_name, unmet_words
from .markup import html_attribute, html_href, html_prose, html_text, print_heading
from .proofwords import cap_text, late_text, marked, numbers, proof_line, provider_text
from .reasons import reason_words, reasons_words, words

# PageOptions and SiteContent (options.py) are taken as they come, not imported: this page
# sits below pages.py, which imports both (tests/test_layout.py counts the floors).
# A packet listing more courses than this (counted and not) shows its summaries and a
# table of years, each year's courses on a page of its own: the page an auditor opens stays
# small (a 10,000-course career's 3,900 rows took Chromium 6.7 s to show), and the whole
# list stays one click away in the CSV, the JSON and a page for printing (<slug>.html).
ROWS_ON_ONE_PAGE = 250
MOST_NUMBERS = 20  # courses named by number in one line of the summary, the rest counted


def mask_number(number: str | None, show: bool = False) -> str:
    if not number:
        return "—"
    if show:
        return number
    return "•" * max(len(number) - 2, 2) + number[-2:] if len(number) > 4 else "•" * 4


def packet_heading(c: CredentialResult, holder: str | None) -> Markup:
    """The line on top of every printed page of a packet: what it is and whose."""
    heading = f"Audit packet: {c.id}, {c.cycle.start.year}–{c.cycle.end.year}"
    return print_heading(f"{heading} · {holder}" if holder else heading)


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """The HTML pages' own environment: every value printed is escaped HTML on one line."""
    # The standalone page's style sheets come through the same package loader as the
    # templates, as text (asset_text): nothing here opens a file.
    loader = jinja2.ChoiceLoader([jinja2.PackageLoader("cectrack.render", "templates"),
                                  jinja2.PackageLoader("cectrack.render", "assets")])
    env = jinja2.Environment(loader=loader,
                             undefined=jinja2.StrictUndefined, autoescape=True,
                             finalize=html_text, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters.update(longdate=long_date, amount=fmt, unit=unit_label, counted=counted,
                       href=html_href, prose=html_prose, factvalue=plain_value,
                       h=html_attribute, reason=reason_words, reasons=reasons_words,
                       words=words)
    env.globals.update(version=__version__, mask=mask_number, packet_heading=packet_heading,
                       proof_line=proof_line, cap_text=cap_text, provider_text=provider_text,
                       late_text=late_text, numbers=numbers, activity_label=activity_label,
                       marked=marked, late_after=LATE_AFTER_DAYS,
                       most_numbers=MOST_NUMBERS, unmet_words=unmet_words,
                       category_name=category_name, nested_categories=nested_categories)
    return env


def packet_address(slug: str, options: "PageOptions") -> str:
    """The packet page's absolute address, or "" when the site's address is not known."""
    if options.names is not None and options.site_url.startswith(("https://", "http://")):
        path = _private_page(slug, options)  # a private site: a name made from the password
        return options.site_url.rstrip("/") + "/" + path.removesuffix("index.html")
    base = audit_base(options)
    if not base:
        return ""
    return f"{base}{slug}/" if options.directory_urls else f"{base}{slug}.html"


def audit_base(options: "PageOptions") -> str:
    """The audit folder's absolute address (ending in /), or "" (unknown, or a private
    site's, where no file is at its own name)."""
    if not options.site_url.startswith(("https://", "http://")) or options.names is not None:
        return ""
    return options.site_url.rstrip("/") + f"/{options.audit_dir}/"


def _private_page(slug: str, options: "PageOptions") -> str:
    return private_page_path(options.names, f"{options.audit_dir}/{slug}.md",
                             options.directory_urls)


def _links(slug: str, options: "PageOptions", standalone: bool):
    """The packet's link to one of its files (`name` in the audit folder), relative to it."""
    if options.names is not None and not standalone:
        here = posixpath.dirname(_private_page(slug, options))
        return lambda name: posixpath.relpath(
            private_file_path(options.names, f"{options.audit_dir}/{name}"), here)
    up = "" if standalone or not options.directory_urls else "../"
    return lambda name: up + name


def qr_code(address: str) -> Markup:
    """A QR code of `address` as inline SVG (segno: pure Python, no dependencies; drawn at
    build time, so the printed packet needs no script or image file)."""
    import segno
    code = segno.make(address, error="m")
    svg = code.svg_inline(omitsize=True, border=2, dark="#000", svgclass="cectrack-qr",
                          lineclass=None)
    return Markup(svg.replace("<svg ", '<svg role="img" aria-label="QR code of this '
                              'packet\'s address" ', 1))


@dataclass(frozen=True)
class CourseYear:
    """One calendar year of a packet's courses, newest first, each counted course with the
    number the packet gives it (its CSV order: #1 the oldest), which never changes with
    the page it is shown on."""

    year: int
    counted: tuple[tuple[int, PacketRow], ...]
    excluded: tuple[PacketRow, ...]

    @property
    def earned(self) -> float:
        return sum(row.counted for _, row in self.counted)

    @property
    def without_certificate(self) -> int:
        return sum(row.proof.state != "present" for _, row in self.counted)


def course_years(packet: AuditPacket) -> list[CourseYear]:
    """The packet's courses by the year they were completed, the newest year first."""
    counted: dict[int, list[tuple[int, PacketRow]]] = {}
    for number, row in enumerate(packet.counted, 1):
        counted.setdefault(row.entry.completed.year, []).append((number, row))
    excluded: dict[int, list[PacketRow]] = {}
    for row in packet.listed_exclusions:
        excluded.setdefault(row.entry.completed.year, []).append(row)
    newest_first = lambda items: tuple(sorted(  # noqa: E731
        items, key=lambda item: _entry_of(item).completed, reverse=True))
    return [CourseYear(year, newest_first(counted.get(year, ())),
                       newest_first(excluded.get(year, ())))
            for year in sorted(counted.keys() | excluded.keys(), reverse=True)]


def _entry_of(item: tuple[int, PacketRow] | PacketRow):
    return item[1].entry if isinstance(item, tuple) else item.entry


def is_paged(packet: AuditPacket) -> bool:
    """Whether the packet's courses go a year a page (see ROWS_ON_ONE_PAGE): the rows its
    pages list, counted and not (courses older than that are in the exports only)."""
    return listed_rows(packet) > ROWS_ON_ONE_PAGE


def listed_rows(packet: AuditPacket) -> int:
    return len(packet.counted) + len(packet.credential.listed_exclusions)


def year_page(packet: AuditPacket, year: int, options: "PageOptions") -> str:
    """The Markdown path of one year's page of a paged packet: beside the packet's own page
    and as deep, so that its links to the packet's files are the page's own."""
    name = f"{options.audit_dir}/{packet.slug}-{year}"
    return f"{name}/index.md" if options.packet_folders else f"{name}.md"


def _page_link(slug: str, options: "PageOptions"):
    """A link from a packet's page to a sibling page (`uri`, its Markdown path)."""
    here = posixpath.dirname(_private_page(slug, options)) if options.names is not None else ""

    def link(uri: str) -> str:
        if options.names is not None:
            target = private_page_path(options.names, uri, options.directory_urls)
            return posixpath.relpath(target, here).removesuffix("index.html")
        stem = uri.removesuffix("/index.md").removesuffix(".md").rsplit("/", 1)[-1]
        return f"../{stem}/" if options.directory_urls else f"{stem}.html"
    return link


def _context(packet: AuditPacket, content: "SiteContent", options: "PageOptions",
             standalone: bool, in_zip: bool = True) -> dict:
    c = packet.credential
    address = packet_address(packet.slug, options)
    paged = is_paged(packet) and not standalone
    page_link = _page_link(packet.slug, options)
    return dict(c=c, p=packet, rules=content.library.rulesets[c.body], report=content.report,
                options=options, address=address, print_base=audit_base(options),
                qr=qr_code(address) if address else "", standalone=standalone,
                to=_links(packet.slug, options, standalone), years=course_years(packet),
                paged=paged, listed=listed_rows(packet), year_link=lambda year: page_link(year_page(packet, year, options)),
                packet_link=page_link(f"{options.audit_dir}/{packet.slug}.md"),
                certificate_links=_certificate_links(options, standalone, in_zip))


def _certificate_links(options: "PageOptions", standalone: bool, in_zip: bool) -> bool:
    """Whether the page links each certificate: inside the ZIP, beside it, always; on the
    site, where the site publishes them."""
    return (standalone and in_zip) or (options.publish_evidence and not options.sealed)


def print_page_is_zip_page(packet: AuditPacket, options: "PageOptions") -> bool:
    """Whether a packet's one-page print copy (<slug>.html) is, byte for byte, the page its
    ZIP holds: a paged packet's, where the site links the certificates as the ZIP does (the
    only difference the two pages can have).  The ZIP then packs the print copy as made."""
    return is_paged(packet) and (_certificate_links(options, True, in_zip=False)
                                 == _certificate_links(options, True, in_zip=True))


def packet_markdown(packet: AuditPacket, content: "SiteContent", options: "PageOptions") -> str:
    """The packet page of the site: front matter, then plain HTML."""
    return _environment().get_template("audit.md.j2").render(
        **_context(packet, content, options, standalone=False))


def year_pages(packet: AuditPacket, content: "SiteContent",
               options: "PageOptions") -> Iterator[tuple[str, str]]:
    """A paged packet's page of each year's courses, with its Markdown path, one at a time
    (none for a packet that lists every course on its own page)."""
    if not is_paged(packet):
        return
    template = _environment().get_template("audit_year.md.j2")
    context = _context(packet, content, options, standalone=False)
    years = context["years"]
    for i, y in enumerate(years):
        yield year_page(packet, y.year, options), template.render(
            **context, y=y, newer=years[i - 1].year if i else None,
            older=years[i + 1].year if i + 1 < len(years) else None)


def asset_text(name: str) -> str:
    """One of render/assets/ as text, through the environment's package loader."""
    env = _environment()
    assert env.loader is not None, "the environment is made with its loader"
    return env.loader.get_source(env, name)[0]


def _standalone(packet: AuditPacket, content: "SiteContent", options: "PageOptions",
                in_zip: bool) -> tuple[jinja2.Template, dict]:
    css = Markup(asset_text("standalone.css") + asset_text("cectrack.css"))
    return (_environment().get_template("packet.html.j2"),
            dict(standalone_css=css, **_context(packet, content, options, standalone=True,
                                                in_zip=in_zip)))


def packet_standalone(packet: AuditPacket, content: "SiteContent", options: "PageOptions",
                      write: Callable[[str], Any]) -> None:
    """The packet as one HTML file with its style inside, for the ZIP: the same content as
    the page, its links to the CSV, JSON and certificates beside it in the ZIP.  Written
    piece by piece, as the ZIP packs it: a career's is megabytes."""
    _write_standalone(packet, content, options, True, write)


def write_packet_page(packet: AuditPacket, content: "SiteContent", options: "PageOptions",
                      write: Callable[[str], Any]) -> None:
    """The same whole packet published beside its CSV (<slug>.html), for a paged packet:
    every course on one page, for printing; its certificate links go to the site's own
    evidence/ folder beside it, where the site publishes them."""
    _write_standalone(packet, content, options, False, write)


def _write_standalone(packet: AuditPacket, content: "SiteContent", options: "PageOptions",
                      in_zip: bool, write: Callable[[str], Any]) -> None:
    template, context = _standalone(packet, content, options, in_zip=in_zip)
    for chunk in template.generate(**context):
        write(chunk)
