"""The README's two commands are the project's promise; CI must run the same test command."""
from __future__ import annotations

import re

from conftest import REPO


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text("utf-8")
    return re.findall(r"```bash\n(.+?)\n```", text, re.S)[:2]


def test_readme_opens_with_two_one_line_commands():
    build, tests = readme_commands()
    assert "\n" not in build and "\n" not in tests
    assert "mkdocs build --strict" in build and "pip install -e ." in build
    assert "pytest" in tests and ".[test]" in tests
    head = (REPO / "README.md").read_text("utf-8").split("---")[0]
    assert head.count("```bash") == 2  # nothing else comes before the two commands


def test_ci_runs_the_readme_test_command_verbatim():
    _build, tests = readme_commands()
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert tests in ci.splitlines()
    workflow = (REPO / ".github" / "workflows" / "tests.yml").read_text("utf-8")
    assert f"run: {tests}" in workflow
