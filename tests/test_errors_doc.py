"""docs/errors.md lists every problem code with an example; each example, run for real,
prints exactly what the page shows.  So every code has a test, and the page cannot drift."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ACSM_CPT_PROFILE, REPO, cectrack, git_commit_all

from cectrack.problem import CODES

PAGE = (REPO / "docs" / "errors.md").read_text("utf-8")
SECTIONS = dict(re.findall(r"^## `([a-z-]+)`\n(.*?)(?=^## `|\Z)", PAGE, re.S | re.M))


def test_every_code_is_documented_and_nothing_else():
    assert list(SECTIONS) == list(CODES)


def test_every_code_the_source_can_report_is_registered():
    source = "\n".join(p.read_text("utf-8") for p in (REPO / "cectrack").rglob("*.py"))
    reported = set(re.findall(r'(?:ERROR|WARNING), "([a-z-]+)"', source))
    reported |= set(re.findall(r'(?:error|error_at|_report)\(\s*"([a-z-]+)"', source))
    reported |= {"unknown-activity", "unknown-petition", "unknown-unit", "bad-rule"}
    assert reported <= set(CODES), reported - set(CODES)


def reproduce(code: str, section: str, root: Path) -> str:
    """Lay out the section's example files (and what its notes describe), run `check`."""
    files = dict(re.findall(r'```yaml title="([^"]+)"\n(.*?)```', section, re.S))
    if "team.yaml" in files:  # a studio's team folder: `team status` reads it
        root.mkdir(parents=True)
        (root / "team.yaml").write_text(files["team.yaml"])
        return cectrack("team", "status", "--root", str(root), expect=1).stdout
    if code != "missing-credits-dir":
        (root / "credits").mkdir(parents=True)
        if code != "missing-profile" and "credits/profile.yaml" not in files:
            (root / "credits" / "profile.yaml").write_text(ACSM_CPT_PROFILE)
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    if code == "encoding":
        path = re.search(r"A file `([^`]+)` saved as Latin-1", section).group(1)
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes("title: Caf\xe9 talk\n".encode("latin-1"))
    if code == "unreadable-file":
        path = re.search(r"A file `([^`]+)` that is a symbolic link to `([^`]+)`", section)
        (root / path.group(1)).parent.mkdir(parents=True, exist_ok=True)
        (root / path.group(1)).symlink_to(path.group(2))
    if code == "recorded-date-unknown":
        git_commit_all(root, "2099-01-01")  # a computer whose clock was wrong
    if code == "evidence-changed":
        (root / "certificates").mkdir()
        (root / "certificates" / "summit.pdf").write_text("first\n")
        git_commit_all(root, "2026-03-15")
        (root / "certificates" / "summit.pdf").write_text("second\n")
    root.mkdir(parents=True, exist_ok=True)
    # An error fails the check (exit 1); a warning never does (exit 0).
    errors = ": error: " in section.split("```console", 1)[1].split("```", 1)[0]
    return cectrack("check", "--root", str(root), "--today", "2026-11-28",
                    expect=1 if errors else 0).stdout


@pytest.mark.parametrize("code", list(CODES))
def test_documented_example_prints_what_the_page_shows(code, tmp_path):
    section = SECTIONS[code]
    shown = re.search(r"```console\n(.*?)```", section, re.S).group(1)
    assert shown.splitlines()[0].endswith(f"[{code}]")
    assert shown in reproduce(code, section, tmp_path / "tracker") + "\n"
    assert "**Fix:**" in section
