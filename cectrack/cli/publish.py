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
from pathlib import Path

from ..records.model import CREDITS_DIR
from ..analysis import analysis, site_content
from ..files import output
from ..tracker.locate import commit_links, site_url
from ..files.paths import is_page_path, mixes_with_data
from ..render.options import PageOptions
from ..render.project import (
    merged_docs,
    project_config,
    theme_overrides,
    user_pages,
)
from ..render.site import site_files, write_site_files
from ..render.text import problem_lines
from ..audit.lock import PASSWORD_ENV, SITE_PASSWORD_ENV
from ..audit.secret import SECRET_ENV, secret_problem
from ..tracker.siteconfig import plugin_options, read_site_config


class RenderRefused(Exception):
    """The render cannot go ahead; the message says why and what to do."""


def page_options(settings: dict, publish_evidence: bool, commit_url: str = "",
                 address: str = "") -> PageOptions:
    """The plugin's page options from its mkdocs.yml settings, checked as the plugin does."""
    for variable in (PASSWORD_ENV, SITE_PASSWORD_ENV):
        if os.environ.get(variable):
            raise RenderRefused(f"{variable} is set, but render writes plain pages: encrypted "
                                "pages are built by the plugin (generator: mkdocs or "
                                "properdocs in mkdocs.yml)")
    for setting in ("private", "encrypt_audit"):  # a sealed site asked for: never plain
        if settings.get(setting) is True:
            raise RenderRefused(f"plugins.cectrack.{setting} is true, but render writes plain "
                                "pages: a sealed site is built by the plugin (generator: "
                                "mkdocs or properdocs in mkdocs.yml)")
    dashboard = settings.get("dashboard", "index.md")
    if not isinstance(dashboard, str) or not is_page_path(dashboard):
        raise RenderRefused(f"plugins.cectrack.dashboard '{dashboard}' is not a page path")
    token = None
    if settings.get("unlisted_audit") is True:
        token = os.environ.get(SECRET_ENV) or settings.get("audit_secret")
        if problem := secret_problem(token if isinstance(token, str) else None):
            raise RenderRefused(f"unlisted_audit is on, but {problem}")
    return PageOptions(dashboard=dashboard,
                       audit_show_numbers=settings.get("audit_show_numbers") is True,
                       publish_evidence=publish_evidence or settings.get("publish_evidence") is True,
                       audit_token=token, commit_url=commit_url, site_url=address)


def prepare_output(out: Path) -> None:
    """Refuse a link, a file, or a folder of files cectrack did not write (files/output.py:
    what the last render wrote is replaced when the new one is written)."""
    try:
        output.check_output(out)
    except output.OutputRefused as err:
        raise RenderRefused(str(err)) from None


def render_project(root: Path, today: dt.date, credits_dir: str | None, out: Path,
                   publish_evidence: bool, quiet: bool = False) -> int:
    """`cectrack render`; `quiet` for build and serve, whose folder is their own."""
    out = Path(os.path.abspath(out))  # a link given as --out is seen, and refused
    config = read_site_config(root)
    settings = plugin_options(config)
    credits_dir = credits_dir or str(settings.get("credits_dir") or CREDITS_DIR)
    try:
        if mixes_with_data(out, root, credits_dir):
            raise RenderRefused(f"--out {out} would mix generated files with yours; "
                                "choose an output folder of its own")
        repo_url = config.get("repo_url") if isinstance(config.get("repo_url"), str) else None
        options = page_options(settings, publish_evidence, commit_links(root, repo_url),
                               site_url(root))
        prepare_output(out)
    except RenderRefused as err:
        print(f"cectrack render: error: {err}", file=sys.stderr)
        return 2
    result = analysis(root, today, credits_dir, dt.date.today())
    for problem in result.report.problems:
        print("\n".join(problem_lines(problem, root)), file=sys.stderr)
    noindex = settings.get("noindex", True) is not False
    pages, files = site_files(site_content(result), options, noindex)
    docs_dir = config.get("docs_dir") if isinstance(config.get("docs_dir"), str) else "docs"
    user = user_pages(root / docs_dir, root)
    written = {f"docs/{name}": content for name, content in {**merged_docs(pages, user),
                                                             **files}.items()}
    written.update(theme_overrides(options, noindex))
    written["mkdocs.yml"] = project_config(config, options, site_url(root), user)
    text = {k: v for k, v in written.items() if isinstance(v, str)}
    try:
        count = write_site_files(out, text, {k: v for k, v in written.items() if k not in text})
    except output.OutputRefused as err:
        print(f"cectrack render: error: {err}", file=sys.stderr)
        return 2
    if not quiet:
        print(f"wrote {count} files to {out}; build it with `mkdocs build`, `properdocs build` "
              f"or `zensical build` in that folder")
    return 1 if result.report.errors else 0
