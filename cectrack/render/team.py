"""A studio's team page, as a project any MkDocs-style generator builds (MkDocs, ProperDocs,
Zensical), like `cectrack render --out`: one row per member and credential, the most urgent
first, a calendar of every deadline, noindex, and, with the studio's password, the content
sealed as a private tracker's pages are (render/sealed.py).

The content is written as HTML by cectrack itself rather than left to the generator's
Markdown, so that it can be sealed whole at render time: no plugin runs at build.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter

import jinja2
import yaml
from markupsafe import Markup

from ..audit.lock import Lock
from ..engine.standing import STATES
from ..records.words import counted, fmt, long_date
from ..team.status import CARD_FLAGS, URGENCY, MemberStatus, TeamStatus
from .icsfeed import Deadline, calendar_of
from .made import Asset
from .markup import html_attribute, markdown_text
from .options import CSS, JS, UNLOCK_JS
from .project import NOINDEX_TEMPLATE, REQUIRED_EXTENSIONS
from .sealed import downloads_script, locked_html, sealed_private_files
from .text import days_text
from .themefix import PALETTE

TEAM_CSS = "assets/cectrack/team.css"
ROBOTS = b"User-agent: *\nDisallow: /\n"


def html_text(value: object) -> object:
    """The environment's finalize: a plain value HTML-escaped on one line, braces as
    entities (no Markdown extension may read a value as its own syntax)."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return Markup(str(html_attribute(value)).replace("{", "&#123;").replace("}", "&#125;"))


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("cectrack.render", "templates"),
                             undefined=jinja2.StrictUndefined, autoescape=True,
                             finalize=html_text, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(longdate=long_date, amount=fmt, counted=counted)
    env.globals.update(days_text=days_text, card_words=CARD_FLAGS)
    return env


def public_view(status: TeamStatus) -> tuple[TeamStatus, list[MemberStatus]]:
    """(what a page without a password may show, the members it leaves out): a standing a
    trainer sealed for the studio alone is never published in the clear by the studio."""
    withheld = [m for m in status.members if m.sealed]
    shown = tuple(m for m in status.members if not m.sealed)
    return dataclasses.replace(status, members=shown), withheld


def summary(status: TeamStatus, trainers: int) -> str:
    """3 trainers, 4 credentials: 1 lapsed, 2 due soon, 1 on track; 1 CPR/AED card ..."""
    rows = status.rows()
    states = Counter(c.state for _, c in rows)
    words = [f"{states[s]} {STATES[s].lower()}" for s in URGENCY if states[s]]
    text = f"{counted(trainers, 'trainer')}, {counted(len(rows), 'credential')} shown"
    text += f": {', '.join(words)}" if words else ""
    # A trainer has one card, however many credentials ask for it: counted once.
    cards = sum(1 for member in status.members if any(c.card_flag for c in member.credentials))
    return text + (f"; {counted(cards, 'CPR/AED card')} to see to" if cards else "")


def team_html(status: TeamStatus, title: str = "", calendar: bool | str = True,
              withheld: list[MemberStatus] | None = None) -> str:
    withheld = withheld or []
    html = _environment().get_template("team.html.j2").render(
        status=status, rows=status.rows(), title=title, calendar=calendar, withheld=withheld,
        summary=summary(status, len(status.members) + len(withheld)))
    return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"


def team_page(status: TeamStatus, lock: Lock | None) -> str:
    """index.md: the heading, and the content in one raw HTML block (sealed with a lock:
    then not even the studio's name is in the clear)."""
    meta = "---\nhide:\n  - navigation\n  - toc\n---\n"
    if lock is None:
        shown, withheld = public_view(status)
        return (f"{meta}# {markdown_text(status.studio)}: team standing\n\n"
                + team_html(shown, withheld=withheld))
    # The calendar is sealed as the page is: its link saves it opened (unlock.js).
    content = team_html(status, title=status.studio, calendar="sealed")
    return (f"{meta}# Team standing\n\n{locked_html(lock, content, packet=False)}\n"
            f"{downloads_script({'calendar.ics': 'team-calendar.ics'})}\n")


def team_deadlines(status: TeamStatus) -> list[Deadline]:
    """Every member's renewal deadlines, grace period ends and CPR/AED card expiries."""
    found: dict[str, Deadline] = {}
    for m, c in status.rows():
        who = _uid_part(m.name)
        still = f"; {fmt(c.remaining)} {c.unit} still needed" if c.remaining > 0 else ""
        found[f"{who}-{c.id}-end"] = Deadline(
            f"{who}-{_uid_part(c.id)}-cycle-end-{c.deadline.isoformat()}@cectrack-team",
            c.deadline, f"{m.name}: {c.id} renewal deadline",
            f"{m.name}, {c.id}: {c.state_words} as of {status.as_of.isoformat()}{still}")
        if c.grace_end:
            found[f"{who}-{c.id}-grace"] = Deadline(
                f"{who}-{_uid_part(c.id)}-grace-end-{c.grace_end.isoformat()}@cectrack-team",
                c.grace_end, f"{m.name}: {c.id} grace period ends",
                f"Last day for {m.name} to renew {c.id} with a late fee")
        if c.card_valid_until:
            found[f"{who}-card-{c.card_valid_until}"] = Deadline(
                f"{who}-cpr-aed-{c.card_valid_until.isoformat()}@cectrack-team",
                c.card_valid_until, f"{m.name}: CPR/AED card expires",
                f"{m.name}'s CPR/AED card expires")
    return sorted(found.values(), key=lambda d: (d.day, d.uid))


def _uid_part(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def team_calendar(status: TeamStatus) -> bytes:
    """Every deadline the page shows (sealed with it, or without the privately shared)."""
    return calendar_of(f"Team deadlines: {status.studio}", team_deadlines(status),
                       status.as_of)


def team_project(status: TeamStatus, lock: Lock | None,
                 site_url: str = "") -> dict[str, str | bytes | Asset]:
    """Every file of the project, by its path under the output folder (publish/project.py
    writes them)."""
    shown = status if lock is not None else public_view(status)[0]
    files: dict[str, str | bytes | Asset] = {
        "docs/calendar.ics": team_calendar(shown), "docs/robots.txt": ROBOTS,
        **{f"docs/{name}": Asset(name.rsplit("/", 1)[1]) for name in (CSS, TEAM_CSS, JS, UNLOCK_JS)}}
    if lock is not None:  # as a private tracker's: the calendar sealed with the page
        files = {f"docs/{k}": v for k, v in sealed_private_files(
            {k.removeprefix("docs/"): _bytes(v) for k, v in files.items()}, lock).items()}
    files["docs/index.md"] = team_page(status, lock)
    files["overrides/main.html"] = NOINDEX_TEMPLATE
    files["mkdocs.yml"] = team_config(status, lock is not None, site_url)
    return files


def _bytes(content: str | bytes | Asset) -> bytes | Asset:
    return content.encode("utf-8") if isinstance(content, str) else content


def team_config(status: TeamStatus, private: bool, site_url: str = "") -> str:
    # The theme prints the site's name unescaped in the header and escaped in attributes:
    # without < and > it can never be markup, and an & reads right in both.
    name = "Team standing" if private else re.sub(r"[<>]", "", f"{status.studio}: team standing")
    config = {
        "site_name": name,
        **({"site_url": site_url} if site_url else {}),
        "docs_dir": "docs",
        "theme": {"name": "material", "font": False, "custom_dir": "overrides",
                  "palette": PALETTE},
        "markdown_extensions": list(REQUIRED_EXTENSIONS),
        "extra_css": [CSS, TEAM_CSS],
        "extra_javascript": [JS, UNLOCK_JS],
        "plugins": [],  # one page, no search index (it would hold the names in the clear)
        "nav": [{"Team standing": "index.md"}],
    }
    header = ("# Written by `cectrack team render`; it is replaced on each render.\n"
              "# Build with: mkdocs build, properdocs build or zensical build.\n")
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
