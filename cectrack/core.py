"""One call from a tracker folder to a Report: what the CLI and the plugin both use."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .engine import build_report
from .load import load_tracker
from .report import Report
from .rules.load import load_library
from .rules.model import Library

RULES_DIR = "rules"  # a tracker's own rule files, replacing built-in ones of the same body


def analyse(root: Path | str, today: dt.date, credits_dir: str = "credits") -> Report:
    """Load the tracker at `root`, total it against the rules as of `today`."""
    return analyse_with_rules(root, today, credits_dir)[0]


def analyse_with_rules(root: Path | str, today: dt.date,
                       credits_dir: str = "credits") -> tuple[Report, Library]:
    """As analyse(), also returning the rules library used (the pages cite its sources)."""
    library, rule_problems = load_library(Path(root) / RULES_DIR, Path(root))
    tracker = load_tracker(root, credits_dir)
    report = build_report(tracker, library, today)
    problems = sorted(rule_problems + list(report.problems),
                      key=lambda p: (p.file, p.line, p.code))
    return Report(report.as_of, report.holder, report.credentials, tuple(problems)), library
