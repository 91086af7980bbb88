"""Helpers shared by the tests: real files on disk, fixed dates."""
from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import fcntl
import html
import io
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
from cectrack.records.load import load_tracker
from cectrack.render.reasons import reason_words, reasons_words
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
# Where Python is told to write no bytecode (PYTHONDONTWRITEBYTECODE), every command a test
# starts would compile the package afresh, about 0.4 s of CPU each: the run keeps its own.
if os.environ.pop("PYTHONDONTWRITEBYTECODE", None):
    os.environ.setdefault("PYTHONPYCACHEPREFIX", str(TEST_CACHE / "bytecode"))

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


def copy_example(root: Path, guide: bool = False) -> Path:
    """Copy the tests' example tracker (site config, credits, certificates) with the
    tool's documentation pages, which its navigation lists.  Those pages (the guide,
    errors.md, safety.md: 170 KB and their screenshots) are copied as their headings only
    unless `guide`: they are about 60 % of a build's time and no test of the generated pages
    reads them; the run's shared build (example_site) and the strict build keep them whole."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("credits", "certificates"):
        shutil.copytree(EXAMPLE / name, root / name)
    shutil.copytree(REPO / "docs", root / "docs",
                    ignore=None if guide else shutil.ignore_patterns("assets"))
    if not guide:
        for page in (root / "docs").rglob("*.md"):
            page.write_text(_headings_only(page.read_text("utf-8")), "utf-8")
    shutil.copy(EXAMPLE / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _headings_only(markdown: str) -> str:
    """A documentation page's headings (its title and anchors), its text left out; the
    plugin's placeholder pages, which it replaces, as they are."""
    if markdown.startswith("<!-- cectrack: placeholder -->"):
        return markdown
    headings, fenced = [], False
    for line in markdown.splitlines():
        fenced ^= line.lstrip().startswith(("```", "~~~"))
        if line.startswith("#") and not fenced:
            headings.append(line + "\n\nLeft out of the tests' builds.\n")
    return "\n".join(headings)


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


# Playwright's own flags, and none that asks anything of the network (updates, sync).
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def worker_browser(chromium):
    """One Chromium for all the browser tests of a worker (each xdist worker is a process of
    its own): the suite launched 29, each about 0.7 s of CPU (Playwright's driver, the
    browser, its closing).  While it runs, Playwright's sync API holds its event loop as
    running in this thread: a test in process that started asyncio itself would fail (none
    does; the benchmark's browser runs in a process of its own)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def browser(worker_browser):
    """The worker's Chromium.  A test opens contexts of its own (new_context, new_page: no
    cookie, storage or cache shared with another test); whatever it leaves open is closed
    after it, passed or failed."""
    yield worker_browser
    for context in worker_browser.contexts:
        context.close()


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
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # not into the output of a command run in process
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


# --- Running the real tools ---------------------------------------------------------------

CECTRACK = Path(sys.executable).parent / "cectrack"  # the installed console script


def cectrack(*args, cwd=EXAMPLE, expect: int | None = 0,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The command's own entry point (cectrack.cli.main, what the console script calls) run
    in this process from `cwd`, its output and exit code caught as a subprocess's would be;
    the exit code must be `expect` (0 unless the test says otherwise: 1 for problems found,
    2 for a usage error; None to check it in the test itself); `env`: variables set while it
    runs.  In process because starting Python and importing the package costs about a second
    a command; cectrack_process() runs the installed script where the process itself is what
    a test checks."""
    from cectrack.cli import main
    out, err = io.TextIOWrapper(io.BytesIO(), "utf-8"), io.TextIOWrapper(io.BytesIO(), "utf-8")
    here = os.getcwd()
    os.chdir(cwd)
    try:
        with (contextlib.redirect_stdout(out), contextlib.redirect_stderr(err),
              _stdin(io.StringIO()), environment(env or {})):
            try:
                code = main([str(a) for a in args])
            except SystemExit as stop:  # argparse's usage errors, --help
                code = _exit_code(stop.code)
    finally:
        os.chdir(here)
    out.flush(), err.flush()
    result = subprocess.CompletedProcess(["cectrack", *map(str, args)], code,
                                         out.buffer.getvalue().decode("utf-8"),
                                         err.buffer.getvalue().decode("utf-8"))
    _expect(result, expect)
    return result


def init_tracker(root: Path, name: str = "Sam Trainer",
                 *credentials: str) -> Path:
    """A new tracker, as `cectrack init` makes it for a trainer starting out; credentials as
    ID=EXPIRES (ACSM-CPT=2026-12-31 unless given)."""
    held = [arg for c in credentials or ("ACSM-CPT=2026-12-31",) for arg in ("--credential", c)]
    made = cectrack("init", str(root), "--no-input", "--name", name, *held)
    assert made.returncode == 0, made.stdout + made.stderr
    return root


def cectrack_process(*args, cwd=EXAMPLE, expect: int | None = 0) -> subprocess.CompletedProcess:
    """The installed command as a separate process, as a user runs it (see cectrack())."""
    assert CECTRACK.exists(), "install the package first: pip install -e '.[test]'"
    result = subprocess.run([str(CECTRACK), *map(str, args)], cwd=cwd, capture_output=True,
                            text=True, timeout=60, stdin=subprocess.DEVNULL)
    _expect(result, expect)
    return result


def _exit_code(code) -> int:
    """What Python makes of sys.exit(code) for the shell: None is 0, a message 1 (printed)."""
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)
    return 1


@contextlib.contextmanager
def environment(variables: dict[str, str]):
    """The given environment variables set while the block runs, then as they were."""
    kept = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in kept.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _stdin(stream):
    kept, sys.stdin = sys.stdin, stream
    try:
        yield
    finally:
        sys.stdin = kept


def _expect(result: subprocess.CompletedProcess, expect: int | None) -> None:
    if expect is not None:
        assert result.returncode == expect, (result.args, result.returncode,
                                             result.stdout[-2000:], result.stderr[-2000:])


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


def build_with(root, caplog, **env):
    """An in-process build with `env` set; (whether it built, the log's text).  A build the
    plugin stops logs its error and raises Abort, as the mkdocs command does before exiting 1."""
    from mkdocs.exceptions import Abort
    try:
        with environment(env):
            build_site(root)
        built = True
    except Abort:
        built = False
    return built, caplog.text


@pytest.fixture(scope="session")
def example_site(tmp_path_factory, worker_id) -> Path:
    """The tests' example tracker built once, as it is, on 28 November 2026: one build read by
    every module that only reads it (one for all xdist workers: the first makes it under a
    lock, the others wait for it).  Never write into it or its tracker; copy_example() and
    build_site() make a site of a test's own."""
    base = tmp_path_factory.getbasetemp()
    if worker_id != "master":  # every worker's base sits in the run's one folder
        base = base.parent
    with open(base / "example-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        root, done = base / "example-site", base / "example-site.built"
        if not done.exists():
            shutil.rmtree(root, ignore_errors=True)  # a worker stopped half way
            build_site(copy_example(root, guide=True))
            done.touch()
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


# A plain `pytest` is the quick run: it leaves out the tests marked slow, by
# @pytest.mark.slow on the test or `pytestmark` on its module, each with the reason (a
# browser, a fresh venv, a whole build or tool chain where that is what the test checks);
# the README's test command (and so CI) runs everything with -m "slow or not slow".
STARTS_A_BROWSER_OR_A_VENV = {"chromium", "axe_source", "venv_bin"}


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", dest="update_golden",
                     help="write tests/golden/ from the pages as generated now (test_golden.py)")


def pytest_collection_modifyitems(config, items):
    """A test that starts Chromium or a fresh venv and is not marked slow stops the run; the
    longest modules go first (LONGEST_FIRST)."""
    unmarked = [item.nodeid for item in items
                if STARTS_A_BROWSER_OR_A_VENV & set(getattr(item, "fixturenames", ()))
                and item.get_closest_marker("slow") is None]
    if unmarked:
        raise pytest.UsageError("mark these @pytest.mark.slow (they start Chromium or a venv): "
                                + ", ".join(unmarked))
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest as collected


# --- The order of the modules on the workers ------------------------------------------------
# The whole suite runs each module whole on one xdist worker (--dist loadfile), and xdist hands
# the modules out by their number of tests, most first: the few long modules (Chromium on every
# page, a fresh venv, the benchmark), which hold few tests, started last, and one core sat idle
# while the other finished them.  They go first instead, longest first (CPU and waiting seconds
# each took in the whole suite, 3 December 2026: 56 to 10 s), so that what is left at the end
# is short whichever worker takes it.  A module not listed runs after them, as collected.
LONGEST_FIRST = (
    "test_packet.py", "test_accessibility.py", "test_wheel.py", "test_course_pages.py",
    "test_private_browser.py", "test_accessibility_phone.py", "test_publishing.py",
    "test_robustness.py", "test_team_status.py", "test_authoring.py", "test_render_sealed.py",
    "test_safety_build.py", "test_sealed.py")


def pytest_configure(config):
    """xdist keeps the order pytest_collection_modifyitems gives (LONGEST_FIRST), rather than
    ordering the modules by their number of tests; a module listed there that no longer
    exists stops the run, so a renamed one is not left to run last unnoticed."""
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False
    missing = [name for name in LONGEST_FIRST if not (REPO / "tests" / name).is_file()]
    if missing:
        raise pytest.UsageError("tests/conftest.py LONGEST_FIRST names modules that do not "
                                "exist: " + ", ".join(missing))
