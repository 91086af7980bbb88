"""Issue 28 item 1: a packet's ZIP made again after an edit (mkdocs serve) copies each
unchanged certificate from the last ZIP as it was compressed, and is byte for byte the ZIP
made afresh; a changed certificate is read again, and a last ZIP that cannot be used is
not."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import TODAY, copy_example

from cectrack.analysis import analysis, site_content
from cectrack.publish.packetzip import write_packet_zip

SLUG = "acsm-cpt-2024-2026"
MOVED = "2026-02-21-hfj-quiz.pdf"  # a certificate of the ACSM packet
EDITED = "credits/2026/2026-11-01-added-in-preview.yaml"


@pytest.fixture
def tracker(tmp_path) -> Path:
    return copy_example(tmp_path / "tracker")


def packet(root: Path):
    content = site_content(analysis(root, TODAY, "credits", TODAY))
    return next(p for p in content.packets if p.slug == SLUG)


def made(found, previous: Path | None = None) -> bytes:
    out = io.BytesIO()
    write_packet_zip(found, out, page=b"<p>the packet</p>", previous=previous)
    return out.getvalue()


def member(data: bytes, ending: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(next(n for n in archive.namelist() if n.endswith(ending)))


def test_an_edit_copies_the_unchanged_certificates_and_makes_the_same_bytes(tracker, tmp_path):
    last = tmp_path / "last.zip"
    last.write_bytes(made(packet(tracker)))
    (tracker / EDITED).write_text("title: Added in preview\nprovider: P\n"
                                  "completed: 2026-11-01\ncredits: 2\n", "utf-8")
    edited = packet(tracker)
    afresh = made(edited)
    assert afresh != last.read_bytes()  # the new course is in its CSV and JSON
    # The certificate is gone from the disk once the packet is worked out: only a copy from
    # the last ZIP can put it in (written afresh, a certificate that cannot be read is left
    # out, as its proof line says).
    certificate = tracker / "certificates" / MOVED
    original = certificate.read_bytes()
    certificate.rename(tmp_path / MOVED)
    reused = made(edited, previous=last)
    assert member(reused, MOVED) == original
    certificate.write_bytes(original)
    assert reused == afresh


def test_a_changed_certificate_is_read_again(tracker, tmp_path):
    last = tmp_path / "last.zip"
    last.write_bytes(made(packet(tracker)))
    (tracker / "certificates" / MOVED).write_bytes(b"%PDF-1.4 rescanned\n")
    changed = packet(tracker)
    reused = made(changed, previous=last)
    assert member(reused, MOVED) == b"%PDF-1.4 rescanned\n"
    assert reused == made(changed)


@pytest.mark.parametrize("last_bytes", [b"", b"PK\x03\x04 not a zip", None])
def test_a_last_zip_that_cannot_be_used_leaves_every_member_made_afresh(tracker, tmp_path,
                                                                         last_bytes):
    found = packet(tracker)
    last = tmp_path / "last.zip"
    if last_bytes is not None:
        last.write_bytes(last_bytes)
    else:  # a ZIP without a manifest
        with zipfile.ZipFile(last, "w") as archive:
            archive.writestr("evidence/x.pdf", b"x")
    assert made(found, previous=last) == made(found)
