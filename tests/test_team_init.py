"""Issue 29, item 2: a studio's team folder from `cectrack team init`, and the workflow that
rebuilds the team page every day, its shell steps run for real."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE, cectrack

from cectrack.authoring.teaminit import team_workflow
from cectrack.records.team import load_team

BIN = Path(sys.executable).parent


def test_team_init_writes_a_folder_that_reads_cleanly_and_never_overwrites(tmp_path):
    folder = tmp_path / "team"
    said = cectrack("team", "init", str(folder), "--studio", 'Northside "Strength"',
                    "--no-input").stdout
    assert "A team folder for Northside \"Strength\"" in said
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        ".github/workflows/team.yml", ".gitignore", ".schema/team.schema.json", "README.md",
        "requirements.txt", "team.yaml", "wheels/cectrack-0.1.0-py3-none-any.whl"]  # issue 25
    team = load_team(folder)
    assert (team.studio, team.members, team.problems, team.stale_after_days) == (
        'Northside "Strength"', (), (), 8)
    before = (folder / "team.yaml").read_bytes()
    again = cectrack("team", "init", str(folder), "--no-input", expect=1)
    assert "nothing written; these files exist" in again.stdout
    assert (folder / "team.yaml").read_bytes() == before


def test_the_workflow_rebuilds_daily_with_the_studios_secrets():
    workflow = yaml.safe_load(team_workflow())
    assert workflow[True]["schedule"] == [{"cron": "41 5 * * *"}]  # YAML reads `on` as True
    steps = {s.get("name"): s for s in workflow["jobs"]["build"]["steps"]}
    gather = steps["Gather the team's standing and write the page"]
    assert set(gather["env"]) == {"CECTRACK_TEAM_KEY", "CECTRACK_SITE_PASSWORD"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "default_branch" in deploy["if"] and deploy["needs"] == "build"


@pytest.mark.slow  # the whole tool chain, as CI runs it
def test_the_workflows_own_shell_steps_build_the_team_page(tmp_path):
    folder = tmp_path / "team"
    cectrack("team", "init", str(folder), "--studio", "Northside", "--no-input")
    status = cectrack("status", "--json", "--root", str(EXAMPLE), "--today", "2026-11-28").stdout
    (folder / "standings").mkdir()
    (folder / "standings" / "alex.json").write_text(status)
    team_yaml = folder / "team.yaml"
    team_yaml.write_text(team_yaml.read_text().replace(
        "members: []", "members:\n  - name: Alex Example\n    standing: standings/alex.json"))
    workflow = yaml.safe_load((folder / ".github" / "workflows" / "team.yml").read_text())
    steps = [s for s in workflow["jobs"]["build"]["steps"]
             if "run" in s and s["name"] != "Install cectrack"]
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}",
               CECTRACK_TODAY="2026-11-28", NO_MKDOCS_2_WARNING="1", CECTRACK_TEAM_KEY="",
               CECTRACK_SITE_PASSWORD="")  # secrets not set are empty in Actions
    for step in steps:
        result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=folder, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, (step["name"], result.stdout, result.stderr)
    page = (folder / "build" / "site" / "index.html").read_text()
    assert "Alex Example" in page and "33 days left" in page and "As of 28 November 2026" in page
    assert (folder / workflow["jobs"]["build"]["steps"][-1]["with"]["path"] / "index.html").exists()
