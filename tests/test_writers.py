"""Issue 22, item 3: writers stay inside.

`add`, `import` and the certificate copy never write through a link that leads out of the
tracker (credits/, a year folder, certificates/); `render --out` deletes and replaces only
what it wrote (its manifest), never a file of yours, and refuses a link as its folder; a
site_dir outside the tracker is refused."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmark import LARGE_CERTIFICATE
from conftest import ACSM_CPT_PROFILE, cectrack, course, write_tracker

ADD = ("add", "--no-input", "--title", "Kettlebell Fundamentals", "--provider", "StrongFirst",
       "--completed", "2026-05-16", "--credits", "4", "--unit", "contact_hour",
       "--today", "2026-11-28")


def everything(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file()}


@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "keep.txt").write_text("someone else's")
    return folder


def tracker(tmp_path) -> Path:
    return write_tracker(tmp_path / "t", {"credits/2025/first.yaml": course("First", "2025-01-02", 1)})


@pytest.mark.parametrize("linked", ["credits/2026", "certificates"])
def test_add_refuses_a_folder_that_is_a_link_out_of_the_tracker(tmp_path, outside, linked):
    root = tracker(tmp_path)
    (root / linked).parent.mkdir(parents=True, exist_ok=True)
    (root / linked).symlink_to(outside, target_is_directory=True)
    certificate = tmp_path / "card.pdf"
    certificate.write_bytes(b"%PDF-1.4 card")
    before = everything(root / "credits")
    result = cectrack(*ADD, "--evidence", str(certificate), cwd=root, expect=1)
    assert f"{linked} is a link to {outside}, outside the tracker" in result.stdout + result.stderr
    assert "nothing was written" in result.stdout + result.stderr
    assert everything(outside) == {"keep.txt": b"someone else's"}
    assert everything(root / "credits") == before  # not even the entry without its copy
    assert not (root / "certificates").is_dir() or (root / "certificates").is_symlink()


def test_credits_itself_a_link_out_is_refused_by_add_and_import(tmp_path, outside):
    root = tmp_path / "t"
    root.mkdir()
    (outside / "profile.yaml").write_text(ACSM_CPT_PROFILE)
    (root / "credits").symlink_to(outside, target_is_directory=True)
    (root / "mkdocs.yml").write_text("site_name: x\n")
    added = cectrack(*ADD, cwd=root, expect=1)  # the tracker itself says so first
    assert "credits/ is a link that leads outside the tracker folder" in added.stdout
    transcript = tmp_path / "t.csv"
    transcript.write_text("Date,Course,Provider,Credits\n2026-05-16,Kettlebell,StrongFirst,4\n")
    imported = cectrack("import", str(transcript), "--today", "2026-11-28", cwd=root, expect=1)
    assert imported.returncode == 1
    # import refuses as add does (issue 25): the tracker itself says so first
    assert "credits/ is a link that leads outside the tracker folder" in imported.stdout
    assert sorted(everything(outside)) == ["keep.txt", "profile.yaml"]


def test_import_reports_a_year_folder_link_at_each_row_and_writes_the_others(tmp_path, outside):
    root = tracker(tmp_path)
    (root / "credits" / "2026").symlink_to(outside, target_is_directory=True)
    transcript = tmp_path / "t.csv"
    transcript.write_text("Date,Course,Provider,Credits\n2026-05-16,Kettlebell,StrongFirst,4\n"
                          "2025-03-14,Heat illness,Korey Stringer Institute,1.5\n")
    result = cectrack("import", str(transcript), "--today", "2026-11-28", cwd=root, expect=1)
    assert "t.csv:2: error: credits/2026 is a link to" in result.stdout
    assert "wrote credits/2025/2025-03-14-heat-illness.yaml" in result.stdout
    assert everything(outside) == {"keep.txt": b"someone else's"}


def test_a_link_inside_the_tracker_is_fine(tmp_path):
    root = tracker(tmp_path)
    (root / "archive" / "2026").mkdir(parents=True)
    (root / "credits" / "2026").symlink_to(root / "archive" / "2026", target_is_directory=True)
    result = cectrack(*ADD, cwd=root)
    assert "Wrote credits/2026/2026-05-16-kettlebell-fundamentals.yaml" in result.stdout
    assert (root / "archive" / "2026" / "2026-05-16-kettlebell-fundamentals.yaml").is_file()


def test_a_dangling_link_in_the_way_is_never_written_through(tmp_path, outside):
    root = tracker(tmp_path)
    (root / "credits" / "2026").mkdir()
    (root / "credits" / "2026" / "2026-05-16-kettlebell-fundamentals.yaml").symlink_to(
        outside / "planted.yaml")
    result = cectrack(*ADD, cwd=root)
    assert "Wrote credits/2026/2026-05-16-kettlebell-fundamentals-2.yaml" in result.stdout
    assert not (outside / "planted.yaml").exists()


# tests/benchmark.py --large does the same with 5 GB.  Here 256 MB: well above the peak
# allowed (96 MB), so a pass holding the whole file fails, in half the time of 512 MB.
SPARSE = 256 * 2**20


@pytest.mark.slow  # three passes over a quarter of a gigabyte
def test_a_large_certificate_is_hashed_and_copied_in_constant_memory(tmp_path):
    """A sparse certificate (nothing written to the disk but its size): hashed for the
    packet, hashed as git does, and copied by add, each a megabyte at a time, in a process
    whose peak memory stays far below the file's size (and the copy stays sparse)."""
    import subprocess
    import sys
    root = tracker(tmp_path)
    big = tmp_path / "scan.pdf"
    with open(big, "wb") as handle:
        handle.truncate(SPARSE)
    sha256, blob, peak_kb = subprocess.run(
        [sys.executable, "-c", LARGE_CERTIFICATE, str(big), str(root)], check=True,
        capture_output=True, text=True, timeout=300).stdout.split()
    assert sha256 == subprocess.run(["sha256sum", str(big)], capture_output=True,
                                    text=True).stdout.split()[0]
    assert blob == subprocess.run(["git", "hash-object", str(big)], capture_output=True,
                                  text=True).stdout.strip()
    copied = root / "certificates" / "scan.pdf"
    assert copied.stat().st_size == SPARSE and copied.stat().st_blocks * 512 < 2**20
    assert int(peak_kb) < 96 * 1024  # kilobytes: well under the 256 MB file


# --- render --out ------------------------------------------------------------------------

RENDER = ("render", "--out", "OUT", "--today", "2026-11-28")


def render(root: Path, out: Path, expect: int | None = 0):
    return cectrack(*[str(out) if a == "OUT" else a for a in RENDER], cwd=root, expect=expect)


def test_render_replaces_only_what_it_wrote(tmp_path):
    root = tracker(tmp_path)
    out = tmp_path / "out"
    render(root, out)
    manifest = json.loads((out / ".cectrack-render").read_text())["written"]
    assert "docs/index.md" in manifest and "mkdocs.yml" in manifest
    (out / "docs" / "notes.md").write_text("# My own page\n")  # yours, added later
    (out / "keep.txt").write_text("mine")
    render(root, out)
    assert (out / "docs" / "notes.md").read_text() == "# My own page\n"
    assert (out / "keep.txt").read_text() == "mine"
    (root / "credits" / "2025" / "first.yaml").unlink()  # a course gone: its file goes too
    render(root, out)
    assert (out / "keep.txt").read_text() == "mine"


def test_render_never_overwrites_a_file_you_changed(tmp_path):
    root = tracker(tmp_path)
    out = tmp_path / "out"
    render(root, out)
    (out / "docs" / "index.md").write_text("my edit")
    before = everything(out)
    refused = render(root, out, expect=2)
    assert "index.md is not a file the last render wrote (you added or changed it)" in refused.stderr
    assert "nothing was written" in refused.stderr
    assert everything(out) == before


@pytest.mark.parametrize("name", ["../escape.md", "/etc/passwd", ".cectrack-render"])
def test_render_ignores_a_manifest_that_names_files_outside_its_folder(tmp_path, name):
    root = tracker(tmp_path)
    out = tmp_path / "out"
    render(root, out)
    victim = tmp_path / "escape.md"
    victim.write_text("not yours to delete")
    import hashlib
    manifest = out / ".cectrack-render"
    data = json.loads(manifest.read_text())
    data["written"][name] = hashlib.sha256(b"not yours to delete").hexdigest()
    manifest.write_text(json.dumps(data))
    render(root, out)
    assert victim.read_text() == "not yours to delete" and Path("/etc/passwd").exists()


def test_render_refuses_a_link_as_its_folder_and_an_old_unlisted_one(tmp_path):
    root = tracker(tmp_path)
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    refused = render(root, tmp_path / "link", expect=2)
    assert "is a link; give the folder itself" in refused.stderr and not any(real.iterdir())
    old = tmp_path / "old"
    old.mkdir()
    (old / ".cectrack-render").write_text("cectrack render's output folder: emptied and "
                                          "written on each render\n")
    (old / "thesis.md").write_text("mine")
    refused = render(root, old, expect=2)
    assert "written by an earlier cectrack" in refused.stderr
    assert (old / "thesis.md").read_text() == "mine"


def test_a_site_dir_outside_the_tracker_is_refused(tmp_path, outside, caplog):
    root = tracker(tmp_path)
    (root / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - cectrack\n")
    (root / "docs").mkdir()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, PluginError
    (root / "site-link").symlink_to(outside, target_is_directory=True)
    for site_dir in (outside, root / "site-link", root / ".." / "elsewhere"):
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
        with pytest.raises((Abort, PluginError)):
            build(config)
    assert caplog.text.count("leads outside the tracker folder") == 3
    assert everything(outside) == {"keep.txt": b"someone else's"}
    assert not (tmp_path / "elsewhere").exists()
