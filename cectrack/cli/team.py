"""`cectrack team …`: a studio's commands.  Their folder (--root, or the nearest folder
upwards holding team.yaml) is the studio's team folder, not a tracker.

Exit codes: 0 when team.yaml is sound (a member whose standing cannot be read is listed with
the reason, and the summary counts them: one trainer's site being down must not stop the
team page); 1 when team.yaml has errors; 2 for bad usage (no team.yaml, a bad key).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from argparse import Namespace
from pathlib import Path

from ..audit.lock import SITE_PASSWORD_ENV, Lock, new_lock, password_problem
from ..files.output import OutputRefused
from ..publish.project import write_project
from ..records.sourcelines import with_sources
from ..records.studiokey import BadKey, read_secret_key
from ..records.team import TEAM_FILE, Team, find_team_folder, load_team
from ..records.words import counted
from ..render.team import team_project
from ..render.teamtext import summary_line, team_lines
from ..render.text import problem_lines
from ..team.seal import new_key_pair
from ..team.status import TEAM_KEY_ENV, TeamStatus, team_status, team_to_json
from .publish import RenderRefused, prepare_output


class UsageError(Exception):
    """The command cannot run as given; the message says why and what to do."""


def keygen(args: Namespace) -> int:
    public, secret = new_key_pair()
    print(f"""\
A new key pair for your studio.

Public key: give it to your trainers (it is safe to share); each adds it to their profile
under `studios:`.
    {public}

Secret key: add it to your team repository as the secret {TEAM_KEY_ENV}
(Settings > Secrets and variables > Actions). Never commit it, never send it to anyone.
    {secret}""")
    return 0


def status(args: Namespace) -> int:
    team, folder = _team(args)
    if team.errors:
        _print_problems(team, folder, sys.stdout if not args.json else sys.stderr)
        return 1
    result = gathered(team, folder, args.today)
    if args.json:
        print(json.dumps(team_to_json(result), indent=2, ensure_ascii=False))
        print(summary_line(result), file=sys.stderr)
    else:
        print("\n".join(team_lines(result)))
    return 0


def gathered(team: Team, folder: Path, today: dt.date | None) -> TeamStatus:
    return team_status(team, folder, today or dt.date.today(), _secret_key())


def _team(args: Namespace) -> tuple[Team, Path]:
    folder = (args.root or find_team_folder(Path("."))).resolve()
    if not (folder / TEAM_FILE).exists():
        raise UsageError(f"there is no {TEAM_FILE} in {folder}"
                         + ("" if args.root else " or the folders above it")
                         + "; give --root DIR, or start one as the guide's 'For studios' shows")
    return load_team(folder), folder


def _secret_key() -> bytes | None:
    text = os.environ.get(TEAM_KEY_ENV) or None  # a CI secret that is not set is ""
    if text is None:
        return None
    try:
        return read_secret_key(text)
    except BadKey as bad:
        raise UsageError(f"{TEAM_KEY_ENV}: {bad.message}; {bad.hint}") from None


def _print_problems(team: Team, folder: Path, out) -> None:
    for problem in with_sources(team.problems, folder):
        print("\n".join(problem_lines(problem)), file=out)
    print(f"{TEAM_FILE}: {counted(len(team.errors), 'error')}; nothing was fetched", file=out)


def render(args: Namespace) -> int:
    """Write the team page as a project any MkDocs-style generator builds."""
    team, folder = _team(args)
    out = Path(os.path.abspath(args.out))  # a link given as --out is seen, and refused
    if out.resolve() == folder or folder.is_relative_to(out.resolve()):
        raise UsageError(f"--out {out} would hold the team folder, whose files a render "
                         "replaces; choose an output folder of its own, e.g. build")
    lock = _site_lock()
    if team.errors:
        _print_problems(team, folder, sys.stderr)
        return 1
    try:
        prepare_output(out)
    except RenderRefused as err:
        raise UsageError(str(err)) from None
    result = gathered(team, folder, args.today)
    try:
        count = write_project(out, team_project(result, lock))
    except OutputRefused as err:
        raise UsageError(str(err)) from None
    for member in result.not_read:
        print(f"{member.name}: not read: {member.error}", file=sys.stderr)
    for member in ([m for m in result.members if m.sealed] if lock is None else []):
        print(f"{member.name}: shared with your studio alone, so left off a page without a "
              f"password (set {SITE_PASSWORD_ENV} to show it)", file=sys.stderr)
    print(summary_line(result), file=sys.stderr)
    print(f"wrote {count} files to {out}; build it with `mkdocs build`, `properdocs build` "
          "or `zensical build` in that folder")
    return 0


def _site_lock() -> Lock | None:
    """The studio's own password (as a private tracker's): the page is sealed with it."""
    password = os.environ.get(SITE_PASSWORD_ENV) or None
    if problem := password_problem(password, SITE_PASSWORD_ENV):
        raise UsageError(problem)
    return new_lock(password) if password else None


def init(args: Namespace) -> int:
    from ..authoring.teaminit import (
        run_team_init,  # the commands that write load only when run
    )
    return run_team_init(args.dir, args.studio, not args.no_input and sys.stdin.isatty())


HANDLERS = {"keygen": keygen, "status": status, "render": render, "init": init}


def run(args: Namespace) -> int:
    try:
        return HANDLERS[args.team_command](args)
    except UsageError as err:
        print(f"cectrack team {args.team_command}: error: {err}", file=sys.stderr)
        return 2
