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
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import __version__
from ..audit.lock import private_file_path, private_page_path
from ..audit.packets import AuditPacket
from ..audit.proof import LATE_AFTER_DAYS
from ..engine.report import CredentialResult
from ..records.vocabulary import activity_label, unit_label
from ..records.words import counted, fmt, long_date, plain_value
from .markup import css_string, html_attribute, html_href, html_prose, html_text
from .proofwords import cap_text, late_text, marked, numbers, proof_line, provider_text
from .reasons import reason_words, reasons_words

# PageOptions and SiteContent (options.py) are taken as they come, not imported: this page
# sits below pages.py, which imports both (tests/test_layout.py counts the floors).
_TEMPLATES = Path(__file__).parent / "templates"
_ASSETS = Path(__file__).parent / "assets"


def mask_number(number: str | None, show: bool = False) -> str:
    if not number:
        return "—"
    if show:
        return number
    return "•" * max(len(number) - 2, 2) + number[-2:] if len(number) > 4 else "•" * 4


def print_heading(c: CredentialResult, holder: str | None) -> Markup:
    """The line on top of every printed page of a packet: what it is and whose."""
    heading = f"Audit packet: {c.id}, {c.cycle.start.year}–{c.cycle.end.year}"
    return css_string(f"{heading} · {holder}" if holder else heading)


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """The HTML pages' own environment: every value printed is escaped HTML on one line."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES),
                             undefined=jinja2.StrictUndefined, autoescape=True,
                             finalize=html_text, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters.update(longdate=long_date, amount=fmt, unit=unit_label, counted=counted,
                       href=html_href, prose=html_prose, factvalue=plain_value,
                       h=html_attribute, reason=reason_words, reasons=reasons_words)
    env.globals.update(version=__version__, mask=mask_number, print_heading=print_heading,
                       proof_line=proof_line, cap_text=cap_text, provider_text=provider_text,
                       late_text=late_text, numbers=numbers, activity_label=activity_label,
                       marked=marked, late_after=LATE_AFTER_DAYS)
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


def _context(packet: AuditPacket, content: "SiteContent", options: "PageOptions",
             standalone: bool) -> dict:
    c = packet.credential
    address = packet_address(packet.slug, options)
    return dict(c=c, p=packet, rules=content.library.rulesets[c.body], report=content.report,
                options=options, address=address, print_base=audit_base(options),
                qr=qr_code(address) if address else "", standalone=standalone,
                to=_links(packet.slug, options, standalone))


def packet_markdown(packet: AuditPacket, content: "SiteContent", options: "PageOptions") -> str:
    """The packet page of the site: front matter, then plain HTML."""
    return _environment().get_template("audit.md.j2").render(
        **_context(packet, content, options, standalone=False))


def packet_standalone(packet: AuditPacket, content: "SiteContent", options: "PageOptions") -> bytes:
    """The packet as one HTML file with its style inside, for the ZIP: the same content as
    the page, its links to the CSV, JSON and certificates beside it in the ZIP."""
    css = Markup((_ASSETS / "standalone.css").read_text("utf-8")
                 + (_ASSETS / "cectrack.css").read_text("utf-8"))
    return _environment().get_template("packet.html.j2").render(
        standalone_css=css, **_context(packet, content, options, standalone=True)).encode()
