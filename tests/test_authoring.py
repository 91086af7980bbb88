"""Issue 5: `add`, `init`, `import`, the JSON Schema and the pre-commit hook, run for real."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys

import jsonschema
import pexpect
import pytest
import yaml
from conftest import (
    CECTRACK,
    EXAMPLE,
    TODAY,
    cectrack,
    copy_example,
    git_commit_all,
    mkdocs,
    snapshot_of_this_repository,
)
from test_robustness import ODD_ENTRIES

from cectrack.analysis import analyse
from cectrack.records.load import load_tracker
from cectrack.records.schema import schema_text


def earned(root, credential="ACSM-CPT"):
    (c,) = [c for c in analyse(root, TODAY).credentials if c.id == credential]
    return c.earned


# --- add ---------------------------------------------------------------------------------

@pytest.mark.slow  # a pseudo-terminal
def test_add_by_answering_prompts_in_a_terminal(tmp_path):
    root = copy_example(tmp_path / "t")
    assert earned(root) == 38.5
    child = pexpect.spawn(str(CECTRACK), ["add", "--root", str(root), "--today", "2026-11-28"],
                          encoding="utf-8", timeout=30, dimensions=(40, 200))
    child.logfile_read = log = io.StringIO()
    answers = [("Course title", "Heat Safety Webinar"), ("Provider", ""),
               ("Completed", "2026-02-30"),  # refused: not a real date, asked again
               ("Completed", "2026-10-02"), ("Activity", "webinar"),
               ("Credits", "-1"), ("Credits", "1.5"), ("Unit", "contact hour"),
               ("Unit", "contact_hour"), ("Counts for", ""), ("Approval", ""),
               ("Certificate", str(tmp_path / "no-such.pdf")),  # mistyped: asked again
               ("Certificate", ""), ("Notes", "")]
    for prompt, answer in answers:
        child.expect(prompt)
        child.sendline(answer)
    child.expect("Write it")
    child.sendline("y")
    child.expect(pexpect.EOF)
    transcript = log.getvalue().replace("\r", "")
    assert "`completed: 2026-02-30` is not a real date (February 2026 has 28 days)" in transcript
    assert "`credits: -1` is negative" in transcript
    assert "did you mean `contact_hour`?" in transcript
    assert f"there is no file {tmp_path / 'no-such.pdf'}" in transcript  # the rest is kept
    assert "ACSM-CPT: 1.5 CEC; total 38.5 -> 40 of 45 CEC" in transcript
    assert "Wrote credits/2026/2026-10-02-heat-safety-webinar.yaml" in transcript
    written = root / "credits/2026/2026-10-02-heat-safety-webinar.yaml"
    text = written.read_text()
    assert text.startswith("# yaml-language-server: $schema=../.schema/entry.schema.json\n")
    # The last provider recorded (the chapter meeting) was offered and accepted.
    assert yaml.safe_load(text)["provider"] == "Southeast ACSM chapter"
    assert [p for p in analyse(root, TODAY).problems if p.file == "credits/2026/2026-10-02-heat-safety-webinar.yaml"
            and p.code != "no-evidence"] == []
    assert earned(root) == 40  # 38.5 + 1.5


def test_add_and_import_write_where_the_tracker_reads_its_credits(tmp_path):
    """A tracker whose credit files live in records/ (credits_dir in mkdocs.yml): the new
    files go there, where check and the build read them, never into a credits/ nobody reads."""
    root = copy_example(tmp_path / "t")
    (root / "credits").rename(root / "records")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("credits_dir: credits", "credits_dir: records"))
    cectrack("add", "--root", str(root), "--today", "2026-11-28", "--no-input", "--title", "Talk",
             "--provider", "P", "--credits", "1.5", "--completed", "2026-10-01")
    transcript = tmp_path / "t.csv"
    transcript.write_text("Date,Course,Provider,Credits,Units\n2026-10-02,Clinic,P,2,CEC\n")
    cectrack("import", str(transcript), "--root", str(root), "--today", "2026-11-28")
    assert sorted(p.name for p in (root / "records" / "2026").glob("2026-10-0*.yaml")) == [
        "2026-10-01-talk.yaml", "2026-10-02-clinic.yaml"]
    assert not (root / "credits").exists()
    # 38.5 + 1.5 + 2 = 42, read back by check from records/
    assert "ACSM-CPT: 42 of 45 CEC" in cectrack("check", "--root", str(root), "--today",
                                              "2026-11-28", expect=None).stdout


def test_add_with_flags_copies_the_certificate_and_never_overwrites(tmp_path):
    root = copy_example(tmp_path / "t")
    certificate = tmp_path / "Summit Certificate.PDF"
    certificate.write_bytes(b"%PDF-1.4 sample")
    args = ["add", "--root", str(root), "--today", "2026-11-28", "--no-input",
            "--title", "Youth Strength Summit", "--provider", "NSCA", "--credits", "0.6",
            "--unit", "CEU", "--activity", "conference", "--completed", "2026-09-01",
            "--evidence", str(certificate)]
    first = cectrack(*args)
    assert first.returncode == 0, first.stdout
    assert "ACSM-CPT: 6 CEC; total 38.5 -> 44.5 of 45 CEC" in first.stdout
    entry = yaml.safe_load((root / "credits/2026/2026-09-01-youth-strength-summit.yaml").read_text())
    assert entry["evidence"] == "certificates/2026-09-01-youth-strength-summit.pdf"
    assert (root / entry["evidence"]).read_bytes() == b"%PDF-1.4 sample"
    second = cectrack(*args, expect=1)  # the same course again: refused, nothing written
    assert second.returncode == 1
    assert ("this looks like the same course as credits/2026/2026-09-01-youth-strength-summit"
            ".yaml:2") in second.stdout and "Nothing written." in second.stdout
    assert not (root / "certificates/2026-09-01-youth-strength-summit-2.pdf").exists()
    assert earned(root) == 44.5
    # Another course whose file name is taken (the first was retitled by hand): next free name.
    first_file = root / "credits/2026/2026-09-01-youth-strength-summit.yaml"
    first_file.write_text(first_file.read_text().replace(
        "title: Youth Strength Summit", "title: Youth Strength Summit, morning"))
    third = cectrack(*args)
    assert "Wrote credits/2026/2026-09-01-youth-strength-summit-2.yaml " \
           "(2026-09-01-youth-strength-summit.yaml was taken)" in third.stdout
    assert (root / "certificates/2026-09-01-youth-strength-summit-2.pdf").exists()
    assert earned(root) == 50.5  # 38.5 + 6 + 6: two courses recorded


def test_add_says_what_check_would_warn_of_the_new_course_before_writing_it(tmp_path):
    """8 CEU is 80 hours: most likely the certificate's 8 hours.  check warns of it; add,
    which knows it first, said nothing."""
    root = copy_example(tmp_path / "t")
    added = cectrack("add", "--root", str(root), "--today", "2026-11-28", "--no-input",
                     "--title", "Strength clinic", "--provider", "P", "--credits", "8",
                     "--unit", "CEU", "--completed", "2026-10-01").stdout
    warning = ("  warning: 8 CEU is 80 hours of study: CEU is a decimal unit (0.1 = 1 hour)\n"
               "    hint: if the certificate says 8 hours, write `credits: 0.8` (or keep 8 with "
               "`unit: contact_hour`)\n")
    assert warning in added
    assert added.index(warning) < added.index("Wrote credits/2026/2026-10-01-strength-clinic.yaml")
    checked = cectrack("check", "--root", str(root), "--today", "2026-11-28").stdout
    assert "8 CEU is 80 hours of study" in checked


def test_add_without_input_names_what_is_missing(tmp_path):
    root = copy_example(tmp_path / "t")
    result = cectrack("add", "--root", str(root), "--no-input", "--credits", "2", expect=2)
    assert result.returncode == 2
    # Every required field is named; none is taken from the last course or today's date.
    assert result.stdout.splitlines() == [
        "cectrack add: --title is needed: title is required: what the course was called",
        "cectrack add: --provider is needed: provider is required: who awarded the credits",
        "cectrack add: --completed is needed: completed is required: the day it was completed "
        "(YYYY-MM-DD)"]
    bad = cectrack("add", "--root", str(root), "--no-input", "--title", "T", "--provider", "P",
                   "--completed", "2026-01-05", "--credits", "1", "--unit", "furlongs", expect=2)
    assert bad.returncode == 2 and "--unit: `unit: furlongs` is not a known unit" in bad.stdout
    assert not list((root / "credits" / "2026").glob("*-t.yaml"))


# --- init --------------------------------------------------------------------------------

@pytest.mark.slow  # a new tracker's first strict build by the mkdocs command
def test_init_builds_cleanly_and_a_second_init_changes_nothing(tmp_path):
    target = tmp_path / "tracker"
    result = cectrack("init", str(target), "--no-input", "--name", "Sam Trainer",
                      "--credential", "ACSM-CPT=2027-12-31")
    assert result.returncode == 0, result.stdout
    built = mkdocs("build", "--strict", cwd=target)
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr
    files = {p: p.read_bytes() for p in target.rglob("*") if p.is_file() and "site" not in p.parts}
    assert {p.relative_to(target).as_posix() for p in files} >= {
        "mkdocs.yml", "credits/profile.yaml", ".github/workflows/site.yml",
        ".pre-commit-config.yaml", "README.md", "credits/.schema/entry.schema.json"}
    again = cectrack("init", str(target), "--no-input", expect=1)
    assert again.returncode == 1
    assert "nothing written; these files exist" in again.stdout and "  mkdocs.yml" in again.stdout
    assert {p: p.read_bytes() for p in files} == files


def test_a_new_trackers_guide_shows_its_own_unit_and_links_to_the_form(tmp_path):
    # An ACE trainer's example course is 0.8 ACE-CEC (ACSM's 7.5 CEC would teach the wrong
    # unit); an ACSM trainer's stays 7.5 CEC; both link to the site's Add a course form.
    for credential, credits, unit in (("ACE-CPT", "0.8", "ACE-CEC"), ("ACSM-CPT", "7.5", "CEC")):
        target = tmp_path / credential
        cectrack("init", str(target), "--no-input", "--name", "Sam Trainer",
                 "--credential", f"{credential}=2027-12-31")
        guide = (target / "docs" / "adding.md").read_text("utf-8")
        assert f"\ncredits: {credits}\nunit: {unit}\n" in guide, guide
        assert "[Add a course](add/index.md)" in guide
    built = mkdocs("build", "--strict", cwd=tmp_path / "ACE-CPT")
    assert built.returncode == 0 and "WARNING" not in built.stderr, built.stderr
    page = (tmp_path / "ACE-CPT" / "site" / "adding" / "index.html").read_text("utf-8")
    assert 'href="../add/"' in page


@pytest.mark.slow  # the installed script in a terminal of its own (pexpect)
def test_init_asks_for_the_holder_and_credentials(tmp_path):
    target = tmp_path / "tracker"
    child = pexpect.spawn(str(CECTRACK), ["init", str(target)], encoding="utf-8", timeout=30)
    child.logfile_read = transcript = io.StringIO()
    for prompt, answer in [("Your name", "Sam Trainer"), ("Credential id", "ACSM-CTP"),
                           ("Credential id", "ACSM-CPT"), ("expires on", "2027-12-31"),
                           ("first earned on", "2024-13-01"), ("first earned on", "2024-06-01"),
                           ("certificate number", "A-77 12"), ("Credential id", ""),
                           ("site's address", "you.github.io"),
                           ("site's address", "https://sam.github.io/ce/"),
                           ("What builds your site", "hugo"),
                           ("What builds your site", "zensical")]:
        child.expect(prompt)
        child.sendline(answer)
    child.expect(pexpect.EOF)
    said = transcript.getvalue()
    assert "`ACSM-CTP` is not a known credential; did you mean `ACSM-CPT`" in said
    assert "write the date as YYYY-MM-DD" in said and "write the full address" in said
    profile = yaml.safe_load((target / "credits/profile.yaml").read_text())
    assert profile == {"name": "Sam Trainer",
                       "credentials": [{"id": "ACSM-CPT", "number": "A-77 12",
                                        "since": dt.date(2024, 6, 1),
                                        "expires": dt.date(2027, 12, 31)}]}
    config = yaml.safe_load((target / "mkdocs.yml").read_text())
    assert config["site_url"] == "https://sam.github.io/ce/"
    assert "write one of mkdocs, properdocs, zensical" in said
    assert {"cectrack": {"generator": "zensical"}} in config["plugins"]  # the one place
    assert "\nzensical>=0.0.73,<0.2\n" in (target / "requirements.txt").read_text()


# --- import ------------------------------------------------------------------------------

def fifty_rows(path):
    """50 rows; lines 12, 27 and 40 are bad (a bad date, no title, negative credits)."""
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "Course Title", "Provider", "CEUs", "Approval Number"])
        for i in range(50):
            line = i + 2
            date = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"
            title, credits = f"Course {i:02d}", "0.1"
            if line == 12:
                date = "2025-02-30"
            if line == 27:
                title = ""
            if line == 40:
                credits = "-0.2"
            writer.writerow([date, title, "Provider Inc.", credits, f"AP-{i}"])


def test_import_fifty_rows_with_three_bad_then_again(tmp_path):
    root = tmp_path / "t"
    cectrack("init", str(root), "--no-input", "--name", "X", "--credential", "ACSM-CPT=2026-12-31")
    transcript = tmp_path / "transcript.csv"
    fifty_rows(transcript)
    dry = cectrack("import", str(transcript), "--root", str(root), "--dry-run", "--today", "2026-11-28", expect=1)
    assert "would import 47 entries" in dry.stdout and not (root / "credits/2025").exists()
    first = cectrack("import", str(transcript), "--root", str(root), "--today", "2026-11-28", expect=1)
    assert first.returncode == 1
    assert len(list((root / "credits/2025").glob("*.yaml"))) == 47
    bad_lines = sorted(int(line.split(":")[1]) for line in first.stdout.splitlines() if ": error: " in line)
    assert bad_lines == [12, 27, 40]
    assert "imported 47 entries; 0 already recorded; 3 rows with errors" in first.stdout
    second = cectrack("import", str(transcript), "--root", str(root), "--today", "2026-11-28", expect=1)
    assert "imported 0 entries; 47 already recorded; 3 rows with errors" in second.stdout
    assert len(list((root / "credits/2025").glob("*.yaml"))) == 47
    tracker = load_tracker(root)
    assert tracker.problems == () and len(tracker.entries) == 47
    assert {e.unit for e in tracker.entries} == {"CEU"}  # from the "CEUs" header


def test_import_with_a_column_map_and_a_date_format(tmp_path):
    root = tmp_path / "t"
    cectrack("init", str(root), "--no-input", "--name", "X", "--credential", "ACSM-CPT=2026-12-31")
    transcript = tmp_path / "odd.csv"
    transcript.write_text("When,What,Who,Amount,Kind\n03/14/2025,Summit,ACSM,7.5,CECs\n")
    result = cectrack("import", str(transcript), "--root", str(root), "--today", "2026-11-28",
                      "--map", "When=completed", "--map", "What=title", "--map", "Who=provider",
                      "--map", "Kind=unit", "--date-format", "%m/%d/%Y")
    assert result.returncode == 0, result.stdout
    (entry,) = load_tracker(root).entries
    assert (entry.completed, entry.title, entry.credits, entry.unit) == (
        dt.date(2025, 3, 14), "Summit", 7.5, "CEC")


def test_import_reads_semicolon_and_tab_separated_files_as_spreadsheets_save_them(tmp_path):
    root = tmp_path / "t"
    cectrack("init", str(root), "--no-input", "--name", "X", "--credential", "ACSM-CPT=2026-12-31")
    files = {  # Excel's "CSV" where the decimal sign is a comma; a tab export; plain commas
        "semicolons.csv": 'Date;Course;Provider;Credits\n2026-03-14;Summit, day 1;ACSM;7,5\n'
                          '2026-04-01;"Strength; power";NSCA;2\n',
        "tabs.tsv": "Date\tCourse\tProvider\tCredits\n2026-05-14\tWebinar, live\tACE\t1,25\n",
        "commas.csv": 'Date,Course,Provider,Credits\n2026-06-14,Core; balance,ACE,1.5\n',
    }
    said = []
    for name, text in files.items():
        (tmp_path / name).write_text(text, "utf-8")
        said.append(cectrack("import", str(tmp_path / name), "--root", str(root), "--today",
                             "2026-11-28").stdout)
    assert said[0].startswith("semicolons.csv: note: columns separated by semicolons; a comma "
                              "in the credits is read as the decimal sign (7,5 is 7.5)\n")
    assert said[1].startswith("tabs.tsv: note: columns separated by tabs;")
    assert "note" not in said[2]
    entries = {e.title: (e.provider, e.credits) for e in load_tracker(root).entries}
    assert entries == {"Summit, day 1": ("ACSM", 7.5), "Strength; power": ("NSCA", 2),
                       "Webinar, live": ("ACE", 1.25), "Core; balance": ("ACE", 1.5)}


def test_import_of_a_csv_that_is_not_utf8_says_how_to_save_it(tmp_path):
    root = tmp_path / "t"
    cectrack("init", str(root), "--no-input", "--name", "X", "--credential", "ACSM-CPT=2026-12-31")
    transcript = tmp_path / "excel.csv"
    transcript.write_bytes("Date,Course,Provider,Credits\n2025-01-01,Caf\xe9 talk,P,1\n".encode("cp1252"))
    result = cectrack("import", str(transcript), "--root", str(root), "--today", "2026-11-28", expect=2)
    assert result.returncode == 2
    # "Date,Course,Provider,Credits\n" is 29 bytes, "2025-01-01,Caf" 14 more: the é is byte 43
    assert result.stdout.strip() == ('excel.csv:2: error: cannot read the CSV: it is not UTF-8 text '
                                     '(byte 43): save it as "CSV UTF-8"')
    assert "Traceback" not in result.stderr and not (root / "credits" / "2025").exists()


def test_import_reads_a_csv_with_a_byte_order_mark_and_refuses_one_too_large(tmp_path):
    root = tmp_path / "t"
    cectrack("init", str(root), "--no-input", "--name", "X", "--credential", "ACSM-CPT=2026-12-31")
    excel = tmp_path / "excel.csv"  # Excel's "CSV UTF-8" starts with a byte-order mark
    excel.write_bytes(b"\xef\xbb\xbfDate,Course,Provider,Credits,Units\n"
                      b"2025-01-01,Caf\xc3\xa9 talk,P,1,CEC\n")
    result = cectrack("import", str(excel), "--root", str(root), "--today", "2026-11-28")
    assert "imported 1 entry" in result.stdout
    assert "title: Café talk" in (root / "credits" / "2025").joinpath(
        next(p.name for p in (root / "credits" / "2025").iterdir())).read_text("utf-8")
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:  # 20 MB and one byte: over the limit, refused unread
        handle.write(b"Date,Course,Provider,Credits\n")
        handle.truncate(20_000_001)
    result = cectrack("import", str(huge), "--root", str(root), "--today", "2026-11-28", expect=2)
    assert result.stdout.strip() == (f"cectrack import: cannot read {huge}: it is larger than the "
                                     "limit of 20,000,000 bytes")
    assert "Traceback" not in result.stderr


# --- JSON Schema ---------------------------------------------------------------------------

class _StringDates(yaml.SafeLoader):
    """YAML as an editor's schema check sees it: dates stay text."""


_StringDates.yaml_implicit_resolvers = {
    key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def schema_errors(name, text):
    schema = json.loads(schema_text(name))
    validator_class = jsonschema.validators.validator_for(schema)  # the dialect it declares
    assert validator_class is jsonschema.Draft7Validator  # what YAML editors fully support
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=jsonschema.FormatChecker())
    try:
        data = yaml.load(text, Loader=_StringDates)
    except yaml.YAMLError as err:
        return [err]  # an editor flags unparsable YAML before any schema
    return list(validator.iter_errors(data))


def test_example_data_validates_against_the_schema():
    for path in (EXAMPLE / "credits").rglob("*.yaml"):
        name = "profile" if path.name == "profile.yaml" else "entry"
        assert schema_errors(name, path.read_text()) == [], path


GOOD = [
    "title: T\nprovider: P\ncompleted: 2025-01-01\ncredits: 1\n",
    "title: T\nprovider: P\ncompleted: 2025-01-01\ncredits: 0.2\nunit: CEU\nactivity: webinar\n",
    "- title: A\n  provider: P\n  completed: 2025-01-01\n  credits: 1\n"
    "- title: B\n  provider: P\n  completed: 2025-01-02\n  credits: 2\n",
    "title: T\nprovider: P\ncompleted: 2025-01-01\nactivity: cpr_aed\nexpires: 2027-01-01\nhands_on: true\n",
    "title: T\nprovider: P\ncompleted: 2025-01-01\ncredits: 1\ncategory: {NSCA: C, NCCPA: 1}\n",
    "title: T\nprovider: P\ncompleted: 2025-01-01\ncredits: 1\ncounts_for: [ACSM-CPT]\napproval: 123\n",
]
BAD = [
    "title: T\nprovder: P\ncompleted: 2025-01-01\ncredits: 1\n",
    "title: T\nprovider: P\ncompleted: 2025-02-30\ncredits: 1\n",
    "title: T\nprovider: P\ncompleted: 2025-01-01\ncredits: -3\n",
    "title: T\nprovider: P\ncompleted: 2025-01-01\ncredits: 1\nunit: furlongs\n",
    "title: T\nprovider: P\ncredits: 1\n",
    "title: T\nprovider: P\ncompleted: 2025-01-01\ncredits: seven\n",
    "title: T\nprovider: P\ncompleted: 2025-01-01\ncredits: 1\nhands_on: maybe\n",
    "title: T\nprovider: P\ncompleted: 2025-01-01\ncredits: 1\npetition: sent\n",
    "title:\nprovider: P\ncompleted: 2025-01-01\ncredits: 1\n",
    "12\n",
]


# The odd inputs of the robustness sweep too, less what JSON cannot express (NaN, infinity)
# and timestamps with a time, which the loader accepts as their date.
AGREE = GOOD + BAD + [t for t, _ in ODD_ENTRIES if t.startswith("title: T\n")
                      and not any(x in t for x in (".nan", "1e400", "2025-01-01T"))]


@pytest.mark.parametrize("text", AGREE)
def test_schema_and_loader_agree(tmp_path, text):
    (tmp_path / "credits").mkdir()
    (tmp_path / "credits" / "x.yaml").write_text(text)
    loader_ok = not [p for p in load_tracker(tmp_path).problems if p.file == "credits/x.yaml"]
    assert (schema_errors("entry", text) == []) == loader_ok, text


def test_schema_command_prints_the_published_schema(tmp_path):
    printed = cectrack("schema", "entry")
    assert printed.returncode == 0 and json.loads(printed.stdout)["title"] == "cectrack credit entry"
    root = copy_example(tmp_path / "t")
    os.environ["CECTRACK_TODAY"] = "2026-11-28"
    try:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        build(load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site")))
    finally:
        del os.environ["CECTRACK_TODAY"]
    assert (root / "site/schema/entry.schema.json").read_text() == printed.stdout
    assert json.loads((root / "site/schema/profile.schema.json").read_text())["required"] == [
        "name", "credentials"]


# --- pre-commit ------------------------------------------------------------------------------

def pre_commit(*args, cwd):
    env = dict(os.environ, PRE_COMMIT_HOME=str(cwd.parent / "pre-commit-home"),
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.slow  # pre-commit itself
def test_pre_commit_runs_check_in_a_new_tracker(tmp_path):
    root = tmp_path / "tracker"
    cectrack("init", str(root), "--no-input", "--name", "X", "--credential", "ACSM-CPT=2026-12-31")
    git_commit_all(root, "2026-01-05")
    good = pre_commit("run", "--all-files", cwd=root)
    assert good.returncode == 0, good.stdout + good.stderr
    (root / "credits" / "bad.yaml").write_text("title: T\nprovider: P\ncompleted: 2025-02-30\n")
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    bad = pre_commit("run", "--all-files", cwd=root)
    assert bad.returncode == 1
    assert "credits/bad.yaml:3:12: error: `completed: 2025-02-30` is not a real date" in bad.stdout


@pytest.mark.slow  # pre-commit installs the tool from a copy
def test_the_tools_own_hook_definition_runs_through_pre_commit(tmp_path):
    # `pre-commit try-repo` installs cectrack from the repository as any tracker would.
    tool = snapshot_of_this_repository(tmp_path / "tool")
    root = tmp_path / "tracker"
    cectrack("init", str(root), "--no-input", "--name", "X", "--credential", "ACSM-CPT=2026-12-31")
    (root / "credits" / "bad.yaml").write_text("title: T\nprovider: P\ncompleted: 2025-01-01\ncredits: -3\n")
    git_commit_all(root, "2026-01-05")
    result = pre_commit("try-repo", str(tool), "cectrack-check", "--all-files", cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "credits/bad.yaml:4:10: error: `credits: -3` is negative" in result.stdout
