"""Issue 29, items 1 and 4: a member's standing is hostile input.

A real HTTP server on the loopback address misbehaves (too large, too slow, redirects to
where it must not, not JSON, nested deep); a standing whose figures do not add up is refused
with the reason; team.yaml's problems come at their line.  Never a traceback, never a stall."""
from __future__ import annotations

import copy
import datetime as dt
import http.server
import json
import threading
import time

import pytest
from conftest import EXAMPLE, cectrack

from cectrack.records.team import Member, load_team
from cectrack.team.fetch import MAX_BYTES, Unreachable, fetch_url, read_in_folder
from cectrack.team.standing import Refused, parse_json, read_standing
from cectrack.team.status import MemberStatus, gather, member_status

TODAY = dt.date(2026, 11, 28)
STATUS = json.loads(cectrack("status", "--json", "--today", "2026-11-28", "--root",
                             str(EXAMPLE)).stdout)


class Hostile(http.server.BaseHTTPRequestHandler):
    """Each path is one kind of misbehaviour."""

    def log_message(self, *args):
        pass

    def send(self, code, body=b"", headers=(), length=True):
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        if length and not any(name == "Content-Length" for name, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (the handler's name)
        path = self.path
        if path == "/ok":
            self.send(200, json.dumps(STATUS).encode())
        elif path == "/huge":
            self.send(200, b"[" + b"0," * (MAX_BYTES // 2) + b"0]", length=False)  # to the close
        elif path == "/claims-huge":
            self.send(200, b"{}", [("Content-Length", str(50 * MAX_BYTES))])
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(1000):
                try:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.05)
        elif path == "/to-ok":
            self.send(302, headers=[("Location", "/ok")])
        elif path == "/loop":
            self.send(302, headers=[("Location", "/loop")])
        elif path == "/to-plain-http":
            self.send(301, headers=[("Location", "http://example.org/status.json")])
        elif path == "/to-file":
            self.send(302, headers=[("Location", "file:///etc/passwd")])
        elif path == "/html":
            self.send(200, b"<html><body>Not here</body></html>")
        elif path == "/deep":
            self.send(200, b"[" * 100_000 + b"]" * 100_000)
        elif path == "/gzip":
            self.send(200, b"\x1f\x8b", [("Content-Encoding", "gzip")])
        elif path == "/forbidden":
            self.send(403)
        elif path == "/broken":
            self.send(500)
        else:
            self.send(404)


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_a_redirect_inside_the_rules_is_followed(server):
    assert json.loads(fetch_url(f"{server}/to-ok"))["holder"] == "Alex Example"


@pytest.mark.parametrize("path, reason", [
    ("/huge", "larger than 1,000,000 bytes"),
    ("/claims-huge", "it is 50,000,000 bytes; a standing is at most 1,000,000"),
    ("/loop", "more than 3 redirects"),
    ("/to-plain-http", "it redirects to http://example.org, which is refused"),
    ("/to-file", "it redirects to a file address, which is refused: only https:// is followed"),
    ("/gzip", "compressed"),
    ("/forbidden", "the site refuses it (HTTP 403)"),
    ("/broken", "the site had an error (HTTP 500)"),
    ("/missing", "not found (HTTP 404)"),
])
def test_a_misbehaving_server_is_refused_with_the_reason(server, path, reason):
    with pytest.raises(Unreachable) as refused:
        fetch_url(f"{server}{path}")
    assert reason in str(refused.value)


def test_a_slow_drip_is_cut_off_at_the_members_time(server):
    started = time.monotonic()
    with pytest.raises(Unreachable, match="it took longer than 1 seconds"):
        fetch_url(f"{server}/drip", seconds=1)
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("path, reason", [
    ("/html", "it is not JSON"),
    ("/deep", "nested too deeply"),
])
def test_what_is_not_a_standing_says_so(server, path, reason):
    status = member_status(Member("M", f"{server}{path}", 3, url=f"{server}{path}"), EXAMPLE,
                           TODAY, None, 8)
    assert status.error is not None and reason in status.error


def test_the_team_takes_no_longer_than_its_budget():
    release = threading.Event()

    def one(member):
        if member.name == "slow":
            release.wait(10)
        return MemberStatus(member.name, member.standing, built=TODAY)

    members = (Member("quick", "a.json", 1, path="a.json"), Member("slow", "b.json", 2, path="b.json"))
    started = time.monotonic()
    found = gather(members, one, seconds=0.5)
    release.set()
    assert time.monotonic() - started < 2
    assert [m.name for m in found] == ["quick", "slow"]  # team.yaml's order, none dropped
    assert found[0].error is None
    assert found[1].error.startswith("no answer within the 0.5 seconds the whole team may take")


# --- A standing that does not add up -------------------------------------------------------

def changed(edit) -> dict:
    document = copy.deepcopy(STATUS)
    edit(document, document["credentials"][0])
    return document


@pytest.mark.parametrize("edit, reason", [
    (lambda d, c: c.update(remaining=2), "ACSM-CPT's 45 required and 38.5 earned leave 6.5, "
                                         "but it says 2 still needed"),
    # More than the total leaves may be what categories' minimums ask; never more than required.
    (lambda d, c: c.update(remaining=45.5), "leave 6.5, but it says 45.5 still needed"),
    (lambda d, c: c.update(days_left=300), "days left (300) are not the days from 2026-11-28"),
    (lambda d, c: c.update(status="met"), "status 'met' does not follow"),
    (lambda d, c: c.update(met=True), "says met with 6.5 still needed"),
    (lambda d, c: c["cycle"].update(end="2023-12-31"), "cycle dates are out of order"),
    (lambda d, c: c["cycle"].update(grace_end="2026-01-01"), "cycle dates are out of order"),
    (lambda d, c: c["cycle"].update(end="2026-02-30"), "cycle end is not a date (2026-02-30)"),
    (lambda d, c: c["prerequisites"][0].update(valid_until="2026-12-01"),
     "CPR/AED card is said to be current but expires 2026-12-01, before the deadline"),
    (lambda d, c: c.update(required=float("nan")), "required is not a number of credits"),
    (lambda d, c: c.update(earned=-1), "earned is not a number of credits (-1)"),
    (lambda d, c: c.update(required=True), "required is not a number of credits (True)"),
    (lambda d, c: d.update(as_of="2027-01-01"), "it says it was built on 2027-01-01, after today"),
    (lambda d, c: d.update(schema=2), "its format (schema 2) is not one this cectrack reads"),
    (lambda d, c: d.update(kind="packet"), "it is a 'packet', not a standing"),
    (lambda d, c: d["credentials"].append(c), "it lists one credential twice"),
    (lambda d, c: d.update(credentials={"x": 1}), "credentials are not a list"),
    (lambda d, c: d.pop("credentials"), "not a cectrack standing"),
    (lambda d, c: c.update(id="x" * 300), "id is not a short text"),
])
def test_a_standing_whose_figures_do_not_add_up_is_refused(edit, reason):
    with pytest.raises(Refused) as refused:
        read_standing(changed(edit), TODAY)
    assert reason in str(refused.value)


def test_the_untouched_standing_reads_and_a_days_grace_is_allowed_for_time_zones():
    read = read_standing(STATUS, TODAY)
    assert (read.built, read.holder, [c.id for c in read.credentials]) == (
        TODAY, "Alex Example", ["ACSM-CPT"])
    ahead = changed(lambda d, c: (d.update(as_of="2026-11-29"), c.update(days_left=32)))
    assert read_standing(ahead, TODAY).built == dt.date(2026, 11, 29)


def test_an_older_status_json_without_the_new_keys_still_reads():
    def older(d, c):
        del c["cycle"]["earning_in_grace"]
        for p in c["prerequisites"]:
            del p["activity"], p["valid_until"]
    (c,) = read_standing(changed(older), TODAY).credentials
    assert c.card_required and c.card_valid_until is None
    assert c.figures.cycle.earning_in_grace is False  # past the deadline it reads lapsed


def test_parse_json_refuses_what_is_not_text():
    with pytest.raises(Refused, match="not UTF-8"):
        parse_json(b"\xff\xfe{}")
    with pytest.raises(Refused, match="not JSON"):
        parse_json(b"1" * 5000)  # an integer beyond Python's digit limit


# --- Paths and team.yaml ----------------------------------------------------------------------

def test_a_path_reads_only_inside_the_team_folder(tmp_path):
    folder = tmp_path / "team"
    folder.mkdir()
    (tmp_path / "outside.json").write_text("{}")
    (folder / "link.json").symlink_to(tmp_path / "outside.json")
    with pytest.raises(Unreachable, match="leads outside the team folder"):
        read_in_folder(folder, "link.json")
    with pytest.raises(Unreachable, match="missing.json is not read: it cannot be read"):
        read_in_folder(folder, "missing.json")
    (folder / "fifo").mkdir()
    with pytest.raises(Unreachable, match="not a regular file"):
        read_in_folder(folder, "fifo")


TEAM_YAML = """\
studio: Northside
stale_after_days: 0
members:
  - name: A
    standing: https://a.example.org/status.json
  - name: B
    standing: http://example.org/x
  - name: a
    standing: x.json
  - name: C
    standing: ../x.json
  - name: D
    standing: ftp://x
  - name: E
    standing: https://user:secret@x.org/
  - nonsense
  - name: F
    standing: http://127.0.0.1:8000/status.json
  - name: G
    standing: /etc/passwd
  - name: H
    standing: https:///status.json
  - name: I
    standing: x.json
    note: hi
"""


def test_team_yaml_problems_come_at_their_lines(tmp_path):
    (tmp_path / "team.yaml").write_text(TEAM_YAML)
    team = load_team(tmp_path)
    assert [(p.line, p.code) for p in team.problems] == [
        (2, "out-of-range"), (7, "bad-address"), (8, "duplicate-member"), (11, "bad-address"),
        (13, "bad-address"), (15, "bad-address"), (16, "wrong-type"), (20, "bad-address"),
        (22, "bad-address"), (25, "unknown-key")]
    assert team.members == ()  # a team.yaml with errors fetches nothing
    assert all(p.message and p.hint for p in team.problems)
    assert not any("secret" in p.message for p in team.problems)


def test_team_status_prints_team_yaml_problems_and_fetches_nothing(tmp_path):
    (tmp_path / "team.yaml").write_text("studio: S\nmembers:\n  - name: A\n    standing: ftp://x\n")
    result = cectrack("team", "status", "--root", str(tmp_path), expect=1)
    assert result.stdout.startswith("team.yaml:4:15: error: `standing: ftp://x`: a standing is "
                                    "fetched over https://")
    assert "    4 |     standing: ftp://x" in result.stdout
    assert "nothing was fetched" in result.stdout


@pytest.mark.parametrize("text, code", [
    ("", "not-a-team"),
    ("- a\n- b\n", "not-a-team"),
    ("studio: S\n", "missing-key"),
    ("studio: S\nmembers: 3\n", "wrong-type"),
    ("studio: S\nmembers: [\n", "yaml-syntax"),
    ("studio: !!python/object/apply:os.system ['x']\nmembers: []\n", "unsafe-tag"),
])
def test_a_team_yaml_that_is_no_team_says_so(tmp_path, text, code):
    (tmp_path / "team.yaml").write_text(text)
    assert [p.code for p in load_team(tmp_path).problems] == [code]


def test_the_team_schema_takes_what_the_loader_takes(tmp_path):
    import jsonschema
    import yaml

    from cectrack.records.schema import team_schema
    good = yaml.load("studio: S\nstale_after_days: 10\nmembers:\n  - name: A\n"
                     "    standing: https://a.example.org/status.json\n", Loader=yaml.SafeLoader)
    jsonschema.validate(good, team_schema())
    for bad in ({"studio": "S"}, {"studio": "S", "members": [{"name": "A"}]},
                {"studio": "S", "members": [], "stale_after_days": 0},
                {"studio": "S", "members": [], "colour": "red"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, team_schema())
