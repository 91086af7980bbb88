"""Turn a Report into Markdown pages: dashboard, credential pages, audit packets.

Plain Markdown with tables, and plain HTML in Material's classes where a page would
need one Markdown dialect's extension (a warning box), so MkDocs, ProperDocs and Zensical
read the pages alike; no theme overrides.  Nothing here imports mkdocs.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import PurePosixPath

import jinja2

from .. import __version__
from ..audit.packets import packet_slug
from ..engine.report import CredentialResult
from ..engine.standing import standing
from ..files.paths import safe_name
from ..records.vocabulary import activity_label, unit_label
from ..records.words import counted, fmt, long_date, plain_value
from ..rules.model import CONFIDENCE_WORDS, RuleSet, nested_categories
from . import addform, live
from .cards import state_marker
from .charts import category_bars, category_caption, progress_chart
from .credentialpage import (
    certificate_href,
    certificates,
    credential_heading,
    how_counted,
    newest_first,
    source_numbers,
)
from .credentialwords import (
    card_shortfall_words,
    unmet_words,
    where_from,
)
from .explain import explain
from .exports import write_packet_csv, write_packet_json, zip_time
from .feeds import badge_path
from .made import Copy, Made, PacketZip, Text
from .markup import (
    code_line,
    html_attribute,
    html_lines,
    html_prose,
    inert,
    markdown_text,
    print_heading,
    prose,
    safe_url,
)
from .options import PageOptions, SiteContent
from .packetpage import (
    is_paged,
    mask_number,
    packet_markdown,
    packet_standalone,
    print_page_is_zip_page,
    write_packet_page,
    year_pages,
)
from .problems import panels
from .proofwords import (
    cap_limits,
    cap_text,
    cap_used,
    late_text,
    proof_line,
    provider_text,
)
from .reasons import prerequisite_warnings, reasons_words, words
from .renewal import fee_rows, form_rows, mark
from .text import problem_lines


def fact_value(value: object) -> str:
    return escape_md(value) if isinstance(value, str) else str(plain_value(value))


def html_fact(value: object) -> str:
    """A rule's value in raw HTML."""
    return html_attribute(value if isinstance(value, str) else str(plain_value(value)))


def escape_md(text: object) -> str:
    """Text from the user, made safe inside Markdown tables and paragraphs."""
    return inert(str(text))


ADD_PAGE = "add/index.md"  # the add-a-course form


def credential_page(c: CredentialResult) -> str:
    return f"credentials/{safe_name(c.id.lower())}.md"


def body_page(body: str) -> str:
    return f"rules/{safe_name(body.lower())}.md"


def audit_page(c: CredentialResult, options: PageOptions) -> str:
    if options.packet_folders:
        return f"{options.audit_dir}/{packet_slug(c)}/index.md"
    return f"{options.audit_dir}/{packet_slug(c)}.md"


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """One per process: its compiled templates are reused by every build (`mkdocs serve`
    rebuilds after each edit; compiling the templates again would double its time)."""
    # Escape by default: every printed value goes through markdown_text unless it is
    # Markup (template text, macros, and the url/attr/code filters' output).
    env = jinja2.Environment(loader=jinja2.PackageLoader("cectrack.render", "templates"),
                             undefined=jinja2.StrictUndefined, autoescape=True,
                             finalize=markdown_text,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(longdate=long_date, md=escape_md, amount=fmt, factvalue=fact_value,
                       unit=unit_label, url=safe_url, attr=html_attribute, hfact=html_fact, code=code_line,
                       prose=prose, counted=counted, h=html_attribute, hprose=html_prose,
                       hlines=html_lines, reasons=reasons_words, words=words)
    env.globals.update(credential_page=credential_page, body_page=body_page, confidence_words=CONFIDENCE_WORDS,
                       version=__version__, explain=explain, badge_path=badge_path,
                       standing=lambda c: standing(c, c.today), state_marker=state_marker,
                       prerequisite_warnings=lambda c: prerequisite_warnings(c, c.today),
                       unmet_words=unmet_words, where_from=where_from,
                       progress_chart=progress_chart, category_bars=category_bars,
                       category_caption=category_caption,
                       nested_categories=nested_categories,
                       distinct_marks=distinct_marks,
                       proof_line=proof_line, cap_text=cap_text,
                       cap_limits=cap_limits, cap_used=cap_used, provider_text=provider_text,
                       late_text=late_text, activity_label=activity_label,
                       days_text=live.days_text, live=live.live_attribute, now=live.now,
                       now_kind=live.now_kind, state_words=live.state_words,
                       pace_words=live.pace_words, deadline_words=live.deadline_words,
                       card_words=live.card_words, warning_words=live.warning_words,
                       renew_shown_from=live.renew_shown_from, other_unmet=other_unmet,
                       fee_rows=fee_rows, form_rows=form_rows, mark=mark,
                       newest_first=newest_first, source_numbers=source_numbers,
                       how_counted=how_counted, certificate_href=certificate_href,
                       credential_heading=credential_heading, print_heading=print_heading,
                       certificates=certificates)
    return env


def other_unmet(c: CredentialResult, rules: RuleSet) -> list[tuple[str, str]]:
    """The card's rows for what is missing besides the credit (its big figure) and the cards
    (their own rows): where the credit must come from when categories are full, and what
    the categories still ask (those nested in others counted, not listed).  Where the
    minimums make the figure, the Still missing rows name the categories: not said twice."""
    where = ([("Still needed", where_from(c).lstrip(",; "))]
             if where_from(c) and not c.minimums_decide else [])
    categories = rules.for_cycle(c.cycle.start).categories
    return where + [("Still missing", words) for words in card_shortfall_words(c, categories)]


def distinct_marks(facts) -> list:
    """One mark per (confidence, source): two facts of one line from one source show once."""
    seen, marks = set(), []
    for fact in facts:
        if (fact.confidence, fact.source) not in seen:
            seen.add((fact.confidence, fact.source))
            marks.append(fact)
    return marks


def relative(from_page: str, to_page: str) -> str:
    """A Markdown link from one generated page to another (both are docs-relative paths)."""
    base = PurePosixPath(from_page).parent
    return PurePosixPath(*([".."] * len(base.parts)), to_page).as_posix() if base.parts else to_page


def render_pages(content: SiteContent, options: PageOptions) -> dict[str, str]:
    """Every generated Markdown page, as {docs-relative path: Markdown}."""
    return dict(each_page(content, options))


def each_page(content: SiteContent, options: PageOptions) -> Iterator[tuple[str, str]]:
    """Every generated Markdown page with its docs-relative path, made one at a time (a
    long career's credential and packet pages run to megabytes each)."""
    report, library = content.report, content.library
    env = _environment()
    counted_courses = {(r.entry.file, r.entry.line) for c in report.credentials
                       for r in c.counted_entries}
    common = dict(report=report, options=options, library=library, mask=mask_number,
                  problem_text=problem_lines,
                  problem_panels=panels(report.problems, content.entries, content.credits_dir,
                                        counted_courses),
                  add_page=ADD_PAGE,
                  audit_page=lambda c: audit_page(c, options),
                  unlisted=options.audit_token is not None,
                  # Each course's certificate (audit/proof.py), for any page that shows it.
                  proof=content.proofs.of if content.proofs else None)

    def render(template: str, page: str, **extra) -> tuple[str, str]:
        link = lambda target: safe_url(relative(page, target))  # noqa: E731 (one per page)
        return page, env.get_template(template).render(page=page, link=link, **common, **extra)

    yield render("dashboard.md.j2", options.dashboard)
    yield render("credentials.md.j2", "credentials/index.md")
    form = addform.form_config(report, library, content.credits_dir, options.forge)
    yield render("add.md.j2", ADD_PAGE, config=addform.config_attribute(form),
                 config_data=form, help=addform.help_texts(form),
                 providers=addform.providers(content.entries),
                 optional_words=", ".join(map(activity_label, form["credits_optional"])),
                 conditional_fields={n for names in form["conditional"].values()
                                     for n in names})
    yield render("audits.md.j2", "audit/index.md")
    bodies = list(dict.fromkeys(c.body for c in report.credentials))
    yield render("bodies.md.j2", "rules/index.md", bodies=bodies)
    for body in bodies:
        yield render("body.md.j2", body_page(body), rules=library.rulesets[body])
    for c in report.credentials:
        yield render("credential.md.j2", credential_page(c), c=c, rules=library.rulesets[c.body])
    for packet in content.packets:
        yield audit_page(packet.credential, options), packet_markdown(packet, content, options)
        yield from year_pages(packet, content, options)  # a long packet's, a year a page


def audit_files(content: SiteContent, options: PageOptions) -> dict[str, Made]:
    """The exports of every packet, and the certificates when they are published: each a
    way to make it, made one at a time by publish/spool.py."""
    files: dict[str, Made] = {}
    for packet in content.packets:
        base = f"{options.audit_dir}/{packet.slug}"
        for kind, writer in (("csv", write_packet_csv), ("json", write_packet_json)):
            files[f"{base}.{kind}"] = Text(functools.partial(writer, packet))
        if is_paged(packet):  # every course on one page, for printing
            files[f"{base}.html"] = Text(functools.partial(
                write_packet_page, packet, content, options))
        if options.publish_evidence:
            files[f"{base}.zip"] = _packet_zip(packet, content, options, base)
            for row in packet.rows:
                if row.evidence is not None and row.sha256 is not None:
                    files[f"{options.audit_dir}/evidence/{row.published_as}"] = Copy(
                        row.evidence.path)
    return files


def _packet_zip(packet, content: SiteContent, options: PageOptions, base: str) -> PacketZip:
    """The packet's ZIP: its page, CSV and JSON and certificates.  What it is made from (the
    CSV and JSON as made, the page (as made too where the print copy is it), the certificates' names and SHA-256s, its date) lets a
    process that builds again after each edit take an unchanged one back (publish/spool.py)."""
    certificates = tuple((row.published_as, str(row.evidence.path), row.sha256)
                         for row in packet.rows if row.evidence is not None)
    # The print copy made before it, where it is the very page the ZIP holds: made once.
    page = (f"{base}.html",) if print_page_is_zip_page(packet, options) else ()
    return PacketZip(packet, functools.partial(packet_standalone, packet, content, options),
                     made_from=(f"{base}.csv", f"{base}.json", *page),
                     inputs=(certificates, zip_time(packet)))
