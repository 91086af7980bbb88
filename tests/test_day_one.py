"""Issue 10: a trainer's own tracker, live on day one: the one gate for check and build."""
from __future__ import annotations

import re
import shutil

import pytest
from conftest import (
    EXAMPLE,
    REPO,
    cectrack,
    init_tracker,
    mkdocs,
    snapshot_of_this_repository,
    visible_text,
)

COURSE = ["--title", "Spring Summit", "--provider", "ACSM", "--completed", "2026-03-14",
          "--credits", "7.5", "--unit", "CEC", "--no-input", "--today", "2026-11-28"]


def new_tracker(tmp_path):
    return init_tracker(tmp_path / "t")


@pytest.mark.slow  # a strict build by the mkdocs command
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


@pytest.mark.slow  # a strict build by the mkdocs command
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


@pytest.mark.slow  # a strict build by the mkdocs command
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
WHEEL = re.compile(r"cectrack @ file://\$\{PWD\}/wheels/cectrack-0\.1\.0-py3-none-any\.whl"
                   r"#sha256=([0-9a-f]{64})")
ORIGINS = [  # a PEP 610 direct_url.json (None: installed from an index) -> the line written
    (None, "cectrack==0.1.0"),
    ({"url": "https://github.com/cectrack/cectrack",
      "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "main"}},
     f"cectrack @ git+https://github.com/cectrack/cectrack@{COMMIT}"),
    ({"url": "https://github.com/x/mono", "subdirectory": "tool",
      "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
     f"cectrack @ git+https://github.com/x/mono@{COMMIT}#subdirectory=tool"),
    # Nothing another machine could reach: the running package, packed into wheels/.
    ({"url": "file:///home/sam/cectrack", "dir_info": {"editable": True}}, WHEEL),
    ({"url": "file:///tmp/cectrack-0.1.0-py3-none-any.whl",
      "archive_info": {"hashes": {"sha256": "ab"}}}, WHEEL),
    ({"url": "file:///home/sam/cectrack", "vcs_info": {"vcs": "git", "commit_id": COMMIT}}, WHEEL),
    ({"url": "git@github.com:x/cectrack", "vcs_info": {"vcs": "git", "commit_id": COMMIT}}, WHEEL),
]


def test_init_pins_exactly_the_running_cectrack_by_version_commit_or_its_wheel():
    import hashlib

    from cectrack.authoring.pin import is_pinned, pin_for
    for origin, line in ORIGINS:
        pin = pin_for(origin, "0.1.0")
        requirements = [x for x in pin.text().splitlines() if x and not x.startswith("#")]
        assert len(requirements) == 1 and is_pinned(pin.text()), origin
        if isinstance(line, str):
            assert requirements == [line] and pin.wheel is None, origin
        else:  # the line names the wheel written beside it, by the hash of its bytes
            digest = line.fullmatch(requirements[0]).group(1)
            path, data = pin.wheel
            assert path == "wheels/cectrack-0.1.0-py3-none-any.whl"
            assert hashlib.sha256(data).hexdigest() == digest
    assert not is_pinned("cectrack>=0.1.0\n") and not is_pinned("cectrack\n")
    assert not is_pinned("cectrack @ git+https://github.com/x/y@main\n")
    assert not is_pinned("cectrack @ file:///home/sam/cectrack-0.1.0-py3-none-any.whl\n")


def test_the_packed_wheel_is_the_package_byte_for_byte_the_same_each_time():
    import io
    import zipfile

    from cectrack.authoring.wheel import build_wheel
    first, second = build_wheel(), build_wheel()
    assert first == second  # one hash for one installation: `upgrade` sees nothing changed
    archive = zipfile.ZipFile(io.BytesIO(first))
    names = archive.namelist()
    package = {p.relative_to(REPO).as_posix() for p in (REPO / "cectrack").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert package <= set(names)  # every file the package reads (rules, templates, assets)
    meta = "cectrack-0.1.0.dist-info/"
    assert {meta + n for n in ("METADATA", "WHEEL", "RECORD", "entry_points.txt")} <= set(names)
    assert not [n for n in names if n.endswith((".pyc", "direct_url.json", "INSTALLER"))]
    record = archive.read(meta + "RECORD").decode().splitlines()
    assert len(record) == len(names) and record[-1] == meta + "RECORD,,"
    assert "cectrack.plugin:CectrackPlugin" in archive.read(meta + "entry_points.txt").decode()


def test_upgrade_replaces_cectracks_lines_and_keeps_the_users(tmp_path):
    from cectrack.authoring.pin import pin_for
    from cectrack.authoring.upgrade import updated_requirements, version_key
    index = pin_for(None, "0.2.0")
    text = ("# my tools\nzensical>=0.1\n" + pin_for(None, "0.1.0").text() + "pyyaml\n")
    assert updated_requirements(text, index) == (
        "# my tools\nzensical>=0.1\n" + index.text() + "pyyaml\n")
    assert updated_requirements("zensical\n", index) == index.text() + "zensical\n"
    assert version_key("0.10.0") > version_key("0.9.3") > version_key("0.9.3rc1")


def test_upgrade_moves_the_pin_refuses_an_older_cectrack_and_drops_old_wheels(tmp_path):
    root = new_tracker(tmp_path)
    requirements = root / "requirements.txt"
    first = requirements.read_text()
    same = cectrack("upgrade", cwd=root)
    assert "already pins this cectrack (0.1.0); nothing changed" in same.stdout
    newer = first.replace("cectrack-0.1.0-py3", "cectrack-9.0.0-py3")
    requirements.write_text("mkdocs-material\n" + newer)
    (root / "wheels" / "cectrack-9.0.0-py3-none-any.whl").write_bytes(b"later")
    refused = cectrack("upgrade", cwd=root, expect=1)
    assert "pins cectrack 9.0.0, newer than this 0.1.0" in refused.stdout
    assert requirements.read_text() == "mkdocs-material\n" + newer  # untouched
    back = cectrack("upgrade", "--allow-older", cwd=root)
    assert "cectrack 9.0.0 -> cectrack 0.1.0, from wheels/cectrack-0.1.0" in back.stdout
    assert requirements.read_text() == "mkdocs-material\n" + first
    assert sorted(p.name for p in (root / "wheels").iterdir()) == [
        "cectrack-0.1.0-py3-none-any.whl"]


# --- The "use this template" route ------------------------------------------------------
TOP_LEVEL_DATA = re.compile(r"""REPO\s*/\s*["'](credits|certificates|mkdocs\.yml|rules)["']""")


def test_no_test_reads_the_top_level_example():
    """The user replaces the top-level data; the tool's tests use tests/fixtures/example."""
    from conftest import REPO
    for path in sorted((REPO / "tests").glob("*.py")):
        found = TOP_LEVEL_DATA.search(path.read_text("utf-8"))
        assert found is None, (path.name, found and found.group(0))


@pytest.mark.slow  # a copy of the repository, its workflow and tests
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
    # CI installs the pinned cectrack (this editable one, packed), not the copy's source.
    from cectrack.authoring.pin import is_pinned
    workflow = (copy / ".github" / "workflows" / "site.yml").read_text()
    assert "run: pip install -r requirements.txt" in workflow and "pip install -e" not in workflow
    assert is_pinned((copy / "requirements.txt").read_text())
    assert [p.name for p in (copy / "wheels").iterdir()] == ["cectrack-0.1.0-py3-none-any.whl"]
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


# --- Day-one frictions (issue 25) ------------------------------------------------------
def test_outside_a_tracker_commands_say_no_tracker_here_and_write_nothing(tmp_path):
    (tmp_path / "transcript.csv").write_text("Date,Course,Provider,Credits\n"
                                             "2026-03-14,Summit,ACSM,7.5\n")
    before = sorted(tmp_path.rglob("*"))
    for command in (["check"], ["status", "--json"], ["due"], ["import", "transcript.csv"],
                    ["add", *COURSE], ["render", "--out", "out"], ["audit-link"],
                    ["schema", "--write"], ["upgrade"]):
        result = cectrack(*command, cwd=tmp_path, expect=2)
        assert result.stderr.startswith(f"cectrack {command[0]}: error: no tracker here: "
                                        f"neither {tmp_path} nor a folder above it holds "
                                        "credits/ or mkdocs.yml"), (command, result.stderr)
        assert "cectrack init DIR" in result.stderr
    assert sorted(tmp_path.rglob("*")) == before  # nothing created
    assert "ACSM-CPT" in cectrack("rules", cwd=tmp_path).stdout  # cectrack's own rules
    assert '"title": "cectrack credit entry"' in cectrack("schema", cwd=tmp_path).stdout


def test_import_into_a_folder_without_a_profile_refuses_like_add(tmp_path):
    (tmp_path / "credits").mkdir()  # a tracker's folder, but no profile yet
    (tmp_path / "t.csv").write_text("Date,Course,Provider,Credits\n2026-03-14,Summit,ACSM,7.5\n")
    result = cectrack("import", "t.csv", cwd=tmp_path, expect=1)
    assert "credits/profile.yaml: error:" in result.stdout and "[missing-profile]" in result.stdout
    assert [p.name for p in (tmp_path / "credits").iterdir()] == []


def test_check_says_which_courses_count_for_none_of_your_credentials_and_why(tmp_path):
    root = new_tracker(tmp_path)
    (root / "credits" / "2026").mkdir()
    (root / "credits" / "2026" / "yoga.yaml").write_text(
        "title: Yoga for trainers\nprovider: Studio\ncompleted: 2026-05-02\ncredits: 3\n"
        "counts_for: NSCA-CSCS\n")
    (root / "credits" / "2026" / "college.yaml").write_text(
        "title: Kinesiology 101\nprovider: State College\ncompleted: 2026-02-02\ncredits: 3\n"
        "unit: college_semester_hour\nactivity: college_course\ngrade: D\n")
    (root / "credits" / "2026" / "summit.yaml").write_text(
        "title: Summit\nprovider: ACSM\ncompleted: 2026-03-14\ncredits: 7.5\n")
    (root / "credits" / "2019.yaml").write_text(  # history, before the cycle: no note
        "title: Old course\nprovider: ACSM\ncompleted: 2019-03-14\ncredits: 2\n")
    checked = cectrack("check", "--today", "2026-11-28", cwd=root)
    lines = checked.stdout.splitlines()
    assert lines[lines.index('credits/2026/college.yaml:1: note: "Kinesiology 101" counts for '
                             'none of your credentials:') + 1] == \
        "    ACSM-CPT: grade D is below the C needed"
    assert lines[lines.index('credits/2026/yoga.yaml:1: note: "Yoga for trainers" counts for '
                             'none of your credentials:') + 1] == \
        "    ACSM-CPT: counts only for NSCA-CSCS (its `counts_for:`)"
    notes = [line for line in lines if ": note: " in line]
    assert len(notes) == 2  # not the Summit (it counts), not the old course (history)
    assert "ACSM-CPT: 7.5 of 45 CEC" in checked.stdout
    github = cectrack("check", "--today", "2026-11-28", "--format", "github", cwd=root)
    assert ("::notice file=credits/2026/yoga.yaml,line=1,title=cectrack counts for none::"
            '"Yoga for trainers" counts for none of your credentials (ACSM-CPT: counts only for '
            "NSCA-CSCS (its `counts_for:`))") in github.stdout.splitlines()


def test_new_files_get_the_users_usual_permissions(tmp_path):
    import os
    import stat
    root = new_tracker(tmp_path)  # the test runs under the usual umask, 022
    cectrack("add", *COURSE, cwd=root)
    written = [p for p in root.rglob("*") if p.is_file()]
    assert len(written) > 10
    modes = {p.relative_to(root).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in written}
    assert set(modes.values()) == {0o666 & ~current_umask()}, modes
    profile = root / "credits" / "profile.yaml"
    os.chmod(profile, 0o600)  # a file the user made private stays private when replaced
    from cectrack.files.atomic import replace_atomically
    replace_atomically(profile, profile.read_bytes())
    assert stat.S_IMODE(profile.stat().st_mode) == 0o600


def current_umask() -> int:
    import os
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
