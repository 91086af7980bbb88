"""The MkDocs face: read the config, call the orchestrator (analysis.py), add the generated pages.

Thin on purpose: every figure is computed by cectrack.analysis and every page is
written by cectrack.render; this module only adapts them to MkDocs.
"""
from __future__ import annotations

import copy
import ctypes
import ctypes.util
import datetime as dt
import functools
import gc
import hashlib
import inspect
import logging
import os
import shutil
import tempfile
import zlib
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from mkdocs.config import base, config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

from ..analysis import RULES_DIR, analysis, forget_shared, site_content
from ..audit.lock import (
    SITE_PASSWORD_ENV,
    SealedWriter,
    build_passwords,
    seal,
)
from ..audit.secret import SECRET_ENV, secret_problem
from ..files.atomic import replace_atomically
from ..files.paths import inside, is_page_path, mixes_with_data
from ..files.text import read_text
from ..problem import ERROR
from ..publish import sealsite
from ..publish.spool import Spool
from ..records.fields import FIRST_DAY, LAST_DAY, parse_day
from ..records.load import keep_parsed_files
from ..records.model import CREDITS_DIR
from ..render import sealed
from ..render.jinjacache import MemoryBytecodeCache
from ..render.made import Copy, Made
from ..render.options import CSS, SCRIPTS, PageOptions, is_placeholder
from ..render.pages import each_page
from ..render.sealed import Sealing
from ..render.site import made_files
from ..render.text import problem_lines
from ..render.themefix import PALETTE, named_controls, title_for_theme
from ..tracker.generators import DEFAULT as DEFAULT_GENERATOR, GENERATORS
from ..tracker.locate import commit_links, forge_of, site_url
from ..tracker.siteconfig import read_site_config
from .certificates import (
    KeptCertificates,
    linked_file,
    move,
    stamp_of_contents,
    unchanged,
)
from .passthrough import ids_in, put_back, set_aside
from .stopping import stop_on_terminate, terminate_as_before
from .watching import notice_edits_at_once

log = get_plugin_logger(__name__)

# Markdown extensions the generated pages use; added when the site lacks them.
_EXTENSIONS = ("tables", "admonition", "pymdownx.details", "attr_list")
# Asks search engines not to index the page (plugins.cectrack.noindex).
_NOINDEX = ("<head>", '<head><meta name="robots" content="noindex, nofollow">')


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
    # The site is private: in CI the build stops unless CECTRACK_SITE_PASSWORD seals it
    # (a deleted secret can never publish the site in the clear).
    private = c.Type(bool, default=False)
    # The audit packets are encrypted: in CI the build stops unless CECTRACK_AUDIT_PASSWORD
    # (or the site's password) seals them.
    encrypt_audit = c.Type(bool, default=False)
    # What builds the site for `cectrack build` and `cectrack serve` (tracker/generators.py).
    generator = c.Choice(tuple(GENERATORS), default=DEFAULT_GENERATOR)


THEME_BYTECODE = MemoryBytecodeCache()


class CectrackPlugin(BasePlugin[CectrackConfig]):
    command = "build"
    spool: Path | None = None  # this build's large generated files, until MkDocs copies them
    sealing = Sealing()
    sealed_build: "_SealedBuild | None" = None
    pages_seen: "_PageMemo | None" = None  # `mkdocs serve` only: each page's last HTML
    files_made: "_KeptFiles | None" = None  # `mkdocs serve` only: the last packet ZIPs
    search_seen: "_SearchMemo | None" = None  # `mkdocs serve` only: each page's search entries
    certificates_kept: KeptCertificates | None = None  # `mkdocs serve` only: copied once

    def __init__(self) -> None:
        super().__init__()
        self.regions: dict[str, list[str]] = {}  # src_uri -> HTML set aside while converting

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        stop_on_terminate()  # so that on_shutdown removes this build's temporary folders
        keep_parsed_files(command == "serve")  # serve rebuilds after each edit
        self.pages_seen = (self.pages_seen or _PageMemo()) if command == "serve" else None
        if self.files_made is not None and command != "serve":
            self.files_made.drop()
        self.files_made = (self.files_made or _KeptFiles()) if command == "serve" else None
        self.search_seen = (self.search_seen or _SearchMemo()) if command == "serve" else None
        if self.certificates_kept is not None and command != "serve":
            self.certificates_kept.drop()
        self.certificates_kept = ((self.certificates_kept or KeptCertificates())
                                  if command == "serve" else None)

    def on_config(self, config):
        self.root = Path(config.config_file_path).parent
        self._check_paths(Path(config.site_dir))
        if not config.site_url and self.command != "serve":
            # A GitHub project site lives under /REPO/: without its address the 404 page
            # and the audit links break. The origin remote says where Pages puts it.
            # (Not for `serve`, which would then serve under /REPO/ too.)
            config.site_url = site_url(self.root) or None
        self.today = self._today()
        self.forge = self._forge(config)
        self.token = self._audit_token()
        self.passwords = self._passwords()
        self.sealing = self._sealing()
        if self.sealing.private:
            _without_instant_loading(config)
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
        if self.command != "serve" and not inside(self.root, site_dir):
            # (serve builds into a temporary folder of its own, which it removes)
            raise PluginError(f"cectrack: site_dir {site_dir} leads outside the tracker folder "
                              "(a link on the way is followed); the build empties it and "
                              "writes there, so give a folder inside the tracker, e.g. site")
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

    def _passwords(self) -> dict[str, str | None]:
        """The site's and the audit password, normalised (audit/lock.py); a site that says it
        is private (or its packets encrypted) stops in CI when its password is missing."""
        try:
            passwords, warnings = build_passwords(os.environ, self.config.private,
                                                  self.config.encrypt_audit)
        except ValueError as err:
            raise PluginError(f"cectrack: {err}") from None
        for warning in warnings:
            log.warning(f"cectrack: {warning}")
        if passwords[SITE_PASSWORD_ENV] and not self.config.private:
            log.info("cectrack: the site is sealed with CECTRACK_SITE_PASSWORD; add "
                     "`private: true` under the plugin in mkdocs.yml, so that a CI build "
                     "without the secret stops instead of publishing in the clear")
        return passwords

    def _forge(self, config):
        """GitHub's pages for adding a course and a certificate from a phone."""
        docs, root = Path(config.docs_dir).resolve(), self.root.resolve()
        docs_dir = docs.relative_to(root).as_posix() if docs.is_relative_to(root) else ""
        # MkDocs fills in edit_uri itself for a GitHub repo_url (with branch "master"):
        # only the site's own setting names the branch.
        given = read_site_config(self.root).get("edit_uri")
        return forge_of(self.root, config.repo_url, given if isinstance(given, str) else None,
                        docs_dir)

    def _sealing(self) -> Sealing:
        return sealed.sealing_for(self.passwords, self.token, self.config.dashboard)

    def _audit_token(self) -> str | None:
        if not self.config.unlisted_audit:
            return None
        secret = os.environ.get(SECRET_ENV) or self.config.audit_secret
        problem = secret_problem(secret)
        if problem:
            raise PluginError(f"cectrack: unlisted_audit is on, but {problem}")
        return secret

    def on_pre_build(self, config) -> None:
        if self.certificates_kept is not None:
            self.certificates_kept.start_build()
        # Before MkDocs empties site_dir: what the previous build there was sealed with.
        for line in sealsite.password_changes(Path(config.site_dir), self.passwords):
            log.info(f"cectrack: {line}")

    @event_priority(-100)  # after every other plugin: the files they add are sealed too
    def on_files(self, files: Files, config) -> Files:
        self._drop_spool()
        _large_blocks_mapped()
        self.spool = Path(tempfile.mkdtemp(prefix="cectrack-build-"))
        result = analysis(self.root, self.today, self.config.credits_dir, dt.date.today())
        _log_problems(result.report.problems)
        options = PageOptions(dashboard=self.config.dashboard,
                              audit_show_numbers=self.config.audit_show_numbers,
                              publish_evidence=self.config.publish_evidence,
                              audit_token=self.token,
                              sealed=self.sealing.packet_lock is not None,
                              private=self.sealing.private,
                              commit_url=commit_links(self.root, config.repo_url),
                              site_url=config.site_url or "",
                              directory_urls=config.use_directory_urls,
                              names=self.sealing.names,
                              forge=self.forge)
        content = site_content(result)
        # Each page kept compressed from when it is made until MkDocs reads it.
        pages = {src_uri: _pack(markdown) for src_uri, markdown in each_page(content, options)}
        made = made_files(content, options, self.config.noindex, self.sealing)
        # Made one at a time into this build's folder, sealed as written where the site says.
        others = Spool(self.spool, self.sealing.file_lock, self.files_made).files(made)
        for src_uri, packed in pages.items():
            self._add_page(files, config, src_uri, packed)
        for src_uri, content_file in others.items():
            files.append(self._other_file(config, src_uri, content_file, made[src_uri]))
        self.sealed_build = _SealedBuild(self.sealing, config, self.spool, self.root)
        self.sealed_build.take(content, set(others))
        del result, content, pages, made, others
        _give_back_memory(keep_caches=self.command == "serve")
        return files

    @event_priority(-100)  # once every plugin has placed its pages: their links are resolved
    def on_nav(self, nav, config, files):
        if self.sealed_build is not None:
            self.sealed_build.place(files)
        if self.pages_seen is not None:
            self.pages_seen.start(config, files)
        if self.search_seen is not None:
            self.search_seen.attach(config)
        return nav

    def _other_file(self, config, src_uri: str, content: bytes | Path, made: Made) -> File:
        """A file that is not a page; in `serve`, a certificate from the copy kept of it and a
        packet's ZIP from where it is kept."""
        if self.certificates_kept is not None and isinstance(made, Copy):
            assert isinstance(content, Path), "a certificate is published from its path"
            return self.certificates_kept.file(config, src_uri, content)
        if isinstance(content, Path) and self.files_made is not None \
                and self.files_made.holds(content):
            return linked_file(config, src_uri, content)  # a kept ZIP, published by a link
        return _generated(config, src_uri, content)

    def _add_page(self, files: Files, config, src_uri: str, packed: bytes) -> None:
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
        files.append(_PackedPage.of(config, src_uri, packed, inclusion))

    @event_priority(50)  # before the search plugin writes its index
    def _take_search_index(self, config) -> None:
        if self.sealed_build is not None:
            self.sealed_build.take_search_index(config)

    @event_priority(-100)  # after every other plugin has written its files
    def _check_the_site(self, config) -> None:
        try:
            if self.sealed_build is not None:
                problems = self.sealed_build.finish(Path(config.site_dir), self.passwords)
                if problems:
                    raise PluginError("cectrack: the site is sealed, but these would be "
                                      "published in the clear, so the build stops (they are "
                                      "removed from the site folder):\n  - "
                                      + "\n  - ".join(problems))
        finally:
            self._drop_spool()  # MkDocs has copied the files into the site by now
            if self.pages_seen is not None:
                self.pages_seen.stop()

    on_post_build = CombinedEvent(_take_search_index, _check_the_site)

    def on_build_error(self, error) -> None:
        self._drop_spool()
        if self.pages_seen is not None:
            self.pages_seen.stop()

    def on_shutdown(self) -> None:
        self._drop_spool()
        if self.files_made is not None:
            self.files_made.drop()
        if self.certificates_kept is not None:
            self.certificates_kept.drop()
        if self.pages_seen is not None:
            self.pages_seen.stop()
        terminate_as_before()

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

    @event_priority(-100)  # the Markdown as every other plugin left it
    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if self.sealing.is_packet(page.file.src_uri) and self.sealing.packet_lock is not None:
            page.meta["search"] = {"exclude": True}  # a packet's text in no search index
        regions: list[str] = []
        if page.file.generated_by == "cectrack":  # HTML it wrote whole: not read by Markdown
            markdown, regions = set_aside(markdown)
            self.regions[page.file.src_uri] = regions
        if self.pages_seen is not None:
            self.pages_seen.reuse(page, markdown, files, regions)
        return markdown

    @event_priority(110)  # the page whole again, before anything else reads its HTML
    def _put_back_html(self, html: str, page, config, files) -> str:
        regions = self.regions.pop(page.file.src_uri, None)
        if not regions:
            return html
        page.present_anchor_ids = (page.present_anchor_ids or set()) | ids_in(regions)
        return put_back(html, regions)

    @event_priority(100)  # the HTML as the Markdown became, before any plugin changes it
    def _keep_page_html(self, html: str, page, config, files) -> str:
        if self.pages_seen is not None:
            self.pages_seen.keep(page)
        return html

    @event_priority(-100)  # once every plugin has seen the page's Markdown
    def _drop_page_source(self, html: str, page, config, files) -> str:
        """In a one-off build, a generated page's Markdown is not needed once it is HTML:
        MkDocs would hold it (a few MB for a long career's credential page) until every
        page is written.  `serve` keeps it (a dirty rebuild asks the file again).  Emptied,
        not None: MkDocs reads None as a page not read yet, with no title."""
        if self.command == "build" and page.file.generated_by == "cectrack":
            page.markdown = ""
            page.file._content = None
            if isinstance(page.file, _PackedPage):
                page.file.packed = None
        return html

    on_page_content = CombinedEvent(_put_back_html, _keep_page_html, _drop_page_source)

    def on_page_context(self, context, page, config, nav):
        title = title_for_theme(page.meta.get("title"), page.title, page.is_homepage)
        if title is not None:  # Material prints it unescaped: escaped text, never a tag
            page.meta["title"] = title
        return context

    @event_priority(-100)  # the page as the theme and every other plugin left it
    def on_post_page(self, output: str, page, config) -> str:
        output = named_controls(output, *([_NOINDEX] if self.config.noindex else []))
        if self.sealed_build is None:
            return output
        return self.sealed_build.page(output, page)

    def on_post_template(self, output: str, template_name: str, config) -> str:
        if self.sealed_build is not None and self.sealing.private:
            return self.sealed_build.template(output, template_name, config)
        return named_controls(output) if template_name == "404.html" else output

    def on_template_context(self, context, template_name: str, config):
        # Unlisted and sealed audit pages stay out of sitemap.xml.
        if template_name == "sitemap.xml" and self.sealing.private:
            context["pages"] = []  # even the addresses are the holder's
        elif template_name == "sitemap.xml" and (self.token or self.sealing.packet_lock):
            hidden = f"audit/{self.token}/" if self.token else "\0"
            context["pages"] = [f for f in context["pages"] if not f.src_uri.startswith(hidden)
                                and not (self.sealing.packet_lock
                                         and self.sealing.is_packet(f.src_uri))]
        return context

    def on_serve(self, server, config, builder):
        if notice_edits_at_once(server):  # an edit rebuilds at once, not at the next poll
            log.debug("watching for edits with the system's file events")
        server.watch(str(self.root / self.config.credits_dir))
        for folder in (RULES_DIR, "certificates"):  # a rule, a certificate arriving
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server


# Markdown extensions that read other files into a page: its HTML then depends on more than
# its Markdown, so `serve` converts every page again (as MkDocs does) where one is used.
_READS_FILES = ("pymdownx.snippets", "pymdownx.b64", "markdown_include", "mdx_include")


class _PageMemo:
    """`mkdocs serve` converts every page's Markdown after each edit; an edit to a course
    changes a few generated pages, never the guide.  This keeps what converting each page
    gave (its HTML, table of contents, title and anchors) under a key of everything the
    conversion reads: the page's final Markdown, its address, the Markdown settings and
    every file's address (its links are resolved against them).  A page whose key is
    unchanged takes its HTML back instead of being converted again; the other plugins'
    events still run on it as on any page.  A conversion that logged anything is not kept,
    so that its message is shown again each time."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, dict]] = {}  # src_uri -> (key, what render set)
        self.settings: bytes | None = None  # this build's Markdown settings and files
        self.logged = _Counting()
        self.waiting: dict[str, tuple[str, int]] = {}  # src_uri -> (key, messages before)
        self.reused: set[str] = set()  # the pages this build took back (the tests read it)

    def start(self, config, files: Files) -> None:
        names = [str(name) for name in config.markdown_extensions]
        self.reused = set()
        if any(name.startswith(_READS_FILES) for name in names):
            self.settings = None
            return
        addresses = sorted((f.src_uri, f.dest_uri, f.url, f.inclusion.name) for f in files)
        self.settings = repr((names, config.mdx_configs, config.use_directory_urls,
                              config.validation, addresses)).encode("utf-8")
        for name in ("mkdocs", ""):
            logging.getLogger(name).addHandler(self.logged)

    def stop(self) -> None:
        for name in ("mkdocs", ""):
            logging.getLogger(name).removeHandler(self.logged)
        self.settings, self.waiting = None, {}

    def reuse(self, page, markdown: str, files: Files, set_aside: list[str] | None = None
              ) -> None:
        """Give `page` its last HTML when nothing its conversion reads has changed (its
        Markdown and the HTML set aside from it, put back into its HTML)."""
        if self.settings is None:
            return
        uri = page.file.src_uri
        key = hashlib.sha256(self.settings + repr((uri, page.file.dest_uri, page.file.url,
                                                   markdown, set_aside)).encode("utf-8")
                             ).hexdigest()
        kept = self.pages.get(uri)
        if kept is not None and kept[0] == key:
            self.reused.add(uri)
            page.render = lambda config, files, kept=kept[1]: _restore(page, kept, config,
                                                                        files, markdown)
        else:
            self.waiting[uri] = (key, self.logged.count)

    def keep(self, page) -> None:
        """Keep what converting `page` gave, unless a message was logged meanwhile."""
        uri = page.file.src_uri
        key, before = self.waiting.pop(uri, (None, 0))
        if key is None or self.logged.count != before:
            return
        links = page.links_to_anchors
        self.pages[uri] = (key, {
            "content": page.content, "toc": copy.deepcopy(page.toc),
            "_title_from_render": page._title_from_render,
            "present_anchor_ids": set(page.present_anchor_ids or ()),
            "links_to_anchors": None if links is None else {
                file.src_uri: dict(anchors) for file, anchors in links.items()}})


def _restore(page, kept: dict, config, files: Files, markdown: str) -> None:
    """Page.render, from what it gave last time (the same Markdown, the same files)."""
    del page.render  # the class's own again, should anything render the page once more
    if page.markdown != markdown:  # another plugin renders it from other Markdown
        page.render(config, files)
        return
    page.content = kept["content"]
    page.toc = copy.deepcopy(kept["toc"])
    page._title_from_render = kept["_title_from_render"]
    page.present_anchor_ids = set(kept["present_anchor_ids"])
    if kept["links_to_anchors"] is not None:
        page.links_to_anchors = {files.get_file_from_path(uri): dict(anchors)
                                 for uri, anchors in kept["links_to_anchors"].items()}


class _SearchMemo:
    """`mkdocs serve` has the search plugin read every page's HTML again after each edit (a
    quarter of a rebuild at 300 courses).  The entries a page gives the index follow from
    its HTML, table of contents, address, title and meta alone: each page's are kept under
    a digest of those, and a page whose digest is unchanged adds its last entries instead
    of being read again.  Where the search plugin is not the one this knows (an index with
    add_entry_from_context and a list of entries), it is left as it is."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[str, list]] = {}  # page url -> (digest, its entries)
        self.reused: set[str] = set()  # the pages whose entries this build took back

    def attach(self, config) -> None:
        self.reused = set()
        for plugin in config.plugins.values():
            index = getattr(plugin, "search_index", None)
            add = getattr(index, "add_entry_from_context", None)
            name = next((n for n in ("entries", "_entries")
                         if isinstance(getattr(index, n, None), list)), None)
            if index is not None and add is not None and name is not None \
                    and not hasattr(add, "memo"):
                memo = functools.partial(self._add, index, name, add, repr(getattr(index, "config", None)))
                memo.memo = True  # type: ignore[attr-defined]
                index.add_entry_from_context = memo

    def _add(self, index, name: str, add, settings: str, page) -> None:
        key = hashlib.sha256(repr((settings, page.url, page.title, page.meta, _toc_key(page.toc),
                                   page.content)).encode("utf-8")).hexdigest()
        entries = getattr(index, name)
        kept = self.entries.get(page.url)
        if kept is not None and kept[0] == key:
            entries.extend(copy.deepcopy(kept[1]))
            self.reused.add(page.url)
            return
        before = len(entries)
        add(page)
        self.entries[page.url] = (key, copy.deepcopy(entries[before:]))


def _toc_key(items) -> list:
    """A table of contents as plain values (its objects have no equality of their own)."""
    return [(item.title, item.url, item.level, _toc_key(item.children)) for item in items or ()]


class _KeptFiles:
    """`mkdocs serve` makes every packet's ZIP again after each edit, though an edit to one
    course changes one packet at most: each ZIP is kept in a folder of the process's own,
    under a digest of what it was made from (its page, CSV and JSON, its certificates'
    names and SHA-256s, its date), and taken back while that digest is unchanged
    (render/pages.py says what goes in).  A ZIP made is moved there from the build's folder,
    and published from there by a link (plugin/certificates.py): one that was written to
    since (through the site's link) is neither taken back nor copied from."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        # published name -> (digest, kept file, the kept file's stamp)
        self.made: dict[str, tuple[str, Path, tuple[int, ...]]] = {}

    def _intact(self, name: str) -> tuple[str, Path] | None:
        kept = self.made.get(name)
        return kept[:2] if kept is not None and unchanged(kept[1], kept[2]) else None

    def reuse(self, name: str, inputs: tuple) -> Path | None:
        kept = self._intact(name)
        return kept[1] if kept is not None and kept[0] == _digest(inputs) else None

    def last(self, name: str) -> Path | None:
        kept = self._intact(name)
        return kept[1] if kept is not None else None

    def holds(self, path: Path) -> bool:
        return self.folder is not None and path.parent == self.folder

    def keep(self, name: str, inputs: tuple, made: bytes | Path) -> bytes | Path:
        """`made` kept; what to publish: the kept file for a file, the bytes for bytes."""
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="cectrack-serve-"))
        digest = _digest(inputs)
        target = self.folder / f"{digest}.zip"
        if isinstance(made, Path):
            move(made, target)  # the build's own file, in its own temporary folder
        else:
            target.write_bytes(made)
        old = self.made.get(name)
        self.made[name] = (digest, target, stamp_of_contents(target))
        if old is not None and old[1] != target:
            old[1].unlink(missing_ok=True)  # the last site has its own link to it
        return target if isinstance(made, Path) else made

    def drop(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.folder, self.made = None, {}


def _digest(inputs: tuple) -> str:
    """SHA-256 of the inputs' own SHA-256s: bytes as they are, a file by its content, the
    rest as written."""
    whole = hashlib.sha256()
    for part in inputs:
        digest = hashlib.sha256()
        if isinstance(part, Path):
            with open(part, "rb") as source:
                while chunk := source.read(1 << 20):
                    digest.update(chunk)
        else:
            digest.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        whole.update(digest.digest())
    return whole.hexdigest()


class _Counting(logging.Handler):
    """How many messages were logged (at INFO or above)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _give_back_memory(keep_caches: bool) -> None:
    """The courses, the report and the packets are no longer needed once their pages and
    files are made, but some of them hold each other in cycles, which Python frees only at
    its next collection; what the analysis keeps for repeated values (analysis.forget_shared),
    made among them, keeps their memory from being reused; and a freed heap stays the process's until
    it is trimmed: MkDocs then converts every page on top of it all (about 55 MB at 10,000
    courses).  Free them now (the caches only in a one-off build: `serve` reuses them), and
    hand the memory back to the system where the C library can (glibc)."""
    if not keep_caches:
        forget_shared()
    gc.collect()
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is not None:
        trim(0)


# glibc's mallopt setting: blocks of this size and more are mapped on their own.
_M_MMAP_THRESHOLD = -3


def _large_blocks_mapped() -> None:
    """glibc maps a large block (128 kB or more) on its own and unmaps it when it is freed,
    but each freed one raises that size to its own (up to 32 MB): after a build has made
    and freed its first page of megabytes, every later page, packet row list and zlib
    state comes from the heap instead, where what is freed stays the process's.  Fixing
    the size keeps large blocks mapped: at 10,000 courses about 8 MB less at the peak."""
    mallopt = getattr(_libc(), "mallopt", None)
    if mallopt is not None:
        mallopt(_M_MMAP_THRESHOLD, 128 * 1024)


@functools.cache
def _libc():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


def _without_instant_loading(config) -> None:
    """A private site's pages are opened one by one: Material's instant loading would
    fetch the next page's shell and show its form in place of the page."""
    features = list(config.theme.get("features") or [])
    kept = [f for f in features if not str(f).startswith("navigation.instant")]
    if kept != features:
        config.theme["features"] = kept
        log.info("cectrack: a private site opens each page itself; navigation.instant is off")


class _SealedBuild:
    """One build's account of what each published file is, so that a sealed site can be
    checked whole at the end (render/sealed.py does the sealing and the check): a shell
    standing in for a sealed page, a sealed file, a public one (searched for the holder's
    strings) or the theme's own.  On a private site every file of the user's or of
    another plugin is sealed here too, under a name that says nothing."""

    def __init__(self, sealing: Sealing, config, spool: Path, root: Path):
        self.sealing, self.config, self.spool, self.root = sealing, config, spool, root
        self.expected: dict[str, str] = {}  # published path -> shell, sealed, public, fixed
        self.downloads: dict[str, str] = {}  # a sealed file's published path -> its name
        self.canaries = sealed.Canaries()
        self.problems: list[str] = []
        self.search: bytes | None = None

    def take(self, content, ours: set[str]) -> None:
        """The holder's strings, from the data the pages are made of; `ours`: the files
        cectrack generates (sealed already where they must be)."""
        self.ours = ours
        if self.sealing.private:
            self.canaries = sealed.holder_canaries(content, self.config)

    def place(self, files: Files) -> None:
        """Where each file is published, and what it must be there."""
        themes = [Path(folder).resolve() for folder in self.config.theme.dirs]
        public = {str(name) for name in [*self.config.extra_css, *self.config.extra_javascript]}
        for file in list(files):
            if not file.inclusion.is_excluded():
                self._place(file, file.src_uri in self.ours, themes, public)

    def _place(self, file: File, ours: bool, themes: list[Path], public: set[str]) -> None:
        uri, private = file.src_uri, self.sealing.private
        if file.is_documentation_page():
            if private:
                _move(file, self.sealing.published_uri(uri, True,
                                                       self.config.use_directory_urls))
                if file.page is not None:  # its address, as the page's head gives it
                    file.page._set_canonical_url(self.config.site_url)
        elif ours:
            if self.sealing.file_lock(uri) is None:  # the same for every site: assets, schemas
                self.expected[file.dest_uri] = "fixed"
                return
            _move(file, self.sealing.published_uri(uri))
            self.expected[file.dest_uri] = "sealed"
            self.downloads[file.dest_uri] = PurePosixPath(uri).name
        elif not private:
            return  # a public site publishes the theme's and the user's files as they are
        elif file.src_dir and Path(file.src_dir).resolve() in themes:
            # the theme's own files; a theme folder of the tracker's (custom_dir) is searched
            self.expected[file.dest_uri] = ("public" if inside(self.root, Path(file.src_dir))
                                            else "fixed")
        elif uri in public:
            self.expected[file.dest_uri] = "public"  # mkdocs.yml's extra_css, extra_javascript
        else:
            self._seal_file(file)

    def _seal_file(self, file: File) -> None:
        """A file kept under docs/ (or another plugin's): an HTML page becomes a shell, any
        other file is sealed, each under a name that says nothing."""
        lock, uri = self.sealing.site_lock, file.src_uri
        if uri.endswith((".html", ".htm")):
            dest = f"p/{self.sealing.opaque(uri)}.html"
            page = file.content_bytes.decode("utf-8", "replace")
            _move(file, dest)
            file.content_string = sealed.shell(lock, page, sealed.base_of(dest))
            self.expected[dest] = "shell"
            return
        dest = self.sealing.published_uri(uri)
        target = self.spool / "sealed" / PurePosixPath(dest).name
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as out:
            writer = SealedWriter(lock, out.write)
            if file.abs_src_path is not None and file._content is None:
                with open(file.abs_src_path, "rb") as source:
                    while chunk := source.read(1 << 20):
                        writer.write(chunk)
            else:
                writer.write(file.content_bytes)
            writer.close()
        _move(file, dest)
        file._content, file.abs_src_path = None, str(target)
        self.expected[dest] = "sealed"
        self.downloads[dest] = PurePosixPath(uri).name

    def page(self, output: str, page) -> str:
        """A built page, sealed whole when its lock says so."""
        uri = page.file.src_uri
        lock = self.sealing.page_lock(uri)
        self.expected[page.file.dest_uri] = "public" if lock is None else "shell"
        if lock is None:
            return output
        if self.sealing.private and page.file.generated_by is None:
            self._page_canaries(page)
        found = {}
        for dest, name in self.downloads.items():
            url = get_relative_url(dest, page.file.url)
            if f'"{url}"' in output:
                found[url] = name
        if found:
            at = output.rfind("</body>")
            output = output[:at] + sealed.downloads_script(found) + output[at:]
        return sealed.shell(lock, output, sealed.base_of(page.file.dest_uri),
                            self.sealing.page_kind(uri))

    def _page_canaries(self, page) -> None:
        """The headings of the user's own pages, and what their meta says."""
        self.canaries.add(page.title, "a heading of your pages", words=2)
        stack = list(page.toc)
        while stack:
            item = stack.pop()
            self.canaries.add(item.title, "a heading of your pages", words=2)
            stack.extend(item.children)
        for key in ("description", "author", "title"):
            self.canaries.add(page.meta.get(key), f"a page's {key}", words=2)

    def template(self, output: str, name: str, config) -> str:
        """The theme's pages that are not made from Markdown, on a private site."""
        if name == "404.html":
            base = urlsplit(config.site_url or "/").path or "/"
            return sealed.not_found_page(base if base.endswith("/") else base + "/")
        if name == "sitemap.xml":
            return output  # emptied by on_template_context
        self.problems.append(f"{name}: a page of the theme or of extra_templates, which "
                             "cectrack cannot seal (it is not written)")
        return ""

    def take_search_index(self, config) -> None:
        """On a private site, the search plugin's index sealed before that plugin writes it
        (it then writes an empty one, which finish() replaces)."""
        if not self.sealing.private:
            return
        for plugin in config.plugins.values():
            index = getattr(plugin, "search_index", None)
            generate = getattr(index, "generate_search_index", None)
            if generate is None:
                continue
            text = generate(*[None] * len(inspect.signature(generate).parameters))
            for name in ("entries", "_entries"):  # Material's, MkDocs' own
                if isinstance(getattr(index, name, None), list):
                    setattr(index, name, [])
            if hasattr(plugin, "search_index_prev"):
                plugin.search_index_prev = None
            self.search = seal(self.sealing.site_lock, text.encode("utf-8"))
            self.expected["search/search_index.json"] = "sealed"
            self.expected["search/search_index.js"] = "public"

    def finish(self, site: Path, passwords) -> list[str]:
        """The last files written, and the whole site checked; what must not go out is
        removed and said."""
        if self.search is not None:
            (site / "search").mkdir(exist_ok=True)
            replace_atomically(site / "search" / "search_index.json", self.search, durable=False)
            replace_atomically(site / "search" / "search_index.js", sealed.SEARCH_STUB,
                               durable=False)
        if self.sealing.site or self.sealing.audit:
            replace_atomically(site / sealed.MARKS, sealed.marks(self.sealing), durable=False)
        if not self.sealing.private:
            return []
        found = sealsite.audit_site(site, self.expected, self.canaries)
        for relative, _what in found:
            (site / relative).unlink(missing_ok=True)
        return self.problems + [f"{relative}: {what}" for relative, what in found]


def _move(file: File, dest: str) -> None:
    """Publish `file` under `dest` (MkDocs works out its address from it)."""
    if dest != file.dest_uri:
        file.dest_uri = dest
        for cached in ("url", "abs_dest_path"):
            file.__dict__.pop(cached, None)


def _is_placeholder(file: File) -> bool:
    if file.abs_src_path is None:  # a page another plugin generated: not the user's file
        return False
    text = read_text(file.abs_src_path)
    return isinstance(text, str) and is_placeholder(text)


def _log_problems(problems) -> None:
    """One gate for check and build: an error fails `mkdocs build --strict` as it fails
    `cectrack check`; a warning (a certificate not received yet) is shown in the log and on
    the dashboard but never stops the site from updating, so it is logged below the level
    strict mode counts."""
    for problem in problems:
        text = "\n".join(problem_lines(problem))
        if problem.severity == ERROR:
            log.error(text)
        else:
            log.info(text)


def _pack(markdown: str) -> bytes:
    return zlib.compress(markdown.encode("utf-8"), 1)


class _PackedPage(File):
    """A page cectrack generated, kept compressed (_pack) until MkDocs reads it.  A long
    career's pages are made while the analysis is in memory and read one at a time after it
    is freed: at 10,000 courses they are 13 MB of UTF-8, twice that as Python text (a page
    with one character beyond Latin-1 takes two bytes a character), and a tenth of it
    compressed.  What another plugin sets as its content is read as MkDocs reads it."""

    packed: bytes | None = None

    @classmethod
    def of(cls, config, src_uri: str, packed: bytes, inclusion: InclusionLevel) -> _PackedPage:
        page = cls.generated(config, src_uri, content=b"", inclusion=inclusion)
        assert isinstance(page, cls), "File.generated makes one of the class it is called on"
        page._content, page.packed = None, packed
        return page

    @property
    def content_bytes(self) -> bytes:
        if self._content is None and self.packed is not None:
            return zlib.decompress(self.packed)
        return File.content_bytes.fget(self)  # type: ignore[attr-defined]

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        File.content_bytes.fset(self, value)  # type: ignore[attr-defined]

    @property
    def content_string(self) -> str:
        if self._content is None and self.packed is not None:
            return zlib.decompress(self.packed).decode("utf-8")
        return File.content_string.fget(self)  # type: ignore[attr-defined]

    @content_string.setter
    def content_string(self, value: str) -> None:
        File.content_string.fset(self, value)  # type: ignore[attr-defined]

    def is_modified(self) -> bool:
        return self.packed is not None or super().is_modified()


def _generated(config, src_uri: str, content: bytes | Path) -> File:
    if isinstance(content, Path):
        return File.generated(config, src_uri, abs_src_path=str(content),
                              inclusion=InclusionLevel.NOT_IN_NAV)
    return File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
