"""Helpers shared by the tests: real files on disk, fixed dates."""
from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from cectrack.engine.build import build_report
from cectrack.render.reasons import reason_words, reasons_words
from cectrack.records.load import load_tracker
from cectrack.rules.load import load_library

REPO = Path(__file__).resolve().parent.parent
# The tests' own example tracker. The one at the top of the repository is the user's to
# replace (the "use this template" route), so no test reads it.
EXAMPLE = REPO / "tests" / "fixtures" / "example"
TODAY = dt.date(2026, 11, 28)  # every figure in the tests is worked out for this day

# The parse cache (records/parsecache.py) is on in every test, in a folder of the test run's
# own, never the user's ~/.cache: every command a test runs reads through it, so the whole
# suite also checks that a cached reading gives what a fresh one gives.
TEST_CACHE = Path(tempfile.mkdtemp(prefix="cectrack-test-cache-"))
os.environ["CECTRACK_CACHE_DIR"] = str(TEST_CACHE)
atexit.register(shutil.rmtree, TEST_CACHE, ignore_errors=True)

ACSM_CPT_PROFILE = """\
name: Test Holder
credentials:
  - id: ACSM-CPT
    number: "987654"
    since: 2020-05-16
    expires: 2026-12-31
"""


def write_tracker(root: Path, files: dict[str, str], profile: str | None = ACSM_CPT_PROFILE) -> Path:
    """A tracker folder with credits/profile.yaml and the given credit files (dedented)."""
    (root / "credits").mkdir(parents=True, exist_ok=True)
    if profile is not None:
        (root / "credits" / "profile.yaml").write_text(textwrap.dedent(profile), "utf-8")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), "utf-8")
    return root


def course(title: str, completed: str, credits: float | None, unit: str = "CEC", **extra) -> str:
    """One credit entry as YAML text."""
    lines = [f"title: {title}", "provider: Test Provider", f"completed: {completed}"]
    if credits is not None:
        lines.append(f"credits: {credits}")
    lines.append(f"unit: {unit}")
    lines += [f"{key}: {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


def copy_example(root: Path) -> Path:
    """Copy the tests' example tracker (site config, credits, certificates) with the
    tool's documentation pages, which its navigation lists."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("credits", "certificates"):
        shutil.copytree(EXAMPLE / name, root / name)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(EXAMPLE / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "tracker")


# The five broken files of the spine's acceptance test, and the line each problem is on.
BROKEN_FILES = {
    "credits/bad/syntax.yaml": ("title: Broken bracket\nprovider: P\ncompleted: 2025-03-01\n"
                                "credits: [7.5\nunit: CEC\n", 4, "yaml-syntax"),
    "credits/bad/negative.yaml": ("title: Negative\nprovider: P\ncompleted: 2025-03-01\n"
                                  "credits: -3\n", 4, "negative-credits"),
    "credits/bad/furlongs.yaml": ("title: Far\nprovider: P\ncompleted: 2025-03-01\ncredits: 3\n"
                                  "unit: furlongs\n", 5, "unknown-unit"),
    "credits/bad/leap.yaml": ("title: Leap\nprovider: P\ncompleted: 2025-02-30\ncredits: 3\n",
                              3, "invalid-date"),
    "credits/bad/tag.yaml": ("title: Evil\nprovider: !!python/object/apply:os.system "
                             "['echo pwned > pwned.txt']\ncompleted: 2025-03-01\ncredits: 3\n",
                             2, "unsafe-tag"),
}


def add_broken_files(root: Path) -> None:
    for name, (text, _line, _code) in BROKEN_FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


def git_commit_all(root: Path, day: str, message: str = "record") -> str:
    """Commit everything in `root` (a git repository is made if needed) on a fixed day."""
    import os
    import subprocess
    env = dict(os.environ, GIT_AUTHOR_DATE=f"{day}T10:00:00Z", GIT_COMMITTER_DATE=f"{day}T10:00:00Z",
               GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="t@example.org")
    def git(*args):
        return subprocess.run(["git", "-C", str(root), *args], env=env, check=True,
                              capture_output=True, text=True).stdout
    if not (root / ".git").exists():
        git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", message)
    return git("rev-parse", "HEAD").strip()


def record_as_kept(root: Path, late: dict[str, str] | None = None) -> None:
    """A git history as a holder keeps one: the site and profile first, then each credit
    file with its certificates a few days after the course was completed, oldest first
    (`late`: {credit file: the day it was recorded instead})."""
    import datetime as dt
    import yaml
    late = late or {}
    courses = []
    for path in sorted((root / "credits").rglob("*.yaml")):
        if path.name == "profile.yaml":
            continue
        data = yaml.safe_load(path.read_text("utf-8"))
        entries = data if isinstance(data, list) else [data]
        name = path.relative_to(root).as_posix()
        day = late.get(name) or (max(e["completed"] for e in entries)
                                 + dt.timedelta(days=4)).isoformat()
        courses.append((day, name, sorted({e["evidence"] for e in entries if e.get("evidence")})))
    first = min(day for day, _, _ in courses) if courses else "2024-01-01"
    start = (dt.date.fromisoformat(first) - dt.timedelta(days=30)).isoformat()
    git_commit_paths(root, start, ["credits/profile.yaml", "mkdocs.yml", "docs"], "the tracker")
    for day, name, certificates in sorted(courses):
        git_commit_paths(root, day, [name, *[c for c in certificates if (root / c).exists()]],
                         f"record {name}")
    git_commit_paths(root, max(day for day, _, _ in courses), ["."], "the rest")


def git_commit_paths(root: Path, day: str, paths: list[str], message: str) -> None:
    """Commit only `paths` (those that exist) on a fixed day; a repository is made if needed."""
    env = dict(os.environ, GIT_AUTHOR_DATE=f"{day}T10:00:00Z", GIT_COMMITTER_DATE=f"{day}T10:00:00Z",
               GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="t@example.org")
    if not (root / ".git").exists():
        subprocess.run(["git", "-C", str(root), "init", "-q"], check=True)
    present = [p for p in paths if (root / p).exists()]
    subprocess.run(["git", "-C", str(root), "add", "--", *present], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "--allow-empty", "-m", message],
                   check=True, env=env, capture_output=True)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium (tests/install-tools.sh installs it); required in CI."""
    import os
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: tests/install-tools.sh should install it")
        pytest.skip("Chromium is not installed: run tests/install-tools.sh")
    return path


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script (tests/install-tools.sh installs it from npm); required in CI."""
    import os
    script = REPO / "tests" / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        if os.environ.get("CI"):
            pytest.fail("axe-core is missing in CI: tests/install-tools.sh should install it")
        pytest.skip("axe-core is not installed: run tests/install-tools.sh")
    return script.read_text("utf-8")


@contextlib.contextmanager
def serving(folder: Path):
    """A built site over http on a free local port (fetch and root-absolute links, as on
    the 404 page, do not work from file:// pages); yields its address."""
    import functools
    import http.server
    import threading
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


# --- Running the real tools ---------------------------------------------------------------

CECTRACK = Path(sys.executable).parent / "cectrack"  # the installed console script


def cectrack(*args, cwd=EXAMPLE, expect: int | None = 0):
    """The installed command, run as a user runs it; its exit code must be `expect` (0 unless
    the test says otherwise: 1 for problems found, 2 for a usage error; None to check it
    in the test itself)."""
    assert CECTRACK.exists(), "install the package first: pip install -e '.[test]'"
    result = subprocess.run([str(CECTRACK), *args], cwd=cwd, capture_output=True, text=True,
                            timeout=60)
    if expect is not None:
        assert result.returncode == expect, (args, result.returncode, result.stdout[-2000:],
                                             result.stderr[-2000:])
    return result


def mkdocs(*args, cwd: Path, today="2026-11-28", env: dict | None = None):
    env = dict(os.environ, CECTRACK_TODAY=today, NO_MKDOCS_2_WARNING="1", **(env or {}))
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def build_site(root: Path, today: str = "2026-11-28", **overrides) -> Path:
    os.environ["CECTRACK_TODAY"] = today
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), **overrides)
        build(config)
    finally:
        del os.environ["CECTRACK_TODAY"]
    return root / "site"


def visible_text(page: Path) -> str:
    """The article's text as a reader sees it: tags dropped, entities decoded, spaces folded."""
    article = re.search(r"<article.*?</article>", page.read_text("utf-8"), re.S).group(0)
    article = re.sub(r"<style>.*?</style>", " ", article, flags=re.S)  # print rules, not text
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())
    return re.sub(r" ([.,:;])", r"\1", text)  # "needed ." where a tag closed before the dot


def snapshot_of_this_repository(target):
    """This working tree (tracked and new files, as a commit would hold them) as a git repo."""
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        if (REPO / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)
    git_commit_all(target, "2026-01-05")
    return target


# --- Reports worked out in-process (the engine's tests) ----------------------------------

LIBRARY, _ = load_library()


def report_for(root, today=TODAY):
    return build_report(load_tracker(root, words=LIBRARY.entry_words()), LIBRARY, today)


def result(report, credential_id):
    (found,) = [c for c in report.credentials if c.id == credential_id]
    return found


def rows(credential):
    return {r.entry.title: r for r in credential.entries}


def why(row) -> str | None:
    """Why a row does not count, in the words every face shows (render/reasons.py)."""
    return reasons_words(row.excluded)


def notes_of(row) -> tuple[str, ...]:
    """How a row was counted, in the words every face shows."""
    return tuple(reason_words(note) for note in row.notes)


def profile(*credentials):
    lines = ["name: H", "credentials:"]
    for credential_id, dates in credentials:
        lines.append(f"  - id: {credential_id}")
        lines += [f"    {key}: {value}" for key, value in dates.items()]
    return "\n".join(lines) + "\n"


def card(title="CPR", completed="2025-01-18", expires="2027-06-18", hands_on="true"):
    return (f"title: {title}\nprovider: Red Cross\nactivity: cpr_aed\ncompleted: {completed}\n"
            f"expires: {expires}\nhands_on: {hands_on}\n")


def categories(credential):
    return {c.id: c.earned for c in credential.categories}


# Tests that drive a browser, install packages into a fresh venv or run other tools end to
# end: a plain `pytest` leaves them out for a quick run; the README's test command (and so
# CI) runs everything with `-m "slow or not slow"`.
SLOW_FIXTURES = {"chromium", "axe_source", "venv_bin"}
SLOW_MODULES = {"test_wheel.py"}
SLOW_TESTS = {
    "test_a_copy_of_this_repository_becomes_a_trainers_tracker_and_stays_green",
    "test_the_tools_own_hook_definition_runs_through_pre_commit",
    "test_benchmark_script_runs_on_a_small_tracker",
    "test_the_release_workflow_builds_checked_distributions_for_its_tag",
    "test_serve_rebuilds_when_a_credit_file_is_added",  # a real mkdocs serve
    "test_render_out_writes_inside_its_folder_only",
    "test_fuzz_rendered_pages_never_carry_live_markup",  # hypothesis, many examples
    "test_a_generator_that_ignores_the_plugin_shows_a_placeholder_not_nothing",
    "test_serve_with_zensical_renders_again_when_a_course_is_added",  # a real zensical serve
    "test_a_site_built_without_cectrack_fails_the_build_and_the_workflow",
    "test_the_example_builds_with_the_plugin_under_properdocs_too",
    "test_render_output_builds_the_plugins_site_with_any_generator",
    "test_the_workflows_own_shell_steps_pass_on_the_example",
    "test_add_by_answering_prompts_in_a_terminal",  # a pseudo-terminal
    "test_each_shell_completes_commands_options_values_and_files",  # bash, zsh and fish
    "test_pre_commit_runs_check_in_a_new_tracker",
    # init or a copied tracker, then check and a strict build, each a subprocess
    "test_a_warning_never_blocks_the_strict_build_and_shows_on_the_dashboard",
    "test_an_error_fails_both_check_and_the_strict_build",
    "test_audit_link_prints_absolute_addresses_from_the_remote_or_says_why_not",
    "test_commands_find_the_tracker_from_any_folder_inside_it",
    "test_an_unset_ci_secret_builds_plain_and_render_refuses_a_password",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if (SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or item.path.name in SLOW_MODULES
                or item.originalname in SLOW_TESTS):
            item.add_marker(pytest.mark.slow)
