"""Issue 22, items 1 and 2: a private site publishes nothing of its holder but shells.

One hostile private tracker is built once per module: the example plus what a holder adds
that cectrack did not write (a page of their own with headings and meta, an image and a
CV under docs/, a static HTML page, a blog with an excerpt, a site description, author
and copyright, instant loading on).  Every published byte is then searched for the
holder's strings, every published name for the names they chose.
"""
from __future__ import annotations

import base64
import io
import json
import re
import signal
import textwrap
import zipfile
from pathlib import Path

import pytest
from conftest import build_site, copy_example, environment, mkdocs

from cectrack.audit import lock
from cectrack.audit.lock import unseal

pytestmark = pytest.mark.slow  # whole builds, one per class of leak

PASSWORD = "our private site"
AUDIT = "correct horse battery staple"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
# What the holder wrote, in their files or in mkdocs.yml: none may be readable.
SECRETS = ["Alex Example", "Kettlebell Fundamentals", "Korey Stringer Institute",
           "778812", "Zanzibar retreat journal", "Quarterly tax worries",
           "Private notes about the Zanzibar trip", "Training for the Quokka marathon",
           "Records of a certified trainer", "Copyright 2026 the holder",
           "2026-05-16-kettlebell-fundamentals"]
# Words of the names they chose (pages, files): none may name a published file.
NAMES = ["acsm", "kettlebell", "zanzibar", "diary", "credentials", "audit", "blog",
         "quokka", "curriculum", "photo", "badges", "rules", "guide", "notes", "old-site"]


def private_tracker(root: Path, plugin: str = "private: true") -> Path:
    # The whole guide: with its pages cut to their headings, the browser's search of the
    # opened private site finds nothing (test_private_browser); why is not yet known.
    copy_example(root, guide=True)
    docs = root / "docs"
    (docs / "notes").mkdir()
    (docs / "notes" / "diary.md").write_text(textwrap.dedent("""\
        ---
        description: Private notes about the Zanzibar trip
        author: Alex Example
        ---
        # Zanzibar retreat journal

        ![A photo](../images/photo.png)

        ## Quarterly tax worries

        My [curriculum vitae](../files/curriculum-vitae.pdf) and [old site](../old-site.html).
        """))
    (docs / "images").mkdir()
    (docs / "images" / "photo.png").write_bytes(PNG)
    (docs / "files").mkdir()
    (docs / "files" / "curriculum-vitae.pdf").write_bytes(b"%PDF-1.4 Alex Example CV\n")
    (docs / "old-site.html").write_text("<html><body><h1>Alex Example, old site</h1></body></html>")
    (docs / "stylesheets").mkdir()
    (docs / "stylesheets" / "extra.css").write_text(".md-header { letter-spacing: 0.01em; }\n")
    (docs / "blog" / "posts").mkdir(parents=True)
    (docs / "blog" / "index.md").write_text("# Blog\n")
    (docs / "blog" / "posts" / "first.md").write_text(textwrap.dedent("""\
        ---
        date: 2026-01-02
        ---
        # Training for the Quokka marathon

        The first week of Training for the Quokka marathon.

        <!-- more -->

        The rest.
        """))
    config = (root / "mkdocs.yml").read_text()
    config = config.replace('site_name: "Continuing education: Alex Example"',
                            'site_name: "Continuing education: Alex Example"\n'
                            "site_description: Records of a certified trainer, Alex Example\n"
                            "site_author: Alex Example\n"
                            "copyright: Copyright 2026 the holder\n"
                            "extra_css:\n  - stylesheets/extra.css")
    config = config.replace("    - navigation.sections",
                            "    - navigation.sections\n    - navigation.instant")
    config = config.replace("  - search\n", "  - search\n  - blog\n")
    config = config.replace("      publish_evidence: true",
                            f"      publish_evidence: true\n      {plugin}")
    config = config.replace("  - Safety: safety.md",
                            "  - Safety: safety.md\n  - Notes: notes/diary.md\n  - Blog: blog/index.md")
    (root / "mkdocs.yml").write_text(config)
    return root


def built(root: Path, **env) -> Path:
    with environment(env):
        return build_site(root)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return built(private_tracker(tmp_path_factory.mktemp("private") / "t"),
                 CECTRACK_SITE_PASSWORD=PASSWORD)


def files_of(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file())


_KEYS: dict = {}


def opened(blob: bytes, password: str) -> bytes:
    """unseal(), with each build's key derived once (a page each would take minutes)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    item = json.loads(blob)
    salt = base64.b64decode(item["salt"])
    if (salt, password) not in _KEYS:
        _KEYS[salt, password] = lock._derive(password, salt, item["iterations"])
    try:
        return AESGCM(_KEYS[salt, password]).decrypt(base64.b64decode(item["iv"]),
                                                     base64.b64decode(item["ct"]), None)
    except InvalidTag:
        raise ValueError("wrong password") from None


def shell_html(path: Path, password: str = PASSWORD) -> str:
    """The page a shell stands in for, opened with `password`."""
    found = re.search(r'data-cectrack-locked="([^"]+)"', path.read_text())
    return opened(base64.b64decode(found.group(1)), password).decode()


def test_no_published_byte_shows_what_the_holder_wrote(site):
    leaks = {path.relative_to(site).as_posix(): [s for s in SECRETS if s.encode() in data]
             for path in files_of(site) if (data := path.read_bytes())}
    assert {name: found for name, found in leaks.items() if found} == {}
    # ...while the same strings are in what the password opens (the test can fail).
    dashboard = shell_html(site / "index.html")
    assert "Alex Example" in dashboard and "Records of a certified trainer" in dashboard


def test_no_published_name_says_anything_of_the_holder(site):
    names = [p.relative_to(site).as_posix() for p in files_of(site)]
    said = [n for n in names if any(word in n.lower() for word in NAMES)]
    assert said == []
    tops = {n.split("/")[0] for n in names}
    assert tops <= {"index.html", "404.html", "status.json", "calendar.ics", "sitemap.xml",
                    "sitemap.xml.gz", "robots.txt", "search", "assets", "schema", "p", "f",
                    "cectrack-seal.json", "stylesheets"}, tops  # mkdocs.yml names that one


def test_every_page_is_a_shell_with_the_words_of_its_kind(site):
    pages = [p for p in files_of(site) if p.suffix == ".html" and p.name != "404.html"]
    assert len(pages) >= 20  # dashboard, credentials, rules, packets, the guide, notes, blog
    for page in pages:
        text = page.read_text()
        assert 'class="cectrack-shell"' in text and "md-nav" not in text, page
        assert "<title>Private page</title>" in text or "<title>Encrypted audit packet" in text
    buttons = {re.search(r"<button[^>]*>([^<]+)</button>", p.read_text()).group(1) for p in pages}
    assert buttons == {"Open the page", "Open the packet"}
    opened = [shell_html(p) for p in pages]
    assert sum("Kettlebell Fundamentals" in h for h in opened) >= 2  # credential, packet
    assert any("Zanzibar retreat journal" in h and "Quarterly tax worries" in h for h in opened)
    assert any("The first week of Training for the Quokka marathon" in h for h in opened)


def test_the_404_page_sitemap_and_search_index_hold_nothing(site):
    missing = (site / "404.html").read_text()
    assert "Page not found" in missing and "md-nav" not in missing and "cectrack-locked" not in missing
    assert "<loc>" not in (site / "sitemap.xml").read_text()
    index = json.loads(unseal((site / "search" / "search_index.json").read_bytes(), PASSWORD))
    texts = " ".join(d["text"] + d["title"] for d in index["docs"])
    assert "Kettlebell" in texts and "Zanzibar retreat journal" in texts
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert all(loc == "" or loc.startswith("p/") for loc in locations), locations


def test_the_files_kept_under_docs_are_sealed_under_names_that_say_nothing(site):
    sealed = {opened(p.read_bytes(), PASSWORD) for p in (site / "f").iterdir()}
    assert PNG in sealed and b"%PDF-1.4 Alex Example CV\n" in sealed
    assert (site / "stylesheets" / "extra.css").is_file()  # mkdocs.yml's style sheet: public
    static = shell_html(next(p for p in (site / "p").glob("*.html")))
    assert "Alex Example, old site" in static  # the static HTML page, a shell too


def test_the_dashboard_says_the_calendar_is_unavailable_and_instant_loading_is_off(site):
    dashboard = shell_html(site / "index.html")
    assert "Calendar feed: unavailable on a private site" in dashboard
    assert "calendar.ics" not in dashboard
    assert "navigation.instant" not in dashboard
    assert json.loads(unseal((site / "status.json").read_bytes(), PASSWORD))["holder"] == "Alex Example"


def test_a_file_written_after_the_pages_stops_the_build_and_is_removed(tmp_path):
    """Another plugin (here a hook) that writes into the site after the pages were sealed:
    the build fails, names the file without quoting it, and leaves it nowhere."""
    root = private_tracker(tmp_path / "t")
    (root / "leak.py").write_text(textwrap.dedent("""\
        from pathlib import Path
        def on_post_build(config):
            Path(config.site_dir, "feed.xml").write_text("<item>Kettlebell Fundamentals</item>")
            Path(config.site_dir, "hello.txt").write_text("nothing of the holder's")
        """))
    config = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(config + "hooks:\n  - leak.py\n")
    result = mkdocs("build", cwd=root, env={"CECTRACK_SITE_PASSWORD": PASSWORD})
    assert result.returncode == 1
    assert "feed.xml: written by the theme or another plugin" in result.stderr
    assert "hello.txt: written by the theme or another plugin" in result.stderr
    assert "Kettlebell" not in result.stderr + result.stdout
    assert not (root / "site" / "feed.xml").exists()


def test_a_killed_build_leaves_no_plain_copy_anywhere(tmp_path):
    """SIGKILL half-way through the pages: the site folder and the temporary folder (the
    spool of sealed exports) hold only shells and sealed files."""
    root = private_tracker(tmp_path / "t")
    (root / "kill.py").write_text(textwrap.dedent("""\
        import os, signal
        seen = []
        def on_post_page(output, page, config):
            seen.append(page)
            if len(seen) == 12:
                os.kill(os.getpid(), signal.SIGKILL)
            return output
        """))
    config = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(config + "hooks:\n  - kill.py\n")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    result = mkdocs("build", cwd=root, env={"CECTRACK_SITE_PASSWORD": PASSWORD,
                                            "TMPDIR": str(temporary)})
    assert result.returncode == -signal.SIGKILL
    left = files_of(root / "site") + files_of(temporary)
    assert any(p.suffix == ".json" for p in files_of(temporary))  # the spool was there
    assert len([p for p in left if p.suffix == ".html"]) >= 8
    leaks = [p for p in left if any(s.encode() in p.read_bytes() for s in SECRETS)]
    assert leaks == []


def test_the_audit_password_seals_a_packet_whole_on_a_public_site(tmp_path):
    """Title, headings, table of contents and certificate names of a packet: inside the
    seal; the rest of the public site as it was."""
    root = copy_example(tmp_path / "t")
    site = built(root, CECTRACK_AUDIT_PASSWORD=AUDIT)
    packet = (site / "audit" / "acsm-cpt-2024-2026" / "index.html").read_text()
    readable = re.sub(r'data-cectrack-locked="[^"]+"', "", packet)
    for secret in ("ACSM-CPT", "Courses counted", "2026-05-16-kettlebell-fundamentals.pdf",
                   "Kettlebell", "md-nav", "Alex Example"):
        assert secret not in readable, secret
    assert "Courses counted" in shell_html(site / "audit" / "acsm-cpt-2024-2026" / "index.html",
                                            AUDIT)
    assert "Kettlebell Fundamentals" in (site / "credentials" / "acsm-cpt" / "index.html").read_text()
    names = [p.relative_to(site).as_posix() for p in files_of(site)]
    assert not [n for n in names if "kettlebell" in n]  # no certificate published alone


def test_with_both_passwords_each_opens_its_own(tmp_path):
    root = private_tracker(tmp_path / "t")
    site = built(root, CECTRACK_SITE_PASSWORD=PASSWORD, CECTRACK_AUDIT_PASSWORD=AUDIT)
    shells = {p: p.read_text() for p in files_of(site) if p.suffix == ".html"}
    packets = [p for p, text in shells.items() if "Open the packet" in text]
    assert len(packets) == 1
    assert "Courses counted" in shell_html(packets[0], AUDIT)
    with pytest.raises(ValueError):
        shell_html(packets[0], PASSWORD)
    with pytest.raises(ValueError):
        shell_html(site / "index.html", AUDIT)
    exports = [data for p in files_of(site / "f") if (data := _opened(p, AUDIT))]
    assert len(exports) == 3  # the packet's CSV, JSON and ZIP, with the audit password only
    (archive,) = [e for e in exports if e.startswith(b"PK")]
    with zipfile.ZipFile(io.BytesIO(archive)) as bundle:
        assert "evidence/certificates/2026-05-16-kettlebell-fundamentals.pdf" in bundle.namelist()


def _opened(path: Path, password: str) -> bytes:
    try:
        return opened(path.read_bytes(), password)
    except ValueError:
        return b""
