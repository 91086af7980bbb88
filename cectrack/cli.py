"""The terminal face: `cectrack check` and `cectrack status [--json]`.

Exit codes (PRODUCT.md): 0 no errors in the data, 1 errors in the data, 2 bad usage.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from . import __version__
from .core import RULES_DIR, analyse
from .render.text import (count_line, credential_summary, credential_table, explanation_lines,
                          problem_lines)
from .rules.load import load_library
from .validate import unknown_id_hint
from .report import report_to_json


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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.root.is_dir():
        print(f"cectrack: error: --root {args.root} is not a folder", file=sys.stderr)
        return 2
    if args.command == "rules":
        return rules_command(args.root, args.id)
    report = analyse(args.root, args.today or dt.date.today(), args.credits_dir)
    if args.command == "status" and args.json:
        print(json.dumps(report_to_json(report), indent=2, ensure_ascii=False))
    else:
        _print_text(report)
    return 1 if report.errors else 0


def _print_text(report) -> None:
    for problem in report.problems:
        for line in problem_lines(problem):
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


if __name__ == "__main__":
    sys.exit(main())
