"""`cectrack render --out DIR`: the plugin's site as a project any MkDocs-style generator
builds without the plugin (MkDocs, ProperDocs, Zensical).

DIR/docs holds your own pages and cectrack's, DIR/mkdocs.yml a plain config made from yours,
DIR/overrides two theme templates: the noindex tag on every page, and a sitemap that leaves
out unlisted audit packets.  The site is the plugin's, page for page.  This makes the
project's own files; publish/project.py reads your pages beside them and writes it all.
"""
from __future__ import annotations

from collections.abc import Collection

import yaml

from ..tracker.siteconfig import is_plain
from .options import CSS, SCRIPTS, PageOptions

REQUIRED_EXTENSIONS = ("tables", "admonition", "pymdownx.details", "attr_list")
KEPT_KEYS = ("site_name", "site_url", "site_description", "site_author", "copyright",
             "repo_url", "repo_name", "extra", "nav")

NOINDEX_TEMPLATE = """\
{% extends "base.html" %}
{% block extrahead %}<meta name="robots" content="noindex, nofollow">{% endblock %}
"""

# Works with MkDocs' Jinja (pages are files with .page) and Zensical's (pages are pages).
SITEMAP_TEMPLATE = """\
<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{%- for item in pages %}
  {%- set url = item.canonical_url or (item.page and item.page.canonical_url) %}
  {%- if url and HIDDEN not in url %}
  <url><loc>{{ url|e }}</loc></url>
  {%- endif %}
{%- endfor %}
</urlset>
"""


def project_config(config: dict, options: PageOptions, site_url: str,
                   user: Collection[str]) -> str:
    """A plain mkdocs.yml for the rendered project, made from the tracker's (`user`: the
    names of your own docs files, publish/project.py)."""
    out = {key: config[key] for key in KEPT_KEYS if key in config and is_plain(config[key])}
    out.setdefault("site_name", "Continuing education")
    if site_url:
        out["site_url"] = site_url
    out["docs_dir"] = "docs"
    out["theme"] = _theme(config.get("theme"), options.private)
    out["markdown_extensions"] = _extensions(config.get("markdown_extensions"))
    out["extra_css"] = [*_plain_list(config.get("extra_css")), CSS]
    out["extra_javascript"] = [*_plain_list(config.get("extra_javascript")), *SCRIPTS]
    out["plugins"] = ["search"]
    out.setdefault("nav", _default_nav(options, user))
    out["not_in_nav"] = "/credentials/\n/audit/\n/rules/\n"  # pages reached from the indexes
    header = ("# Written by `cectrack render` from your mkdocs.yml; it is replaced on each "
              "render.\n# Build with: mkdocs build, properdocs build or zensical build.\n")
    return header + yaml.safe_dump(out, sort_keys=False, allow_unicode=True)


def _theme(theme, private: bool) -> dict:
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme or "material"}
    theme = {key: value for key, value in theme.items() if key != "custom_dir" and is_plain(value)}
    if private and isinstance(theme.get("features"), list):  # each sealed page opens itself:
        # instant loading would fetch the next page's shell into this one (as the plugin)
        theme["features"] = [f for f in theme["features"]
                             if not str(f).startswith("navigation.instant")]
    theme.setdefault("name", "material")
    theme["font"] = False  # no fonts from other hosts
    theme["custom_dir"] = "overrides"
    return theme


def _extensions(extensions) -> list:
    kept = [e for e in _plain_list(extensions)]
    names = {next(iter(e)) if isinstance(e, dict) else e for e in kept}
    return kept + [name for name in REQUIRED_EXTENSIONS if name not in names]


def _plain_list(value) -> list:
    return [item for item in value if is_plain(item)] if isinstance(value, list) else []


def _default_nav(options: PageOptions, user: Collection[str]) -> list:
    nav = [{"Dashboard": options.dashboard}, {"Credentials": "credentials/index.md"},
           {"Audit packets": "audit/index.md"}, {"Rules": "rules/index.md"}]
    listed = {options.dashboard, "credentials/index.md", "audit/index.md", "rules/index.md"}
    return nav + [page for page in sorted(user) if page.endswith(".md") and page not in listed]


def theme_overrides(options: PageOptions, noindex: bool) -> dict[str, str]:
    hidden = f"/{options.audit_dir}/" if options.audit_token else "\x00"
    files = {"overrides/sitemap.xml": SITEMAP_TEMPLATE.replace("HIDDEN", repr(hidden))}
    if noindex:
        files["overrides/main.html"] = NOINDEX_TEMPLATE
    return files
