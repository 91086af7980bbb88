"""The MkDocs face: read the config, call the orchestrator (analysis.py), add the generated pages.

Thin on purpose: every figure is computed by cectrack.analysis and every page is
written by cectrack.render; this module only adapts them to MkDocs.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .analysis import RULES_DIR, analysis, site_content
from .records.load import keep_parsed_files
from .records.model import CREDITS_DIR, ERROR
from .files.text import read_text
from .render.options import CSS, SCRIPTS, PageOptions, is_placeholder
from .audit.lock import PASSWORD_ENV, SITE_PASSWORD_ENV, Lock, new_lock, password_problem
from .render.sealed import locked_html, packet_pages, sealed_files, sealed_private_files
from .render.site import site_files
from .render.jinjacache import MemoryBytecodeCache
from .render.themefix import PALETTE, named_controls
from .records.fields import FIRST_DAY, LAST_DAY, parse_day
from .tracker.locate import commit_links, site_url
from .files.paths import inside, is_page_path, mixes_with_data
from .render.text import problem_lines
from .audit.secret import SECRET_ENV, secret_problem

log = get_plugin_logger(__name__)

# Markdown extensions the generated pages use; added when the site lacks them.
_EXTENSIONS = ("tables", "admonition", "pymdownx.details", "attr_list")


class CectrackConfig(base.Config):
    # Folder of credit files, relative to the folder holding mkdocs.yml.
    credits_dir = c.Type(str, default=CREDITS_DIR)
    # Compute as of this date (YYYY-MM-DD) for reproducible builds; the environment
    # variable CECTRACK_TODAY overrides it; by default the build's own date.
    today = c.Optional(c.Type(str))
    # Where the dashboard goes in the site.
    dashboard = c.Type(str, default="index.md")
    # Credential numbers are masked everywhere; true shows them in full on audit pages only.
    audit_show_numbers = c.Type(bool, default=False)
    # Copy the certificates into the site (and a ZIP per packet); otherwise only their hashes.
    publish_evidence = c.Type(bool, default=False)
    # Put audit pages under a secret path, out of the navigation, sitemap and search.
    unlisted_audit = c.Type(bool, default=False)
    # The secret for unlisted_audit; better given as the CECTRACK_AUDIT_SECRET variable.
    audit_secret = c.Optional(c.Type(str))
    # Ask search engines not to index the site (a robots meta tag and robots.txt).
    noindex = c.Type(bool, default=True)


THEME_BYTECODE = MemoryBytecodeCache()


class CectrackPlugin(BasePlugin[CectrackConfig]):
    command = "build"
    spool: Path | None = None  # this build's large generated files, until MkDocs copies them

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        keep_parsed_files(command == "serve")  # serve rebuilds after each edit

    def on_config(self, config):
        self.root = Path(config.config_file_path).parent
        self._check_paths(Path(config.site_dir))
        if not config.site_url and self.command != "serve":
            # A GitHub project site lives under /REPO/: without its address the 404 page
            # and the audit links break. The origin remote says where Pages puts it.
            # (Not for `serve`, which would then serve under /REPO/ too.)
            config.site_url = site_url(self.root) or None
        self.today = self._today()
        self.token = self._audit_token()
        self.site_lock = self._site_lock()
        # The audit password opens the packets; without one, the site's password does.
        self.lock = self._audit_lock() or self.site_lock
        self.locked: set[str] = set()
        if self.site_lock is not None:
            config.site_name = "Continuing education"  # the holder's name stays private
        for name in _EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        config.extra_css.append(CSS)
        config.extra_javascript.extend(SCRIPTS)
        if config.theme.name == "material" and not config.theme.get("palette"):
            config.theme["palette"] = PALETTE  # light and dark, as the reader's system is set
        return config

    def _check_paths(self, site_dir: Path) -> None:
        """Configured paths stay inside the tracker, and the build (which empties site_dir)
        never writes over the user's data."""
        if not inside(self.root, self.root / self.config.credits_dir):
            raise PluginError(f"cectrack: credits_dir '{self.config.credits_dir}' leads outside "
                              "the tracker folder; give a folder inside it, e.g. credits")
        if not is_page_path(self.config.dashboard):
            raise PluginError(f"cectrack: dashboard '{self.config.dashboard}' is not a page path; "
                              "write a relative path of letters, digits and dashes ending in .md")
        if mixes_with_data(site_dir, self.root, self.config.credits_dir):
            raise PluginError(f"cectrack: site_dir {site_dir} is, holds or sits in your data "
                              "(credits, certificates, rules, .git); the build empties it, "
                              "so choose a folder of its own, e.g. site")

    def _today(self) -> dt.date:
        text = os.environ.get("CECTRACK_TODAY") or self.config.today
        if not text:
            return dt.date.today()
        try:
            return parse_day(text)
        except ValueError:
            where = "CECTRACK_TODAY" if os.environ.get("CECTRACK_TODAY") else "plugins.cectrack.today"
            raise PluginError(f"cectrack: {where} is '{text}', expected a date as YYYY-MM-DD "
                              f"between {FIRST_DAY.year} and {LAST_DAY.year}") from None

    def _audit_lock(self) -> Lock | None:
        """With CECTRACK_AUDIT_PASSWORD set, audit packets are published encrypted."""
        password = os.environ.get(PASSWORD_ENV) or None  # a CI secret not set is ""
        if problem := password_problem(password):
            raise PluginError(f"cectrack: {problem}")
        return new_lock(password) if password else None

    def _site_lock(self) -> Lock | None:
        """With CECTRACK_SITE_PASSWORD set, every page and status file is published encrypted."""
        password = os.environ.get(SITE_PASSWORD_ENV) or None
        if problem := password_problem(password, SITE_PASSWORD_ENV):
            raise PluginError(f"cectrack: {problem}")
        return new_lock(password) if password else None

    def _audit_token(self) -> str | None:
        if not self.config.unlisted_audit:
            return None
        secret = os.environ.get(SECRET_ENV) or self.config.audit_secret
        problem = secret_problem(secret)
        if problem:
            raise PluginError(f"cectrack: unlisted_audit is on, but {problem}")
        return secret

    def on_files(self, files: Files, config) -> Files:
        self._drop_spool()
        self.spool = Path(tempfile.mkdtemp(prefix="cectrack-build-"))
        result = analysis(self.root, self.today, self.config.credits_dir)
        _log_problems(result.report.problems, self.root)
        options = PageOptions(dashboard=self.config.dashboard,
                              audit_show_numbers=self.config.audit_show_numbers,
                              publish_evidence=self.config.publish_evidence,
                              audit_token=self.token, sealed=self.lock is not None,
                              commit_url=commit_links(self.root, config.repo_url),
                              site_url=config.site_url or "",
                              directory_urls=config.use_directory_urls)
        pages, others = site_files(site_content(result), options, self.config.noindex,
                                   self.spool)
        if self.lock is not None:
            self.locked = packet_pages(pages, options.audit_dir)
            others = sealed_files(others, options.audit_dir, self.lock)
        if self.site_lock is not None:
            others = sealed_private_files(others, self.site_lock)
        for src_uri, markdown in pages.items():
            self._add_page(files, config, src_uri, markdown)
        for src_uri, content in others.items():
            files.append(_generated(config, src_uri, content))
        return files

    def _add_page(self, files: Files, config, src_uri: str, markdown: str) -> None:
        existing = files.get_file_from_path(src_uri)
        if existing is not None and _is_placeholder(existing):
            files.remove(existing)  # it stands in for this page where the plugin does not run
        elif existing is not None:
            log.warning(f"docs/{src_uri} exists, so cectrack's page of that name is not added; "
                        "rename your page or set plugins.cectrack.dashboard")
            return
        # Per-credential, per-body and audit pages are reached from the dashboard and the
        # index pages, so they stay out of the navigation without a notice.
        in_nav = src_uri.endswith("index.md") or src_uri == self.config.dashboard
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content=markdown, inclusion=inclusion))

    def on_post_build(self, config) -> None:
        self._drop_spool()  # MkDocs has copied the files into the site by now

    def on_build_error(self, error) -> None:
        self._drop_spool()

    def on_shutdown(self) -> None:
        self._drop_spool()

    def _drop_spool(self) -> None:
        if self.spool is not None:
            shutil.rmtree(self.spool, ignore_errors=True)
            self.spool = None

    def on_env(self, env, config, files):
        # `mkdocs serve` makes a new theme environment for every rebuild, so the theme's
        # templates would be compiled again after each edit; keep the compiled code in
        # memory for the process (Jinja checks each template's source before reusing it).
        if env.bytecode_cache is None:
            env.bytecode_cache = THEME_BYTECODE
        return env

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if page.file.src_uri in self.locked or self.site_lock is not None:
            page.meta["search"] = {"exclude": True}  # nothing encrypted in the search index
        return markdown

    def on_page_content(self, html: str, page, config, files) -> str:
        if page.file.src_uri in self.locked:
            return locked_html(self.lock, html)
        if self.site_lock is not None:
            return locked_html(self.site_lock, html, packet=False)
        return html

    def on_post_page(self, output: str, page, config) -> str:
        if self.config.noindex:
            output = re.sub(r"<head>", '<head><meta name="robots" content="noindex, nofollow">',
                            output, count=1)
        return named_controls(output)

    def on_post_template(self, output: str, template_name: str, config) -> str:
        return named_controls(output) if template_name == "404.html" else output

    def on_template_context(self, context, template_name: str, config):
        # Unlisted audit pages stay out of sitemap.xml.
        if template_name == "sitemap.xml" and self.site_lock is not None:
            context["pages"] = []  # even the addresses name the credentials held
        elif template_name == "sitemap.xml" and (self.token or self.locked):
            hidden = f"audit/{self.token}/" if self.token else "\0"
            context["pages"] = [f for f in context["pages"] if not f.src_uri.startswith(hidden)
                                and f.src_uri not in self.locked]
        return context

    def on_serve(self, server, config, builder):
        server.watch(str(self.root / self.config.credits_dir))
        if (self.root / RULES_DIR).is_dir():
            server.watch(str(self.root / RULES_DIR))
        return server


def _is_placeholder(file: File) -> bool:
    if file.abs_src_path is None:  # a page another plugin generated: not the user's file
        return False
    text = read_text(file.abs_src_path)
    return isinstance(text, str) and is_placeholder(text)


def _log_problems(problems, root: Path) -> None:
    """One gate for check and build: an error fails `mkdocs build --strict` as it fails
    `cectrack check`; a warning (a certificate not received yet) is shown in the log and on
    the dashboard but never stops the site from updating, so it is logged below the level
    strict mode counts."""
    for problem in problems:
        text = "\n".join(problem_lines(problem, root))
        if problem.severity == ERROR:
            log.error(text)
        else:
            log.info(text)


def _generated(config, src_uri: str, content: bytes | Path) -> File:
    if isinstance(content, Path):
        return File.generated(config, src_uri, abs_src_path=str(content),
                              inclusion=InclusionLevel.NOT_IN_NAV)
    return File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
