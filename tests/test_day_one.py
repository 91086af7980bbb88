"""Issue 10: a trainer's own tracker, live on day one: the one gate for check and build."""
from __future__ import annotations

import re

from test_cli import cectrack
from test_site import mkdocs, visible_text

COURSE = ["--title", "Spring Summit", "--provider", "ACSM", "--completed", "2026-03-14",
          "--credits", "7.5", "--unit", "CEC", "--no-input", "--today", "2026-11-28"]


def new_tracker(tmp_path):
    root = tmp_path / "t"
    made = cectrack("init", str(root), "--no-input", "--name", "Sam Trainer",
                    "--credential", "ACSM-CPT=2026-12-31")
    assert made.returncode == 0, made.stdout + made.stderr
    return root


def test_a_warning_never_blocks_the_strict_build_and_shows_on_the_dashboard(tmp_path):
    root = new_tracker(tmp_path)
    added = cectrack("add", *COURSE, cwd=root)  # no certificate yet: a warning
    assert added.returncode == 0, added.stdout + added.stderr
    checked = cectrack("check", "--today", "2026-11-28", cwd=root)
    assert checked.returncode == 0 and "warning:" in checked.stdout, checked.stdout
    built = mkdocs("build", "--strict", cwd=root)
    assert built.returncode == 0, built.stderr
    assert re.search(r"INFO .*credits/2026/.*: warning: .*\[no-evidence\]", built.stderr)
    text = visible_text(root / "site" / "index.html")
    assert "7.5 of 45 CEC earned" in text
    assert "Your data has 0 errors and 1 warning" in text


def test_an_error_fails_both_check_and_the_strict_build(tmp_path):
    root = new_tracker(tmp_path)
    (root / "credits" / "bad.yaml").write_text(
        "title: T\nprovider: P\ncompleted: 2026-02-30\ncredits: 1\n")
    checked = cectrack("check", "--today", "2026-11-28", cwd=root)
    assert checked.returncode == 1
    built = mkdocs("build", "--strict", cwd=root)
    assert built.returncode == 1
    assert re.search(r"ERROR .*credits/bad.yaml:3:12: error: .*\[invalid-date\]", built.stderr)
    assert "Aborted with 1 errors in strict mode" in built.stdout + built.stderr
