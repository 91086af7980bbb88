"""The terminal face: `cectrack check` and `cectrack status [--json]`.

Exit codes (PRODUCT.md): 0 no errors in the data, 1 errors in the data, 2 bad usage.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

import yaml

from . import __version__
from .audit import packet_slug
from .core import RULES_DIR, analyse
from .render.text import (
    count_line,
    credential_summary,
    credential_table,
    explanation_lines,
    problem_lines,
)
from .report import report_to_json
from .rules.load import load_library
from .secret import SECRET_ENV, make_secret, secret_problem
from .validate import unknown_id_hint


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date as YYYY-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=Path("."),
                        help="the tracker folder, holding credits/ (default: .)")
    common.add_argument("--today", type=_iso_date, default=None,
                        help="compute as of this date, YYYY-MM-DD (default: today)")
    common.add_argument("--credits-dir", default="credits",
                        help="folder of credit files, inside the root (default: credits)")
    parser = argparse.ArgumentParser(
        prog="cectrack", description="Check and total continuing-education credits.")
    parser.add_argument("--version", action="version", version=f"cectrack {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("check", parents=[common],
                        help="report every problem in the data; exit 1 if any is an error")
    status = commands.add_parser("status", parents=[common],
                                 help="where each credential stands; --json for scripts")
    status.add_argument("--json", action="store_true", help="print the JSON report")
    rules = commands.add_parser("rules", parents=[common],
                                help="list the known credentials, or explain one body's rules")
    rules.add_argument("id", nargs="?", help="a credential id (ACSM-CPT) or a body (ACSM)")
    commands.add_parser("secret", help="print a new random secret for unlisted audit links")
    commands.add_parser("audit-link", parents=[common],
                        help=f"print the addresses of the audit packets (uses {SECRET_ENV})")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "secret":
        print(make_secret())
        return 0
    if not args.root.is_dir():
        print(f"cectrack: error: --root {args.root} is not a folder", file=sys.stderr)
        return 2
    if args.command == "rules":
        return rules_command(args.root, args.id)
    if args.command == "audit-link":
        return audit_link_command(args.root, args.today or dt.date.today(), args.credits_dir)
    report = analyse(args.root, args.today or dt.date.today(), args.credits_dir)
    if args.command == "status" and args.json:
        print(json.dumps(report_to_json(report), indent=2, ensure_ascii=False))
    else:
        _print_text(report, args.root)
    return 1 if report.errors else 0


def _print_text(report, root: Path) -> None:
    for problem in report.problems:
        for line in problem_lines(problem, root):
            print(line)
    if report.problems:
        print()
    for credential in report.credentials:
        print(credential_summary(credential))
    print(f"as of {report.as_of.isoformat()}: {count_line(report)}")


def rules_command(root: Path, wanted: str | None) -> int:
    library, problems = load_library(root / RULES_DIR, root)
    for problem in problems:
        print("\n".join(problem_lines(problem)), file=sys.stderr)
    if wanted is None:
        print("\n".join(credential_table(library)))
        return 1 if problems else 0
    ruleset = library.rulesets.get(wanted.upper()) or library.for_credential(wanted.upper())
    if ruleset is None:
        print(f"cectrack: error: no rules for '{wanted}'; "
              f"{unknown_id_hint(wanted, library)}", file=sys.stderr)
        return 2
    print("\n".join(explanation_lines(ruleset)))
    return 1 if problems else 0


def audit_link_command(root: Path, today: dt.date, credits_dir: str) -> int:
    """The packets' addresses: under the secret when it is set (unlisted), else plain."""
    secret = os.environ.get(SECRET_ENV)
    if secret is not None and (problem := secret_problem(secret)):
        print(f"cectrack: error: {problem}", file=sys.stderr)
        return 2
    report = analyse(root, today, credits_dir)
    base = _site_url(root)
    folder = f"audit/{secret}" if secret else "audit"
    for c in report.credentials + report.past:
        print(f"{c.id} {c.cycle.start.year}-{c.cycle.end.year}: {base}{folder}/{packet_slug(c)}/")
    if not secret:
        print(f"(listed links; for unlisted ones set {SECRET_ENV} as in your site's build)",
              file=sys.stderr)
    return 0


def _site_url(root: Path) -> str:
    """site_url from mkdocs.yml, when it can be read safely; else nothing (relative links)."""
    try:
        config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
        url = str(config.get("site_url") or "")
    except (OSError, yaml.YAMLError, AttributeError):
        return ""
    return url if not url or url.endswith("/") else url + "/"


if __name__ == "__main__":
    sys.exit(main())
