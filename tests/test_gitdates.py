"""Issue 22, item 5: git dates are honest.

Each history here is made for the test with the dates a user's computer (or a rebase, or a
shallow checkout) would give; the "first recorded" date must be right, or unknown with the
reason, never a confident wrong date and never a crash."""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess

import pytest
from conftest import cectrack, course, write_tracker

from cectrack.analysis import analysis, site_content
from cectrack.audit.gitfacts import SHALLOW, read_git_facts
from cectrack.render.exports import packet_csv

NOW = dt.date(2026, 11, 28)
ENTRY = "credits/2025/kettlebell.yaml"


def git(root, *args, date="2025-01-10T10:00:00+00:00", author=None, env=None):
    environment = dict(os.environ, GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.org",
                       GIT_COMMITTER_NAME="T", GIT_COMMITTER_EMAIL="t@example.org",
                       GIT_COMMITTER_DATE=date, GIT_AUTHOR_DATE=author or date, **(env or {}))
    return subprocess.run(["git", "-C", str(root), *args], env=environment, check=True,
                          capture_output=True, text=True).stdout.strip()


def commit(root, date, message="record", author=None):
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message, date=date, author=author)
    return git(root, "rev-parse", "HEAD")


def new_repo(tmp_path, files=None):
    root = write_tracker(tmp_path / "t", files or {ENTRY: course("Kettlebell Fundamentals",
                                                                  "2025-01-05", 4)})
    git(root, "init", "-q")
    return root


def first(root, path=ENTRY):
    return read_git_facts(root, NOW).first_recorded(path)


def crafted(root, committer: str, author: str = "1736503200 +0000") -> str:
    """A commit of the index whose committer line holds `committer` as its date, made as
    a broken or hostile tool could make it (git itself would refuse the date)."""
    git(root, "add", "-A")
    tree = git(root, "write-tree")
    parent = subprocess.run(["git", "-C", str(root), "rev-parse", "-q", "--verify", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    body = (f"tree {tree}\n" + (f"parent {parent}\n" if parent else "")
            + f"author T <t@example.org> {author}\ncommitter T <t@example.org> {committer}\n\nx\n")
    sha = subprocess.run(["git", "-C", str(root), "hash-object", "-t", "commit", "-w",
                          "--literally", "--stdin"], input=body, capture_output=True,
                         text=True, check=True).stdout.strip()
    git(root, "update-ref", "HEAD", sha)
    return sha


# --- Renamed, moved, deleted, added again ---------------------------------------------------

@pytest.mark.parametrize("to, edit", [
    ("credits/2025/kettlebell-fundamentals.yaml", False),  # renamed
    ("credits/archive/kettlebell.yaml", False),  # moved to another folder
    ("credits/2025/kb.yaml", True),  # renamed and edited in one commit
])
def test_a_renamed_file_keeps_the_date_it_was_first_recorded(tmp_path, to, edit):
    root = new_repo(tmp_path)
    added = commit(root, "2025-01-10T10:00:00+00:00")
    target = root / to
    target.parent.mkdir(parents=True, exist_ok=True)
    (root / ENTRY).rename(target)
    if edit:
        target.write_text(target.read_text() + "notes: renamed while tidying\n")
    commit(root, "2026-03-01T10:00:00+00:00")
    record = first(root, to)
    assert (record.date, record.commit, record.unknown) == (dt.date(2025, 1, 10), added, None)


def test_a_file_deleted_then_written_anew_is_a_new_record(tmp_path):
    root = new_repo(tmp_path)
    commit(root, "2024-01-10T10:00:00+00:00")  # another course, at the same path
    (root / ENTRY).unlink()
    commit(root, "2024-06-01T10:00:00+00:00")
    (root / ENTRY).write_text(course("Kettlebell Fundamentals II", "2025-01-05", 4))
    again = commit(root, "2025-02-01T10:00:00+00:00")
    assert (first(root).date, first(root).commit) == (dt.date(2025, 2, 1), again)


def test_a_file_deleted_then_restored_as_it_was_keeps_its_date(tmp_path):
    root = new_repo(tmp_path)
    added = commit(root, "2025-01-10T10:00:00+00:00")
    text = (root / ENTRY).read_text()
    (root / ENTRY).unlink()
    commit(root, "2025-02-01T10:00:00+00:00")
    (root / ENTRY).write_text(text)
    commit(root, "2025-03-01T10:00:00+00:00")
    assert (first(root).date, first(root).commit) == (dt.date(2025, 1, 10), added)


def test_a_name_with_a_tab_or_a_newline_is_read_whole(tmp_path):
    odd = "credits/2025/a\tb\nc.yaml"
    root = new_repo(tmp_path, {odd: course("Odd", "2025-01-05", 1)})
    commit(root, "2025-01-10T10:00:00+00:00")
    assert first(root, odd).date == dt.date(2025, 1, 10)


def test_the_date_is_the_committers_own_day_in_their_time_zone(tmp_path):
    root = new_repo(tmp_path)
    commit(root, "2025-01-10T23:30:00-08:00")  # the 11th in UTC
    assert first(root).date == dt.date(2025, 1, 10)


# --- Rewritten and shallow histories -------------------------------------------------------------

def test_a_rebased_commit_keeps_its_date_and_says_when_it_was_written(tmp_path):
    root = new_repo(tmp_path)
    commit(root, "2026-03-01T10:00:00+00:00", author="2025-01-10T10:00:00+00:00")
    record = first(root)
    assert (record.date, record.written, record.unknown) == (dt.date(2026, 3, 1),
                                                            dt.date(2025, 1, 10), None)


def test_a_shallow_clone_gives_no_date_for_what_it_lacks_and_says_why(tmp_path):
    root = new_repo(tmp_path)
    commit(root, "2025-01-10T10:00:00+00:00")
    (root / "credits" / "2026").mkdir()
    (root / "credits" / "2026" / "new.yaml").write_text(course("New", "2026-02-01", 2))
    recent = commit(root, "2026-02-10T10:00:00+00:00")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(shallow)],
                   check=True, capture_output=True)
    facts = read_git_facts(shallow, NOW)
    assert facts.shallow
    old = facts.first_recorded(ENTRY)
    assert (old.date, old.unknown) == (None, SHALLOW)  # not the boundary commit's 2026-02-10
    result = cectrack("check", "--root", str(shallow), "--today", "2026-11-28")
    assert (".git: warning: git cannot say when 2 counted courses were first recorded: the "
            "clone holds only recent history (a shallow clone)") in result.stdout
    assert "fetch-depth: 0" in result.stdout
    del recent


# --- Dates no clock could give -------------------------------------------------------------------

@pytest.mark.parametrize("date, reason", [
    ("1924390800 +0000", "is dated 2030-12-25, a date still to come: the clock of the computer "
                         "that made it was wrong"),
    ("0 +0000", "dated 1 January 1970 or earlier"),
    ("-86400 +0000", "its date cannot be read"),
    ("253402300800 +0000", "dated past the year 9999"),
    ("999999999999999999 +0000", "dated past the year 9999"),
    ("notanumber +0000", "its date cannot be read"),
    ("1736503200 +9999", None),  # a zone no place has: the day in UTC
])
def test_a_commit_dated_where_no_clock_could_gives_no_date_and_says_why(tmp_path, date, reason):
    root = new_repo(tmp_path)
    sha = crafted(root, date)
    record = first(root)
    if reason is None:
        assert (record.date, record.unknown) == (dt.date(2025, 1, 10), None)
        return
    assert record.date is None and record.commit == sha and reason in record.unknown
    result = cectrack("check", "--today", "2026-11-28", cwd=root)
    assert f"{ENTRY}:1: warning: git cannot say when 'Kettlebell Fundamentals' was first " \
           "recorded" in result.stdout and "[recorded-date-unknown]" in result.stdout


def test_an_unreadable_head_date_leaves_the_packet_undated_not_broken(tmp_path):
    root = new_repo(tmp_path)
    crafted(root, "notanumber +0000")
    facts = read_git_facts(root, NOW)
    assert facts.head and facts.head_time is None
    rows = list(csv.DictReader(io.StringIO(packet_csv(_packet(root)).decode())))
    (row,) = [r for r in rows if r["title"] == "Kettlebell Fundamentals"]
    assert row["first_recorded"] == "" and row["first_recorded_commit"]
    assert row["first_recorded_unknown"].startswith("the commit that recorded it: its date "
                                                    "cannot be read")


def _packet(root):
    state = analysis(root, NOW, now=NOW)
    (packet,) = [p for p in site_content(state).packets if p.credential.id == "ACSM-CPT"]
    return packet


def test_the_packet_page_says_unknown_and_rewritten_dates(tmp_path):
    from cectrack.render.options import PageOptions
    from cectrack.render.packetpage import packet_markdown
    root = new_repo(tmp_path, {ENTRY: course("Kettlebell Fundamentals", "2025-01-05", 4),
                               "credits/2025/heat.yaml": course("Heat illness", "2025-01-06", 1)})
    commit(root, "2026-03-01T10:00:00+00:00", author="2025-01-10T10:00:00+00:00")
    (root / "credits" / "2025" / "late.yaml").write_text(course("Late one", "2025-01-07", 1))
    crafted(root, "1924390800 +0000")
    state = analysis(root, NOW, now=NOW)
    packet = _packet(root)
    page = packet_markdown(packet, site_content(state), PageOptions())
    assert "first written 2025-01-10, its history rewritten since" in page
    assert "recorded: date unknown (the commit that recorded it is dated 2030-12-25" in page


def test_a_tracker_outside_any_repository_asks_git_nothing(tmp_path, monkeypatch):
    """No `.git` in the tracker or above it (and no GIT_DIR): git would only say "not a git
    repository", so it is not started (four processes a check, 1,299 in a test run). A
    `git` on the PATH that leaves a mark shows it was not run; inside a repository it is."""
    shim = tmp_path / "bin" / "git"
    shim.parent.mkdir()
    shim.write_text(f"#!/bin/sh\ntouch {tmp_path / 'ran'}\nexit 128\n")
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim.parent}:{os.environ['PATH']}")
    monkeypatch.delenv("GIT_DIR", raising=False)
    tracker = tmp_path / "tracker"
    (tracker / "credits").mkdir(parents=True)
    assert read_git_facts(tracker).head is None and not (tmp_path / "ran").exists()
    (tmp_path / ".git").write_text("gitdir: elsewhere\n")  # a worktree's .git file, above
    assert read_git_facts(tracker).head is None and (tmp_path / "ran").exists()
