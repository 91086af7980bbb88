"""One call from a tracker folder to a Report: what the CLI and the plugin both use."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .engine import build_report
from .load import load_tracker
from .report import Report
from .rules.load import load_library


def analyse(root: Path | str, today: dt.date, credits_dir: str = "credits") -> Report:
    """Load the tracker at `root`, total it against the rules as of `today`."""
    library, rule_problems = load_library()
    tracker = load_tracker(root, credits_dir)
    report = build_report(tracker, library, today)
    problems = sorted(rule_problems + list(report.problems),
                      key=lambda p: (p.file, p.line, p.code))
    return Report(report.as_of, report.holder, report.credentials, tuple(problems))
