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
import re
import shutil
import socket
import subprocess
import textwrap

import pytest
from conftest import EXAMPLE, build_site, cectrack, report_for, serving, write_tracker

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


@contextlib.contextmanager
def served_team(trackers, folder, studio):
    """A team folder of the three members, the two sites served while it is in use."""
    with serving(trackers["plain"][1]) as plain, serving(trackers["private"][1]) as private:
        (folder / "team.yaml").write_text(textwrap.dedent(f"""\
            studio: {studio}
            members:
              - name: Alex Example
                standing: {plain}/status.json
              - name: Blake Private
                standing: {private}/standing.sealed.json
              - name: Riley Unreachable
                standing: http://127.0.0.1:{closed_port()}/status.json
            """))
        yield folder


@pytest.fixture(scope="module")
def team(trackers, tmp_path_factory):
    """The team folder, the three members served, and `team status --json` as run."""
    with served_team(trackers, tmp_path_factory.mktemp("team"), "Northside Strength") as folder:
        result = cectrack("team", "status", "--json", "--root", str(folder), "--today", TODAY,
                              env={"CECTRACK_TEAM_KEY": STUDIO[1]})
        text = cectrack("team", "status", "--root", str(folder), "--today", TODAY,
                            env={"CECTRACK_TEAM_KEY": STUDIO[1]})
        yield json.loads(result.stdout), result.stderr, text.stdout, folder


def members(data) -> dict[str, dict]:
    return {m["name"]: m for m in data["members"]}


def own_status(root) -> dict:
    """The tracker's own `status --json` for the team's day."""
    result = cectrack("status", "--json", "--root", str(root), "--today", TODAY, expect=None)
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
    data = json.loads(cectrack("team", "status", "--json", "--root", str(folder), "--today",
                                   TODAY, env={"CECTRACK_TEAM_KEY": ""}).stdout)
    assert members(data)["Blake Private"]["error"].startswith(
        "it is sealed for a studio: set CECTRACK_TEAM_KEY")
    other = new_key_pair()[1]
    data = json.loads(cectrack("team", "status", "--json", "--root", str(folder), "--today",
                                   TODAY, env={"CECTRACK_TEAM_KEY": other}).stdout)
    assert "none of its sealed copies opens with your key" in members(data)["Blake Private"]["error"]


def test_a_private_sites_own_status_json_is_refused_with_what_to_do(trackers, tmp_path):
    with serving(trackers["private"][1]) as private:
        (tmp_path / "team.yaml").write_text(
            f"studio: S\nmembers:\n  - name: Blake\n    standing: {private}/status.json\n")
        data = json.loads(cectrack("team", "status", "--json", "--root", str(tmp_path),
                                       "--today", TODAY).stdout)
    assert "sealed with the trainer's own site password" in data["members"][0]["error"]


def test_a_malformed_team_key_is_a_usage_error(team):
    folder = team[3]
    result = cectrack("team", "status", "--root", str(folder), expect=2,
                          env={"CECTRACK_TEAM_KEY": STUDIO[0]})
    assert "CECTRACK_TEAM_KEY: this is the studio's public key" in result.stderr
    assert STUDIO[1] not in result.stderr


def test_no_team_yaml_is_a_usage_error(tmp_path):
    result = cectrack("team", "status", "--root", str(tmp_path), expect=2)
    assert f"there is no team.yaml in {tmp_path.resolve()}" in result.stderr
    assert "Traceback" not in result.stderr


# --- The team page (item 2) ---------------------------------------------------------------

TEAM_PASSWORD = "northside team page"


@pytest.fixture(scope="module")
def pages(trackers, tmp_path_factory):
    """`team render --out` for the served team, plain and with the studio's password: the
    rendered projects and what render printed."""
    with served_team(trackers, tmp_path_factory.mktemp("team-page"),
                     "Northside <Strength> & *Co*") as folder:
        rendered = {}
        for kind, password in (("plain", ""), ("locked", TEAM_PASSWORD)):
            out = folder / f"out-{kind}"
            result = cectrack("team", "render", "--out", str(out), "--root", str(folder),
                                  "--today", TODAY, env={"CECTRACK_TEAM_KEY": STUDIO[1],
                                                         "CECTRACK_SITE_PASSWORD": password})
            rendered[kind] = (out, result)
        yield rendered


@pytest.fixture(scope="module")
def built(pages):
    """Each rendered project built by MkDocs (for the browser)."""
    import sys
    for out, _ in pages.values():
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=out,
                       check=True, capture_output=True, timeout=120,
                       env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    return {kind: out / "site" for kind, (out, _) in pages.items()}


def page_text(html: str) -> str:
    import html as entities
    return entities.unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


def opened_content(out) -> str:
    """The locked page's content, opened with the studio's password as the browser does."""
    import base64

    from cectrack.audit.lock import unseal
    page = (out / "docs" / "index.md").read_text()
    payload = re.search(r'data-cectrack-locked="([^"]+)"', page)
    return unseal(base64.b64decode(payload.group(1)), TEAM_PASSWORD).decode("utf-8")


def test_the_page_lists_every_row_most_urgent_first_with_its_flags(pages):
    out, result = pages["locked"]
    html = opened_content(out)
    text = page_text(html)
    assert "Northside &#60;Strength&#62; &#38; *Co*" in html  # escaped, shown as written
    assert ("As of 28 November 2026: 3 trainers, 4 credentials shown: 1 lapsed, 2 due soon, "
            "1 on track; 1 CPR/AED card to see to.") in text
    rows = re.findall(r'<tr class="cectrack-state--(\w+)">\s*<th scope="row" data-label="Trainer">'
                      r'<span>([^<]+)', html)
    assert rows == [("lapsed", "Blake Private "), ("due_soon", "Alex Example"),
                    ("due_soon", "Blake Private "), ("on_track", "Blake Private ")]
    assert "151 days overdue" in text and "33 days left" in text and "306 days left" in text
    assert "valid until 18 January 2027 expires within 60 days" in text
    assert text.count("Blake Private stale") == 3
    assert "Riley Unreachable : nothing answers at 127.0.0.1." in text
    assert "Blake Private : their site was last built on 15 November 2026, 13 days ago" in text
    assert "3 members: 2 read, 1 not read, 1 stale" in result.stderr


def test_a_page_without_a_password_never_shows_a_privately_shared_standing(pages):
    out, result = pages["plain"]
    html = (out / "docs" / "index.md").read_text()
    text = page_text(html)
    assert "# Northside &lt;Strength&gt; &amp; \\*Co\\*: team standing" in html  # as text
    assert "site_name: 'Northside Strength & *Co*: team standing'" in (
        out / "mkdocs.yml").read_text()  # the theme prints it unescaped: no < or > in it
    assert ("As of 28 November 2026: 3 trainers, 1 credential shown: 1 due soon; 1 CPR/AED "
            "card to see to.") in text
    assert "Shared with your studio alone (1) Blake Private sealed their standing" in text
    assert "NASM-CPT" not in html and "NSCA-CSCS" not in html
    assert "Alex Example ACSM-CPT Due soon 31 December 2026 33 days left 6.5 CEC" in text
    assert "Blake Private: shared with your studio alone, so left off" in result.stderr


def test_the_page_asks_not_to_be_indexed_and_carries_a_calendar_of_every_deadline(pages):
    import icalendar
    import yaml

    from cectrack.audit.lock import unseal
    for kind in ("plain", "locked"):
        out = pages[kind][0]
        assert 'content="noindex, nofollow"' in (out / "overrides" / "main.html").read_text()
        assert (out / "docs" / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
        config = yaml.safe_load((out / "mkdocs.yml").read_text())
        assert config["plugins"] == []  # no search index holding the names
    sealed = (pages["locked"][0] / "docs" / "calendar.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(unseal(sealed, TEAM_PASSWORD))
    events = sorted((str(e["dtstart"].dt), str(e["summary"])) for e in calendar.walk("VEVENT"))
    assert ("2026-06-30", "Blake Private: NASM-CPT renewal deadline") in events
    assert ("2026-12-31", "Alex Example: ACSM-CPT renewal deadline") in events
    assert ("2027-01-18", "Alex Example: CPR/AED card expires") in events
    assert ("2027-05-02", "Blake Private: CPR/AED card expires") in events  # once, not thrice
    assert len(events) == len(set(events)) == 9  # 4 deadlines, 3 grace ends, 2 cards
    public = icalendar.Calendar.from_ical((pages["plain"][0] / "docs" / "calendar.ics").read_bytes())
    assert sorted(str(e["summary"]) for e in public.walk("VEVENT")) == [
        "Alex Example: ACSM-CPT grace period ends", "Alex Example: ACSM-CPT renewal deadline",
        "Alex Example: CPR/AED card expires"]  # none of the privately shared


def course_words(trackers) -> set[str]:
    """Every course's title, provider and file of every member's tracker."""
    found = set()
    for root, _site in trackers.values():
        for c in report_for(root, dt.date.fromisoformat(TODAY)).credentials:
            for r in c.entries:
                found |= {r.entry.title, r.entry.provider, r.entry.file}
    return found | {"555777", "ACE-31337"}  # and the credential numbers


def leaked_courses(folder, words) -> list:
    return [(path, word) for path in folder.rglob("*") if path.is_file()
            for word in words if word in path.read_text("utf-8", "replace")]


def test_no_figure_of_a_members_courses_is_in_any_file_of_the_team_output(pages, trackers):
    words = course_words(trackers)
    for out, _ in pages.values():
        assert leaked_courses(out, words) == []


def test_with_the_studios_password_nothing_of_the_team_is_in_the_clear(pages):
    out, _ = pages["locked"]
    assert clear_names(out) == []
    assert "# Team standing" in (out / "docs" / "index.md").read_text()


def clear_names(folder) -> list:
    """Any file under `folder` with a member's, the studio's or a credential's name in it."""
    names = (b"Alex Example", b"Blake Private", b"Riley", b"Northside", b"ACSM-CPT")
    return [(path, name) for path in folder.rglob("*") if path.is_file()
            for name in names if name in path.read_bytes()]


@pytest.mark.slow  # Chromium
@pytest.mark.parametrize("width", [1280, 390])
def test_the_page_in_chromium_reads_well_in_both_palettes(built, browser, axe_source, width,
                                                         tmp_path):
    """The page without a password, and the locked page before and after it is opened."""
    from test_accessibility import RUN_AXE
    found, shots = [], []
    with serving(built["plain"]) as plain, serving(built["locked"]) as locked:
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport={"width": width, "height": 900},
                                          color_scheme=scheme)
            page = context.new_page()
            page.clock.set_fixed_time(dt.datetime(2026, 11, 28, 12))  # the page's own day
            for kind, address in (("plain", plain), ("form", locked), ("opened", locked)):
                if kind != "opened":
                    page.goto(f"{address}/index.html")
                    wanted = "slate" if scheme == "dark" else "default"
                    page.wait_for_function(
                        f"document.body.getAttribute('data-md-color-scheme') === '{wanted}'")
                else:
                    page.fill("#cectrack-password", TEAM_PASSWORD)
                    page.click("button[type=submit]")
                    page.wait_for_selector("[data-cectrack-locked]", state="detached",
                                           timeout=30000)
                    assert page.locator("[data-cectrack-deadline='2026-06-30']").inner_text() \
                        == "151 days overdue"  # fresh.js, on the reader's day
                page.add_script_tag(content=axe_source)
                found += [f"{kind} [{scheme}]: {v}" for v in page.evaluate(RUN_AXE)]
                shot = tmp_path / f"team-{kind}-{width}-{scheme}.png"
                page.screenshot(path=str(shot), full_page=True)
                shots.append(shot)
                # Every row fits the screen: no sideways scrolling on a phone.
                overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
                assert overflow <= 0, (kind, width, scheme, overflow)
            context.close()
    if os.environ.get("CECTRACK_SHOTS"):
        for shot in shots:
            shutil.copy(shot, os.environ["CECTRACK_SHOTS"])
    assert found == []


@pytest.mark.slow  # Chromium
def test_the_locked_page_opens_with_the_studios_password_in_chromium(built, browser):
    from pathlib import Path

    import icalendar
    site = built["locked"]
    with serving(site) as address:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.clock.set_fixed_time(dt.datetime(2026, 11, 28, 12))  # the page's own day
        page.goto(f"{address}/index.html")
        page.fill("#cectrack-password", TEAM_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("[data-cectrack-locked]", state="detached", timeout=30000)
        text = " ".join(page.locator("article").inner_text().split())
        # The calendar, sealed with the page, saved opened for a calendar app to import.
        with page.expect_download() as saving:
            page.click("text=the team's calendar")
        download = saving.value
        calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
        page.close()
    assert "Northside <Strength> & *Co*" in text
    assert "Blake Private" in text and "151 days overdue" in text
    assert "A calendar app cannot subscribe to a calendar behind a password" in text
    assert download.suggested_filename == "team-calendar.ics"
    assert len(list(calendar.walk("VEVENT"))) == 9  # as sealed: 4 deadlines, 3 grace ends, 2 cards


@pytest.mark.slow  # three tool chains
@pytest.mark.parametrize("generator", ["mkdocs", "properdocs", "zensical"])
def test_the_team_project_builds_with_any_generator(pages, trackers, tmp_path, generator):
    """Each generator builds both pages strictly; in what it built: noindex, cectrack's own
    assets, the studio's name never as markup, nothing of a course, and with the password
    no name in the clear anywhere (search index, sitemap, titles)."""
    import sys
    from pathlib import Path

    from conftest import visible_text
    courses = course_words(trackers)
    for kind in ("plain", "locked"):
        out = tmp_path / kind
        shutil.copytree(pages[kind][0], out)
        built = subprocess.run([str(Path(sys.executable).parent / generator), "build", "--strict",
                                "-f", "mkdocs.yml"], cwd=out, capture_output=True, text=True,
                               timeout=300, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        assert built.returncode == 0, built.stdout + built.stderr
        site = out / "site"
        page = (site / "index.html").read_text()
        assert '<meta name="robots" content="noindex, nofollow">' in page
        assert "assets/cectrack/team.css" in page and "assets/cectrack/fresh.js" in page
        assert (site / "calendar.ics").is_file()
        assert leaked_courses(site, courses) == []
        if kind == "plain":
            text = visible_text(site / "index.html")
            assert "Alex Example ACSM-CPT Due soon 31 December 2026 33 days left" in text
            assert "<Strength>" not in page and "Northside &lt;Strength&gt; &amp; *Co*" in page
        else:
            assert "data-cectrack-locked" in page and clear_names(site) == []


@pytest.mark.slow  # Chromium
def test_the_page_prints_on_the_papers_width(built, browser):
    """Printed on A4 (794 px at 96 dpi): the table on the page, nothing cut at the edge."""
    with serving(built["plain"]) as address:
        page = browser.new_page(viewport={"width": 794, "height": 1123})
        page.goto(f"{address}/index.html")
        page.emulate_media(media="print")
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        table = page.locator(".cectrack-team table").bounding_box()
    assert overflow <= 0 and table["x"] >= 0 and table["x"] + table["width"] <= 794


def test_a_trainer_whose_two_credentials_ask_for_one_missing_card_counts_once():
    import datetime as dt

    from cectrack.render.team import summary
    from cectrack.team.status import MemberCredential, MemberStatus, TeamStatus
    day = dt.date(2026, 11, 28)

    def held(credential_id: str, flag: str | None) -> MemberCredential:
        return MemberCredential(credential_id, credential_id, "CEC", "on_track",
                                dt.date(2027, 12, 31), None, 398, 10.0, True,
                                None if flag == "missing" else dt.date(2027, 6, 1), flag)
    members = (MemberStatus("Alex", "a", (held("ACSM-CPT", "missing"),)),
               MemberStatus("Blake", "b", (held("NASM-CPT", "missing"),
                                           held("NSCA-CSCS", "missing"))),
               MemberStatus("Casey", "c", (held("ACE-CPT", None),)))
    # Alex's card and Blake's one card: 2, not the 3 rows that flag a card.
    assert summary(TeamStatus("Studio", day, 30, members), 3) == (
        "3 trainers, 4 credentials shown: 4 on track; 2 CPR/AED cards to see to")
