"""What users install: the wheel, in a fresh virtual environment (not editable), run on
trackers that are not this repository: the tests' example and a new `cectrack init` one."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import copy_example, snapshot_of_this_repository, visible_text

pytestmark = pytest.mark.slow  # the wheel in a fresh venv

TODAY = "2026-11-28"


def run(*args, cwd: Path, check: bool = False) -> subprocess.CompletedProcess:
    # PWD as a shell started in `cwd` sets it (requirements.txt names the wheel from it)
    env = dict(os.environ, CECTRACK_TODAY=TODAY, NO_MKDOCS_2_WARNING="1", PWD=str(cwd))
    env.pop("PYTHONPATH", None)
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600, check=check)


# The venvs are made without pip of their own and filled by this pip (--python): ensurepip
# cost 6 s of CPU a venv; what pip installs, from where and checked how, is the same.
PIP = (sys.executable, "-m", "pip", "--python")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from this working tree's files (a snapshot: no stale build/ leftovers)."""
    base = tmp_path_factory.mktemp("wheel")
    source = snapshot_of_this_repository(base / "source")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", base / "dist", source,
        cwd=base, check=True)
    (found,) = (base / "dist").glob("cectrack-*.whl")
    return found


@pytest.fixture(scope="module")
def venv_bin(wheel) -> Path:
    """The wheel installed in a fresh venv."""
    base = wheel.parent.parent
    # Its dependencies fetched once into a folder of wheels (the package index's part);
    # this venv and the fresh one of the last test install from there.
    run(sys.executable, "-m", "pip", "download", "-q", "-d", base / "deps", wheel, cwd=base,
        check=True)
    (base / "deps" / wheel.name).unlink()
    run(sys.executable, "-m", "venv", "--without-pip", base / "venv", cwd=base, check=True)
    installed = run(*PIP, base / "venv" / "bin" / "python", "install", "-q", "--no-compile",
                    "--no-index", "--find-links", base / "deps", wheel, cwd=base)
    assert installed.returncode == 0, installed.stderr[-2000:]
    return base / "venv" / "bin"


def test_the_wheel_ships_every_file_the_package_reads(venv_bin):
    shown = run(*PIP, venv_bin / "python", "show", "-f", "cectrack", cwd=venv_bin).stdout
    for needed in ("cectrack/rules/acsm.yaml", "cectrack/render/assets/fresh.js",
                   "cectrack/render/assets/cectrack.css", "cectrack/rules/spec.py"):
        assert needed in shown, needed
    assert "Editable project location" not in shown
    location = run(venv_bin / "python", "-c", "import cectrack; print(cectrack.__file__)",
                   cwd=venv_bin).stdout
    assert "site-packages" in location


def test_the_installed_wheel_checks_and_builds_the_example(venv_bin, tmp_path):
    root = copy_example(tmp_path / "example")
    checked = run(venv_bin / "cectrack", "check", "--today", TODAY, cwd=root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "ACSM-CPT: 38.5 of 45 CEC" in checked.stdout
    built = run(venv_bin / "mkdocs", "build", "--strict", cwd=root)
    assert built.returncode == 0, built.stderr
    assert "38.5 of 45 CEC earned" in visible_text(root / "site" / "index.html")
    assert (root / "site" / "assets" / "cectrack" / "fresh.js").stat().st_size > 0
    out = tmp_path / "rendered"
    rendered = run(venv_bin / "cectrack", "render", "--out", out, "--today", TODAY, cwd=root)
    assert rendered.returncode == 0, rendered.stderr
    status = json.loads((out / "docs" / "status.json").read_text())
    assert status["credentials"][0]["earned"] == 38.5
    project = run(venv_bin / "mkdocs", "build", "--strict", cwd=out)  # without the plugin
    assert project.returncode == 0, project.stderr
    assert "38.5 of 45 CEC earned" in visible_text(out / "site" / "index.html")


def test_day_one_on_a_new_tracker_from_the_wheel(venv_bin, tmp_path):
    root = tmp_path / "T"
    made = run(venv_bin / "cectrack", "init", root, "--no-input", "--name", "Sam Trainer",
               "--credential", "ACSM-CPT=2026-12-31", cwd=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    requirements = (root / "requirements.txt").read_text()
    named = [line for line in requirements.splitlines() if line and not line.startswith("#")]
    assert len(named) == 1 and "/wheels/cectrack-0.1.0-py3-none-any.whl#sha256=" in named[0]
    assert "from wheels/cectrack-0.1.0-py3-none-any.whl, checked by its hash" in made.stdout
    added = run(venv_bin / "cectrack", "add", "--title", "Spring Summit", "--provider", "ACSM",
                "--completed", "2026-03-14", "--credits", "7.5", "--no-input", "--today", TODAY,
                cwd=root)
    assert added.returncode == 0, added.stdout + added.stderr
    built = run(venv_bin / "mkdocs", "build", "--strict", cwd=root)
    assert built.returncode == 0, built.stderr  # the missing certificate is only a warning
    text = visible_text(root / "site" / "index.html")
    assert "7.5 of 45 CEC earned" in text and "1 course needs a certificate" in text
    (root / "credits" / "2026" / "typo.yaml").write_text(
        "title: T\nprovider: P\ncompleted: 2026-04-31\ncredits: 1\n")
    broken = run(venv_bin / "mkdocs", "build", "--strict", cwd=root)
    assert broken.returncode == 1
    assert re.search(r"credits/2026/typo.yaml:3:12: error: .*\[invalid-date\]", broken.stderr)


def test_the_wheel_holds_no_test_or_example_data(wheel):
    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    assert not [n for n in names if n.startswith(("tests/", "credits/", "certificates/"))]
    # PEP 639: the licence as an SPDX expression, and its text travels with every copy.
    assert "MIT License" in archive.read("cectrack-0.1.0.dist-info/licenses/LICENSE").decode()
    meta = archive.read("cectrack-0.1.0.dist-info/METADATA").decode().splitlines()
    assert "License-Expression: MIT" in meta and "License-File: LICENSE" in meta
    assert "Requires-Python: >=3.11" in meta  # Material 9.8 and Zensical need 3.11
    pythons = sorted(line.rsplit(" ", 1)[1] for line in meta
                     if line.startswith("Classifier: Programming Language :: Python :: 3."))
    assert pythons[0] == "3.11"


def test_a_new_trackers_requirements_install_on_a_fresh_machine_without_the_index(
        venv_bin, tmp_path):
    """Issue 25: `init` from the installed wheel; then, with that venv and that wheel out of
    reach, the tracker's requirements.txt installs cectrack into a fresh venv with
    --no-index (its dependencies from a folder of wheels that holds no cectrack)."""
    root = tmp_path / "T"
    run(venv_bin / "cectrack", "init", root, "--no-input", "--name", "Sam Trainer",
        "--credential", "ACSM-CPT=2026-12-31", cwd=tmp_path, check=True)
    base = venv_bin.parent.parent
    deps = base / "deps"
    assert not list(deps.glob("cectrack*"))  # only requirements.txt can bring cectrack
    hidden = [(base / name, base / f"{name}.hidden") for name in ("venv", "dist")]
    fresh = tmp_path / "fresh"
    try:
        for folder, away in hidden:  # as if on another machine: no venv, no built wheel
            folder.rename(away)
        run(sys.executable, "-m", "venv", "--without-pip", fresh, cwd=tmp_path, check=True)
        install = [*PIP, fresh / "bin" / "python", "install", "-q", "--no-compile", "--no-index",
                   "--find-links", deps, "-r", "requirements.txt"]
        wheel = root / "wheels" / "cectrack-0.1.0-py3-none-any.whl"
        original = wheel.read_bytes()
        wheel.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))  # a wheel swapped behind the pin's back
        tampered = run(*install, cwd=root)
        assert tampered.returncode != 0 and "THESE PACKAGES DO NOT MATCH THE HASHES" in \
            tampered.stderr, tampered.stderr[-2000:]
        wheel.write_bytes(original)
        installed = run(*install, cwd=root)
        assert installed.returncode == 0, installed.stderr[-3000:]
    finally:
        for folder, away in hidden:
            away.rename(folder)
    checked = run(fresh / "bin" / "cectrack", "check", "--today", TODAY, cwd=root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "ACSM-CPT: 0 of 45 CEC" in checked.stdout
    plugin = run(fresh / "bin" / "python", "-c", "import cectrack.plugin", cwd=root)
    assert plugin.returncode == 0, plugin.stderr
