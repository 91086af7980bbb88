"""Issue 10: a trainer's own tracker, live on day one: the one gate for check and build."""
from __future__ import annotations

import re
import shutil

from conftest import EXAMPLE, cectrack, mkdocs, snapshot_of_this_repository, visible_text

COURSE = ["--title", "Spring Summit", "--provider", "ACSM", "--completed", "2026-03-14",
          "--credits", "7.5", "--unit", "CEC", "--no-input", "--today", "2026-11-28"]


def new_tracker(tmp_path):
    root = tmp_path / "t"
    made = cectrack("init", str(root), "--no-input", "--name", "Sam Trainer",
                    "--credential", "ACSM-CPT=2026-12-31")
    assert made.returncode == 0, made.stdout + made.stderr
    return root


def test_a_warning_never_blocks_the_strict_build_and_shows_on_the_dashboard(tmp_path):
    root = new_tracker(tmp_path)
    added = cectrack("add", *COURSE, cwd=root)  # no certificate yet: a warning
    assert added.returncode == 0, added.stdout + added.stderr
    checked = cectrack("check", "--today", "2026-11-28", cwd=root)
    assert checked.returncode == 0 and "warning:" in checked.stdout, checked.stdout
    built = mkdocs("build", "--strict", cwd=root)
    assert built.returncode == 0, built.stderr
    assert re.search(r"INFO .*credits/2026/.*: warning: .*\[no-evidence\]", built.stderr)
    text = visible_text(root / "site" / "index.html")
    assert "7.5 of 45 CEC earned" in text
    # The warning in plain words, below the card (a line above it points there)
    assert "1 course needs a certificate: see below the credential" in text
    assert text.index("7.5 of 45 CEC earned") < text.index("! 1 course needs a certificate")


def test_an_error_fails_both_check_and_the_strict_build(tmp_path):
    root = new_tracker(tmp_path)
    (root / "credits" / "bad.yaml").write_text(
        "title: T\nprovider: P\ncompleted: 2026-02-30\ncredits: 1\n")
    checked = cectrack("check", "--today", "2026-11-28", cwd=root, expect=1)
    assert checked.returncode == 1
    built = mkdocs("build", "--strict", cwd=root)
    assert built.returncode == 1
    assert re.search(r"ERROR .*credits/bad.yaml:3:12: error: .*\[invalid-date\]", built.stderr)
    assert "Aborted with 1 errors in strict mode" in built.stdout + built.stderr


# --- From anywhere in the tracker; the site's address ---------------------------------
def test_commands_find_the_tracker_from_any_folder_inside_it(tmp_path):
    root = new_tracker(tmp_path)
    cectrack("add", *COURSE, cwd=root)
    at_root = cectrack("check", "--today", "2026-11-28", cwd=root)
    deep = root / "credits" / "2026"
    from_below = cectrack("check", "--today", "2026-11-28", cwd=deep)
    assert from_below.stdout == at_root.stdout and from_below.returncode == 0
    assert "ACSM-CPT: 7.5 of 45 CEC" in from_below.stdout
    added = cectrack("add", *COURSE[:1], "Autumn Summit", *COURSE[2:], cwd=deep)
    assert added.returncode == 0, added.stdout + added.stderr
    assert len(list((root / "credits" / "2026").glob("*.yaml"))) == 2  # not credits/2026/credits/


def test_git_facts_hold_for_a_tracker_below_the_repositorys_top(tmp_path):
    from conftest import git_commit_all

    from cectrack.audit.gitfacts import read_git_facts, sha256_at
    root = new_tracker(tmp_path / "repo")  # the repository is tmp_path/repo/t's parent
    cectrack("add", *COURSE, cwd=root)
    commit = git_commit_all(tmp_path / "repo", "2026-03-20")
    facts = read_git_facts(root)
    (entry,) = [p.relative_to(root).as_posix() for p in (root / "credits" / "2026").glob("*.yaml")]
    first = facts.first_recorded(entry)
    assert first is not None and first.date.isoformat() == "2026-03-20"
    assert sha256_at(root, commit, entry) is not None


PAGES_REMOTES = [
    ("https://github.com/sam-t/ce-tracker.git", "https://sam-t.github.io/ce-tracker/"),
    ("git@github.com:Sam-T/ce-tracker.git", "https://sam-t.github.io/ce-tracker/"),
    ("https://github.com/sam-t/sam-t.github.io", "https://sam-t.github.io/"),
    ("https://gitlab.com/sam/ce", ""),
    ("/srv/git/ce.git", ""),
]


def test_the_pages_address_follows_from_a_github_remote():
    from cectrack.tracker.locate import pages_url_of_remote
    assert [pages_url_of_remote(remote) for remote, _ in PAGES_REMOTES] == \
        [url for _, url in PAGES_REMOTES]


def test_audit_link_prints_absolute_addresses_from_the_remote_or_says_why_not(tmp_path):
    import subprocess
    root = new_tracker(tmp_path)
    unknown = cectrack("audit-link", "--today", "2026-11-28", cwd=root, expect=2)
    assert unknown.returncode == 2 and "set `site_url:` in mkdocs.yml" in unknown.stderr
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "remote", "add", "origin",
                    "https://github.com/sam-t/ce-tracker.git"], check=True)
    links = cectrack("audit-link", "--today", "2026-11-28", cwd=root)
    assert links.stdout == ("ACSM-CPT 2024-2026: "
                            "https://sam-t.github.io/ce-tracker/audit/acsm-cpt-2024-2026/\n")
    built = mkdocs("build", "--strict", cwd=root)
    assert built.returncode == 0, built.stderr
    sitemap = (root / "site" / "sitemap.xml").read_text()
    assert "<loc>https://sam-t.github.io/ce-tracker/</loc>" in sitemap
    assert 'href="/ce-tracker/assets/' in (root / "site" / "404.html").read_text()


# --- Distribution without a floating name ----------------------------------------------
COMMIT = "4f1c0e2a9b7d3c5e6f8a0b1c2d3e4f5a6b7c8d9e"
ORIGINS = [  # a PEP 610 direct_url.json (None: installed from an index) -> the line written
    (None, "cectrack==0.1.0"),
    ({"url": "https://github.com/cectrack/cectrack",
      "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "main"}},
     f"cectrack @ git+https://github.com/cectrack/cectrack@{COMMIT}"),
    ({"url": "https://github.com/x/mono", "subdirectory": "tool",
      "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
     f"cectrack @ git+https://github.com/x/mono@{COMMIT}#subdirectory=tool"),
    ({"url": "file:///home/sam/cectrack", "dir_info": {"editable": True}}, None),
    ({"url": "file:///tmp/cectrack-0.1.0-py3-none-any.whl",
      "archive_info": {"hashes": {"sha256": "ab"}}}, None),
    ({"url": "file:///home/sam/cectrack", "vcs_info": {"vcs": "git", "commit_id": COMMIT}}, None),
]


def test_init_pins_exactly_the_running_cectrack_or_says_what_to_write():
    from cectrack.authoring.pin import is_pinned, requirement_text
    for origin, line in ORIGINS:
        text = requirement_text(origin, "0.1.0")
        requirements = [x for x in text.splitlines() if x and not x.startswith("#")]
        if line is None:  # a local folder or file: nothing another machine could install
            assert requirements == [] and "never a bare `cectrack`" in text, origin
            assert not is_pinned(text)
        else:
            assert requirements == [line] and is_pinned(text), origin
    assert not is_pinned("cectrack>=0.1.0\n") and not is_pinned("cectrack\n")
    assert not is_pinned("cectrack @ git+https://github.com/x/y@main\n")


# --- The "use this template" route ------------------------------------------------------
TOP_LEVEL_DATA = re.compile(r"""REPO\s*/\s*["'](credits|certificates|mkdocs\.yml|rules)["']""")


def test_no_test_reads_the_top_level_example():
    """The user replaces the top-level data; the tool's tests use tests/fixtures/example."""
    from conftest import REPO
    for path in sorted((REPO / "tests").glob("*.py")):
        found = TOP_LEVEL_DATA.search(path.read_text("utf-8"))
        assert found is None, (path.name, found and found.group(0))


def test_a_copy_of_this_repository_becomes_a_trainers_tracker_and_stays_green(tmp_path):
    import subprocess
    import sys

    from test_publishing import build_steps, step_env
    copy = snapshot_of_this_repository(tmp_path / "copy")
    for name in ("credits", "certificates"):  # as the template holds it, whoever runs this
        shutil.rmtree(copy / name, ignore_errors=True)
        shutil.copytree(EXAMPLE / name, copy / name)
    shutil.copy(EXAMPLE / "mkdocs.yml", copy / "mkdocs.yml")
    made = cectrack("init", "--here", "--no-input", "--name", "Sam Trainer",
                    "--credential", "ACSM-CPT=2026-12-31", cwd=copy / "docs")
    assert made.returncode == 0, made.stdout + made.stderr
    assert list((copy / "credits").rglob("*.yaml")) == [copy / "credits" / "profile.yaml"]
    assert not any((copy / "certificates").iterdir())
    assert "publish_evidence: false" in (copy / "mkdocs.yml").read_text()
    cectrack("add", *COURSE, cwd=copy)
    for step in build_steps("build"):  # the site workflow's own shell steps
        ran = subprocess.run(step["run"], shell=True, cwd=copy, env=step_env(copy),
                             capture_output=True, text=True, timeout=300)
        assert ran.returncode == 0, (step["name"], ran.stdout, ran.stderr)
    assert "Sam Trainer" in (copy / "site" / "index.html").read_text()
    # The tests that once read the top-level example pass on the copy.
    tests = ["test_cli.py", "test_engine.py", "test_docs.py", "test_readme.py"]
    suite = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            *[f"tests/{name}" for name in tests]], cwd=copy,
                           capture_output=True, text=True, timeout=600)
    assert suite.returncode == 0, suite.stdout[-3000:]
    again = cectrack("init", "--here", "--no-input", "--name", "Else", cwd=copy, expect=1)
    assert again.returncode == 1 and "nothing changed" in again.stdout
