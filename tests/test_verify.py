"""Issue 13, item 3: the auditor checks certificates by themselves, in the browser and offline."""
from __future__ import annotations

import hashlib
import io
import re
import zipfile

import pytest
from conftest import EXAMPLE, cectrack

PACKET = "audit/acsm-cpt-2024-2026"
CARD = EXAMPLE / "certificates" / "2025-01-18-cpr-aed-card.pdf"


@pytest.fixture
def site(example_site):
    return example_site  # the example built once for the whole run (conftest)


def rewritten(bundle: bytes, change) -> bytes:
    """The bundle with its members passed through `change(name, data)` (None drops one)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bundle)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = change(name, source.read(name))
            if data is not None:
                target.writestr(name, data)
        extra = change("(extra)", b"")
        if extra:
            target.writestr("notes.txt", extra)
    return out.getvalue()


def test_verify_checks_a_downloaded_bundle_offline(site, tmp_path):
    bundle = (site / f"{PACKET}.zip").read_bytes()
    good = tmp_path / "good.zip"
    good.write_bytes(bundle)
    result = cectrack("verify", str(good), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok       evidence/certificates/2025-01-18-cpr-aed-card.pdf" in result.stdout
    assert re.fullmatch(r"all \d+ files match the manifest", result.stdout.splitlines()[-1])

    card = "evidence/certificates/2025-01-18-cpr-aed-card.pdf"
    tampered = tmp_path / "tampered.zip"
    tampered.write_bytes(rewritten(bundle, lambda name, data:
                                   b"%PDF forged" if name == card else
                                   None if name.endswith("hfj-quiz.pdf") else
                                   b"added later" if name == "(extra)" else data))
    result = cectrack("verify", str(tampered), cwd=tmp_path, expect=1)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith("CHANGED")][0].startswith(f"CHANGED  {card}:")
    assert "MISSING  evidence/certificates/2026-02-21-hfj-quiz.pdf: listed in the manifest, " \
           "not in the bundle" in lines
    assert "EXTRA    notes.txt: in the bundle, not listed in the manifest" in lines
    assert lines[-1] == "the bundle does NOT match its manifest"


def test_verify_refuses_what_is_not_a_bundle_in_one_line(tmp_path):
    (tmp_path / "a.zip").write_bytes(b"not a zip at all")
    result = cectrack("verify", str(tmp_path / "a.zip"), cwd=tmp_path, expect=1)
    assert result.returncode == 1 and "is not a readable ZIP file" in result.stderr
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("x.txt", "x")
    (tmp_path / "b.zip").write_bytes(plain.getvalue())
    result = cectrack("verify", str(tmp_path / "b.zip"), cwd=tmp_path, expect=1)
    assert result.returncode == 1 and "has no manifest.csv" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # Chromium
def test_the_auditor_checks_a_certificate_in_the_browser(site, browser, tmp_path):
    """One file, then a changed copy under its own name, then a file of another name: the
    answer names the row, then says the file was changed, then that it is not here."""
    changed = tmp_path / "changed" / CARD.name
    changed.parent.mkdir()
    changed.write_bytes(CARD.read_bytes() + b" ")
    other = tmp_path / "scan.pdf"
    other.write_bytes(b"another file")
    card_sum = hashlib.sha256(CARD.read_bytes()).hexdigest()
    page = browser.new_page()
    page.goto((site / PACKET / "index.html").as_uri())
    control = page.locator("input#cectrack-verify-file")
    result = page.locator(".cectrack-verify-result")

    def check(path, state):
        control.set_input_files(str(path))
        page.wait_for_function("document.querySelector('[data-cectrack-verify]')"
                               f".getAttribute('data-cectrack-result') === '{state}'")
        return " ".join(result.inner_text().split())

    matched = check(CARD, "match")
    marked = page.locator("tr.cectrack-match").evaluate_all("rows => rows.map(r => r.id)")
    refused = check(changed, "mismatch")
    changed_rows = page.locator("tr.cectrack-changed").count()
    unknown = check(other, "mismatch")
    still = page.locator("tr.cectrack-match, tr.cectrack-changed").count()
    assert matched == (f"✓ 2025-01-18-cpr-aed-card.pdf matches certificate #4 of this packet "
                       f"(SHA-256 {card_sum}). Clear the check")
    assert marked == ["course-4"]
    assert refused.startswith("✗ 2025-01-18-cpr-aed-card.pdf: same name as certificate #4, "
                              "different content: this file was changed after it was recorded")
    assert changed_rows == 1
    assert unknown.startswith("✗ scan.pdf is not in this packet: its SHA-256 (")
    assert still == 0


@pytest.mark.slow  # Chromium
def test_a_certificate_of_a_course_not_counted_is_found_listed_in_the_packet(site, browser,
                                                                             tmp_path):
    """The packet's ZIP holds the certificate of the course it lists as not counted (the
    2023 workshop, before the cycle): taken from the ZIP and checked on the packet's page,
    it is found, as that course's, with the other file checked beside it."""
    workshop = "2023-10-21-functional-training-workshop.pdf"
    with zipfile.ZipFile(site / f"{PACKET}.zip") as bundle:
        data = bundle.read(f"evidence/certificates/{workshop}")
    (tmp_path / workshop).write_bytes(data)
    page = browser.new_page()
    page.goto((site / PACKET / "index.html").as_uri())
    page.locator("input#cectrack-verify-file").set_input_files([str(tmp_path / workshop),
                                                                 str(CARD)])
    box = page.locator("[data-cectrack-verify]")
    page.wait_for_function("document.querySelector('[data-cectrack-verify]')"
                           ".hasAttribute('data-cectrack-result')")
    state = box.get_attribute("data-cectrack-result")
    answers = [" ".join(line.split()) for line in
               page.locator(".cectrack-verify-result p").all_inner_texts()]
    marked = page.locator("tr.cectrack-match").evaluate_all(
        "rows => rows.map(r => r.id || r.cells[1].querySelector('strong').textContent)")
    assert state == "match"
    assert answers == [
        "2 files: 2 match, 0 do not.",
        f"✓ {workshop} matches the certificate of Functional Training Workshop (2023-10-21), "
        f"listed in this packet as not counted (SHA-256 {hashlib.sha256(data).hexdigest()}).",
        f"✓ {CARD.name} matches certificate #4 of this packet "
        f"(SHA-256 {hashlib.sha256(CARD.read_bytes()).hexdigest()})."]
    assert marked == ["course-4", "Functional Training Workshop"]
