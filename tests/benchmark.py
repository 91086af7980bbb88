"""Speed and memory targets for cectrack, measured on a generated tracker.

    python tests/benchmark.py [--entries 3000]

A busy professional records perhaps 30 courses a year; a studio manager's team, or a
decade of history, a few thousand.  Targets for 3,000 entries and four credentials on the
reference machine (2 cores): load + validate + total (`analysis`) under 3 s, rendering every
page and export under 5 s, peak memory under 300 MB.  Exits 1 when a target is missed.
Not part of the test suite's pass/fail: timings there would be flaky.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cectrack.core import analysis  # noqa: E402
from cectrack.render.pages import PageOptions  # noqa: E402
from cectrack.render.site import site_files  # noqa: E402

TARGETS = {"analysis_s": 3.0, "render_s": 5.0, "peak_mb": 300.0}
PROFILE = """name: Benchmark Holder
credentials:
  - {id: ACSM-CPT, expires: 2026-12-31}
  - {id: NSCA-CSCS, since: 2015-01-01}
  - {id: ACE-CPT, since: 2023-03-10}
  - {id: NCCPA-PA-C, since: 2016-06-01, expires: 2026-12-31}
"""
UNITS = ("CEC", "contact_hour", "CEU", "ACE-CEC", "CME")
ACTIVITIES = ("course", "conference", "webinar", "home_study", "quiz", "presenting")


def make_tracker(root: Path, entries: int) -> None:
    rng = random.Random(2026)  # the same tracker every run
    (root / "credits").mkdir(parents=True)
    (root / "credits" / "profile.yaml").write_text(PROFILE)
    start = dt.date(2016, 1, 1)
    for i in range(entries):
        day = start + dt.timedelta(days=rng.randrange(0, 3980))
        unit = rng.choice(UNITS)
        amount = round(rng.uniform(0.1, 0.9), 1) if unit in ("CEU", "ACE-CEC") else rng.randint(1, 8)
        folder = root / "credits" / str(day.year)
        folder.mkdir(exist_ok=True)
        (folder / f"{day.isoformat()}-course-{i}.yaml").write_text(
            f"title: Course {i}\nprovider: Provider {i % 40}\ncompleted: {day.isoformat()}\n"
            f"credits: {amount}\nunit: {unit}\nactivity: {rng.choice(ACTIVITIES)}\n")


def measure(entries: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_tracker(root, entries)
        tracemalloc.start()
        began = time.perf_counter()
        result = analysis(root, dt.date(2026, 11, 28))
        analysed = time.perf_counter()
        pages, files = site_files(result, PageOptions())
        rendered = time.perf_counter()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {"analysis_s": analysed - began, "render_s": rendered - analysed,
            "peak_mb": peak / 2**20, "pages": len(pages), "files": len(files)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=3000)
    args = parser.parse_args()
    figures = measure(args.entries)
    missed = [k for k, limit in TARGETS.items() if figures[k] > limit * args.entries / 3000]
    for key, value in figures.items():
        target = f"  (target {TARGETS[key] * args.entries / 3000:g})" if key in TARGETS else ""
        print(f"{key:11} {value:9.2f}{target}")
    print("missed: " + ", ".join(missed) if missed else "all targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
