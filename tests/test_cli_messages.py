"""What the command line says when it is given something it cannot use: the installed
command run as a subprocess, its words read as a user reads them; never a traceback."""
from __future__ import annotations

import json
import os
import socket

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
