"""Issue 13, item 1: audit packets published encrypted, opened in the auditor's browser."""
from __future__ import annotations

import csv
import io
import json
import os

import pytest
from conftest import EXAMPLE, build_site, build_with, copy_example, mkdocs, serving

from cectrack.audit.lock import unseal

PASSWORD = "correct horse battery staple"
PACKET = "audit/acsm-cpt-2024-2026"


@pytest.fixture(scope="module")
def sites(tmp_path_factory, example_site):
    """The example built plain (the run's one build) and built with an audit password
    (publish_evidence on)."""
    plain = example_site
    os.environ["CECTRACK_AUDIT_PASSWORD"] = PASSWORD
    try:
        sealed = build_site(copy_example(tmp_path_factory.mktemp("sealed") / "t"))
    finally:
        del os.environ["CECTRACK_AUDIT_PASSWORD"]
    return plain, sealed


def counted_titles_and_hashes(plain) -> list[str]:
    rows = list(csv.DictReader(io.StringIO((plain / f"{PACKET}.csv").read_text())))
    counted = [r for r in rows if r["status"] == "counted"]
    assert len(counted) >= 10
    return [r["title"] for r in counted] + [r["sha256"] for r in counted if r["sha256"]]


def test_nothing_of_a_packet_is_readable_in_the_published_files(sites):
    plain, sealed = sites
    secrets = counted_titles_and_hashes(plain)
    packet_files = [sealed / PACKET / "index.html"] + [sealed / f"{PACKET}{ext}"
                                                       for ext in (".csv", ".json", ".zip")]
    for path in packet_files:
        data = path.read_bytes()
        leaked = [s for s in secrets if s.encode() in data]
        assert leaked == [], (path.name, leaked[:3])
    assert not (sealed / "audit" / "evidence").exists()  # certificates only in the sealed ZIP
    assert PACKET not in (sealed / "sitemap.xml").read_text()
    index = json.loads((sealed / "search" / "search_index.json").read_text())
    assert not [d["location"] for d in index["docs"] if d["location"].startswith(PACKET)]
    # Each export opens with the password to exactly what the plain build publishes.
    for ext in (".csv", ".json"):
        opened = unseal((sealed / f"{PACKET}{ext}").read_bytes(), PASSWORD)
        assert opened == (plain / f"{PACKET}{ext}").read_bytes()
    with pytest.raises(ValueError):
        unseal((sealed / f"{PACKET}.csv").read_bytes(), "wrong password here")


def test_a_short_password_stops_the_build(tmp_path, caplog):
    root = copy_example(tmp_path / "t")
    built, log = build_with(root, caplog, CECTRACK_AUDIT_PASSWORD="short")
    assert not built
    assert "CECTRACK_AUDIT_PASSWORD is 5 characters long; use at least 12" in log


@pytest.fixture
def served(sites):
    """The sealed site over http (fetch does not read file:// pages)."""
    with serving(sites[1]) as address:
        yield address


@pytest.mark.slow  # Chromium
def test_the_auditor_opens_the_packet_and_its_exports_in_chromium(sites, served, browser, tmp_path):
    from pypdf import PdfReader
    plain = sites[0]
    page = browser.new_page(accept_downloads=True)
    page.goto(f"{served}/{PACKET}/")
    page.fill("#cectrack-password", "not the password")
    page.click("text=Open the packet")
    page.wait_for_function("document.querySelector('[role=status]').textContent.startsWith('Wrong')")
    locked_text = page.locator("main").inner_text()
    page.fill("#cectrack-password", f"  {PASSWORD}\n")  # as pasted from a secrets file
    page.click("text=Open the packet")
    page.wait_for_selector("[data-cectrack-locked]", state="detached", timeout=30000)
    opened_text = page.locator("article").inner_text()
    with page.expect_download() as download:
        page.click("text=CSV")
    downloaded = download.value.path().read_bytes()
    pdf = tmp_path / "packet.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert "Kettlebell Fundamentals" not in locked_text
    assert "Wrong password: the packet stays locked. Check it with whoever gave it to you" \
        in " ".join(locked_text.split())
    assert "Kettlebell" in opened_text and "38.5" in opened_text
    assert downloaded == (plain / f"{PACKET}.csv").read_bytes()
    printed = "".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert "Courses counted" in printed and "38.5" in printed
    assert (EXAMPLE / "credits").exists()  # the example itself untouched


@pytest.mark.slow  # init or a copied tracker, then check and a strict build, each a subprocess
def test_an_unset_ci_secret_builds_plain_and_render_refuses_a_password(tmp_path):
    root = copy_example(tmp_path / "t")
    os.environ["CECTRACK_AUDIT_PASSWORD"] = ""  # `${{ secrets.X }}` of a secret never set
    try:
        built = mkdocs("build", "--strict", cwd=root)
    finally:
        del os.environ["CECTRACK_AUDIT_PASSWORD"]
    assert built.returncode == 0, built.stderr
    assert b"Kettlebell Fundamentals" in (root / "site" / f"{PACKET}.csv").read_bytes()
    import subprocess
    import sys
    from pathlib import Path
    refused = subprocess.run([str(Path(sys.executable).parent / "cectrack"), "render", "--out",
                              str(tmp_path / "out")], cwd=root, capture_output=True, text=True,
                             env=dict(os.environ, CECTRACK_AUDIT_PASSWORD=PASSWORD))
    assert refused.returncode == 2 and "with `cectrack build`" in refused.stderr


@pytest.mark.slow  # Chromium
def test_a_private_site_keeps_every_page_and_status_file_encrypted(tmp_path, browser):
    """CECTRACK_SITE_PASSWORD: nothing readable without it; the audit password opens the
    packets only."""
    import hashlib
    root = copy_example(tmp_path / "t")
    os.environ.update(CECTRACK_SITE_PASSWORD="our private site", CECTRACK_AUDIT_PASSWORD=PASSWORD)
    try:
        site = build_site(root)
    finally:
        del os.environ["CECTRACK_SITE_PASSWORD"], os.environ["CECTRACK_AUDIT_PASSWORD"]
    card = hashlib.sha256((EXAMPLE / "certificates" / "2025-01-18-cpr-aed-card.pdf").read_bytes())
    secrets = [b"Alex Example", b"Kettlebell Fundamentals", card.hexdigest().encode(), b"38.5 of 45"]
    for path in site.rglob("*"):
        if path.is_file() and path.suffix != ".pdf":
            data = path.read_bytes()
            assert [s for s in secrets if s in data] == [], path.relative_to(site)
    assert "<loc>" not in (site / "sitemap.xml").read_text()
    assert unseal((site / "status.json").read_bytes(), "our private site").startswith(b"{")
    # the packets open with the audit password only (tests/test_private_site.py has more)
    packet_files = [p for p in (site / "f").iterdir() if _opens(p, PASSWORD)]
    assert packet_files and not [p for p in packet_files if _opens(p, "our private site")]
    with serving(site) as address:
        page = browser.new_page()
        page.goto(f"{address}/")
        page.fill("#cectrack-password", "our private site")
        page.click("button[type=submit]")
        page.wait_for_selector("article", timeout=30000)
        dashboard = " ".join(page.locator("article").inner_text().split())
        page.click("a.md-nav__link:has-text('Credentials')")
        page.wait_for_selector("article", timeout=30000)
        page.click("article a:has-text('ACSM-CPT')")
        page.wait_for_selector("article", timeout=30000)
        credential = page.locator("article").inner_text()  # opened with the remembered key
    assert "38.5 of 45 CEC earned" in dashboard
    assert "Kettlebell Fundamentals" in credential


def test_unlisted_packets_combine_with_a_private_site(tmp_path):
    """unlisted_audit + CECTRACK_SITE_PASSWORD alone: the packet lives under its secret path
    and opens with the site's password; the token is in no other file."""
    secret = "Zk3vT8wQ1nHs5Jp0aLc7Ue"
    root = copy_example(tmp_path / "t")
    config = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(
        config.replace("credits_dir: credits", "credits_dir: credits\n      unlisted_audit: true"))
    os.environ.update(CECTRACK_SITE_PASSWORD="our private site", CECTRACK_AUDIT_SECRET=secret)
    try:
        site = build_site(root)
    finally:
        del os.environ["CECTRACK_SITE_PASSWORD"], os.environ["CECTRACK_AUDIT_SECRET"]
    # A private site names every page and file after the password, the packets too: the
    # secret and the slug are in no address, and in no file anyone can read.
    from cectrack.audit.lock import names_key, private_page_path
    packet = site / private_page_path(names_key("our private site"),
                                      f"audit/{secret}/acsm-cpt-2024-2026.md")
    assert not (site / PACKET).exists() and not (site / "audit").exists() and packet.exists()
    assert "Open the packet" in packet.read_text()
    exports = [unseal(p.read_bytes(), "our private site") for p in (site / "f").iterdir()]
    assert any(e.startswith(b"\xef\xbb\xbfcredential,cycle_start,") for e in exports)
    assert [p for p in site.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()] == []
    assert "Kettlebell" not in packet.read_text()


def test_render_refuses_while_the_site_password_is_set(tmp_path):
    import subprocess
    import sys
    from pathlib import Path
    root = copy_example(tmp_path / "t")
    refused = subprocess.run([str(Path(sys.executable).parent / "cectrack"), "render", "--out",
                              str(tmp_path / "out")], cwd=root, capture_output=True, text=True,
                             env=dict(os.environ, CECTRACK_SITE_PASSWORD="our private site"))
    assert refused.returncode == 2 and "CECTRACK_SITE_PASSWORD is set" in refused.stderr


def _opens(path, password: str) -> bool:
    try:
        unseal(path.read_bytes(), password)
        return True
    except ValueError:
        return False


def test_the_seal_pass_names_and_removes_what_it_cannot_seal(tmp_path):
    """publish/sealsite.py on a private site another generator built: a page that is none of
    docs/ (a theme's extra template) and a file showing the holder's name cannot be sealed
    after the build, so each is named and removed; the rest is sealed."""
    from cectrack.audit.lock import names_key, new_lock
    from cectrack.publish.sealsite import Project, seal_built_site
    from cectrack.render.sealed import Canaries, Sealing
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><head></head><body><h1>Alex Example</h1></body></html>")
    (site / "extra.html").write_text("<html><body>a theme's page</body></html>")
    (site / "notes.txt").write_text("written later by Alex Example")
    (site / "status.json").write_text('{"holder": "Alex Example"}')
    canaries = Canaries()
    canaries.add("Alex Example", "your name")
    sealing = Sealing(site=new_lock(PASSWORD), names=names_key(PASSWORD))
    problems = seal_built_site(site, sealing, Project(pages={"index.md"}, ours={"status.json"},
                                                      user=set()), canaries)
    assert problems == [
        "extra.html: a page the generator made that is not one of docs/, which cectrack cannot "
        "seal (it is removed)",
        "notes.txt: shows your name in the clear"]
    assert sorted(p.name for p in site.iterdir()) == ["cectrack-seal.json", "index.html",
                                                     "status.json"]
    assert json.loads(unseal((site / "status.json").read_bytes(), PASSWORD)) == {
        "holder": "Alex Example"}
    assert "Alex Example" not in (site / "index.html").read_text()


def test_serve_previews_a_sealed_site_plain_where_render_refuses_it(tmp_path, monkeypatch):
    """cectrack serve's project of a private site (a preview on this computer) is written
    plain, as the plugin builds it without its password; render --out refuses it."""
    from conftest import TODAY

    from cectrack.cli.publish import RenderRefused, render_to
    root = copy_example(tmp_path / "t")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - cectrack:\n",
                                                 "  - cectrack:\n      private: true\n", 1))
    monkeypatch.setenv("CECTRACK_SITE_PASSWORD", "our private site")
    with pytest.raises(RenderRefused, match="with `cectrack build`"):
        render_to(root, TODAY, None, tmp_path / "out", False)
    assert not (tmp_path / "out").exists()
    rendered = render_to(root, TODAY, None, tmp_path / "preview", False, preview=True)
    assert rendered.sealing is None
    status = json.loads((tmp_path / "preview" / "docs" / "status.json").read_text())
    assert status["credentials"][0]["earned"] == 38.5
