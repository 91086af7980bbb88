"""Issue 25, item 1: render parity when the site is sealed.  `cectrack build` renders the
project, builds it with MkDocs, ProperDocs or Zensical and seals the built site
(publish/sealsite.py); the three sites must agree on the figures, seal the same pages and
files under the same names, show nothing of the holder in the clear and mark every page
noindex.  One hostile private tracker (test_private_site's) is built once per generator,
with both passwords; one plain site with sealed packets only; one Chromium check (Zensical's
site opened, searched, the result opened)."""
from __future__ import annotations

import base64
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import copy_example, serving, visible_text
from test_private_site import (
    AUDIT,
    NAMES,
    PASSWORD,
    SECRETS,
    files_of,
    opened,
    private_tracker,
)

from cectrack.audit.lock import names_key, private_file_path, private_page_path

pytestmark = pytest.mark.slow  # a whole build per generator, made once for the module

BIN = Path(sys.executable).parent
GENERATORS = ("mkdocs", "properdocs", "zensical")
PACKET = "audit/acsm-cpt-2024-2026"
NOINDEX = '<meta name="robots" content="noindex, nofollow">'


def build(root: Path, generator: str, **passwords) -> subprocess.CompletedProcess:
    """`cectrack build` of cectrack render's project with `generator`."""
    config = root / "mkdocs.yml"
    config.write_text(re.sub(r"generator: \w+", f"generator: {generator}", config.read_text()))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CECTRACK_")}
    env.update(CECTRACK_TODAY="2026-11-28", NO_MKDOCS_2_WARNING="1", **passwords,
               PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}",
               CECTRACK_CACHE_DIR=os.environ["CECTRACK_CACHE_DIR"])
    return subprocess.run([str(BIN / "cectrack"), "build", "--from-render"], cwd=root,
                          env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("render-sealed")
    root = private_tracker(base / "t", "private: true\n      generator: mkdocs")
    found = {}
    for generator in GENERATORS:
        done = build(root, generator, CECTRACK_SITE_PASSWORD=PASSWORD,
                     CECTRACK_AUDIT_PASSWORD=AUDIT)
        assert done.returncode == 0, done.stdout + done.stderr
        found[generator] = shutil.move(root / "site", base / generator)
    return found


def unsealed(path: Path, password: str) -> bytes:
    """A sealed file's bytes, or a shell page's own page."""
    data = path.read_bytes()
    if path.suffix == ".html":
        found = re.search(rb'data-cectrack-locked="([^"]*)"', data)
        data = base64.b64decode(found.group(1))
    return opened(data, password)


def published(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in files_of(site)
                  if p.relative_to(site).parts[0] in ("p", "f"))


def test_every_generator_publishes_the_same_sealed_site(sites):
    names = names_key(PASSWORD)
    dashboard, packet = sites["mkdocs"] / "index.html", private_page_path(names, f"{PACKET}.md")
    report = json.loads(subprocess.run([str(BIN / "cectrack"), "status", "--json", "--today",
                                        "2026-11-28"], cwd=sites["mkdocs"].parent / "t",
                                       capture_output=True, text=True).stdout)
    (c,) = report["credentials"]
    assert (c["earned"], c["required"], c["remaining"]) == (38.5, 45, 6.5)  # worked out by hand
    assert published(sites["properdocs"]) == published(sites["zensical"]) == \
        published(sites["mkdocs"])
    for generator, site in sites.items():
        assert json.loads(unsealed(site / "status.json", PASSWORD)) == report, generator
        page = (site / "index.html").read_text()
        assert "cectrack-shell" in page and "38.5" not in page
        opened_page = site.parent / f"{generator}-dashboard.html"
        opened_page.write_bytes(unsealed(site / "index.html", PASSWORD))
        text = visible_text(opened_page)
        assert "38.5 of 45 CEC earned" in text and "6.5 CEC still needed" in text
        badge = json.loads(unsealed(site / private_file_path(names, "badges/acsm-cpt.json"),
                                    PASSWORD))
        assert badge["message"] == "38.5/45 CEC", generator
        assert unsealed(site / "calendar.ics", PASSWORD).startswith(b"BEGIN:VCALENDAR")
        assert 'data-cectrack-kind="packet"' in (site / packet).read_text()
        assert b"Kettlebell Fundamentals" in unsealed(site / packet, AUDIT)
        with pytest.raises(ValueError):
            unsealed(site / packet, PASSWORD)  # the audit password, not the site's
    assert dashboard.is_file()


def test_nothing_of_the_holder_is_published_in_the_clear(sites):
    for generator, site in sites.items():
        for path in files_of(site):
            relative = path.relative_to(site).as_posix()
            assert not any(name in relative for name in NAMES), (generator, relative)
            data = path.read_bytes()
            assert not [s for s in SECRETS if s.encode() in data], (generator, relative)
            if path.suffix == ".html":
                assert NOINDEX in data.decode(), (generator, relative)
        sitemap = (site / "sitemap.xml").read_text()
        assert "<url>" not in sitemap, generator


def test_the_links_of_an_opened_page_follow_the_new_names(sites):
    """Every page, opened, links to pages and files that are there under their new names
    (the packet's own links to its sealed exports too)."""
    names = names_key(PASSWORD)
    credential = private_page_path(names, "credentials/acsm-cpt.md")
    dashboard = unsealed(sites["zensical"] / "index.html", PASSWORD).decode()
    assert f'href="{credential.removesuffix("index.html")}"' in dashboard
    for generator, site in sites.items():
        broken = []
        for page in site.rglob("*.html"):
            if "data-cectrack-locked" not in page.read_text():
                continue  # the 404 page
            password = AUDIT if 'data-cectrack-kind="packet"' in page.read_text() else PASSWORD
            here = page.parent.relative_to(site).as_posix()
            for url in re.findall(r'(?:href|src)="([^"]*)"', unsealed(page, password).decode()):
                parts = urlsplit(url)
                if parts.scheme or parts.netloc or not parts.path or url.startswith("/"):
                    continue
                target = site / posixpath.normpath(posixpath.join(here, parts.path))
                if not (target / "index.html" if target.is_dir() else target).is_file():
                    broken.append((page.relative_to(site).as_posix(), url))
        assert broken == [], generator


def test_a_zensical_site_opens_with_its_password_in_chromium(sites, browser):
    with serving(sites["zensical"]) as address:
        page = browser.new_page()
        page.clock.set_fixed_time("2026-11-28T09:00:00")
        page.goto(f"{address}/")
        page.fill("#cectrack-password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("article", timeout=30000)
        text = " ".join(page.inner_text("article").split())
        page.keyboard.press("/")  # Zensical's search, its index opened by unlock.js
        page.locator("input[aria-label=Search]").first.fill("kettlebell")
        found = page.locator('[id$="-results"] a[href*="/p/"]').first
        found.wait_for(timeout=30000)
        found.click()
        page.wait_for_selector("article", timeout=30000)  # the next page opens by itself
        opened_next = page.inner_text("article")
    assert "38.5 of 45 CEC earned" in text
    assert "Kettlebell Fundamentals" in opened_next


def test_sealed_packets_of_a_public_site_under_each_generator(tmp_path):
    root = copy_example(tmp_path / "t")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "publish_evidence: true", "publish_evidence: true\n      generator: mkdocs"))
    slug = PACKET.rsplit("/", 1)[1]
    for generator in ("mkdocs", "zensical"):
        done = build(root, generator, CECTRACK_AUDIT_PASSWORD=AUDIT)
        assert done.returncode == 0, done.stdout + done.stderr
        site = root / "site"
        assert "38.5 of 45 CEC earned" in visible_text(site / "index.html")
        shell = (site / PACKET / "index.html").read_text()
        assert 'data-cectrack-kind="packet"' in shell and "Kettlebell" not in shell
        opened_packet = unsealed(site / PACKET / "index.html", AUDIT).decode()
        assert "Kettlebell" in opened_packet
        assert "cectrack-sealed-files" in opened_packet  # its exports download opened
        for export in (".csv", ".json", ".zip"):
            assert unsealed(site / f"{PACKET}{export}", AUDIT), export
        assert not (site / "audit" / "evidence").exists()  # certificates only in the ZIP
        assert slug not in (site / "sitemap.xml").read_text()
        search = next(p for p in (site / "search" / "search_index.json", site / "search.json")
                      if p.is_file())
        index = json.loads(search.read_text())
        locations = [e["location"] for e in index.get("docs", index.get("items", []))]
        assert locations and not [at for at in locations if slug in at]
        assert "Audit packet:" not in search.read_text()
        assert all(NOINDEX in p.read_text() for p in site.rglob("*.html"))
