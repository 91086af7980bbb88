"""`cectrack team init [DIR]`: a studio's team folder, ready to push: team.yaml (no members
yet), the daily workflow that publishes the team page, the pinned requirement and the schema
editors read.  Like `init`, it writes nothing if any of its files exists."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..records.schema import SCHEMA_DIR, modeline, schema_text
from .init import TRACKER_INSTALL, _quoted, pinned_note, template
from .pin import pin_for
from .wheel import WheelError
from .writing import write_new

TEAM_SCHEMA_FILE = "team.schema.json"


def team_workflow(install: str = TRACKER_INSTALL) -> str:
    return template("team.yml").replace("INSTALL", install)


def team_scaffold(studio: str, requirements: str = "cectrack\n") -> dict[str, str]:
    """Every file of a new team folder, as {relative path: text}."""
    return {
        "team.yaml": template("team.yaml").format(
            modeline=modeline(f"{SCHEMA_DIR}/{TEAM_SCHEMA_FILE}"), studio=_quoted(studio)),
        f"{SCHEMA_DIR}/{TEAM_SCHEMA_FILE}": schema_text("team"),
        ".github/workflows/team.yml": team_workflow(),
        "README.md": template("team-README.md").format(studio=studio),
        "requirements.txt": requirements,
        ".gitignore": "/build/\n/.venv/\n",
    }


def run_team_init(target: Path, studio: str | None, interactive: bool,
                  ask: Callable[[str], str] = input, say: Callable[[str], None] = print) -> int:
    try:
        pin = pin_for()  # as for a tracker: the running cectrack, its wheel where needed
    except WheelError as err:
        say(f"cectrack team init: nothing written: {err}")
        return 1
    planned = [*team_scaffold("x"), *([pin.wheel[0]] if pin.wheel else [])]
    existing = [path for path in planned if (target / path).exists()]
    if existing:
        say(f"cectrack team init: nothing written; these files exist in {target}:")
        for path in existing:
            say(f"  {path}")
        return 1
    if studio is None and interactive:
        studio = ask("Your studio's name: ").strip()
    studio = " ".join((studio or "").split()) or "Your Studio"
    files = {path: text.encode("utf-8") for path, text in team_scaffold(studio, pin.text()).items()}
    files.update(dict([pin.wheel]) if pin.wheel else {})
    for path, data in files.items():
        written = write_new(target / path, data)
        if written != target / path:  # appeared meanwhile: keep theirs, drop ours
            written.unlink()
            say(f"cectrack team init: {path} appeared while writing; left it alone")
    say(f"A team folder for {studio} in {target}. Next: `cectrack team keygen`, then list "
        "your trainers in team.yaml (the guide's 'For studios' page says how).")
    say(pinned_note(pin))
    return 0
