"""The one orchestrator: from a tracker folder to everything the faces show.

It is the only place that joins the rooms: records (the user's files), rules, the engine
(pure figures), audit (certificates on disk, git) and the plain data render takes.  The
CLI, the plugin and `render --out` call it; nothing below it calls back up.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from .audit.evidence import Certificates, evidence_problems
from .audit.gitfacts import GitFacts, start_git_facts
from .audit.packets import Identity, audit_readiness, build_packet
from .audit.proof import Proofs
from .engine import duplicates
from .engine.build import build_report
from .engine.reasons import shared_reasons_clear
from .engine.report import CredentialResult, Report
from .records.load import forget_repeated_values, load_tracker
from .records.model import CREDITS_DIR, Tracker
from .records.sourcelines import with_sources
from .render.options import SiteContent
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
    certificates: Certificates


def analyse(root: Path | str, today: dt.date, credits_dir: str = CREDITS_DIR,
            now: dt.date | None = None) -> Report:
    """Load the tracker at `root`, total it against the rules as of `today`."""
    return analysis(root, today, credits_dir, now).report


def analysis(root: Path | str, today: dt.date, credits_dir: str = CREDITS_DIR,
             now: dt.date | None = None) -> Analysis:
    """As analyse(), with the rules library, the git facts and the certificates.  `now` is
    the calendar's date (the faces know it; `today` may be another, given on purpose): a
    commit dated after it is not believed."""
    root = Path(root)
    git_facts = start_git_facts(root, now)  # git reads its history while the files are read
    library, rule_problems = load_library(root / RULES_DIR, root)
    tracker = load_tracker(root, credits_dir, library.entry_words())
    report = build_report(tracker, library, today)
    git = git_facts()
    certificates = Certificates(root, credits_dir)
    problems = (rule_problems + list(report.problems)
                + evidence_problems(tracker.entries, certificates)
                + audit_readiness(report, git, certificates))
    problems.sort(key=lambda p: (p.file, p.line, p.col, p.code))
    problems = with_sources(problems, root)  # the lines quoted under them, read here once
    report = replace(report, problems=tuple(problems))  # and everything else as built
    return Analysis(report, library, git, root, tracker, certificates)


def forget_shared() -> None:
    """Forget what the analysis keeps for values that repeat (the duplicate finder's words
    and providers, the reasons given, the files' tags and places): a one-off build calls
    this once its pages and files are made.  Made among the analysis's objects, kept, they
    would hold on to the memory those leave behind (at 10,000 courses, 5 to 9 MB of the
    build's peak)."""
    for cached in (duplicates.words, duplicates.provider_names, duplicates.provider_keys):
        cached.cache_clear()
    shared_reasons_clear()
    forget_repeated_values()


def site_content(state: Analysis) -> SiteContent:
    """What the pages are made from: the report, the rules and the audit packet of every
    current and still-auditable cycle (each certificate hashed here, once)."""
    report = state.report
    proofs = Proofs(state.certificates)
    packets = tuple(build_packet(c, identity(state, c), state.git, proofs,
                                 state.library.rulesets[c.body])
                    for c in report.credentials + report.past)
    profile = state.tracker.profile
    keys = tuple(studio.key for studio in profile.studios) if profile else ()
    return SiteContent(report, state.library, packets, proofs, keys,
                       state.tracker.entries, state.tracker.credits_dir)


def identity(state: Analysis, c: CredentialResult) -> Identity:
    """The holder as the profile names them, for one credential's packet: the current
    expiry is the end of the credential's current cycle, whichever cycle the packet is."""
    profile = state.tracker.profile
    if profile is None:
        return Identity(state.report.holder, c.number)
    held = next((h for h in profile.credentials if state.library.canonical(h.id) == c.id), None)
    current = next((k for k in state.report.credentials if k.id == c.id), c)
    return Identity(profile.name, c.number, held.since if held else None, current.cycle.end,
                    profile.contact, profile.attestation)
