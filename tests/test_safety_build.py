"""Safety of the real faces: `mkdocs build`, `cectrack render` and the CLI, on hostile data.

A real build of a tracker whose every user string is a payload: its HTML holds no live
markup (checked with a parser and in Chromium: no dialog fires), no private file is
published, nothing is written outside the output folder, and not a byte of the user's data
changes.  Plus the CLI's last guards and a bounded fuzz run of the loader, rule reader and
renderer (a longer run: HYPOTHESIS_PROFILE=long, see docs/safety.md).
"""
from __future__ import annotations

import hashlib
import html.parser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TODAY, build_site, cectrack, course, write_tracker
from hypothesis import HealthCheck, given, settings, strategies as st
from test_hostile import PAYLOADS, RULE_FILE, _Live

from cectrack.analysis import analysis, site_content
from cectrack.records.yamlsource import read_yaml
from cectrack.render.options import PageOptions
from cectrack.render.pages import render_pages
from cectrack.rules.load import load_ruleset

MKDOCS = Path(sys.executable).parent / "mkdocs"
settings.register_profile("suite", max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.register_profile("long", max_examples=20_000, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

SITE_YML = """\
site_name: Hostile
theme: {name: material, font: false}
plugins:
  - search
  - cectrack:
      publish_evidence: true
      today: "2026-11-28"
"""


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hostile_tracker(root: Path) -> Path:
    """Every payload in every user field, certificates that try to leave, a hostile name."""
    files = {}
    for i, payload in enumerate(PAYLOADS):
        files[f"credits/2025/p{i}.yaml"] = (
            f"title: {_quoted(payload)}\nprovider: {_quoted(payload)}\ncompleted: 2025-03-01\n"
            f"credits: 1\napproval: {_quoted(payload)}\nnotes: {_quoted(payload)}\n"
            f"evidence: certificates/ok.pdf\n")
    for i, path in enumerate(["../../../../etc/passwd", "/etc/passwd", ".git/config",
                              "credits/profile.yaml", "mkdocs.yml", "certificates/link.pdf",
                              "certificates/../../x.pdf"]):
        files[f"credits/2025/escape{i}.yaml"] = course(f"Escape {i}", "2025-04-01", 1) + \
            f"evidence: {_quoted(path)}\n"
    # A rule file's strings are user strings: a body's name that would close <title>
    files["rules/fbn.yaml"] = RULE_FILE.replace("name: Example Board", "name: " + _quoted(
        PAYLOADS[6])).replace("name: Registered Nurse", "name: " + _quoted(PAYLOADS[2]))
    profile = (f"name: {_quoted(PAYLOADS[6])}\ncredentials:\n  - id: ACSM-CPT\n"
               "    number: '12345678'\n    expires: 2026-12-31\n"
               "  - id: FBN-RN\n    expires: 2026-12-31\n")
    write_tracker(root, files, profile)
    (root / "certificates").mkdir()
    (root / "certificates" / "ok.pdf").write_bytes(b"%PDF-1.4 ok")
    (root / "certificates" / "link.pdf").symlink_to("/etc/passwd")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]\nsecret = do-not-publish\n")
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(SITE_YML)
    return root


def digest_tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in ("credits", "certificates", "rules") if (root / folder).is_dir()
            for p in sorted((root / folder).rglob("*")) if p.is_file() and not p.is_symlink()}


def build(root: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(MKDOCS), "build", "-q", *extra], cwd=root, capture_output=True,
                          text=True, timeout=180)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = hostile_tracker(tmp_path_factory.mktemp("hostile") / "t")
    before = digest_tree(root)
    build_site(root)  # not strict: the escape attempts are errors, the site still builds
    assert digest_tree(root) == before  # not a byte of the user's data changed
    return root


def test_the_built_site_has_no_live_markup_from_data(hostile_site):
    for page in (hostile_site / "site").rglob("*.html"):
        parser = _Live()
        parser.feed(page.read_text("utf-8"))
        # Material's own pages load its bundled scripts; none may come from the data.
        live = [f for f in parser.found if f not in ("script", "meta", "form")]
        assert live == [], (page, live)
        assert "<script>alert" not in page.read_text("utf-8")


def test_every_page_title_is_text_that_closes_nothing(hostile_site):
    """Material prints the title unescaped in <title> and the header: a body's name that
    reads </title><script> must arrive as that text, escaped (issue 22, item 7)."""
    titles = {}
    for page in (hostile_site / "site").rglob("*.html"):
        parser = _Titles()
        parser.feed(page.read_text("utf-8").split("</head>")[0])  # charts have their own
        titles[page.relative_to(hostile_site / "site").as_posix()] = parser.titles
    assert all(len(found) == 1 for found in titles.values()), titles
    assert titles["rules/fbn/index.html"] == [f"{PAYLOADS[6]} (FBN) - Hostile"]
    assert titles["credentials/fbn-rn/index.html"] == [f"FBN-RN: {PAYLOADS[2]} - Hostile"]


class _Titles(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.titles: list[str] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        self.inside = tag == "title"
        if self.inside:
            self.titles.append("")

    def handle_endtag(self, tag):
        self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.titles[-1] += data


def test_no_private_or_outside_file_is_published(hostile_site):
    site = hostile_site / "site"
    published = b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())
    assert b"do-not-publish" not in published
    assert b"root:x:0:0" not in published  # /etc/passwd
    evidence = sorted(p.relative_to(site).as_posix() for p in site.rglob("evidence/**/*")
                      if p.is_file())
    assert evidence == ["audit/evidence/certificates/ok.pdf"]
    import zipfile
    (packet,) = site.glob("audit/acsm-cpt-*.zip")
    names = zipfile.ZipFile(packet).namelist()
    assert all(not n.startswith("/") and ".." not in n.split("/") for n in names)
    assert [n for n in names if n.startswith("evidence/")] == ["evidence/certificates/ok.pdf"]


@pytest.mark.slow  # the mkdocs command itself: strict mode's exit code
def test_strict_build_refuses_the_escape_attempts(hostile_site):
    result = subprocess.run([str(MKDOCS), "build", "--strict"], cwd=hostile_site,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 1
    for code in ("evidence-outside", "evidence-private"):
        assert f"[{code}]" in result.stderr


@pytest.mark.slow  # Chromium
def test_no_dialog_fires_in_chromium(hostile_site, browser):
    dialogs = []
    page = browser.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for written in sorted((hostile_site / "site").rglob("*.html")):
        if "assets" in written.parts:
            continue
        page.goto(written.as_uri())
        page.evaluate("""() => document.querySelectorAll('*').forEach(e => {
            for (const type of ['mouseover', 'mouseenter', 'focus', 'toggle', 'load'])
                e.dispatchEvent(new Event(type));
        })""")
    assert dialogs == []


@pytest.mark.parametrize("setting,value", [
    ("credits_dir", "../.."), ("dashboard", "../credits/profile.yaml"),
    ("dashboard", "/etc/x.md"), ("site_dir", "credits"), ("site_dir", "certificates"),
    ("site_dir", "."), ("site_dir", ".."), ("today", "9999-12-31")])
@pytest.mark.slow  # the mkdocs command on a hostile config: exit 1, no traceback
def test_hostile_config_values_stop_the_build_and_change_nothing(tmp_path, setting, value):
    root = hostile_tracker(tmp_path / "t")
    config = SITE_YML.replace('      today: "2026-11-28"\n', "") if setting == "today" else SITE_YML
    if setting == "site_dir":
        config += f"site_dir: {value}\n"
    else:
        config = config.replace("      publish_evidence: true\n",
                                f"      publish_evidence: true\n      {setting}: {_quoted(value)}\n")
    (root / "mkdocs.yml").write_text(config)
    before = digest_tree(root)
    listing = sorted(p.name for p in tmp_path.iterdir())
    result = build(root)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "cectrack" in result.stderr or (setting == "site_dir" and "Aborted" in result.stdout)
    assert digest_tree(root) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


@pytest.mark.slow  # render and a build per hostile folder
def test_render_out_writes_inside_its_folder_only(tmp_path):
    root = hostile_tracker(tmp_path / "t")
    for out in (root / "credits", root / "certificates" / "x", root, root / ".git"):
        result = cectrack("render", "--root", str(root), "--out", str(out), "--today", "2026-11-28", expect=2)
        assert result.returncode == 2 and "would mix generated files" in result.stderr
    before = digest_tree(root)
    out = tmp_path / "out"
    render = ("render", "--root", str(root), "--out", str(out), "--today", "2026-11-28",
              "--publish-evidence")
    first = cectrack(*render, expect=1)
    assert "Traceback" not in first.stderr and (out / ".cectrack-render").is_file()
    shutil.rmtree(out / "docs" / "badges")
    (out / "docs" / "badges").symlink_to(root / "credits")  # links planted in the output
    (out / "overrides").rename(out / "gone")
    (out / "overrides").symlink_to(root / "certificates")
    again = cectrack(*render, expect=2)  # nothing written through them, nor over them
    assert "would land outside" in again.stderr and "Traceback" not in again.stderr
    assert (out / "docs" / "badges").is_symlink() and (out / "overrides").is_symlink()
    assert digest_tree(root) == before
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "badges").symlink_to(root / "credits")
    refused = cectrack("render", "--root", str(root), "--out", str(foreign), expect=2)
    assert refused.returncode == 2 and "did not write" in refused.stderr
    assert digest_tree(root) == before


@pytest.mark.slow  # the installed script as its own process, its output cut by a pipe
def test_a_closed_pipe_is_quiet(tmp_path):
    root = hostile_tracker(tmp_path / "t")
    exe = Path(sys.executable).parent / "cectrack"
    piped = subprocess.run(f"'{exe}' check --root '{root}' --today 2026-11-28 | head -1",
                           shell=True, capture_output=True, text=True, timeout=60)
    assert piped.stderr == "" and len(piped.stdout.splitlines()) == 1


def test_a_bad_today_is_usage(tmp_path):
    root = hostile_tracker(tmp_path / "t")
    result = cectrack("check", "--root", str(root), "--today", "9999-12-31", expect=2)
    assert result.returncode == 2 and "outside the years 1900–2200" in result.stderr


# --- Bounded fuzzing: the loader, the rule reader and the renderer never raise ---------
yaml_text = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(["title: ", "provider: ", "completed: ", "credits: ", "unit: ",
                              "- ", "  ", "[", "]", "{", "}", "&a ", "*a ", "!!str ", "'", '"',
                              "2025-03-01", "1e9", ".nan", "\n", ": ", "#", "|", ">", "\\u0000",
                              "CEC", "evidence: ../x", "<script>", "{: onclick=x }"]),
             max_size=60).map("".join))


@given(yaml_text)
def test_fuzz_read_yaml_never_raises(text):
    documents, problems = read_yaml(text, "f.yaml")
    assert all(p.file == "f.yaml" and p.message for p in problems)


@given(st.text(max_size=300), st.sampled_from(["body", "cycle", "conversions", "credentials",
                                               "caps", "categories", "versions", "sources"]))
def test_fuzz_rule_reader_never_raises(fragment, key):
    text = RULE_FILE + f"{key}: {fragment}\n" if key not in RULE_FILE else \
        RULE_FILE.replace(f"{key}:", f"{key}: {fragment}\nunused_{key}:", 1)
    problems = []
    load_ruleset(text, "rules/f.yaml", problems)
    assert all(p.file == "rules/f.yaml" for p in problems)


@pytest.mark.slow  # hypothesis, many examples
@settings(max_examples=40)
@given(st.text(min_size=1, max_size=80))
def test_fuzz_rendered_pages_never_carry_live_markup(tmp_path_factory, text):
    root = tmp_path_factory.mktemp("fuzz")
    entry = course("Course", "2025-03-01", 1).replace("title: Course", f"title: {_quoted(text)}")
    entry += f"notes: {_quoted(text)}\n"
    write_tracker(root, {"credits/e.yaml": entry})
    import markdown
    for page in render_pages(site_content(analysis(root, TODAY)), PageOptions()).values():
        parser = _Live()
        parser.feed(markdown.markdown(page, extensions=["tables", "admonition", "attr_list",
                                                        "pymdownx.details", "toc"]))
        assert parser.found == []
