"""Issue 29, items 1 and 4: `cectrack team status` gathers each trainer's published standing.

Three trackers' sites are built for real and served on the loopback address: one plain (its
status.json), one private with its standing sealed for the studio (built two weeks earlier,
so stale), and one that does not answer.  The team's figures are checked against each
tracker's own `status --json` and dashboard state for the same day, and by hand; nothing of
a member's courses may reach the output."""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import textwrap

import pytest
from conftest import CECTRACK, EXAMPLE, build_site, report_for, serving, write_tracker

from cectrack.engine.standing import standing
from cectrack.team.seal import new_key_pair

TODAY = "2026-11-28"
STUDIO = new_key_pair()
SITE_PASSWORD = "blake's private site"

PRIVATE_PROFILE = """\
name: Blake Private
credentials:
  - id: NSCA-CSCS
    number: "555777"
    expires: 2026-12-31
  - id: ACE-CPT
    number: "ACE-31337"
    expires: 2027-09-30
  - id: NASM-CPT
    expires: 2026-06-30
studios:
  - name: Northside Strength
    key: {key}
"""
PRIVATE_COURSES = {
    "credits/cpr.yaml": """\
        title: Adult CPR/AED with skills check
        provider: Red Cross
        activity: cpr_aed
        completed: 2025-05-02
        expires: 2027-05-02
        hands_on: true
        """,
    "credits/ace1.yaml": """\
        title: Secret Course Title Kettlebells
        provider: Very Private Provider
        completed: 2026-02-10
        credits: 1.2
        unit: CEU
        counts_for: [ACE-CPT]
        """,
}


def run_cectrack(*args, env=None, expect=0):
    result = subprocess.run([str(CECTRACK), *args], capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, **(env or {})))
    assert expect is None or result.returncode == expect, (args, result.stdout[-2000:],
                                                           result.stderr[-2000:])
    return result


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


MINIMAL_SITE = "site_name: T\ntheme:\n  name: material\n  font: false\nplugins:\n  - cectrack\n"


def minimal_site(root):
    """The tracker's own site config, without the guide's pages (a quicker build)."""
    (root / "mkdocs.yml").write_text(MINIMAL_SITE)
    (root / "docs").mkdir(exist_ok=True)
    return root


@pytest.fixture(scope="module")
def trackers(tmp_path_factory):
    plain = tmp_path_factory.mktemp("plain") / "t"
    for name in ("credits", "certificates"):
        shutil.copytree(EXAMPLE / name, plain / name)
    minimal_site(plain)
    private = minimal_site(write_tracker(tmp_path_factory.mktemp("private") / "t",
                                         PRIVATE_COURSES, PRIVATE_PROFILE.format(key=STUDIO[0])))
    plain_site = build_site(plain, TODAY)
    os.environ["CECTRACK_SITE_PASSWORD"] = SITE_PASSWORD
    try:
        private_site = build_site(private, "2026-11-15")  # thirteen days before: stale
    finally:
        del os.environ["CECTRACK_SITE_PASSWORD"]
    return {"plain": (plain, plain_site), "private": (private, private_site)}


@pytest.fixture(scope="module")
def team(trackers, tmp_path_factory):
    """The team folder, the three members served, and `team status --json` as run."""
    with contextlib.ExitStack() as stack:
        plain = stack.enter_context(serving(trackers["plain"][1]))
        private = stack.enter_context(serving(trackers["private"][1]))
        folder = tmp_path_factory.mktemp("team")
        (folder / "team.yaml").write_text(textwrap.dedent(f"""\
            studio: Northside Strength
            members:
              - name: Alex Example
                standing: {plain}/status.json
              - name: Blake Private
                standing: {private}/standing.sealed.json
              - name: Riley Unreachable
                standing: http://127.0.0.1:{closed_port()}/status.json
            """))
        result = run_cectrack("team", "status", "--json", "--root", str(folder), "--today", TODAY,
                              env={"CECTRACK_TEAM_KEY": STUDIO[1]})
        text = run_cectrack("team", "status", "--root", str(folder), "--today", TODAY,
                            env={"CECTRACK_TEAM_KEY": STUDIO[1]})
        yield json.loads(result.stdout), result.stderr, text.stdout, folder


def members(data) -> dict[str, dict]:
    return {m["name"]: m for m in data["members"]}


def own_status(root) -> dict:
    """The tracker's own `status --json` for the team's day."""
    result = run_cectrack("status", "--json", "--root", str(root), "--today", TODAY, expect=None)
    return {c["id"]: c for c in json.loads(result.stdout)["credentials"]}


def test_every_member_is_listed_and_the_summary_says_how_many(team):
    data, stderr, text, _ = team
    assert [m["name"] for m in data["members"]] == ["Alex Example", "Blake Private",
                                                    "Riley Unreachable"]
    assert (data["studio"], data["as_of"], data["stale_after_days"]) == (
        "Northside Strength", TODAY, 8)
    assert data["summary"] == {"members": 3, "read": 2, "not_read": 1, "stale": 1}
    assert stderr.strip() == ("3 members: 2 read, 1 not read, 1 stale (built more than 8 days "
                              "ago)")
    assert text.splitlines()[-1] == stderr.strip()
    riley = members(data)["Riley Unreachable"]
    assert set(riley) == {"name", "standing", "error"}
    assert riley["error"] == "nothing answers at 127.0.0.1"


@pytest.mark.parametrize("name, tracker", [("Alex Example", "plain"), ("Blake Private", "private")])
def test_each_members_figures_are_their_trackers_own(team, trackers, name, tracker):
    data = team[0]
    root = trackers[tracker][0]
    theirs = own_status(root)
    report = report_for(root, dt.date.fromisoformat(TODAY))
    dashboard = {c.id: standing(c, report.as_of).state for c in report.credentials}
    mine = {c["id"]: c for c in members(data)[name]["credentials"]}
    assert set(mine) == set(theirs)
    for cid, c in mine.items():
        own = theirs[cid]
        card = next((p for p in own["prerequisites"] if p["activity"] == "cpr_aed"), {})
        assert (c["deadline"], c["grace_end"], c["days_left"], c["remaining"], c["unit"]) == (
            own["cycle"]["end"], own["cycle"]["grace_end"], own["days_left"], own["remaining"],
            own["unit"]), cid
        assert c["cpr_valid_until"] == card.get("valid_until"), cid
        assert c["state"] == dashboard[cid], cid  # the dashboard's state for the same day


def test_the_figures_worked_out_by_hand(team):
    data = team[0]
    alex = members(data)["Alex Example"]
    (acsm,) = alex["credentials"]
    # 45 CEC required, 38.5 earned; 31 December is 33 days after 28 November, inside the
    # 60 days of "due soon"; the card expires 18 January 2027, 51 days away: flagged.
    assert acsm == {"id": "ACSM-CPT", "name": "ACSM Certified Personal Trainer",
                    "state": "due_soon", "state_words": "Due soon", "deadline": "2026-12-31",
                    "grace_end": "2027-06-30", "days_left": 33, "remaining": 6.5, "unit": "CEC",
                    "cpr_valid_until": "2027-01-18", "cpr": "expires_soon"}
    assert (alex["built"], alex["stale"], alex["sealed"], alex["holder"]) == (
        TODAY, False, False, "Alex Example")
    blake = members(data)["Blake Private"]
    assert (blake["built"], blake["stale"], blake["sealed"]) == ("2026-11-15", True, True)
    by_id = {c["id"]: c for c in blake["credentials"]}
    # NASM: ended 30 June 2026, 151 days before 28 November (31+31+30+31+28), and NASM's
    # grace period is for filing only, so unmet is lapsed.
    assert (by_id["NASM-CPT"]["state"], by_id["NASM-CPT"]["days_left"]) == ("lapsed", -151)
    assert (by_id["NSCA-CSCS"]["state"], by_id["NSCA-CSCS"]["remaining"]) == ("due_soon", 6)
    # ACE: 1.2 of 2 by 28 November; a steady pace from 1 October 2025 over 730 days would
    # be at 2 x 423/729 = 1.16: on track.  The card (2 May 2027) is 155 days away.
    assert (by_id["ACE-CPT"]["state"], by_id["ACE-CPT"]["days_left"]) == ("on_track", 306)
    assert by_id["ACE-CPT"]["remaining"] == 0.8 and by_id["ACE-CPT"]["cpr"] is None


def test_the_text_lists_the_most_urgent_first(team):
    text = team[2]
    rows = [line for line in text.splitlines() if "; deadline " in line]
    assert [row.split(";")[0] for row in rows] == [
        "Blake Private: NASM-CPT Lapsed", "Alex Example: ACSM-CPT Due soon",
        "Blake Private: NSCA-CSCS Due soon", "Blake Private: ACE-CPT On track"]
    assert "STALE: built 2026-11-15" in rows[0]
    assert "Riley Unreachable (http://127.0.0.1:" in text and "nothing answers" in text


def test_nothing_of_the_courses_reaches_the_team_output(team, trackers):
    data, stderr, text, _ = team
    output = json.dumps(data) + stderr + text
    for root, _site in trackers.values():
        for entry in report_for(root, dt.date.fromisoformat(TODAY)).credentials[0].entries:
            assert entry.entry.title not in output and entry.entry.file not in output
            assert entry.entry.provider not in output
    for secret in ("555777", "ACE-31337", "987654", "Very Private Provider"):
        assert secret not in output
    allowed = {"id", "name", "state", "state_words", "deadline", "grace_end", "days_left",
               "remaining", "unit", "cpr_valid_until", "cpr"}
    for m in data["members"]:
        assert set(m) <= {"name", "standing", "holder", "sealed", "built", "stale",
                          "credentials", "error"}
        assert all(set(c) == allowed for c in m.get("credentials", []))


def test_without_the_key_a_sealed_member_says_what_to_do(team):
    folder = team[3]
    data = json.loads(run_cectrack("team", "status", "--json", "--root", str(folder), "--today",
                                   TODAY, env={"CECTRACK_TEAM_KEY": ""}).stdout)
    assert members(data)["Blake Private"]["error"].startswith(
        "it is sealed for a studio: set CECTRACK_TEAM_KEY")
    other = new_key_pair()[1]
    data = json.loads(run_cectrack("team", "status", "--json", "--root", str(folder), "--today",
                                   TODAY, env={"CECTRACK_TEAM_KEY": other}).stdout)
    assert "none of its sealed copies opens with your key" in members(data)["Blake Private"]["error"]


def test_a_private_sites_own_status_json_is_refused_with_what_to_do(trackers, tmp_path):
    with serving(trackers["private"][1]) as private:
        (tmp_path / "team.yaml").write_text(
            f"studio: S\nmembers:\n  - name: Blake\n    standing: {private}/status.json\n")
        data = json.loads(run_cectrack("team", "status", "--json", "--root", str(tmp_path),
                                       "--today", TODAY).stdout)
    assert "sealed with the trainer's own site password" in data["members"][0]["error"]


def test_a_malformed_team_key_is_a_usage_error(team):
    folder = team[3]
    result = run_cectrack("team", "status", "--root", str(folder), expect=2,
                          env={"CECTRACK_TEAM_KEY": STUDIO[0]})
    assert "CECTRACK_TEAM_KEY: this is the studio's public key" in result.stderr
    assert STUDIO[1] not in result.stderr


def test_no_team_yaml_is_a_usage_error(tmp_path):
    result = run_cectrack("team", "status", "--root", str(tmp_path), expect=2)
    assert f"there is no team.yaml in {tmp_path.resolve()}" in result.stderr
    assert "Traceback" not in result.stderr
