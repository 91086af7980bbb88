"""What the command line says when it is given something it cannot use: the installed
command run as a subprocess, its words read as a user reads them; never a traceback."""
from __future__ import annotations

import json
import os
import socket
import zipfile
from pathlib import Path

from conftest import CECTRACK, cectrack_process, copy_example, write_tracker


def test_serve_refuses_a_port_in_use_or_out_of_range_before_building(tmp_path):
    """A taken port ended `mkdocs serve` with a 49-line OSError traceback after a whole
    build, a port above 65535 with an OverflowError; both are now refused at once."""
    root = copy_example(tmp_path / "t")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        in_use = cectrack_process("serve", "--dev-addr", f"127.0.0.1:{port}", cwd=root, expect=2)
    assert in_use.stderr == (
        f"cectrack serve: error: --dev-addr 127.0.0.1:{port}: port {port} is in use, by another "
        "preview or another program\n    hint: stop that one, or give a free port, e.g. "
        "--dev-addr 127.0.0.1:8001\n")
    too_high = cectrack_process("serve", "--dev-addr", "127.0.0.1:99999", cwd=root, expect=2)
    assert too_high.stderr == (
        "cectrack serve: error: --dev-addr 127.0.0.1:99999: the port must be a whole number "
        "from 1 to 65535, found '99999'\n    hint: give a free port, e.g. --dev-addr "
        "127.0.0.1:8001\n")
    no_port = cectrack_process("serve", "--dev-addr", "127.0.0.1", cwd=root, expect=2)
    assert "expected HOST:PORT, found no port" in no_port.stderr
    unknown = cectrack_process("serve", "--dev-addr", "nowhere.invalid:8000", cwd=root, expect=2)
    assert "'nowhere.invalid' is not an address of this computer" in unknown.stderr
    for said in (in_use, too_high, no_port, unknown):
        assert "Traceback" not in said.stderr and said.stdout == ""
    assert not (root / "site").exists()


def answered(command: list[str], cwd, answers: list[str]) -> tuple[str, int]:
    """`command` run on a terminal (a pty, as a user types), each answer given when a
    question waits; its whole output and exit code."""
    import pexpect
    child = pexpect.spawn(command[0], command[1:], cwd=str(cwd), encoding="utf-8", timeout=60,
                          env=dict(os.environ, CECTRACK_TODAY="2026-11-28", TERM="dumb"))
    said = []
    for answer in answers:
        child.expect(r"[:\]?] $")
        said.append(child.before + child.after + answer + "\n")
        child.sendline(answer)
    child.expect(pexpect.EOF)
    said.append(child.before)
    child.close()
    return "".join(said), child.exitstatus


PA_AND_EMT = ("name: Pat Assistant\ncredentials:\n  - id: NCCPA-PA-C\n    expires: 2027-12-31\n"
              "  - id: NREMT-EMT\n    expires: 2027-03-31\n")


def test_interactive_add_asks_each_bodys_category_and_takes_a_decimal_comma(tmp_path):
    """An NCCPA Category 1 course landed in Category 2, unasked, and `7,5` was refused
    though import and the site's form read it as 7.5.  The categories are offered for the
    bodies the course counts for, a wrong one asked again, blank leaves none."""
    root = write_tracker(tmp_path / "t", {}, PA_AND_EMT)
    said, code = answered([str(CECTRACK), "add"], root, [
        "Suture course", "ACME", "2026-11-20", "", "7,5", "CME", "",  # counts for both
        "Category 9", "1",  # NCCPA: a wrong answer, then Category 1
        "",  # NREMT: left where its rules place it
        "", "", "", "y"])
    assert code == 0, said
    assert ("National Commission on Certification of Physician Assistants categories (blank: "
            "as NCCPA's rules place the course):\r\n  1  Category 1\r\n  2  Category 2\r\n") in said
    assert "  'Category 9' is not one of NCCPA's categories; write one of 1, 2, or leave it blank" in said
    assert "  airway" + " " * 20 + "Airway, respiration and ventilation, inside National" in said
    assert "NCCPA-PA-C: 7.5 CME; total 0 -> 7.5 of 100 CME" in said
    written = (root / "credits/2026/2026-11-20-suture-course.yaml").read_text()
    assert "credits: 7.5\nunit: CME\ncategory:\n  NCCPA: '1'\n" in written
    report = json.loads(cectrack_process("status", "--json", "--today", "2026-11-28",
                                         cwd=root).stdout)
    (nccpa,) = [c for c in report["credentials"] if c["id"] == "NCCPA-PA-C"]
    assert {c["id"]: c["earned"] for c in nccpa["categories"]} == {"1": 7.5, "2": 0}


def test_interactive_add_asks_only_for_the_bodies_the_course_counts_for(tmp_path):
    root = write_tracker(tmp_path / "t", {}, PA_AND_EMT)
    said, code = answered([str(CECTRACK), "add"], root, [
        "Airway lab", "ACME", "2026-11-20", "", "2", "CEH", "NREMT-EMT", "AIRWAY", "", "", "",
        "y"])
    assert code == 0, said
    assert "NCCPA" not in said.split("Counts for")[1].split("This course counts as")[0]
    written = (root / "credits/2026/2026-11-20-airway-lab.yaml").read_text()
    assert "category:\n  NREMT: airway\n" in written


def test_init_without_a_name_or_credential_leaves_check_warning_of_both(tmp_path):
    """`init --no-input` wrote `name: "Your Name"` and `credentials: []` and `check` said
    nothing: the packet would have declared "I, Your Name"."""
    made = cectrack_process("init", str(tmp_path / "t"), "--no-input", cwd=tmp_path)
    assert ("Still to write in credits/profile.yaml: your name and the credentials you hold"
            in made.stdout)
    checked = cectrack_process("check", "--today", "2026-11-28", cwd=tmp_path / "t")
    assert checked.stdout.startswith(
        "credits/profile.yaml:2: warning: the name is still `Your Name`: the audit packet would "
        "declare \"I, Your Name, …\" [placeholder-name]\n    2 | name: \"Your Name\"\n"
        "    hint: write your name as on your certificates: `name: Sam Trainer`\n"
        "credits/profile.yaml:3: warning: no credential is listed, so no course counts toward "
        "anything [no-credential]\n    3 | credentials: []\n")
    assert "0 errors, 2 warnings" in checked.stdout


def test_interactive_init_takes_a_blank_expiry_when_the_day_first_earned_is_given(tmp_path):
    """The expiry could not be left blank ("'' is not a date", asked forever) though the
    profile needs only one of `expires:` and `since:`; both blank is asked again."""
    said, code = answered([str(CECTRACK), "init", str(tmp_path / "t"), "--site-url", "",
                           "--generator", "mkdocs"], tmp_path, [
        "Sam Medic", "NREMT-EMT", "", "", "", "2019-02-01", "", ""])
    assert code == 0, said
    assert ("NREMT-EMT needs one of the two dates to know its cycle: the expiry on the body's "
            "portal, or the day you first earned it") in said
    profile = (tmp_path / "t/credits/profile.yaml").read_text()
    assert profile.endswith('name: "Sam Medic"\ncredentials:\n  - id: NREMT-EMT\n'
                            "    since: 2019-02-01\n")
    checked = cectrack_process("check", "--today", "2026-11-28", cwd=tmp_path / "t")
    # NREMT's two-year cycles end on 31 March of odd years: 2021, 2023, 2025, then 2027.
    assert "40 to go by 2027-03-31 (unconfirmed)" in checked.stdout
    assert "no problems found" in checked.stdout


def test_a_tab_in_a_credit_file_is_named_and_shown(tmp_path):
    """A tab was quoted as a replacement character (`2 | \ufffdprovider`) under PyYAML's
    "found character '\\t' that cannot start any token"."""
    root = write_tracker(tmp_path / "t", {
        "credits/2026/a.yaml": "title: X\n\tprovider: Y\ncompleted: 2026-01-02\ncredits: 1\n",
        "credits/2026/b.yaml": 'title: "A\tB"\nprovider: Y\ncompleted: 2026-01-03\ncredits: x\n'})
    checked = cectrack_process("check", "--today", "2026-11-28", cwd=root, expect=1)
    assert checked.stdout.startswith(
        "credits/2026/a.yaml:2:1: error: a tab (shown as →) where YAML allows only spaces "
        "[yaml-syntax]\n    2 | →provider: Y\n      | ^\n    hint: indent with spaces, two a "
        "level; most editors turn tabs into spaces (in VS Code: \"Convert Indentation to "
        "Spaces\")\n")
    assert "\ufffd" not in checked.stdout and "cannot start any token" not in checked.stdout


def imported(tmp_path, csv_text: str, *flags: str, expect: int = 1):
    """`cectrack import` of a CSV holding `csv_text` into a new tracker, as a subprocess."""
    root = write_tracker(tmp_path / "t", {})
    (tmp_path / "t.csv").write_text(csv_text, "utf-8")
    return cectrack_process("import", str(tmp_path / "t.csv"), "--today", "2026-11-28",
                            *flags, cwd=root, expect=expect).stdout


def test_import_with_no_header_recognised_suggests_each_columns_field(tmp_path):
    """Every column was offered `--map 'When=notes'`; then each row failed on its own."""
    said = imported(tmp_path, "When,What,Who,How much,Remarks\n2026-05-01,X,Y,1,ok\n")
    assert said == (
        "t.csv:1: error: none of the columns is recognised (the first line names 'When', "
        "'What', 'Who', 'How much', 'Remarks'); nothing imported\n    hint: say which field "
        "each column holds, e.g. --map 'When=completed' --map 'What=title' --map 'Who=provider' "
        "--map 'How much=credits' --map 'Remarks=notes'; the guide's \"cectrack import\" lists "
        "the headers recognised\n")
    assert not (tmp_path / "t/credits/2026").exists()


def test_import_says_what_an_empty_file_or_a_header_alone_is(tmp_path):
    """A 0-byte CSV said "imported 0 entries" and exited 0."""
    assert imported(tmp_path, "") == (
        "t.csv: error: the file is empty: no header line, no course\n"
        "    hint: export the transcript again, or save the spreadsheet as CSV UTF-8\n")
    assert "t.csv: error: no course under the header line; nothing imported" in imported(
        tmp_path, "Date,Course,Provider,Hours\n")


def test_import_names_a_spreadsheet_day_number_and_a_date_with_a_time(tmp_path):
    said = imported(tmp_path, "Date,Course,Provider,Hours\n46095,Serial,ACEP,2\n"
                              "3/14/2026 0:00,With time,ACEP,1\n2026-05-01,Fine,ACEP,1\n")
    # 46095 days after 30 December 1899 (day 0 of Excel and LibreOffice): 14 March 2026.
    assert ("t.csv:2: error: date '46095' looks like a spreadsheet's day number (2026-03-14 if "
            "counted as spreadsheets count days), not a date [invalid-date]\n    hint: in the "
            "spreadsheet, format the date column as a date (YYYY-MM-DD: Format > Cells > Date) "
            "and save the CSV again\n") in said
    assert ("t.csv:3: error: date '3/14/2026 0:00' is not written YYYY-MM-DD (it has a time of "
            "day too) [invalid-date]\n    hint: run the import again with --date-format "
            "'%m/%d/%Y %H:%M'\n") in said
    again = imported(tmp_path, "Date,Course,Provider,Hours\n3/14/2026 0:00,With time,ACEP,1\n",
                     "--date-format", "%m/%d/%Y %H:%M", expect=0)
    assert "wrote credits/2026/2026-03-14-with-time.yaml" in again


def test_import_warns_of_a_course_completed_after_today(tmp_path):
    said = imported(tmp_path, "Date,Course,Provider,Hours\n2026-11-28,Today,ACEP,1\n"
                              "2027-05-10,Typed year,ACEP,1\n", expect=0)
    assert said.count("warning") == 1
    assert ("t.csv:3: warning: completed 2027-05-10 is after today (2026-11-28); it is "
            "imported, and counts from that day: check the year\n") in said


def test_a_credits_dir_named_outside_the_tracker_is_not_called_a_link(tmp_path):
    """`--credits-dir ../x/credits`, an ordinary folder, was reported as "a link that leads
    outside the tracker"; a link that leads out still is."""
    root = write_tracker(tmp_path / "t", {})
    write_tracker(tmp_path / "x", {})
    (root / "out").symlink_to(tmp_path / "x" / "credits")
    named = cectrack_process("check", "--root", str(root), "--credits-dir", "../x/credits",
                             cwd=root, expect=1)
    assert named.stdout.startswith(
        f"../x/credits: error: ../x/credits/ is outside the tracker folder {root} "
        "[missing-credits-dir]\n    hint: give a folder inside the tracker (credits_dir is "
        "relative to it), or --root the tracker that holds it: nothing outside is read or "
        "written\n")
    linked = cectrack_process("check", "--root", str(root), "--credits-dir", "out", cwd=root,
                              expect=1)
    assert linked.stdout.startswith(
        "out: error: out/ is a link that leads outside the tracker folder [missing-credits-dir]")


def bundle_with(example_site, tmp_path, change) -> Path:
    """The example's packet ZIP with its members passed through `change(name, data)`, which
    returns (name, data) or None to leave a member out."""
    source = example_site / "audit/acsm-cpt-2024-2026.zip"
    target = tmp_path / "packet.zip"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as changed:
        for name in original.namelist():
            kept = change(name, original.read(name))
            if kept is not None:
                changed.writestr(*kept)
    return target


QUIZ = "evidence/certificates/2026-02-21-hfj-quiz.pdf"


def test_verify_says_a_renamed_or_missing_certificate_once(example_site, tmp_path):
    """A renamed member was reported missing, extra, and its course's certificate missing."""
    renamed = bundle_with(example_site, tmp_path, lambda name, data: (
        "evidence/certificates/quiz.pdf" if name == QUIZ else name, data))
    said = cectrack_process("verify", str(renamed), cwd=tmp_path, expect=1).stdout.splitlines()
    assert [line for line in said if not line.startswith("ok ")] == [
        f"RENAMED  {QUIZ}: in the bundle as 'evidence/certificates/quiz.pdf', the same SHA-256; "
        "the manifest lists it by its first name",
        "the bundle does NOT match its manifest"]
    removed = bundle_with(example_site, tmp_path, lambda name, data:
                          None if name == QUIZ else (name, data))
    said = cectrack_process("verify", str(removed), cwd=tmp_path, expect=1).stdout.splitlines()
    assert [line for line in said if not line.startswith("ok ")] == [
        f"MISSING  {QUIZ}: listed in the manifest, not in the bundle",
        "the bundle does NOT match its manifest"]


def test_verify_says_what_it_expects(tmp_path):
    """No argument said "required: bundle, certificates" (certificates are optional); a
    packet's JSON alone, "not a readable ZIP file" and no more."""
    bare = cectrack_process("verify", cwd=tmp_path, expect=2)
    assert bare.stderr == (
        "cectrack verify: error: give the packet's .zip to check against its manifest, or the "
        "packet's CSV or JSON and the certificates to find in it\n    usage: cectrack verify "
        "PACKET.zip\n           cectrack verify PACKET.json CERTIFICATE.pdf …\n")
    (tmp_path / "x.json").write_text('{"courses": []}\n')
    alone = cectrack_process("verify", "x.json", cwd=tmp_path, expect=1)
    assert alone.stderr == (
        "cectrack verify: error: x.json is not a readable ZIP file: given alone, verify expects "
        "the packet's .zip (downloaded from its page) to check against the manifest inside it\n"
        "    hint: a packet's CSV or JSON is checked with the certificates to find in it: "
        "cectrack verify x.json CERTIFICATE.pdf …\n")


def test_due_says_when_nothing_is_due_and_refuses_negative_days(tmp_path):
    """Nothing due printed nothing at all; --within had no help and took -5. The Markdown
    stays on stdout, empty when nothing is due: the reminder workflow opens no issue then."""
    root = write_tracker(tmp_path / "t", {})  # ACSM-CPT expires 2026-12-31
    quiet = cectrack_process("due", "--within", "30", "--today", "2026-11-28", cwd=root)
    assert (quiet.stdout, quiet.stderr) == (
        "", "cectrack due: nothing is due within 30 days of 2026-11-28\n")
    due = cectrack_process("due", "--within", "33", "--today", "2026-11-28", cwd=root)
    assert due.stdout.startswith("- **31 December 2026** (33 days): ACSM-CPT: renewal deadline.")
    assert due.stderr == ""
    negative = cectrack_process("due", "--within", "-5", cwd=root, expect=2)
    assert negative.stderr.endswith(
        "cectrack due: error: argument --within: '-5' is not a number of days: write a whole "
        "number, 0 or more, e.g. --within 60\n")
    helped = cectrack_process("due", "--help", cwd=root)
    assert "how many days ahead of today to look, 0 or more" in " ".join(helped.stdout.split())
