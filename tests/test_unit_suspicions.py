"""Figures that look written in the wrong unit: a warning names the hours they make."""
from __future__ import annotations

import datetime as dt

import pytest
from conftest import course, write_tracker

from cectrack.analysis import analysis

DAY = dt.date(2026, 11, 28)
CODE = "hours-in-decimal-unit-suspected"


@pytest.mark.parametrize("credits, unit, extra, warned", [
    (8, "ACE-CEC", {}, True),  # 80 hours: the certificate's 8 hours, most likely
    (5, "CEU", {}, True),  # 50 hours, the least warned of
    (4.9, "CEU", {}, False),
    (8, "CEC", {}, False),  # an hour-based unit: 8 hours
    (6, "ACE-CEC", {"activity": "certification"}, False),  # a further certification
    (6, "CEU", {"activity": "college_course", "grade": "A"}, False),
])
def test_many_hours_in_a_decimal_unit_are_questioned(tmp_path, credits, unit, extra, warned):
    write_tracker(tmp_path, {"credits/c.yaml": course("Course", "2026-05-16", credits, unit,
                                                      **extra)})
    found = [p for p in analysis(tmp_path, DAY).report.problems if p.code == CODE]
    assert bool(found) == warned
    if warned:
        (problem,) = found
        assert (problem.line, problem.severity) == (4, "warning")
        assert problem.message == (f"{credits:g} {unit} is {credits * 10:g} hours of study: "
                                   f"{unit} is a decimal unit (0.1 = 1 hour)")
