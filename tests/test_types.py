"""Issue 26, a guard rail: mypy with the project's own settings (pyproject.toml) finds no type
error in the package, with the error type, records/, rules/ and engine/ checked as --strict
does; so a None passed where a date is needed fails CI rather than a user's build."""
from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def mypy(*args: str) -> subprocess.CompletedProcess:
    # Its cache is kept in the repository (.mypy_cache, ignored by git): a second run reads
    # only what changed.
    return subprocess.run([sys.executable, "-m", "mypy", "--config-file",
                           str(REPO / "pyproject.toml"), *args],
                          capture_output=True, text=True, cwd=REPO)


def test_the_package_has_no_type_error():
    result = mypy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_a_planted_type_error_fails_the_check(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("import datetime as dt\n\n\n"
                       "def deadline(end: dt.date | None) -> str:\n"
                       "    return end.isoformat()\n")
    result = mypy(str(planted))
    assert result.returncode == 1
    assert 'Item "None" of "date | None" has no attribute "isoformat"  [union-attr]' \
        in result.stdout
