"""Issue 25: shell completion for bash, zsh and fish, each run in its real shell: the script
`cectrack completion SHELL` prints is loaded and asked what follows a few typed words."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from conftest import REPO, cectrack

from cectrack.cli import _parser
from cectrack.cli.completion import commands

SCHEMAS = next(c.positional.choices for c in commands(_parser()) if c.name == "schema")

# (typed so far, what the shell must offer): a command, an option, an option's values,
# a folder for --out, the files for import, a positional's choices.
CASES = [
    ("cectrack che", {"check"}),
    ("cectrack check --fo", {"--format"}),
    ("cectrack check --format ", {"text", "github"}),
    ("cectrack render --out ", {"sub"}),
    ("cectrack import ", {"t.csv", "sub"}),
    ("cectrack schema ", set(SCHEMAS)),  # entry, profile, …: whatever the parser offers
    ("cectrack completion ", {"bash", "zsh", "fish"}),
    ("cectrack init --here --si", {"--site-url"}),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A folder to complete in, with the three scripts written into it."""
    here = tmp_path_factory.mktemp("complete")
    (here / "sub").mkdir()
    (here / "t.csv").write_text("Date,Course\n")
    for shell, name in (("bash", "cectrack.bash"), ("zsh", "_cectrack"), ("fish", "c.fish")):
        (here / name).write_text(cectrack("completion", shell).stdout)
    return here


def shell(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing in CI: tests/install-tools.sh should install it")
        pytest.skip(f"{name} is not installed: run tests/install-tools.sh")
    return path


def offered(name: str, typed: str, folder) -> set[str]:
    if name == "bash":
        words = typed.split(" ")  # a trailing space leaves an empty word being completed
        script = ("source ./cectrack.bash; COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); "
                  "_cectrack; printf '%s\\n' \"${COMPREPLY[@]}\"")
        command = [shell("bash"), "-c", script, "bash", *words]
    elif name == "fish":
        command = [shell("fish"), "-c", f"source c.fish; complete -C '{typed}'"]
    else:
        command = [shell("zsh"), "-f", str(REPO / "tests" / "zsh_capture.zsh"), str(folder), typed]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return {line.split("\t")[0].rstrip("/") for line in result.stdout.splitlines() if line}


@pytest.mark.slow  # bash, zsh and fish
@pytest.mark.parametrize("name", ["bash", "zsh", "fish"])
def test_each_shell_completes_commands_options_values_and_files(name, folder):
    for typed, expected in CASES:
        found = offered(name, typed, folder)
        assert expected <= found, (name, typed, found)
        if typed.endswith(" ") and not typed.endswith("--out "):  # values, not every file too
            assert not found - expected - {"t.csv", "sub", "cectrack.bash", "_cectrack",
                                           "c.fish"}, (name, typed, found)


def test_the_scripts_follow_the_parser_so_every_command_is_offered():
    from cectrack.cli import HANDLERS
    for name in ("bash", "zsh", "fish"):
        text = cectrack("completion", name).stdout
        assert all(command in text for command in HANDLERS), name
    bad = cectrack("completion", "tcsh", expect=2)
    assert "invalid choice: 'tcsh'" in bad.stderr
