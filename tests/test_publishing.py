"""Issue 6: workflows, freshness in the browser, calendar, status endpoints, generator-neutral
render, each run for real: linters on the workflow files, the workflow's own shell steps on
the example, Chromium with a fixed clock, the ICS parsed back, MkDocs and ProperDocs builds."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import icalendar
import pytest
import yaml
from conftest import (
    REPO,
    add_broken_files,
    cectrack,
    copy_example,
    git_commit_all,
    snapshot_of_this_repository,
    visible_text,
)

from cectrack.authoring.init import site_workflow

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def run(*args, cwd, env=None, check=False):
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=check)


@pytest.fixture(scope="module")
def workflow_files(tmp_path_factory):
    """This repository's workflows, the one `cectrack init` writes for a tracker and the one
    `cectrack team init` writes for a studio."""
    tracker = tmp_path_factory.mktemp("init") / "t"
    cectrack("init", str(tracker), "--no-input", "--name", "X", "--credential", "ACSM-CPT=2026-12-31")
    team = tmp_path_factory.mktemp("team") / "t"
    cectrack("team", "init", str(team), "--no-input", "--studio", "S")
    return [*WORKFLOWS, tracker / ".github" / "workflows" / "site.yml",
            team / ".github" / "workflows" / "team.yml"]


@pytest.mark.slow  # check-jsonschema, a validator of its own, over GitHub's schema
def test_workflows_follow_githubs_schema(workflow_files):
    result = run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                 *map(str, workflow_files), cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


# jactionlint (PyPI, in the test extra): actionlint's checks ("correctness" profile), with a
# table of the inputs of current action majors (checkout@v7, setup-python@v7, …), which the
# older actionlint builds lack: they skip the inputs of a major they do not know.
LINTER = BIN / "jactionlint"


def actionlint(*files) -> subprocess.CompletedProcess:
    assert LINTER.exists(), "install the test extra: pip install -e '.[test]'"
    return run(str(LINTER), "--profile", "correctness", "--format", "json", "--no-online",
               "--no-hints", "--shellcheck=", "--pyflakes=", *map(str, files), cwd=REPO)


def test_actionlint_reports_nothing(workflow_files):
    result = actionlint(*workflow_files)
    assert (result.returncode, json.loads(result.stdout or "[]")) == (0, []), result.stderr


def test_actionlint_knows_the_inputs_of_the_current_majors(tmp_path):
    """A linter with an old table says nothing about a misspelt input of checkout@v7."""
    workflow = tmp_path / "w.yml"
    workflow.write_text(textwrap.dedent("""\
        name: t
        on: push
        permissions:
          contents: read
        jobs:
          a:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v7
                with:
                  fetch-dept: 0
              - uses: actions/setup-python@v7
                with:
                  python-versio: "3.12"
        """))
    result = actionlint(workflow)
    found = {(f["line"], f["id"]) for f in json.loads(result.stdout)}
    assert found == {(11, "unknown-action-input"), (14, "unknown-action-input")}, result.stdout


def test_tracker_workflow_is_the_repositorys_with_its_own_install():
    assert (REPO / ".github/workflows/site.yml").read_text() == site_workflow("pip install -e .")
    workflow = yaml.safe_load(site_workflow())
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "default_branch" in deploy["if"] and deploy["needs"] == "build"
    assert workflow[True]["schedule"] == [{"cron": "17 6 * * 1"}]  # YAML reads `on` as True
    uses = [s.get("uses", "") for s in workflow["jobs"]["build"]["steps"]]
    assert "actions/upload-pages-artifact@v5" in uses
    build = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "Build the site")
    assert set(build["env"]) == {"CECTRACK_AUDIT_SECRET", "CECTRACK_AUDIT_PASSWORD",
                                 "CECTRACK_SITE_PASSWORD"}  # the secrets reach the build


# The first majors that run on Node 24 (Node 20 actions are forced off GitHub's runners in
# 2026): cache v5, upload-pages-artifact v5, deploy-pages v5; checkout and setup-python at
# their current majors, v7 (released July 2026).
NODE24_MAJORS = {"actions/checkout": 7, "actions/setup-python": 7, "actions/cache": 5,
                 "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5,
                 "actions/upload-artifact": 6, "actions/download-artifact": 7}
# Actions that are not JavaScript (no Node runtime), on their maintainers' moving branch.
OTHER_ACTIONS = {"pypa/gh-action-pypi-publish@release/v1"}


def test_every_action_runs_on_a_current_major(workflow_files):
    for path in workflow_files:
        workflow = yaml.safe_load(path.read_text())
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if "uses" in step and step["uses"] not in OTHER_ACTIONS:
                    action, major = step["uses"].split("@v")
                    assert int(major) >= NODE24_MAJORS[action], (path.name, step["uses"])


@pytest.mark.slow  # the release workflow's steps: build and twine
def test_the_release_workflow_builds_checked_distributions_for_its_tag(tmp_path):
    workflow = yaml.safe_load((REPO / ".github/workflows/release.yml").read_text())
    assert workflow[True] == {"push": {"tags": ["v*"]}}
    publish = workflow["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"} and publish["environment"] == "release"
    assert "with" not in publish["steps"][-1]  # trusted publishing: no token anywhere
    source = snapshot_of_this_repository(tmp_path / "source")
    steps = {s["name"]: s["run"] for s in workflow["jobs"]["build"]["steps"] if "run" in s}
    tag_check = steps["The tag is the package's version"]
    ok = run("bash", "-e", "-c", tag_check, cwd=source, env=step_env(source, GITHUB_REF_NAME="v0.1.0"))
    wrong = run("bash", "-e", "-c", tag_check, cwd=source,
                env=step_env(source, GITHUB_REF_NAME="v9.9.9"))
    assert ok.returncode == 0 and wrong.returncode == 1 and "is not v0.1.0" in wrong.stdout
    build = steps["Build the sdist and the wheel, and check them"].replace(
        "python -m pip install build twine && ", "")  # the test extra has both
    built = run("bash", "-e", "-c", build.replace("python ", f"{sys.executable} "), cwd=source,
                env=step_env(source))
    assert built.returncode == 0, built.stdout + built.stderr
    assert sorted(p.name for p in (source / "dist").iterdir()) == [
        "cectrack-0.1.0-py3-none-any.whl", "cectrack-0.1.0.tar.gz"]


def test_the_tools_tests_never_run_for_a_course_commit():
    """A tracker made from this repository keeps tests.yml: a course (and its certificate)
    must not start the tool's whole suite, only a change to the tool does."""
    from fnmatch import fnmatch
    workflow = yaml.safe_load((REPO / ".github/workflows/tests.yml").read_text())
    for event in ("push", "pull_request"):
        paths = workflow[True][event]["paths"]
        course = ["credits/2026/2026-03-14-summit.yaml", "certificates/2026-03-14-summit.pdf",
                  "credits/profile.yaml", "rules/acsm.yaml", "mkdocs.yml",
                  ".github/workflows/site.yml"]
        assert not [(p, f) for p in paths for f in course if fnmatch(f, p)], event
        assert all(any(fnmatch(f, p) for p in paths) for f in (
            "cectrack/engine/build.py", "tests/test_engine.py", "pyproject.toml")), event


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


@pytest.mark.slow  # the site workflow's shell steps, each generator
@pytest.mark.parametrize("generator", ["mkdocs", "zensical"])
def test_the_workflows_own_shell_steps_pass_on_the_example(tmp_path, generator):
    """One workflow for every generator: `cectrack build` follows mkdocs.yml's `generator:`
    (MkDocs with the plugin; Zensical on cectrack render's project)."""
    root = copy_example(tmp_path / "t")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - cectrack:\n", f"  - cectrack:\n      generator: {generator}\n", 1))
    git_commit_all(root, "2026-01-05")
    steps = build_steps("build")
    assert [s["name"] for s in steps] == ["Check the credit files", "Build the site",
                                          "The site holds cectrack's figures"]
    said = ""
    for step in steps:
        result = run("bash", "-e", "-c", step["run"], cwd=root, env=step_env(root))
        assert result.returncode == 0, (step["name"], result.stdout, result.stderr)
        said += result.stdout
    assert f"(built by {generator})" in said
    report = json.loads((root / "site" / "status.json").read_text())
    assert report["credentials"][0]["earned"] == 38.5
    assert all(figures(visible_text(root / "site" / "index.html"), report))


@pytest.mark.slow  # whole builds and the workflow's steps
def test_a_site_built_without_cectrack_fails_the_build_and_the_workflow(tmp_path):
    """A mkdocs.yml without the plugin, or a generator run on the tracker itself, makes a
    site of placeholders: neither `cectrack build` nor the workflow's guard lets it pass."""
    root = copy_example(tmp_path / "t")
    config = root / "mkdocs.yml"
    config.write_text(re.sub(r"  - cectrack:\n(      .*\n)*", "", config.read_text()))
    assert "cectrack" not in config.read_text()
    built = run(str(BIN / "cectrack"), "build", cwd=root, env=step_env(root))
    assert built.returncode == 1
    assert ("cectrack build: error: site/status.json is missing: the site was built without "
            "cectrack's pages") in built.stderr
    guard = build_steps("build")[-1]
    (root / "site" / "status.json").unlink(missing_ok=True)
    result = run("bash", "-e", "-c", guard["run"], cwd=root, env=step_env(root))
    assert result.returncode == 1
    assert "::error::site/status.json is missing" in result.stdout


@pytest.mark.slow  # the workflow's shell step, the installed script in it
def test_the_check_step_annotates_broken_files_for_the_diff(tmp_path):
    root = copy_example(tmp_path / "t")
    add_broken_files(root)
    check = build_steps("build")[0]
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


@pytest.mark.slow  # the workflow's shell step, the installed script in it
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


@pytest.fixture
def site(example_site):
    return example_site  # the example built once for the whole run (conftest)


@pytest.mark.parametrize("clock, shown", [
    (None, "33 days left"),  # no script: the build-time text, as of 28 November 2026
    ("2026-12-21T09:00:00", "10 days left"),
    ("2026-12-30T23:30:00", "1 day left"),
    ("2027-01-05T09:00:00", "5 days overdue"),
])
@pytest.mark.slow  # Chromium
def test_days_left_are_recomputed_in_the_browser(site, browser, clock, shown):
    context = browser.new_context(java_script_enabled=clock is not None)
    page = context.new_page()
    if clock:
        page.clock.set_fixed_time(clock)
    page.goto((site / "index.html").as_uri())
    text = page.locator("[data-cectrack-deadline]").first.inner_text()
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


SECRET = "k3Jq9xV2mP7sT4wZ8yR1nB6c"  # an unlisted-audit secret, as `cectrack secret` makes


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """`cectrack render` of the example with unlisted packets, as a project for any generator."""
    base = tmp_path_factory.mktemp("render")
    root = copy_example(base / "t")
    config = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(config.replace(
        "publish_evidence: true", "publish_evidence: true\n      unlisted_audit: true"))
    out = base / "rendered"
    cectrack("render", "--out", str(out), cwd=root,
             env={"CECTRACK_TODAY": "2026-11-28", "CECTRACK_AUDIT_SECRET": SECRET})
    return out


@pytest.mark.slow  # a whole build per generator
@pytest.mark.parametrize("generator", ["mkdocs", "properdocs", "zensical"])
def test_render_output_builds_the_plugins_site_with_any_generator(rendered, tmp_path, generator):
    out = tmp_path / "project"
    shutil.copytree(rendered, out)
    built = run(str(BIN / generator), "build", "--strict", "-f", "mkdocs.yml", cwd=out,
                env=step_env(out))
    assert built.returncode == 0, built.stdout + built.stderr
    site = out / "site"
    report = json.loads((site / "status.json").read_text())
    assert all(figures(visible_text(site / "index.html"), report))
    packet = site / "audit" / SECRET / "acsm-cpt-2024-2026"
    assert "38.5" in visible_text(packet / "index.html")
    for export in (".csv", ".json", ".zip"):
        assert (packet.parent / f"acsm-cpt-2024-2026{export}").is_file(), export
    assert (site / "calendar.ics").is_file() and (site / "badges" / "acsm-cpt.json").is_file()
    assert (site / "guide" / "getting-started" / "index.html").is_file()  # your own pages too
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:  # noindex and cectrack's own assets on every page
        html = page.read_text()
        assert '<meta name="robots" content="noindex, nofollow">' in html, page
        assert "assets/cectrack/cectrack.css" in html and "assets/cectrack/fresh.js" in html
    assert SECRET not in (site / "sitemap.xml").read_text()
    assert SECRET not in (site / "index.html").read_text()
    search = [p for p in site.rglob("search*.json")]
    assert search and all(SECRET not in p.read_text() for p in search)
    assert "Audit packet:" not in "".join(p.read_text() for p in search)
    assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert broken_links(site) == {}  # the packet's links to its files too, in every generator


def broken_links(site: Path) -> dict[str, list[str]]:
    """{page: its relative links that lead to no file of the site}."""
    from posixpath import dirname, join, normpath
    from urllib.parse import unquote, urlsplit
    broken = {}
    for page in site.rglob("*.html"):
        here = dirname(page.relative_to(site).as_posix())
        for url in re.findall(r'(?:href|src)="([^"]*)"', page.read_text()):
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path or url.startswith("/"):
                continue
            target = site / normpath(join(here, unquote(parts.path)))
            if not (target / "index.html" if target.is_dir() else target).is_file():
                broken.setdefault(page.relative_to(site).as_posix(), []).append(url)
    return broken


def test_render_refuses_a_folder_it_did_not_write_and_replaces_its_own(rendered, tmp_path):
    root = copy_example(tmp_path / "t")
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    today = {"CECTRACK_TODAY": "2026-11-28"}
    refused = cectrack("render", "--out", str(foreign), cwd=root, env=today, expect=2)
    assert "did not write" in refused.stderr
    assert (foreign / "notes.txt").read_text() == "mine"
    again = tmp_path / "again"
    shutil.copytree(rendered, again)
    assert list((again / "docs" / "audit").glob(f"{SECRET}/*"))
    cectrack("render", "--out", str(again), cwd=root, env=today)
    assert not (again / "docs" / "audit" / SECRET).exists()  # the old secret's pages are gone


@pytest.mark.slow  # a whole build per generator
def test_a_generator_that_ignores_the_plugin_shows_a_placeholder_not_nothing(tmp_path):
    root = copy_example(tmp_path / "t")
    built = run(str(BIN / "zensical"), "build", "-f", "mkdocs.yml", cwd=root, env=step_env(root))
    assert built.returncode == 0, built.stdout + built.stderr
    text = visible_text(root / "site" / "index.html")
    assert "If you are reading this sentence, the site was built by a generator that" in text
    assert "cectrack render --out build" in text
    plugin_built = run(str(BIN / "mkdocs"), "build", "--strict", cwd=root, env=step_env(root))
    assert plugin_built.returncode == 0, plugin_built.stderr
    assert "38.5 of 45 CEC earned" in visible_text(root / "site" / "index.html")
    assert "reading this sentence" not in visible_text(root / "site" / "index.html")


@pytest.mark.slow  # a whole ProperDocs build
def test_the_example_builds_with_the_plugin_under_properdocs_too(tmp_path):
    root = copy_example(tmp_path / "t")
    built = run(str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", cwd=root,
                env=step_env(root))
    assert built.returncode == 0, built.stderr
    report = json.loads(cectrack("status", "--json", "--today", "2026-11-28").stdout)
    text = visible_text(root / "site" / "index.html")
    assert all(figures(text, report))
    assert "38.5 of 45 CEC earned" in text


@pytest.mark.slow  # a real zensical serve
def test_serve_with_zensical_renders_again_when_a_course_is_added(tmp_path):
    """`cectrack serve` on a Zensical tracker: the dashboard is served, and a new credit
    file shows in the served page (what `mkdocs serve` gives with the plugin)."""
    import socket
    import time
    import urllib.request
    root = copy_example(tmp_path / "t")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - cectrack:\n", "  - cectrack:\n      generator: zensical\n", 1))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(BIN / "cectrack"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=root, env=step_env(root), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)

    def dashboard_says(words: str, seconds: float = 90) -> bool:
        end = time.monotonic() + seconds
        while time.monotonic() < end and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    if words in page.read().decode("utf-8"):
                        return True
            except OSError:
                pass
            time.sleep(0.5)
        return False

    try:
        assert dashboard_says("38.5 of 45 CEC earned"), "the first render was not served"
        (root / "credits" / "2026" / "late.yaml").write_text(
            "title: Late summit\nprovider: ACSM\ncompleted: 2026-11-20\ncredits: 4\n")
        assert dashboard_says("42.5 of 45 CEC earned"), "the new course never showed"
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "files rendered again" in output
    assert server.returncode == 0


def test_a_zensical_build_of_a_private_site_stops_in_ci_without_its_password(tmp_path):
    """A site asked to be sealed (private: true) whose secret is missing in CI is refused
    with Zensical as with the plugin: nothing is built, nothing goes out; `render --out`,
    whose project a generator builds as it is, refuses it anywhere."""
    root = copy_example(tmp_path / "t")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - cectrack:\n", "  - cectrack:\n      generator: zensical\n      private: true\n", 1))
    assert "CECTRACK_SITE_PASSWORD" not in os.environ
    built = cectrack("build", cwd=root, env={"CI": "true"}, expect=2)
    assert ("CECTRACK_SITE_PASSWORD is not set in CI: the secret is missing or was deleted, "
            "and this build would publish in the clear") in built.stderr
    assert not (root / "site").exists()
    rendered = cectrack("render", "--out", str(tmp_path / "out"), cwd=root, expect=2)
    assert "with `cectrack build`" in rendered.stderr
