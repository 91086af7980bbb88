"""One call from a tracker folder to a Report: what the CLI and the plugin both use."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .audit.packets import audit_readiness
from .engine import build_report
from .audit.gitfacts import GitFacts, read_git_facts
from .records.load import load_tracker
from .records.model import Tracker
from .report import Report
from .rules.load import load_library
from .rules.model import Library

RULES_DIR = "rules"  # a tracker's own rule files, replacing built-in ones of the same body


@dataclass(frozen=True)
class Analysis:
    report: Report
    library: Library
    git: GitFacts
    root: Path
    tracker: Tracker


def declared_words(library: Library) -> dict[str, tuple[str, ...]]:
    """Units and activities the rule files add, by the entry field that takes them."""
    return {"unit": tuple(library.declared("units")),
            "activity": tuple(library.declared("activities"))}


def analyse(root: Path | str, today: dt.date, credits_dir: str = "credits") -> Report:
    """Load the tracker at `root`, total it against the rules as of `today`."""
    return analysis(root, today, credits_dir).report


def analysis(root: Path | str, today: dt.date, credits_dir: str = "credits") -> Analysis:
    """As analyse(), with the rules library and the git facts the pages need."""
    root = Path(root)
    library, rule_problems = load_library(root / RULES_DIR, root)
    tracker = load_tracker(root, credits_dir, declared_words(library))
    report = build_report(tracker, library, today)
    git = read_git_facts(root)
    problems = sorted(rule_problems + list(report.problems) + audit_readiness(report, root, git, credits_dir),
                      key=lambda p: (p.file, p.line, p.col, p.code))
    report = Report(report.as_of, report.holder, report.credentials, tuple(problems), report.past)
    return Analysis(report, library, git, root, tracker)
