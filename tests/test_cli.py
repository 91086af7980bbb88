"""Layer 3: the real `cectrack` command, run as a user runs it: a clean tracker, a broken one
and bad usage through the installed script as its own process (cectrack_process), the rest
through its entry point in process (cectrack)."""
from __future__ import annotations

import functools
import json
import os
import subprocess

import pytest
from conftest import (
    BROKEN_FILES,
    CECTRACK,
    EXAMPLE,
    add_broken_files,
    cectrack,
    cectrack_process,
    course,
    write_tracker,
)


def test_check_on_the_example_is_clean():
    result = cectrack_process("check", "--today", "2026-11-28")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        # the pace per week under two months left (6.5 / (33 / 7) = 1.38), and the
        # dashboard's state words (status.json's `state`)
        "ACSM-CPT: 38.5 of 45 CEC; 6.5 to go by 2026-12-31 (33 days left, about 1.4 a week); "
        "CPR/AED valid until 2027-01-18; Due soon",
        "as of 2026-11-28: no problems found",
    ]


def test_status_json_on_the_example_holds_the_contract_and_hand_worked_figures():
    result = cectrack("status", "--json", "--today", "2026-11-28", "--root", str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["schema"], data["as_of"], data["holder"]) == (1, "2026-11-28", "Alex Example")
    assert data["problems"] == []
    (c,) = data["credentials"]
    assert (c["id"], c["body"], c["unit"]) == ("ACSM-CPT", "ACSM", "CEC")
    assert c["cycle"]["start"] == "2024-01-01" and c["cycle"]["end"] == "2026-12-31"
    assert (c["required"], c["earned"], c["remaining"], c["met"]) == (45, 38.5, 6.5, False)
    assert (c["days_left"], c["pace_per_month"]) == (33, 6.0)
    assert c["prerequisites"] == [{"id": "cpr_aed", "met": True, "detail": "valid until 2027-01-18",
                                   "detail_reason": {"code": "card-valid",
                                                     "values": {"expires": "2027-01-18"}},
                                   "activity": "cpr_aed",
                                   "valid_until": "2027-01-18"}]  # the card's expiry, as a date
    assert c["cycle"]["earning_in_grace"] is True  # ACSM: credit may be earned in the grace period
    assert c["categories"] == []
    assert len(c["entries"]) == 12
    workshop = c["entries"][0]
    assert workshop["file"] == "credits/2023/2023-10-21-functional-training-workshop.yaml"
    assert (workshop["line"], workshop["counted"]) == (2, 0)
    assert workshop["excluded"].startswith("completed 2023-10-21, before this cycle began")
    assert sum(e["counted"] for e in c["entries"]) == 38.5


def test_status_json_is_written_in_pieces_as_the_whole_text_would_read(tmp_path):
    """The JSON is written 64 kB at a time (the whole text at once held 160 MB more at
    10,000 courses): the bytes are json.dumps's, on a tracker whose JSON passes 64 kB."""
    import datetime as dt

    from cectrack.analysis import analyse
    from cectrack.render.statusjson import report_to_json
    root = write_tracker(tmp_path, {f"credits/2026/c{i}.yaml": course(f"Course {i}", "2026-03-01",
                                                                      1) for i in range(120)})
    written = cectrack("status", "--json", "--today", "2026-11-28", "--root", str(root)).stdout
    whole = json.dumps(report_to_json(analyse(root, dt.date(2026, 11, 28))), indent=2,
                       ensure_ascii=False) + "\n"
    assert len(written) > 1 << 16 and written == whole


def test_check_reports_all_five_broken_files_and_exits_1(tmp_path):
    root = write_tracker(tmp_path, {})
    add_broken_files(root)
    result = cectrack_process("check", "--root", str(root), "--today", "2026-11-28", expect=1)
    assert result.returncode == 1
    for name, (_text, line, code) in BROKEN_FILES.items():
        assert any(out.startswith(f"{name}:{line}:") and "error: " in out and f"[{code}]" in out
                   for out in result.stdout.splitlines()), (name, result.stdout)
    assert "as of 2026-11-28: 5 errors, 0 warnings" in result.stdout
    # Each problem shows the line itself with a marker under the bad part.
    assert ("credits/bad/leap.yaml:3:12: error: `completed: 2025-02-30` is not a real date "
            "(February 2025 has 28 days) [invalid-date]\n"
            "    3 | completed: 2025-02-30\n"
            "      |            ^^^^^^^^^^\n"
            "    hint: write the date as YYYY-MM-DD, e.g. 2025-03-14\n") in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert not (root / "pwned.txt").exists()


def test_status_json_lists_problems_with_file_line_and_code(tmp_path):
    root = write_tracker(tmp_path, {})
    add_broken_files(root)
    result = cectrack("status", "--json", "--root", str(root), "--today", "2026-11-28", expect=1)
    assert result.returncode == 1
    problems = json.loads(result.stdout)["problems"]
    assert sorted((p["file"], p["line"], p["code"]) for p in problems) == sorted(
        (name, line, code) for name, (_t, line, code) in BROKEN_FILES.items())
    assert all(p["severity"] == "error" and p["message"] for p in problems)


def test_bad_usage_exits_2_with_a_message(tmp_path):
    bad_date = cectrack_process("check", "--today", "28/11/2026", expect=2)
    assert bad_date.returncode == 2 and "is not a date as YYYY-MM-DD" in bad_date.stderr
    no_root = cectrack("check", "--root", str(tmp_path / "missing"), expect=2)
    assert no_root.returncode == 2 and "is not a folder" in no_root.stderr
    assert cectrack("frobnicate", expect=2).returncode == 2


def test_check_changes_no_file(tmp_path):
    root = write_tracker(tmp_path, {"credits/a.yaml": "title: A\nprovider: P\ncompleted: 2025-01-01\ncredits: 1\n"})
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    cectrack("check", "--root", str(root), "--today", "2026-11-28")
    cectrack("status", "--json", "--root", str(root), "--today", "2026-11-28")
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


@pytest.mark.slow  # the installed script with CECTRACK_TODAY in its environment
def test_the_commands_follow_cectrack_today_as_the_build_does():
    env = dict(os.environ, CECTRACK_TODAY="2026-11-28")
    run = functools.partial(subprocess.run, cwd=EXAMPLE, capture_output=True, text=True,
                            timeout=60)
    followed = run([str(CECTRACK), "check"], env=env)
    assert followed.stdout.startswith("ACSM-CPT: 38.5 of 45 CEC; 6.5 to go by 2026-12-31 "
                                      "(33 days left, about 1.4 a week)")
    overridden = run([str(CECTRACK), "check", "--today", "2026-12-30"], env=env)
    assert "6.5 to go by 2026-12-31 (1 day left)" in overridden.stdout  # --today wins
    bad = run([str(CECTRACK), "check"], env=dict(env, CECTRACK_TODAY="2026-13-01"))
    assert bad.returncode == 2
    assert "CECTRACK_TODAY: '2026-13-01' is not a date as YYYY-MM-DD" in bad.stderr


def test_check_loads_no_team_command_and_names_the_team_key_as_team_status_does():
    import subprocess
    import sys

    from cectrack import cli
    from cectrack.team.status import TEAM_KEY_ENV
    assert cli.TEAM_KEY_ENV == TEAM_KEY_ENV
    loaded = subprocess.run([sys.executable, "-c", "import sys, cectrack.cli; print("
                             "sorted(m for m in sys.modules if m.startswith('cectrack.')))"],
                            capture_output=True, text=True, check=True).stdout
    assert "cectrack.cli.team" not in loaded and "cectrack.render.team" not in loaded
    # build and serve bring the sealing and the generators' commands: loaded when run
    assert "cectrack.cli.build" not in loaded and "cectrack.publish.sealsite" not in loaded
    assert "cectrack.cli.serve" not in loaded


def test_check_pauses_the_garbage_collector_while_it_runs_and_switches_it_back_on(monkeypatch):
    """A reading command runs without the cyclic collector (it freed nothing and took 0.06 s
    at 10,000 courses); main() also runs in other programs' processes, so it is on after."""
    import gc

    from cectrack import cli
    seen = {}

    def noting(command, handler):
        def run(args):
            seen[command] = gc.isenabled()
            return handler(args)
        return run
    for command in ("check", "schema"):
        monkeypatch.setitem(cli.HANDLERS, command, noting(command, cli.HANDLERS[command]))
    assert gc.isenabled()
    cectrack("check")
    cectrack("schema")
    assert seen == {"check": False, "schema": True} and gc.isenabled()


def test_the_installed_check_ends_at_once_with_all_its_output_and_its_exit_code(tmp_path):
    """check ends without Python's slow tidying (os._exit) once its output is flushed: run
    as installed, its output to a pipe block-buffered (no PYTHONUNBUFFERED), every line
    arrives and the exit code is the one for errors."""
    root = write_tracker(tmp_path, {})
    add_broken_files(root)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    ran = subprocess.run([str(CECTRACK), "check", "--root", str(root), "--today", "2026-11-28"],
                         capture_output=True, text=True, timeout=60, env=env,
                         stdin=subprocess.DEVNULL)
    assert ran.returncode == 1, ran.stderr
    assert ran.stdout.rstrip("\n").endswith("as of 2026-11-28: 5 errors, 0 warnings")
    assert ran.stdout == cectrack("check", "--root", str(root), "--today", "2026-11-28",
                                  expect=1).stdout


@pytest.mark.parametrize("closed", [">&-", "2>&-"])
def test_the_installed_check_ends_quietly_with_its_output_closed(tmp_path, closed):
    """Started with stdout or stderr closed (cron, a service), Python has no stream to flush:
    check still ends with the exit code of its findings, 0 here, not 1 from a traceback."""
    root = write_tracker(tmp_path, {})
    ran = subprocess.run(f"'{CECTRACK}' check --root '{root}' --today 2026-11-28 {closed}",
                         shell=True, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert "Traceback" not in ran.stdout + ran.stderr
