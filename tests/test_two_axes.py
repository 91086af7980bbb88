"""Issue 21, item 3: caps on two axes (a topic maximum and a delivery maximum, categories with
maxima, per-year and per-event caps).  The counted total is the largest every maximum allows,
whatever the order of the courses' dates; ties go to the earliest courses.  Each figure is
worked out by hand from the rules (PMA Q4, ACSM A1, NSCA C3/C7); the allocator is also checked
against a brute-force search on small generated cases."""
from __future__ import annotations

import datetime as dt
import itertools

from conftest import (
    course,
    notes_of,
    profile,
    report_for,
    result,
    rows,
    why,
    write_tracker,
)
from hypothesis import given, settings, strategies as st

from cectrack.engine.counting import Assumptions
from cectrack.engine.maxima import Claim, Maxima
from cectrack.rules.load import load_ruleset
from cectrack.rules.model import CapRule, Fact

DAY = dt.date(2026, 11, 28)
DATES = ("2025-02-01", "2025-03-01", "2025-04-01")
PMA = profile(("PMA-CPT", {"expires": "2026-12-31"}))


def pma_courses(dates):
    """PMA-CPT, 16 CECs every 2 years (Q1); distance learning at most 12 a cycle and research
    at most 6 (Q4). The same three courses on the dates given:
      X: a 4-hour research webinar   (distance, research)
      Y: a 10-hour Pilates webinar   (distance, Pilates content)
      Z: a 4-hour live research course (research)"""
    x, y, z = dates
    return {"credits/x.yaml": course("X research webinar", x, 4, "contact_hour",
                                     activity="webinar", category="{PMA: research}"),
            "credits/y.yaml": course("Y pilates webinar", y, 10, "contact_hour",
                                     activity="webinar"),
            "credits/z.yaml": course("Z live research", z, 4, "contact_hour",
                                     category="{PMA: research}")}


def test_two_axes_count_sixteen_in_every_order_of_dates(tmp_path):
    # Greedy in date order (X, Y, Z) gave 14: X takes 4 (distance 4, research 4), Y only 8
    # (distance 12 full), Z only 2 (research 6 full).
    # Every maximum together: Y <= 10; X + Y <= 12 (distance); X + Z <= 6 (research);
    # Z <= 4. Y + (X + Z) <= 10 + 6 = 16, reached only with Y = 10, so X <= 2, and X + Z = 6,
    # so Z = 4 and X = 2: 16, met, in every one of the 6 orders of the dates.
    for number, dates in enumerate(itertools.permutations(DATES)):
        root = write_tracker(tmp_path / str(number), pma_courses(dates), profile=PMA)
        c = result(report_for(root, DAY), "PMA-CPT")
        counted = {title[0]: r.counted for title, r in rows(c).items()}
        assert counted == {"X": 2.0, "Y": 10.0, "Z": 4.0}, dates
        assert (c.earned, c.status) == (16.0, "met"), dates
        assert {k.id: k.earned for k in c.categories}["research"] == 6.0
        (distance,) = [cap for cap in c.caps if cap.id == "distance"]
        assert distance.used == 12.0


def test_the_note_names_the_maxima_that_held_a_course_back(tmp_path):
    root = write_tracker(tmp_path, pma_courses(DATES), profile=PMA)
    x = rows(result(report_for(root, DAY), "PMA-CPT"))["X research webinar"]
    assert "above the category research maximum of 6: 2 ignored (source Q4)" in notes_of(x)


def test_ties_go_to_the_earliest_course_in_every_order(tmp_path):
    # Two 8-hour Pilates webinars share distance learning's 12 (Q4): 16 of them cannot all
    # count; either way 12 count. The earlier one counts in full (8), the later 4.
    for number, (first, second) in enumerate(itertools.permutations(DATES[:2])):
        root = write_tracker(tmp_path / str(number), {
            "credits/a.yaml": course("A", first, 8, "contact_hour", activity="webinar"),
            "credits/b.yaml": course("B", second, 8, "contact_hour", activity="webinar")},
            profile=PMA)
        c = rows(result(report_for(root, DAY), "PMA-CPT"))
        early, late = (c["A"], c["B"]) if first < second else (c["B"], c["A"])
        assert (early.counted, late.counted) == (8.0, 4.0)
        assert "above the cap for distance learning: at most 12 per cycle (source Q4)" in notes_of(late)


def test_per_year_and_per_cycle_caps_in_every_order(tmp_path):
    # ACSM committee service: at most 8 CECs a year and 24 a cycle (A1), cycle 2024-2026.
    # Service 2024-01-10..2026-05-31 (no credits: 8 for each of 2024, 2025, 2026) and three
    # one-year records of 8 dated in 2025, 2026 and 2026. Each year holds 8 at most and the
    # cycle 24: the most that fits is 24 whatever the dates; the long service, whose parts
    # are the only credit of 2024, always keeps its 2024 part.
    service = ("title: Service\nprovider: ACSM\nactivity: committee\nstarted: 2024-01-10\n"
               "completed: {}\n")
    for number, order in enumerate(itertools.permutations(
            ["2025-06-01", "2026-06-01", "2026-07-01", "2026-08-01"])):
        long_end, *others = order
        if long_end < "2026-01-01":
            continue  # the long service must reach into 2026 to span three years
        files = {"credits/s.yaml": service.format(long_end)}
        files.update({f"credits/{i}.yaml": course(f"Year {i}", day, 8, activity="committee")
                      for i, day in enumerate(others)})
        root = write_tracker(tmp_path / str(number), files)
        c = result(report_for(root), "ACSM-CPT")
        assert c.earned == 24.0, order
        assert rows(c)["Service"].counted >= 8.0, order
        (cap,) = [cap for cap in c.caps if cap.id == "committee"]
        assert [used for _, used in cap.years] == [8.0, 8.0, 8.0]


def test_nsca_per_event_and_category_maxima_together(tmp_path):
    # NSCA 2024-2026: Category A at most 5.5 (C3), a single event at most 2.0 (C7).
    # Four conferences of 3.0 CEU: each cut to 2.0 (per event), A holds 5.5: 2 + 2 + 1.5 + 0,
    # the earliest first, whatever the order of the files.
    files = {f"credits/{name}.yaml": course(f"Conference {name}", day, 3.0, "CEU",
                                            activity="conference")
             for name, day in zip("dcba", ("2025-01-10", "2025-02-10", "2025-03-10", "2025-04-10"))}
    write_tracker(tmp_path, files, profile=profile(("NSCA-CSCS", {"since": "2015-01-01"})))
    c = rows(result(report_for(tmp_path), "NSCA-CSCS"))
    assert [c[f"Conference {n}"].counted for n in "dcba"] == [2.0, 2.0, 1.5, 0.0]
    assert why(c["Conference a"]) == (
        "above the cap for a single event: at most 2 per item (source C7); "
        "above the category A maximum of 5.5: 2 ignored (source C3)")


def test_caps_that_cross_are_refused_in_a_rule_file():
    # A course of both caps would be limited by two caps that each count other courses too:
    # refused at the second cap's line, so the tracker's figures never rest on it.
    text = """body: X
name: X
unit: contact_hour
credentials: {X-A: {name: A, required: 10}}
cycle: {model: years_ending, years: 2}
conversions: {contact_hour: 1}
caps:
  - {id: online, activities: [webinar, home_study], per_cycle: 6}
  - {id: reading, activities: [home_study, course], per_cycle: 4}
"""
    problems = []
    assert load_ruleset(text, "rules/x.yaml", problems) is None
    (problem,) = problems
    assert (problem.line, problem.code) == (9, "bad-rule")
    assert problem.message.startswith("caps `online` and `reading` overlap without one holding")


# --- The allocator against a brute-force search ---------------------------------------------
CAPS = (CapRule("d", "distance", ("webinar",), per_cycle=Fact(5, "d"), per_year=Fact(3, "d")),
        CapRule("w", "weekend", ("webinar", "course"), per_cycle=Fact(6, "w")),
        CapRule("i", "item", ("course",), per_item=Fact(3, "i")))
MAXIMA = {"A": Fact(4, "A"), "B": Fact(7, "B"), "C": None}

claims = st.lists(st.tuples(st.sampled_from(["webinar", "course", "quiz"]),
                            st.sampled_from(["A", "B", "C"]), st.integers(0, 1),
                            st.integers(0, 5)), min_size=1, max_size=5)


def brute_force(parts):
    """Every whole-number allocation (the flow's optimum is whole where the limits are), the
    largest total first, then the earliest claims' amounts (the documented tie-break)."""
    amounts = [min(n, 3) if activity == "course" else n for activity, _, _, n in parts]
    best = None
    for x in itertools.product(*(range(a + 1) for a in amounts)):
        def used(test):
            return sum(v for v, part in zip(x, parts) if test(*part))
        if (used(lambda a, c, y, n: a == "webinar") > 5
                or any(used(lambda a, c, y, n: a == "webinar" and y == year) > 3 for year in (0, 1))
                or used(lambda a, c, y, n: a != "quiz") > 6
                or used(lambda a, c, y, n: c == "A") > 4 or used(lambda a, c, y, n: c == "B") > 7):
            continue
        key = (sum(x), x)
        best = key if best is None or key > best else best
    return best[1]


@settings(max_examples=150, deadline=None)
@given(claims)
def test_the_allocation_is_the_brute_force_optimum(parts):
    maxima = Maxima(CAPS, MAXIMA, Assumptions())
    granted = maxima.allocate([Claim(i, year, float(n), activity, category)
                               for i, (activity, category, year, n) in enumerate(parts)])
    assert tuple(round(g.counted) for g in granted) == brute_force(parts)
