"""Issue 26, first guard rail: ruff with the project's own settings (pyproject.toml) finds
nothing in the package or its tests, so a name that does not exist or an import left behind
fails CI rather than waiting for a reader."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO


def ruff(*args: str) -> subprocess.CompletedProcess:
    found = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if found is None:
        pytest.fail("ruff is missing: it comes with the test extra (pip install -e '.[test]')")
    return subprocess.run([found, "check", "--no-cache", "--config", str(REPO / "pyproject.toml"),
                           *args], capture_output=True, text=True, cwd=REPO)


def test_the_package_and_its_tests_have_no_lint_finding():
    result = ruff("cectrack", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_planted_finding_fails_the_lint(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("import os\n\n\ndef f():\n    return undefined_name\n")
    result = ruff(str(planted))
    assert result.returncode == 1
    assert "F401" in result.stdout and "F821" in result.stdout
