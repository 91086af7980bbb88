"""The MkDocs face: read the config, call the core, add the generated pages.

Thin on purpose: every figure is computed by cectrack.core and every page is
written by cectrack.render; this module only adapts them to MkDocs.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .core import RULES_DIR, analyse_with_rules
from .render.pages import PageOptions, render_pages
from .render.text import problem_lines

log = get_plugin_logger(__name__)

# Markdown extensions the generated pages use; added when the site lacks them.
_EXTENSIONS = ("tables", "admonition", "pymdownx.details", "attr_list")


class CectrackConfig(base.Config):
    # Folder of credit files, relative to the folder holding mkdocs.yml.
    credits_dir = c.Type(str, default="credits")
    # Compute as of this date (YYYY-MM-DD) for reproducible builds; the environment
    # variable CECTRACK_TODAY overrides it; by default the build's own date.
    today = c.Optional(c.Type(str))
    # Show credential numbers in full; by default all but the last two digits are masked.
    show_numbers = c.Type(bool, default=False)
    # Where the dashboard goes in the site.
    dashboard = c.Type(str, default="index.md")


class CectrackPlugin(BasePlugin[CectrackConfig]):
    def on_config(self, config):
        self.root = Path(config.config_file_path).parent
        self.today = self._today()
        for name in _EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        return config

    def _today(self) -> dt.date:
        text = os.environ.get("CECTRACK_TODAY") or self.config.today
        if not text:
            return dt.date.today()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            where = "CECTRACK_TODAY" if os.environ.get("CECTRACK_TODAY") else "plugins.cectrack.today"
            raise PluginError(f"cectrack: {where} is '{text}', expected a date as YYYY-MM-DD")

    def on_files(self, files: Files, config) -> Files:
        report, library = analyse_with_rules(self.root, self.today, self.config.credits_dir)
        for problem in report.problems:
            log.warning("\n".join(problem_lines(problem)))
        options = PageOptions(show_numbers=self.config.show_numbers,
                              dashboard=self.config.dashboard)
        for src_uri, markdown in render_pages(report, library, options).items():
            self._add(files, config, src_uri, markdown)
        return files

    def _add(self, files: Files, config, src_uri: str, markdown: str) -> None:
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            log.warning(f"docs/{src_uri} exists, so cectrack's page of that name is not added; "
                        "rename your page or set plugins.cectrack.dashboard")
            return
        # Per-credential and per-cycle pages are reached from the dashboard and the
        # index pages, so they stay out of the navigation without a notice.
        in_nav = src_uri.endswith("index.md") or src_uri == self.config.dashboard
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content=markdown, inclusion=inclusion))

    def on_serve(self, server, config, builder):
        server.watch(str(self.root / self.config.credits_dir))
        if (self.root / RULES_DIR).is_dir():
            server.watch(str(self.root / RULES_DIR))
        return server
