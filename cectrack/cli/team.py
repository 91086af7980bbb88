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

from ..records.studiokey import BadKey, read_secret_key
from ..records.words import counted
from ..records.team import TEAM_FILE, Team, find_team_folder, load_team
from ..render.teamtext import summary_line, team_lines
from ..render.text import problem_lines
from ..team.seal import new_key_pair
from ..team.status import TEAM_KEY_ENV, TeamStatus, team_status, team_to_json


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
    for problem in team.problems:
        print("\n".join(problem_lines(problem, folder)), file=out)
    print(f"{TEAM_FILE}: {counted(len(team.errors), 'error')}; nothing was fetched", file=out)


HANDLERS = {"keygen": keygen, "status": status}


def run(args: Namespace) -> int:
    try:
        return HANDLERS[args.team_command](args)
    except UsageError as err:
        print(f"cectrack team {args.team_command}: error: {err}", file=sys.stderr)
        return 2
