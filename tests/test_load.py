"""Layer 1: reading credit files and the profile; every defect becomes a Problem."""
from __future__ import annotations

import datetime as dt

import pytest
from conftest import BROKEN_FILES, add_broken_files, course, write_tracker

from cectrack.records import load
from cectrack.records.load import load_tracker


def codes(tracker):
    return sorted((p.file, p.line, p.code) for p in tracker.problems)


def test_one_entry_per_file_with_types_and_line(tmp_path):
    write_tracker(tmp_path, {"credits/a.yaml": "# a comment first\n" + course(
        "Summit", "2025-03-14", 7.5, approval="007", counts_for="[ACSM-CPT]")})
    tracker = load_tracker(tmp_path)
    assert tracker.problems == ()
    (entry,) = tracker.entries
    assert (entry.file, entry.line) == ("credits/a.yaml", 2)
    assert entry.completed == dt.date(2025, 3, 14)
    assert entry.credits == 7.5 and entry.unit == "CEC" and entry.activity == "course"
    assert entry.approval == "007"  # kept as typed, not read as the number 7
    assert entry.counts_for == ("ACSM-CPT",)


def test_a_file_may_hold_a_list_of_entries_each_with_its_line(tmp_path):
    text = "- " + course("One", "2025-01-01", 1).replace("\n", "\n  ") + "\n- " + course(
        "Two", "2025-01-02", 2).replace("\n", "\n  ")
    write_tracker(tmp_path, {"credits/list.yaml": text})
    tracker = load_tracker(tmp_path)
    assert tracker.problems == ()
    assert [(e.title, e.line) for e in tracker.entries] == [("One", 1), ("Two", 7)]


def test_the_five_broken_files_are_each_reported_with_their_line(tmp_path):
    write_tracker(tmp_path, {})
    add_broken_files(tmp_path)
    tracker = load_tracker(tmp_path)
    expected = sorted((name, line, code) for name, (_t, line, code) in BROKEN_FILES.items())
    assert codes(tracker) == expected
    assert tracker.entries == ()  # nothing half-read is totalled
    assert not (tmp_path / "pwned.txt").exists()  # the tag never ran


@pytest.mark.parametrize("text, line, code, words", [
    ("title: T\nprovder: P\ncompleted: 2025-01-01\ncredits: 1\n", 2, "unknown-key",
     "did you mean `provider`"),
    ("title: T\nprovider: P\ncompleted: 2025-01-01\ncredits: 1\ncredits: 2\n", 5,
     "duplicate-key", "first on line 4"),
    ("title: T\nprovider: P\ncredits: 1\n", 1, "missing-key", "`completed:`"),
    ("title: T\nprovider: P\ncompleted: 14/03/2025\ncredits: 1\n", 3, "invalid-date",
     "YYYY-MM-DD"),
    ("title: T\nprovider: P\ncompleted: 2025-01-01\ncredits: seven\n", 4, "not-a-number",
     "found text 'seven'"),
    ("title: T\nprovider: P\ncompleted: 2025-01-01\ncredits: 1\nunit: ceu\n", 5,
     "unknown-unit", "did you mean `CEU`"),
    ("title: T\nprovider: P\ncompleted: 2025-01-01\ncredits: 1\nactivity: seminar\n", 5,
     "unknown-activity", "known:"),
    ("title: T\nprovider: P\ncompleted: 2025-01-01\ncredits: 1\nhands_on: maybe\n", 5,
     "wrong-type", "true or false"),
    ("title:\nprovider: P\ncompleted: 2025-01-01\ncredits: 1\n", 1, "missing-value", "title"),
    ("just a sentence\n", 1, "not-an-entry", "single value"),
    ("title: T\n  provider: P\n", 2, "yaml-syntax", "not valid YAML"),
    ("title: !custom T\nprovider: P\ncompleted: 2025-01-01\ncredits: 1\n", 1, "unsafe-tag",
     "!custom"),
])
def test_each_defect_has_a_code_a_line_and_words_that_help(tmp_path, text, line, code, words):
    write_tracker(tmp_path, {"credits/x.yaml": text})
    tracker = load_tracker(tmp_path)
    (problem,) = [p for p in tracker.problems if p.file == "credits/x.yaml"]
    assert (problem.line, problem.code) == (line, code)
    assert words in problem.message + " " + problem.hint


def test_all_problems_of_a_file_are_reported_not_just_the_first(tmp_path):
    text = "title: T\nprovder: P\ncompleted: 2025-13-01\ncredits: -1\nunit: miles\n"
    write_tracker(tmp_path, {"credits/x.yaml": text})
    assert [(p.line, p.code) for p in load_tracker(tmp_path).problems] == [
        (2, "unknown-key"), (3, "invalid-date"), (4, "negative-credits"), (5, "unknown-unit")]


def test_impossible_date_names_the_month_length(tmp_path):
    write_tracker(tmp_path, {"credits/x.yaml": course("T", "2025-02-30", 1)})
    (problem,) = load_tracker(tmp_path).problems
    assert "February 2025 has 28 days" in problem.message


def test_self_referencing_alias_is_a_problem_not_a_crash(tmp_path):
    write_tracker(tmp_path, {"credits/x.yaml": "a: &x [*x]\n"})
    tracker = load_tracker(tmp_path)
    assert "too-deep" in [p.code for p in tracker.problems]


def test_not_utf8_and_empty_files(tmp_path):
    write_tracker(tmp_path, {"credits/empty.yaml": "# nothing yet\n"})
    (tmp_path / "credits" / "latin1.yaml").write_bytes("title: Caf\xe9\n".encode("latin-1"))
    assert codes(load_tracker(tmp_path)) == [
        ("credits/empty.yaml", 0, "empty-file"), ("credits/latin1.yaml", 1, "encoding")]


def test_profile_is_read_with_its_credentials(tmp_path):
    write_tracker(tmp_path, {})
    profile = load_tracker(tmp_path).profile
    assert profile.name == "Test Holder"
    (held,) = profile.credentials
    assert (held.id, held.number, held.line) == ("ACSM-CPT", "987654", 3)
    assert held.expires == dt.date(2026, 12, 31)


def test_missing_profile_and_missing_folder(tmp_path):
    write_tracker(tmp_path, {}, profile=None)
    assert codes(load_tracker(tmp_path)) == [("credits/profile.yaml", 0, "missing-profile")]
    assert [p.code for p in load_tracker(tmp_path / "nowhere").problems] == ["missing-credits-dir"]


def test_profile_errors_point_at_the_line(tmp_path):
    profile = "name: X\ncredentials:\n  - id: ACSM-CPT\n    expiry: 2026-12-31\n"
    write_tracker(tmp_path, {}, profile=profile)
    (problem,) = load_tracker(tmp_path).problems
    assert (problem.file, problem.line, problem.code) == ("credits/profile.yaml", 4, "unknown-key")
    assert "did you mean `expires`" in problem.hint


def test_a_yaml_tag_in_the_profile_is_not_called_a_credit_file(tmp_path):
    write_tracker(tmp_path, {}, profile="name: !!python/name:os.system\ncredentials: []\n")
    (problem,) = [p for p in load_tracker(tmp_path).problems if p.code == "unsafe-tag"]
    assert (problem.file, problem.line) == ("credits/profile.yaml", 1)
    assert problem.message == "the YAML tag !!python/name:os.system is not allowed in a cectrack file"


def test_a_lone_yaml_sign_is_reported_at_the_value_with_how_to_write_it(tmp_path):
    """`=` and `<<` alone are YAML 1.1 signs (!!value, !!merge), not text: the message
    points at the value itself and says to quote it (no tag was written to blame)."""
    write_tracker(tmp_path, {"credits/a.yaml": "title: =\nprovider: <<\ncompleted: 2025-01-01\n"
                                               "credits: 1\n"})
    found = {(p.line, p.col, p.span): p for p in load_tracker(tmp_path).problems
             if p.code == "unsafe-tag"}
    assert sorted(found) == [(1, 8, 1), (2, 11, 2)]
    assert found[(1, 8, 1)].message == "`=` alone is read by YAML as a sign (!!value), not as text"
    assert found[(1, 8, 1)].hint == "put it in quotes: '='"
    assert "(!!merge)" in found[(2, 11, 2)].message


def test_values_written_at_the_same_place_share_their_position(tmp_path):
    """A long career's files are alike: a value's (line, column, width) is one tuple for
    every file that has a value there, and each entry still says where its own values are."""
    root = write_tracker(tmp_path / "t", {
        "credits/a.yaml": course("Kettlebells", "2025-01-10", 2),
        "credits/b.yaml": course("Kettlebell!", "2025-02-10", 2),
        "credits/c.yaml": course("Yoga", "2025-03-10", 2)})
    a, b, c = sorted(load_tracker(root).entries, key=lambda e: e.file)
    assert a.at("title") == b.at("title") == (1, 8, 11) and c.at("title") == (1, 8, 4)  # after "title: "
    assert a.at("title") is b.at("title")
    assert a.at("completed") is b.at("completed") is c.at("completed")


def test_a_one_off_build_forgets_what_the_analysis_kept_for_repeated_values(tmp_path):
    """Kept past the analysis, the caches of repeated values would hold on to the memory
    the analysis leaves behind; forget_shared empties every one of them."""
    from cectrack.analysis import analyse, forget_shared
    from cectrack.engine import duplicates, reasons
    from cectrack.records import load, yamlsource
    root = write_tracker(tmp_path / "t", {
        f"credits/c{i}.yaml": course(f"Course {i}", f"2025-0{1 + i}-10", 2) for i in range(3)})
    analyse(root, dt.date(2026, 1, 1))
    caches = (duplicates.words, duplicates.provider_names, duplicates.provider_keys,
              load._place, yamlsource._resolved, yamlsource._flat_line)
    assert all(cached.cache_info().currsize for cached in caches[3:])
    reasons.reason("before-cycle", completed=dt.date(2020, 1, 1), start=dt.date(2025, 1, 1))
    assert reasons._SHARED
    forget_shared()
    assert [cached.cache_info().currsize for cached in caches] == [0] * 6
    assert not reasons._SHARED


def test_credit_files_are_listed_in_the_order_of_their_paths_part_by_part(tmp_path):
    """Files and folders of one folder taken together by name (a folder `b` before a file
    `b.yaml`, `a-z.yaml` before a folder `a_`), hidden ones and linked folders left out, the
    profile only at the top."""
    write_tracker(tmp_path, {})
    for name in ["z.yaml", "b.yaml", "b/2.yml", "b/1.yaml", "a-z.yaml", "a_/x.yaml",
                 "a_/profile.yaml", "B.yaml", ".hidden/h.yaml", ".h.yaml", "notes.txt",
                 "b/c/d.yaml"]:
        (tmp_path / "credits" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "credits" / name).write_text(course("T", "2025-01-01", 1))
    (tmp_path / "credits" / "linked").symlink_to(tmp_path / "credits" / "b")
    (tmp_path / "credits" / "link.yaml").symlink_to(tmp_path / "credits" / "z.yaml")
    files = load.credit_files(tmp_path / "credits", tmp_path)
    assert [name for _, name in files] == [
        "credits/B.yaml", "credits/a-z.yaml", "credits/a_/profile.yaml", "credits/a_/x.yaml",
        "credits/b/1.yaml", "credits/b/2.yml", "credits/b/c/d.yaml", "credits/b.yaml",
        "credits/link.yaml", "credits/z.yaml"]
    assert all(path == str(tmp_path / name) for path, name in files)


def test_a_folder_nested_past_the_limit_is_an_error_and_the_rest_is_read(tmp_path):
    """Folders 1,400 deep ran the walk out of Python's recursion limit (an internal error
    instead of a check): the walk now stops past the twelfth folder and says so, where a
    credit file lies below (a deep folder of scans is no error)."""
    root = write_tracker(tmp_path, {
        "credits/2026/near.yaml": course("Near", "2026-03-01", 2),
        "credits/" + "a/" * 12 + "deep-enough.yaml": course("Twelve down", "2026-03-02", 2),
        "credits/" + "a/" * 20 + "lost.yaml": course("Lost", "2026-03-03", 2),
        "credits/" + "b/" * 20 + "scan.pdf": "a scan, no course"})
    tracker = load_tracker(root)
    assert sorted(e.title for e in tracker.entries) == ["Near", "Twelve down"]
    deep_ones = [p for p in tracker.problems if p.code == "too-deep"]
    assert [(p.file, p.severity) for p in deep_ones] == [("credits/" + "a/" * 12 + "a", "error")]
    assert "more than 12 folders deep" in deep_ones[0].message
