"""`cectrack render --out DIR`: the site the plugin builds, as a project for any generator.

The options are the plugin's own, read from the tracker's mkdocs.yml (`plugins: - cectrack:`),
so the rendered site is the plugin's: noindex, unlisted packets, certificates only where the
plugin would publish them.  Each render replaces in DIR what the last one wrote, and never a
file it did not write (files/output.py); a folder that is not a previous render's output
(and not empty) is refused.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ..analysis import analysis, site_content
from ..audit.lock import PASSWORD_ENV, SITE_PASSWORD_ENV, build_passwords
from ..audit.secret import SECRET_ENV, secret_problem
from ..files import output
from ..files.paths import is_page_path, mixes_with_data
from ..publish.project import merged_docs, user_pages, write_project
from ..publish.sealsite import Project
from ..publish.spool import Spool
from ..records.model import CREDITS_DIR
from ..render.options import PageOptions
from ..render.project import project_config, theme_overrides
from ..render.sealed import Canaries, Sealing, holder_canaries, sealing_for
from ..render.site import site_files
from ..render.text import problem_lines
from ..tracker.locate import commit_links, site_url
from ..tracker.siteconfig import plugin_options, read_site_config


class RenderRefused(Exception):
    """The render cannot go ahead; the message says why and what to do."""


def page_options(settings: dict, publish_evidence: bool, commit_url: str = "",
                 address: str = "", sealing: Sealing | None = None) -> PageOptions:
    """The plugin's page options from its mkdocs.yml settings, checked as the plugin does."""
    dashboard = settings.get("dashboard", "index.md")
    if not isinstance(dashboard, str) or not is_page_path(dashboard):
        raise RenderRefused(f"plugins.cectrack.dashboard '{dashboard}' is not a page path")
    return PageOptions(dashboard=dashboard,
                       audit_show_numbers=settings.get("audit_show_numbers") is True,
                       publish_evidence=publish_evidence or settings.get("publish_evidence") is True,
                       audit_token=audit_token(settings), commit_url=commit_url,
                       site_url=address,
                       sealed=sealing is not None and sealing.packet_lock is not None,
                       private=sealing is not None and sealing.private,
                       names=sealing.names if sealing is not None else None,
                       packet_folders=True)


def audit_token(settings: dict) -> str | None:
    """The secret folder of unlisted packets, or None when they are listed."""
    if settings.get("unlisted_audit") is not True:
        return None
    token = os.environ.get(SECRET_ENV) or settings.get("audit_secret")
    if problem := secret_problem(token if isinstance(token, str) else None):
        raise RenderRefused(f"unlisted_audit is on, but {problem}")
    return token


def site_sealing(settings: dict, seal: bool, preview: bool = False
                 ) -> tuple[Sealing | None, dict[str, str | None]]:
    """What the site is sealed with (the plugin's passwords and rules; None for a plain
    site), and the passwords it was read from.  Without `seal` (render --out, serve: a project another generator builds as it
    is) a site that would be sealed is refused, never written plain; a `preview` (serve,
    on this computer) is written plain, as the plugin builds it without its password."""
    private, encrypt = settings.get("private") is True, settings.get("encrypt_audit") is True
    if preview:
        return None, {}
    if not seal:
        for variable in (PASSWORD_ENV, SITE_PASSWORD_ENV):
            if os.environ.get(variable):
                raise RenderRefused(f"{variable} is set, but render writes a project that "
                                    "your generator builds as it is, unsealed: build a sealed "
                                    "site with `cectrack build` (it renders, builds and seals)")
        for setting, wanted in (("private", private), ("encrypt_audit", encrypt)):
            if wanted:
                raise RenderRefused(f"plugins.cectrack.{setting} is true, but render writes a "
                                    "project that your generator builds as it is, unsealed: "
                                    "build a sealed site with `cectrack build`")
        return None, {}
    try:
        passwords, warnings = build_passwords(os.environ, private, encrypt)
    except ValueError as err:
        raise RenderRefused(str(err)) from None
    for warning in warnings:
        print(f"cectrack build: warning: {warning}", file=sys.stderr)
    if not any(passwords.values()):
        return None, passwords
    dashboard = settings.get("dashboard", "index.md")
    return sealing_for(passwords, audit_token(settings),
                       dashboard if isinstance(dashboard, str) else "index.md"), passwords


def prepare_output(out: Path) -> None:
    """Refuse a link, a file, or a folder of files cectrack did not write (files/output.py:
    what the last render wrote is replaced when the new one is written)."""
    try:
        output.check_output(out)
    except output.OutputRefused as err:
        raise RenderRefused(str(err)) from None


@dataclass
class Rendered:
    """A project written by render_to: what the seal pass needs once it is built."""

    code: int  # 0, or 1 when the data has errors (the pages show them)
    count: int  # files written
    sealing: Sealing | None
    passwords: dict[str, str | None]  # as read for a sealed build ({} for render --out)
    project: Project
    canaries: Canaries


def render_project(root: Path, today: dt.date, credits_dir: str | None, out: Path,
                   publish_evidence: bool, quiet: bool = False, preview: bool = False) -> int:
    """`cectrack render`; `quiet` for serve, whose folder is its own; `preview` for serve's
    plain preview of a site that is published sealed."""
    try:
        rendered = render_to(root, today, credits_dir, out, publish_evidence, preview=preview)
    except RenderRefused as err:
        print(f"cectrack render: error: {err}", file=sys.stderr)
        return 2
    if not quiet:
        print(f"wrote {rendered.count} files to {out}; build it with `mkdocs build`, `properdocs build` or `zensical build` "
              "in that folder")
    return rendered.code


def render_to(root: Path, today: dt.date, credits_dir: str | None, out: Path,
              publish_evidence: bool, seal: bool = False, preview: bool = False) -> Rendered:
    """The project written to `out`; with `seal`, its files sealed as the site must publish
    them (the pages are sealed once built: publish/sealsite.py).  RenderRefused says why
    nothing was written."""
    out = Path(os.path.abspath(out))  # a link given as --out is seen, and refused
    config = read_site_config(root)
    settings = plugin_options(config)
    credits_dir = credits_dir or str(settings.get("credits_dir") or CREDITS_DIR)
    if mixes_with_data(out, root, credits_dir):
        raise RenderRefused(f"--out {out} would mix generated files with yours; "
                            "choose an output folder of its own")
    repo_url = config.get("repo_url") if isinstance(config.get("repo_url"), str) else None
    sealing, passwords = site_sealing(settings, seal, preview)
    options = page_options(settings, publish_evidence, commit_links(root, repo_url),
                           site_url(root), sealing)
    prepare_output(out)
    result = analysis(root, today, credits_dir, dt.date.today())
    for problem in result.report.problems:
        print("\n".join(problem_lines(problem)), file=sys.stderr)
    noindex = settings.get("noindex", True) is not False
    content = site_content(result)
    pages, made = site_files(content, options, noindex, sealing=sealing)
    files = Spool(None, sealing.file_lock if sealing else None).files(made)
    given = config.get("docs_dir")
    docs_dir = given if isinstance(given, str) else "docs"
    user = user_pages(root / docs_dir, root)
    docs = merged_docs(pages, user)
    written = {f"docs/{name}": content for name, content in {**docs, **files}.items()}
    written.update(theme_overrides(options, noindex))
    written["mkdocs.yml"] = project_config(config, options, site_url(root), user)
    try:
        count = write_project(out, written)
    except output.OutputRefused as err:
        raise RenderRefused(str(err)) from None
    kept = {name for name, value in docs.items() if isinstance(value, Path)}
    project = Project(pages={name for name in docs if name.endswith(".md")}, ours=set(files),
                      user={name for name in kept if not name.endswith(".md")},
                      user_pages={name for name in kept if name.endswith(".md")},
                      public={str(name) for key in ("extra_css", "extra_javascript")
                              for name in (config.get(key) or []) if isinstance(name, str)},
                      site_url=site_url(root))
    return Rendered(1 if result.report.errors else 0, count, sealing, passwords, project,
                    holder_canaries(content, config) if sealing and sealing.private
                    else Canaries())
