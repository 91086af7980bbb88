"""`cectrack team …`: a studio's commands (keygen; status and render come with the team
folder).  The team folder holds team.yaml; it is not a tracker."""
from __future__ import annotations

from argparse import Namespace

from ..team.seal import new_key_pair

TEAM_KEY_ENV = "CECTRACK_TEAM_KEY"


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


HANDLERS = {"keygen": keygen}


def run(args: Namespace) -> int:
    return HANDLERS[args.team_command](args)
