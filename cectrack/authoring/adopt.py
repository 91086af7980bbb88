"""`cectrack init --here`: turn a fresh copy of cectrack's repository into your tracker.

The "use this template" route: the copy holds the tool, its docs and an example tracker
(Alex Example's courses and certificates).  This replaces the example profile with yours,
removes the example's courses and certificates, names the site after you, gives it its
address (from the GitHub remote when it can) and stops publishing certificates, which were
samples in the example but are yours now.  It acts only on the example: a tracker with
your own data is never touched.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import yaml

from ..files.atomic import replace_atomically
from ..files.text import read_text
from ..records.model import CREDITS_DIR
from .init import (
    TRACKER_INSTALL,
    Held,
    gather_profile,
    pinned_note,
    profile_text,
    site_url_line,
)
from .pin import Pin, pin_for
from .upgrade import REQUIREMENTS, updated_requirements
from .wheel import WheelError
from .writing import ensure_schemas

EXAMPLE_HOLDER = "Alex Example"


def example_files(root: Path) -> list[Path]:
    """The example's courses and certificates: every file the copy has there but the
    profile and the editor schemas."""
    courses = [p for p in (root / CREDITS_DIR).rglob("*") if p.is_file()
               and p.name != "profile.yaml" and ".schema" not in p.relative_to(root).parts]
    certificates = [p for p in (root / "certificates").rglob("*") if p.is_file()]
    return sorted(courses + certificates)


def not_the_example(root: Path) -> str:
    """Why `root` is not an untouched copy of the example; "" when it is."""
    if not (root / "mkdocs.yml").is_file():
        return f"{root} has no mkdocs.yml"
    text = read_text(root / CREDITS_DIR / "profile.yaml")
    try:
        profile = yaml.safe_load(text) if isinstance(text, str) else None
    except yaml.YAMLError:
        profile = None
    if profile is None:
        return f"{root} has no readable credits/profile.yaml"
    holder = profile.get("name") if isinstance(profile, dict) else None
    if holder != EXAMPLE_HOLDER:
        return f"its profile names {holder}, not the example's holder: it is already a tracker"
    return ""


def adopted_config(text: str, name: str, url: str) -> str:
    """mkdocs.yml with your name, your site's address and certificates kept private."""
    title = "site_name: " + '"Continuing education: ' + name.replace('"', "'") + '"'
    text = re.sub(r"^site_name:.*$", lambda _: title, text, count=1, flags=re.M)
    text = re.sub(r"\A# The example tracker's site\..*\n", "# Your tracker's site.\n", text)
    text = re.sub(r"^(# site_url:.*\n(#.*\n)*|site_url:.*\n)", "", text, flags=re.M)
    text = re.sub(r"^(site_name:.*\n)", lambda m: m.group(1) + site_url_line(url), text,
                  count=1, flags=re.M)
    return re.sub(r"^(\s*publish_evidence:)\s*true\b.*$",
                  r"\1 false     # true copies your certificates into the public site",
                  text, count=1, flags=re.M)


SITE_WORKFLOW = ".github/workflows/site.yml"
COPY_INSTALL = "run: pip install -e ."  # the tool's repository installs itself


def install_from_requirements(root: Path, pin: Pin) -> None:
    """The copy's site workflow installs the pinned cectrack from requirements.txt, as a
    tracker made by `init` does, instead of the tool's source in the copy: `cectrack
    upgrade` then moves it to a newer cectrack, which the copy's source never would."""
    if pin.wheel:  # wheels/ is cectrack's folder: its file is replaced, never added beside
        (root / pin.wheel[0]).parent.mkdir(exist_ok=True)
        replace_atomically(root / pin.wheel[0], pin.wheel[1])
    path = root / REQUIREMENTS
    text = read_text(path) if path.exists() else ""
    text = text if isinstance(text, str) else ""
    replace_atomically(path, updated_requirements(text, pin).encode("utf-8"))
    workflow = read_text(root / SITE_WORKFLOW) if (root / SITE_WORKFLOW).is_file() else None
    if isinstance(workflow, str) and COPY_INSTALL in workflow:
        replace_atomically(root / SITE_WORKFLOW, workflow.replace(
            COPY_INSTALL, f"run: {TRACKER_INSTALL}").encode("utf-8"))


def adopt(root: Path, name: str, credentials: list[Held], url: str,
          say: Callable[[str], None] = print) -> int:
    reason = not_the_example(root)
    if reason:
        say(f"cectrack init --here: nothing changed: {reason}. "
            "To start a tracker elsewhere, run `cectrack init DIR`.")
        return 1
    config = read_text(root / "mkdocs.yml")
    if not isinstance(config, str):
        say(f"cectrack init --here: nothing changed: mkdocs.yml is not read: {config.reason}")
        return 1
    try:
        pin = pin_for()
    except WheelError as err:
        say(f"cectrack init --here: nothing changed: {err}")
        return 1
    removed = example_files(root)
    replace_atomically(root / "mkdocs.yml", adopted_config(config, name, url).encode("utf-8"))
    install_from_requirements(root, pin)
    replace_atomically(root / CREDITS_DIR / "profile.yaml",
                       profile_text(name, credentials).encode("utf-8"))
    ensure_schemas(root / CREDITS_DIR, root=root)  # the profile's first line points editors at them
    for path in removed:
        path.unlink()
    for folder in sorted({p.parent for p in removed}, key=lambda p: -len(p.parts)):
        if folder not in (root / CREDITS_DIR, root / "certificates") and not any(folder.iterdir()):
            folder.rmdir()
    say(f"This is now {name}'s tracker: the profile is yours, {len(removed)} example files "
        f"are gone, the site is named after you{' at ' + url if url else ''}.")
    say(pinned_note(pin))
    say("Next: cectrack add, then commit and push; Settings > Pages > Source: GitHub Actions.")
    return 0


def run_here(root: Path, name: str | None, credential_args: list[str], interactive: bool,
             url: str | None, ask: Callable[[str], str] = input,
             say: Callable[[str], None] = print) -> int:
    reason = not_the_example(root)
    if reason:  # say so before asking anything
        return adopt(root, "", [], "", say)
    answers = gather_profile(root, name, credential_args, interactive, url, ask, say)
    return 2 if answers is None else adopt(root, *answers, say)
