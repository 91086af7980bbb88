"""Issue 28 item 1: the live preview copies each published certificate once, not after every
edit (MkDocs empties its site folder before each rebuild), and still serves a certificate
new the moment it is edited or replaced.  Each test builds as `mkdocs serve` does after an
edit: MkDocs' own build, again and again with the same plugin."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import copy_example
from mkdocs.config import load_config
from test_preview import EDITED, serve_build

CERTIFICATE = "2025-06-07-functional-aging.pdf"  # the example's, published as it is named


@pytest.fixture
def tracker(tmp_path, monkeypatch):
    monkeypatch.setenv("CECTRACK_TODAY", "2026-11-28")
    root = copy_example(tmp_path / "tracker")
    yield root
    # MkDocs keeps one plugin object for the whole process (a serve keeps it across its
    # builds): stopped as serve stops it (its kept copies removed), then started for a
    # build, so that the tests after these do not find it serving.
    plugin = load_config(str(root / "mkdocs.yml")).plugins["cectrack"]
    plugin.on_shutdown()
    plugin.on_startup(command="build", dirty=False)


def published(site: Path) -> dict[str, Path]:
    return {path.name: path for path in (site / "audit" / "evidence").rglob("*")
            if path.is_file()}


def edit_a_course(root: Path, credits: int) -> None:
    (root / EDITED).write_text(f"title: Added in preview\nprovider: P\n"
                               f"completed: 2026-11-01\ncredits: {credits}\n", "utf-8")


def test_a_rebuild_links_the_certificates_it_copied_once(tracker, tmp_path):
    site = tmp_path / "preview"
    copied = serve_build(tracker, site, "serve").certificates_kept.copied
    first = published(site)
    assert CERTIFICATE in first and len(first) >= 10
    inodes = {name: path.stat().st_ino for name, path in first.items()}
    edit_a_course(tracker, 2)
    plugin = serve_build(tracker, site, "serve")
    again = published(site)
    assert plugin.certificates_kept.copied == copied  # not one copied again
    assert {name: path.stat().st_ino for name, path in again.items()} == inodes
    served, own = again[CERTIFICATE], tracker / "certificates" / CERTIFICATE
    assert served.read_bytes() == own.read_bytes()
    assert served.stat().st_nlink == 2  # the site's name and the kept copy's, not the user's
    assert own.stat().st_nlink == 1 and own.stat().st_ino != served.stat().st_ino
    assert "40.5 of 45 CEC" in (site / "index.html").read_text("utf-8")  # the edit is served


def test_an_edited_or_replaced_certificate_is_served_new(tracker, tmp_path):
    site = tmp_path / "preview"
    copied = serve_build(tracker, site, "serve").certificates_kept.copied
    names = sorted(published(site))
    edited, replaced = tracker / "certificates" / names[0], tracker / "certificates" / names[1]
    with open(edited, "r+b") as scan:  # edited in place, the same size
        scan.write(b"%PDF-1.7")
    spare = tracker / "replacement.pdf"
    spare.write_bytes(b"%PDF-1.4 a new scan\n")
    os.replace(spare, replaced)
    plugin = serve_build(tracker, site, "serve")
    served = published(site)
    assert served[names[0]].read_bytes() == edited.read_bytes()
    assert served[names[0]].read_bytes().startswith(b"%PDF-1.7")
    assert served[names[1]].read_bytes() == b"%PDF-1.4 a new scan\n"
    assert plugin.certificates_kept.copied == copied + 2  # those two alone


def test_a_site_file_written_in_place_changes_neither_the_users_file_nor_the_next_build(
        tracker, tmp_path):
    site = tmp_path / "preview"
    serve_build(tracker, site, "serve")
    own = tracker / "certificates" / CERTIFICATE
    original = own.read_bytes()
    (site / "audit" / "evidence" / CERTIFICATE).write_bytes(b"written over")  # truncated
    assert own.read_bytes() == original
    serve_build(tracker, site, "serve")
    assert published(site)[CERTIFICATE].read_bytes() == original


def test_where_links_cannot_be_made_the_certificates_are_copied(tracker, tmp_path):
    # /dev/shm is another file system than the tests' folder: a link across them fails.
    other = Path("/dev/shm")
    if not other.is_dir() or other.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("no second file system to build into")
    site = other / f"cectrack-preview-{os.getpid()}-{tmp_path.name}"
    try:
        for credits in (2, 3):
            edit_a_course(tracker, credits)
            serve_build(tracker, site, "serve")
            served = published(site)[CERTIFICATE]
            assert served.read_bytes() == (tracker / "certificates" / CERTIFICATE).read_bytes()
            assert served.stat().st_nlink == 1
    finally:
        shutil.rmtree(site, ignore_errors=True)


ZIP = "audit/acsm-cpt-2024-2026.zip"


def test_an_unchanged_packet_zip_is_linked_again_and_a_changed_one_made_anew(tracker, tmp_path):
    site = tmp_path / "preview"
    serve_build(tracker, site, "serve")
    first = (site / ZIP).stat()
    serve_build(tracker, site, "serve")  # nothing changed: the kept ZIP, linked again
    assert (site / ZIP).stat().st_ino == first.st_ino and (site / ZIP).stat().st_nlink == 2
    unchanged = (site / ZIP).read_bytes()
    edit_a_course(tracker, 2)  # the packet lists the new course
    serve_build(tracker, site, "serve")
    assert (site / ZIP).stat().st_ino != first.st_ino
    assert (site / ZIP).read_bytes() != unchanged


def test_a_packet_zip_written_over_in_the_site_is_made_again(tracker, tmp_path):
    site = tmp_path / "preview"
    serve_build(tracker, site, "serve")
    whole = (site / ZIP).read_bytes()
    with open(site / ZIP, "r+b") as published:  # written in place, through the link
        published.write(b"PK\x05\x06")
    serve_build(tracker, site, "serve")
    assert (site / ZIP).read_bytes() == whole


def test_the_copy_of_a_certificate_no_longer_published_goes(tracker, tmp_path):
    site = tmp_path / "preview"
    kept = serve_build(tracker, site, "serve").certificates_kept
    course = tracker / "credits" / "2026" / "2026-02-21-hfj-quiz.yaml"
    course.write_text("".join(line for line in course.read_text("utf-8").splitlines(True)
                              if not line.startswith("evidence:")), "utf-8")
    serve_build(tracker, site, "serve")  # the course has no certificate now
    serve_build(tracker, site, "serve")
    assert "2026-02-21-hfj-quiz.pdf" not in published(site)
    assert sorted(p.name for p in kept.folder.iterdir()) == sorted(
        copy.name for _, copy, _ in kept.kept.values())
    assert len(kept.kept) == len(published(site))
