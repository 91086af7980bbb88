"""The terminal face: parses the command line and hands over to cectrack.cli.commands.

Exit codes (PRODUCT.md): 0 no errors in the data, 1 errors in the data, 2 bad usage.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import importlib
import os
import sys
from pathlib import Path
from typing import Iterator, NoReturn

from .. import __version__
from ..audit.secret import SECRET_ENV
from ..files.visible import printable
from ..records.fields import ENTRY_FIELDS, parse_day
from ..records.model import CREDITS_DIR
from ..tracker.generators import DEFAULT as DEFAULT_GENERATOR, GENERATORS
from ..tracker.locate import configured_credits_dir, find_tracker
from . import commands
from .completion import SHELLS, script

HANDLERS = {
    "check": commands.check, "status": commands.status, "due": commands.due,
    "rules": commands.rules, "render": commands.render, "add": commands.add,
    "init": commands.init, "import": commands.import_csv, "schema": commands.schema,
    "secret": commands.secret, "audit-link": commands.audit_link, "verify": commands.verify,
    "team": lambda args: _command_module("team").run(args), "upgrade": commands.upgrade,
    "build": lambda args: _command_module("build").build_command(args),
    "serve": lambda args: _command_module("serve").serve_command(args),
}
NO_ROOT_NEEDED = ("init", "secret", "verify", "team", "completion")  # team: a studio's folder
# These answer from the rules cectrack ships when no tracker is around.
TRACKER_OPTIONAL = ("rules", "schema")


def _iso_date(text: str) -> dt.date:
    try:
        return parse_day(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _days(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"'{printable(text)}' is not a number of days: write "
                                         "a whole number, 0 or more, e.g. --within 60")
    return int(text)


def _root_and_today(what: str, holding: str) -> argparse.ArgumentParser:
    """The options every command of a kind shares: its folder and the day to work for."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=None,
                        help=f"the {what} folder, holding {holding.split(' or ')[0]} (default: "
                             f"the nearest folder upwards from here that holds {holding})")
    common.add_argument("--today", type=_iso_date, default=None,
                        help="compute as of this date, YYYY-MM-DD (default: today)")
    return common


def _parser() -> argparse.ArgumentParser:
    common = _root_and_today("tracker", "credits/ or mkdocs.yml")
    common.add_argument("--credits-dir", default=None,
                        help="folder of credit files, inside the root (default: the plugin's "
                             "credits_dir in mkdocs.yml, else credits)")
    parser = argparse.ArgumentParser(
        prog="cectrack", description="Check and total continuing-education credits.")
    parser.add_argument("--version", action="version", version=f"cectrack {__version__}")
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _reading_commands(subcommands, common)
    _writing_commands(subcommands, common)
    _team_commands(subcommands)
    return parser


def _reading_commands(commands, common: argparse.ArgumentParser) -> None:
    """Commands that read the tracker and report: they never change a file of yours."""
    check = commands.add_parser("check", parents=[common],
                                help="report every problem in the data; exit 1 if any is an error")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="github: annotations that GitHub Actions shows on the diff")
    status = commands.add_parser("status", parents=[common],
                                 help="where each credential stands; --json for scripts")
    status.add_argument("--json", action="store_true", help="print the JSON report")
    due = commands.add_parser("due", parents=[common],
                              help="list the deadlines of the next DAYS days (Markdown)")
    due.add_argument("--within", type=_days, default=60, metavar="DAYS",
                     help="how many days ahead of today to look, 0 or more (default: 60)")
    rules = commands.add_parser("rules", parents=[common],
                                help="list the known credentials, or explain one body's rules")
    rules.add_argument("id", nargs="?", help="a credential id (ACSM-CPT) or a body (ACSM)")
    build = commands.add_parser("build", parents=[common],
                                help="build the site with the generator mkdocs.yml names "
                                     "(generator:), strictly, seal it when a password is set, "
                                     "and check that it holds cectrack's figures")
    build.add_argument("--from-render", action="store_true",
                       help="build cectrack render's project (as Zensical always does) even "
                            "with a generator that runs the plugin, to compare the two")
    serve = commands.add_parser("serve", parents=[common],
                                help="preview the site, built again on each change of your "
                                     "credits, certificates, rules or pages")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                       help="where to serve it (default: 127.0.0.1:8000)")
    render = commands.add_parser("render", parents=[common],
                                 help="write the site's pages as plain Markdown, with exports")
    render.add_argument("--out", type=Path, required=True, help="the output folder")
    render.add_argument("--publish-evidence", action="store_true",
                        help="copy the certificates and a ZIP next to each audit packet")


LIST_KINDS = ("id_list", "word_list")  # entry fields that take several values


def _writing_commands(commands, common: argparse.ArgumentParser) -> None:
    """Commands whose job is to write: new files, atomically, never over yours."""
    add = commands.add_parser("add", parents=[common],
                              help="record a course: asks for each field, or takes flags")
    for spec in ENTRY_FIELDS:
        if spec.kind == "bool":
            add.add_argument(f"--{spec.name.replace('_', '-')}", dest=spec.name, default=None,
                             choices=("true", "false"), help=spec.doc)
        elif spec.kind in LIST_KINDS:  # --tags a --tags b, or --tags a,b: every one kept
            add.add_argument(f"--{spec.name.replace('_', '-')}", dest=spec.name, default=None,
                             action="append", help=spec.doc + " (repeat the flag, or separate "
                             "them with commas)")
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
    init.add_argument("--site-url", help="the site's address (default: from the GitHub remote)")
    init.add_argument("--generator", choices=tuple(GENERATORS), default=None,
                      help=f"what builds the site (default: asked, else {DEFAULT_GENERATOR})")
    init.add_argument("--here", action="store_true",
                      help="turn this copy of cectrack's repository (its example) into your "
                           "tracker: your profile, no example courses")
    importer = commands.add_parser("import", parents=[common],
                                   help="import courses from a CSV transcript or spreadsheet")
    importer.add_argument("csv", type=Path, help="the CSV file")
    importer.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                          help="read COLUMN into FIELD (e.g. 'Course Name=title'); repeatable")
    importer.add_argument("--dry-run", action="store_true", help="show what would be written")
    importer.add_argument("--date-format", help="how dates are written, e.g. %%m/%%d/%%Y")
    schema = commands.add_parser("schema", parents=[common],
                                 help="print the JSON Schema of credit files or the profile")
    schema.add_argument("which", nargs="?", choices=("entry", "profile", "team"), default="entry")
    schema.add_argument("--write", action="store_true",
                        help="refresh the editor copies in credits/.schema/")
    commands.add_parser("secret", help="print a new random secret for unlisted audit links")
    verify = commands.add_parser("verify", help="check a downloaded audit ZIP against its "
                                 "manifest, or certificates against a packet, offline (for "
                                 "an auditor)")
    verify.add_argument("bundle", type=Path, nargs="?",  # missing: said by commands.verify
                        help="the packet's .zip (or, with certificates, its CSV, JSON or "
                             "manifest.csv)")
    verify.add_argument("certificates", type=Path, nargs="*",
                        help="certificates to find in the packet, by their SHA-256")
    commands.add_parser("audit-link", parents=[common],
                        help=f"print the addresses of the audit packets (uses {SECRET_ENV})")
    completion = commands.add_parser(
        "completion", help="print the shell completion script for bash, zsh or fish")
    completion.add_argument("shell", choices=SHELLS)
    upgrade = commands.add_parser("upgrade", parents=[common],
                                  help="pin the tracker's requirements.txt to the cectrack "
                                       "running now (after you install a newer one)")
    upgrade.add_argument("--allow-older", action="store_true",
                         help="also when this cectrack is older than the one pinned")


def _without_tracker(args: argparse.Namespace) -> bool:
    """Whether the command does its job without a tracker (from cectrack's own rules)."""
    return args.command in TRACKER_OPTIONAL and not getattr(args, "write", False)


# A studio's commands bring their own rooms (the team pages, fetching members' sites), and
# `build` and `serve` the sealing, the generators' commands and sockets: each module is
# imported when its command runs, so that `check` does not load them (0.1-0.2 s of every
# run for the team's, 10 ms for build and serve).
TEAM_KEY_ENV = "CECTRACK_TEAM_KEY"  # team/status.py's, which tests/test_cli.py compares


def _command_module(name: str):
    """cli/team.py, cli/build.py or cli/serve.py, imported now."""
    return importlib.import_module(f".{name}", __name__)


def _team_commands(commands) -> None:
    """A studio's commands; their folder holds team.yaml, not a tracker."""
    team = commands.add_parser("team", help="a studio's view of its trainers' standing")
    which = team.add_subparsers(dest="team_command", required=True, metavar="TEAM_COMMAND")
    which.add_parser("keygen", help="make the studio's key pair: the public key for trainers, "
                                    f"the secret one for {TEAM_KEY_ENV}")
    common = _root_and_today("team", "team.yaml")
    status = which.add_parser("status", parents=[common],
                              help="every member's standing; --json for scripts")
    status.add_argument("--json", action="store_true", help="print the team's JSON")
    render = which.add_parser("render", parents=[common],
                              help="write the team page as a project MkDocs, ProperDocs or "
                                   "Zensical builds")
    render.add_argument("--out", type=Path, required=True, help="the output folder")
    init = which.add_parser("init", help="start a studio's team folder in DIR (default: .)")
    init.add_argument("dir", nargs="?", type=Path, default=Path("."))
    init.add_argument("--studio", help="the studio's name")
    init.add_argument("--no-input", action="store_true", help="ask nothing")


INTERNAL_ERROR = 3  # a defect of cectrack itself, never of the data


# Commands that read the tracker, print and end.  Python's cyclic garbage collector, run
# again and again while they make their objects (at 10,000 courses, several hundred
# thousand), finds nothing to free: paused, a `check` takes 0.06 s less (0.82 -> 0.76 s)
# at the same peak memory (68 MB).
READ_AND_PRINT = frozenset({"check", "status", "due", "rules"})


@contextlib.contextmanager
def _collector_paused(paused: bool) -> Iterator[None]:
    """The cyclic collector off while the block runs, as it was after (main() also runs
    inside tests' own processes)."""
    was_on = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused and was_on:
            gc.enable()


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "today", True) is None and os.environ.get("CECTRACK_TODAY"):
        # The date the site's build uses; the commands follow it, so one run agrees with both.
        try:
            args.today = _iso_date(os.environ["CECTRACK_TODAY"])
        except argparse.ArgumentTypeError as err:
            parser.error(f"CECTRACK_TODAY: {err}")
    if args.command not in NO_ROOT_NEEDED and args.root is None:
        args.root = find_tracker(Path("."), args.credits_dir or CREDITS_DIR)
        if args.root is None and not _without_tracker(args):
            print(f"cectrack {args.command}: error: no tracker here: neither "
                  f"{printable(str(Path.cwd()))} nor a folder above it holds "
                  f"{args.credits_dir or CREDITS_DIR}/ or mkdocs.yml\n    hint: run it in your "
                  "tracker's folder, or give --root DIR; to start a tracker: cectrack init DIR",
                  file=sys.stderr)
            return 2
        args.root = args.root or Path(".").resolve()
    if args.command not in NO_ROOT_NEEDED and args.credits_dir is None:
        args.credits_dir = configured_credits_dir(args.root)
    if args.command not in NO_ROOT_NEEDED and not args.root.is_dir():
        print(f"cectrack: error: --root {args.root} is not a folder", file=sys.stderr)
        return 2
    if args.command == "completion":  # written from this parser itself
        print(script(parser, args.shell), end="")
        return 0
    code = _run(args)
    if argv is None and args.command in READ_AND_PRINT:  # the installed command itself
        _end_now(code)
    return code


def _run(args: argparse.Namespace) -> int:
    """The command's exit code; what goes wrong outside the data said in one line."""
    try:
        with _collector_paused(args.command in READ_AND_PRINT):
            return HANDLERS[args.command](args)
    except BrokenPipeError:
        # `cectrack check | head`: the reader has gone; say nothing more, as `cat` does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("cectrack: interrupted", file=sys.stderr)
        return 130
    except OSError as err:  # the disk said no: a full disk, a file where a folder must go
        print(f"cectrack {args.command}: error: {printable(str(err))}", file=sys.stderr)
        return 1
    except Exception as err:  # noqa: BLE001 (the last guard: one line, never a traceback)
        print(f"cectrack {args.command}: internal error ({type(err).__name__}: "
              f"{printable(str(err))[:200]}); please report it with the command you ran",
              file=sys.stderr)
        return INTERNAL_ERROR


def _end_now(code: int) -> NoReturn:
    """End the process once its output is out.  Python's own ending frees every object one
    by one (0.03 s after a check of 10,000 courses) to give back memory the system takes back
    at once; a reading command leaves no file, folder or process to tidy."""
    for stream in (sys.stdout, sys.stderr):
        try:  # None when the stream was closed before the start (`cectrack check >&-`)
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # the reader has gone (`check | head`), or closed
            pass
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
