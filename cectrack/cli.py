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
from .add import run_add
from .audit import packet_slug
from .core import RULES_DIR, analyse, analysis
from .fields import ENTRY_FIELDS
from .importer import run_import
from .init import run_init
from .render.pages import PageOptions
from .render.site import site_files, write_site_files
from .render.text import (
    count_line,
    credential_summary,
    credential_table,
    due_lines,
    explanation_lines,
    github_annotation,
    problem_lines,
)
from .report import report_to_json
from .rules.load import load_library
from .schema import FILES, SCHEMA_DIR, schema_text
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
    check = commands.add_parser("check", parents=[common],
                                help="report every problem in the data; exit 1 if any is an error")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="github: annotations that GitHub Actions shows on the diff")
    due = commands.add_parser("due", parents=[common],
                              help="list the deadlines of the next DAYS days (Markdown)")
    due.add_argument("--within", type=int, default=60, metavar="DAYS")
    render = commands.add_parser("render", parents=[common],
                                 help="write the site's pages as plain Markdown, with exports")
    render.add_argument("--out", type=Path, required=True, help="the output folder")
    render.add_argument("--publish-evidence", action="store_true",
                        help="copy the certificates and a ZIP next to each audit packet")
    status = commands.add_parser("status", parents=[common],
                                 help="where each credential stands; --json for scripts")
    status.add_argument("--json", action="store_true", help="print the JSON report")
    rules = commands.add_parser("rules", parents=[common],
                                help="list the known credentials, or explain one body's rules")
    rules.add_argument("id", nargs="?", help="a credential id (ACSM-CPT) or a body (ACSM)")
    add = commands.add_parser("add", parents=[common],
                              help="record a course: asks for each field, or takes flags")
    for spec in ENTRY_FIELDS:
        if spec.kind == "bool":
            add.add_argument(f"--{spec.name.replace('_', '-')}", dest=spec.name, default=None,
                             choices=("true", "false"), help=spec.doc)
        else:
            add.add_argument(f"--{spec.name.replace('_', '-')}", dest=spec.name, default=None,
                             help=spec.doc + (" (a file to copy into certificates/)"
                                              if spec.name == "evidence" else ""))
    add.add_argument("--no-input", action="store_true",
                     help="ask nothing: take the flags and the defaults (for scripts)")
    init = commands.add_parser("init", help="start a new tracker in DIR (default: .)")
    init.add_argument("dir", nargs="?", type=Path, default=Path("."))
    init.add_argument("--name", help="the holder's name")
    init.add_argument("--credential", action="append", default=[], metavar="ID=YYYY-MM-DD",
                      help="a credential held and its expiration date (repeat for several)")
    init.add_argument("--today", type=_iso_date, default=None, help=argparse.SUPPRESS)
    init.add_argument("--no-input", action="store_true", help="ask nothing")
    importer = commands.add_parser("import", parents=[common],
                                   help="import courses from a CSV transcript or spreadsheet")
    importer.add_argument("csv", type=Path, help="the CSV file")
    importer.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                          help="read COLUMN into FIELD (e.g. 'Course Name=title'); repeatable")
    importer.add_argument("--dry-run", action="store_true", help="show what would be written")
    importer.add_argument("--date-format", help="how dates are written, e.g. %%m/%%d/%%Y")
    schema = commands.add_parser("schema", parents=[common],
                                 help="print the JSON Schema of credit files or the profile")
    schema.add_argument("which", nargs="?", choices=("entry", "profile"), default="entry")
    schema.add_argument("--write", action="store_true",
                        help="refresh the editor copies in credits/.schema/")
    commands.add_parser("secret", help="print a new random secret for unlisted audit links")
    commands.add_parser("audit-link", parents=[common],
                        help=f"print the addresses of the audit packets (uses {SECRET_ENV})")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "secret":
        print(make_secret())
        return 0
    if args.command == "schema" and not args.write:
        print(schema_text(args.which), end="")
        return 0
    if args.command == "init":
        interactive = not args.no_input and sys.stdin.isatty()
        return run_init(args.dir, args.today or dt.date.today(), args.name, args.credential,
                        interactive)
    if not args.root.is_dir():
        print(f"cectrack: error: --root {args.root} is not a folder", file=sys.stderr)
        return 2
    if args.command == "rules":
        return rules_command(args.root, args.id)
    if args.command == "add":
        given = {spec.name: getattr(args, spec.name) for spec in ENTRY_FIELDS}
        interactive = not args.no_input and sys.stdin.isatty()
        return run_add(args.root, args.today or dt.date.today(), given, interactive)
    if args.command == "schema":
        return write_schemas(args.root / args.credits_dir)
    if args.command == "import":
        mapping = dict(item.rsplit("=", 1) for item in args.map if "=" in item)
        if len(mapping) != len(args.map) or not set(mapping.values()) <= {s.name for s in ENTRY_FIELDS}:
            print("cectrack import: --map takes COLUMN=FIELD with a field of the entry format",
                  file=sys.stderr)
            return 2
        return run_import(args.root, args.csv, mapping, args.dry_run, args.date_format,
                          args.today or dt.date.today())
    if args.command == "audit-link":
        return audit_link_command(args.root, args.today or dt.date.today(), args.credits_dir)
    today = args.today or dt.date.today()
    if args.command == "render":
        return render_command(args.root, today, args.credits_dir, args.out, args.publish_evidence)
    report = analyse(args.root, today, args.credits_dir)
    if args.command == "due":
        for line in due_lines(report, args.within):
            print(line)
        return 0
    if args.command == "check" and args.format == "github":
        for problem in report.problems:
            print(github_annotation(problem))
        for credential in report.credentials:
            print(credential_summary(credential))
        return 1 if report.errors else 0
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


def render_command(root: Path, today: dt.date, credits_dir: str, out: Path,
                   publish_evidence: bool) -> int:
    """The same pages as the MkDocs plugin makes, as Markdown files for any generator."""
    out = out.resolve()
    if out in (root.resolve(), (root / credits_dir).resolve()):
        print(f"cectrack render: --out {out} would mix generated files with yours; "
              "choose an output folder of its own", file=sys.stderr)
        return 2
    result = analysis(root, today, credits_dir)
    for problem in result.report.problems:
        print("\n".join(problem_lines(problem, root)), file=sys.stderr)
    pages, files = site_files(result, PageOptions(publish_evidence=publish_evidence))
    count = write_site_files(out, pages, files)
    print(f"wrote {count} files to {out}")
    return 1 if result.report.errors else 0


def write_schemas(credits: Path) -> int:
    """Refresh credits/.schema/ (cectrack's own files, replaced atomically when changed)."""
    for name, filename in FILES.items():
        path = credits / SCHEMA_DIR / filename
        text = schema_text(name)
        if path.exists() and path.read_text("utf-8") == text:
            print(f"{path}: up to date")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(text, "utf-8")
        os.replace(temporary, path)
        print(f"{path}: written")
    return 0


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
