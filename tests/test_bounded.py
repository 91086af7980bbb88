"""Bounded at scale (issue 22, item 7): a day of many courses is checked in linear work, and
the CSV importer's --date-format can neither crash its parser nor be misread.  In-process,
and deterministic: work is counted in function calls, never timed (tests/benchmark.py
--one-day times 50,000 files)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import sys

import pytest
from conftest import ACSM_CPT_PROFILE, LIBRARY, TODAY, cectrack, write_tracker
from hypothesis import given, settings, strategies as st

from cectrack.authoring.importer import date_format_problem, read_date
from cectrack.engine.build import build_report
from cectrack.records.load import load_tracker
from cectrack.records.model import Entry


def calls_to_check(base, entries: int, **same) -> int:
    """Python and built-in function calls made by the engine for `entries` courses of one
    day, each its own approval number, with `same` fields alike."""
    fields = {"title": "Webinar", "provider": "NSCA", **same}
    courses = tuple(Entry(file=f"credits/2025/w{i:06}.yaml", line=1, completed=dt.date(2025, 6, 1),
                          credits=1.0, approval=f"N{i}", **fields) for i in range(entries))
    tracker = dataclasses.replace(base, entries=courses)
    count = [0]

    def counting(frame, event, arg):
        if event in ("call", "c_call"):
            count[0] += 1

    sys.setprofile(counting)
    try:
        build_report(tracker, LIBRARY, TODAY)
    finally:
        sys.setprofile(None)
    return count[0]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    root = write_tracker(tmp_path_factory.mktemp("day"), {}, ACSM_CPT_PROFILE)
    return load_tracker(root, words=LIBRARY.entry_words())


@pytest.mark.parametrize("same", [{}, {"title": "Course"}, {"provider": "ACSM"}],
                         ids=["one-title", "another-title", "another-provider"])
def test_four_times_the_courses_of_one_day_take_four_times_the_work(base, same):
    small, large = calls_to_check(base, 400, **same), calls_to_check(base, 1600, **same)
    assert large < 5 * small, (small, large)  # comparing every pair would be 16 times


# --- The importer's date formats ---------------------------------------------------------------

@pytest.mark.parametrize("date_format", [
    "%Y%Y", "%m%m/%d/%Y", "%", "%Y-%m-%", "%m/%d", "%Y", "%d.%m.", "%Q/%d/%Y", "%H:%M",
    "plain text", "%%", "%Y-%Y-%d", "%j%j", "%d/%d/%Y", "%B %B %Y", "%z"])
def test_a_date_format_that_cannot_read_a_day_is_refused_with_why(date_format):
    assert date_format_problem(date_format)


@pytest.mark.parametrize("date_format, text, day", [
    ("%m/%d/%Y", "03/14/2025", "2025-03-14"), ("%d.%m.%Y", "14.03.2025", "2025-03-14"),
    ("%d/%m/%y", "14/03/25", "2025-03-14"), ("%b %d, %Y", "Mar 14, 2025", "2025-03-14"),
    ("%d %B %Y", "14 March 2025", "2025-03-14"), ("%Y-%m-%d", "2025-03-14", "2025-03-14"),
    ("%Y%m%d", "20250314", "2025-03-14"), ("%m/%d/%Y %H:%M", "03/14/2025 09:30", "2025-03-14")])
def test_a_usual_date_format_reads_its_dates(date_format, text, day):
    assert date_format_problem(date_format) is None
    assert read_date(text, date_format) == day


DIRECTIVES = ["%Y", "%m", "%d", "%y", "%b", "%B", "%j", "%U", "%W", "%G", "%V", "%u", "%a",
              "%p", "%H", "%I", "%M", "%S", "%f", "%z", "%Z", "%c", "%x", "%X", "%%", "%",
              "%s", "%-d", "%E", "%:z", "(", "[", "\\", "?P<Y>"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(DIRECTIVES), st.text(max_size=2)), max_size=6),
       st.text(max_size=24))
def test_no_date_format_or_date_crashes_the_importer(parts, text):
    date_format = "".join(parts)
    problem = date_format_problem(date_format)
    assert problem is None or isinstance(problem, str)
    found = read_date(text, date_format)
    assert found is None or dt.date.fromisoformat(found)


def test_import_refuses_a_date_format_it_cannot_use(tmp_path):
    root = write_tracker(tmp_path / "t", {})
    csv = tmp_path / "in.csv"
    csv.write_text("title,provider,completed,credits\nSummit,ACSM,03/14/2025,7\n")
    result = cectrack("import", str(csv), "--root", str(root), "--date-format", "%m/%d/%Y%Y",
                      expect=2)
    assert "--date-format %m/%d/%Y%Y cannot be used:" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert sorted(p.name for p in (root / "credits").rglob("*.yaml")) == ["profile.yaml"]
