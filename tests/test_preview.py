"""The live preview (`mkdocs serve`) rebuilds only what an edit changes, and what it serves
is byte for byte what a clean build of the edited tracker makes."""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import TODAY, copy_example
from mkdocs.commands.build import build
from mkdocs.config import load_config

from cectrack.analysis import analysis, site_content
from cectrack.plugin import CectrackPlugin, _KeptFiles, _PageMemo
from cectrack.publish.spool import Spool
from cectrack.render.options import PageOptions
from cectrack.render.site import site_files

SERVE_URL = "http://127.0.0.1:8000/"
EDITED = "credits/2026/2026-11-01-added-in-preview.yaml"


def serve_build(root: Path, site: Path, command: str) -> CectrackPlugin:
    """One build as `mkdocs serve` makes it after an edit (the same plugin object each time,
    as serve keeps it); `command` is what the plugin is started for."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command=command, dirty=False)
    build(config, serve_url=SERVE_URL)
    return config.plugins["cectrack"]


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def previewed(tmp_path_factory):
    """(pages the second preview build took back, its site, a clean build's site): the
    preview built, a course added, built again in the same process; then the edited tracker
    built afresh."""
    root = copy_example(tmp_path_factory.mktemp("preview") / "tracker")
    preview, clean = root / "preview", root / "site"
    os.environ["CECTRACK_TODAY"] = "2026-11-28"
    try:
        serve_build(root, preview, "serve")
        (root / EDITED).write_text("title: Added in preview\nprovider: P\n"
                                   "completed: 2026-11-01\ncredits: 2\n", "utf-8")
        plugin = serve_build(root, preview, "serve")
        reused = set(plugin.pages_seen.reused)
        searched_again = {url for url in plugin.search_seen.entries} - plugin.search_seen.reused
        assert "guide/getting-started/" in plugin.search_seen.reused
        assert searched_again >= {"", "credentials/acsm-cpt/"}  # the dashboard, the credential
        plugin = serve_build(root, clean, "build")  # a fresh start: nothing kept
        assert plugin.pages_seen is None
    finally:
        del os.environ["CECTRACK_TODAY"]
    return reused, preview, clean


def test_the_preview_converts_again_only_the_pages_an_edit_changed(previewed):
    reused, _, _ = previewed
    # The guide and the rules pages did not change: their HTML is taken back ...
    assert {"guide/getting-started.md", "errors.md", "rules/acsm.md"} <= reused
    # ... the pages showing the new course are converted again.
    assert not {"index.md", "credentials/acsm-cpt.md"} & reused


def test_the_preview_serves_what_a_clean_build_makes(previewed):
    _, preview, clean = previewed
    served, built = files_of(preview), files_of(clean)
    assert sorted(served) == sorted(built)
    assert [name for name in built if served[name] != built[name]] == []
    assert "40.5 of 45 CEC" in served["index.html"].decode()  # 38.5 + the 2 CEC added


def test_a_site_that_includes_files_into_pages_is_converted_whole():
    # pymdownx.snippets reads other files into a page: its Markdown alone does not say
    # what the page becomes, so nothing is taken back.
    memo = _PageMemo()
    config = SimpleNamespace(markdown_extensions=["tables", "pymdownx.snippets"])
    memo.start(config, [])
    page = SimpleNamespace(file=SimpleNamespace(src_uri="a.md", dest_uri="a/index.html",
                                                url="a/"))
    memo.reuse(page, "# A", files=[])
    assert memo.settings is None and memo.waiting == {} and "render" not in vars(page)


def test_a_packet_zip_is_made_again_only_when_what_goes_into_it_changed(tmp_path):
    root = copy_example(tmp_path / "tracker")
    zip_name = "audit/acsm-cpt-2024-2026.zip"
    kept = _KeptFiles()

    def packet_zip() -> bytes | Path:
        content = site_content(analysis(root, TODAY, "credits", TODAY))
        _, made = site_files(content, PageOptions(publish_evidence=True))
        return Spool(kept=kept).files(made)[zip_name]

    try:
        first = packet_zip()
        assert isinstance(first, bytes)  # made (in memory: no spool folder here), then kept
        again = packet_zip()
        assert isinstance(again, Path) and again.read_bytes() == first  # taken back
        # A certificate's content changes: its SHA-256 goes into the ZIP's manifest.
        (root / "certificates" / "2026-02-21-hfj-quiz.pdf").write_bytes(b"%PDF-1.4 rescanned\n")
        changed = packet_zip()
        assert isinstance(changed, bytes)
        with zipfile.ZipFile(io.BytesIO(changed)) as archive:
            member = next(n for n in archive.namelist() if n.endswith("hfj-quiz.pdf"))
            assert archive.read(member) == b"%PDF-1.4 rescanned\n"
    finally:
        kept.drop()
