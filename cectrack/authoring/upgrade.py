"""`cectrack upgrade`: pin the tracker to the cectrack running now.

After installing a newer cectrack on your computer, run it in the tracker: requirements.txt
gets the new pin (its other lines stay as they are) and, where a wheel is pinned, the new
wheel goes into wheels/ and the old one is removed, so CI installs what you just tried.
An older cectrack than the one pinned is refused unless asked for.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from ..files.atomic import replace_atomically
from ..files.text import read_text
from .pin import WHEELS_DIR, Pin, pin_for, pinned_version, requirement_line
from .wheel import WheelError

REQUIREMENTS = "requirements.txt"


def version_key(version: str) -> tuple:
    """1.10.0 after 1.9.2; a pre-release (1.0rc1) before its release."""
    parts = re.findall(r"\d+|[a-z]+", version.lower())
    return tuple((1, int(p)) if p.isdigit() else (0, p) for p in parts) + ((2,),)


def updated_requirements(text: str, pin: Pin) -> str:
    """requirements.txt with cectrack's lines replaced (or put first), the rest kept."""
    lines = text.splitlines()
    found = requirement_line(text)
    block = pin.text().splitlines()
    if found is None:
        return "\n".join(block + lines) + "\n"
    start = index = found[0]
    while start > 0 and lines[start - 1].startswith(("# cectrack", "# (run pip", "#  install")):
        start -= 1  # the comment cectrack wrote above its line
    return "\n".join(lines[:start] + block + lines[index + 1:]) + "\n"


def run_upgrade(root: Path, allow_older: bool = False,
                say: Callable[[str], None] = print) -> int:
    path = root / REQUIREMENTS
    text = read_text(path) if path.exists() else ""
    if not isinstance(text, str):
        say(f"cectrack upgrade: nothing changed: {REQUIREMENTS} is not read: {text.reason}")
        return 1
    found = requirement_line(text)
    try:
        pin = pin_for()
    except WheelError as err:
        say(f"cectrack upgrade: nothing changed: {err}")
        return 1
    old = pinned_version(found[1]) if found else None
    if old and not allow_older and version_key(pin.version) < version_key(old):
        say(f"cectrack upgrade: nothing changed: {REQUIREMENTS} pins cectrack {old}, newer than "
            f"this {pin.version}\n    hint: install cectrack {old} or newer first, or pass "
            "--allow-older to go back to this one")
        return 1
    new_text = updated_requirements(text, pin)
    wheel_same = pin.wheel is None or _holds(root / pin.wheel[0], pin.wheel[1])
    if new_text == text and wheel_same:
        say(f"{REQUIREMENTS} already pins this cectrack ({pin.version}); nothing changed")
        return 0
    if pin.wheel and not wheel_same:
        (root / WHEELS_DIR).mkdir(exist_ok=True)
        replace_atomically(root / pin.wheel[0], pin.wheel[1])
    replace_atomically(path, new_text.encode("utf-8"))
    removed = _drop_old_wheels(root, pin)
    source = f"from {pin.wheel[0]}" if pin.wheel else f"as {pin.line}"
    if old == pin.version:
        say(f"{REQUIREMENTS}: cectrack {old} pinned again, {source} (it had changed)")
    else:
        was = f"cectrack {old}" if old else (found[1] if found else "no cectrack")
        say(f"{REQUIREMENTS}: {was} -> cectrack {pin.version}, {source}")
    for name in removed:
        say(f"removed {name}")
    say(f"Commit {REQUIREMENTS}" + (f" and {WHEELS_DIR}/" if pin.wheel or removed else "")
        + ": your site's next build installs this cectrack.")
    return 0


def _holds(path: Path, data: bytes) -> bool:
    return path.is_file() and not path.is_symlink() and path.read_bytes() == data


def _drop_old_wheels(root: Path, pin: Pin) -> list[str]:
    """cectrack's earlier wheels in wheels/ (only cectrack-*.whl: nothing else there is ours)."""
    folder = root / WHEELS_DIR
    keep = pin.wheel[0] if pin.wheel else None
    removed = []
    for wheel in sorted(folder.glob("cectrack-*-py3-none-any.whl")) if folder.is_dir() else ():
        name = f"{WHEELS_DIR}/{wheel.name}"
        if name != keep and wheel.is_file():
            wheel.unlink()
            removed.append(name)
    return removed
