"""The requirement lines that install exactly the cectrack running now (for `init` and
`upgrade`).

A tracker's CI installs cectrack from its requirements.txt, next to the repository's
secrets, so the line must never be a bare name that whoever publishes it later would
control.  PEP 610's direct_url.json says where this installation came from: an index
install (no direct_url.json) is pinned by `==version`; a commit of a public git repository
by URL and commit; anything else (a folder, a wheel file, an editable install) cannot be
reached from another machine, so the running package is packed as a wheel into the
tracker's wheels/ folder and pinned there by its SHA-256, which pip checks before it
installs anything (a wheel swapped in a pull request fails the install).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from importlib import metadata

from .. import __version__
from .wheel import build_wheel, wheel_name

WHEELS_DIR = "wheels"
HEADER = "# cectrack: exactly the version this tracker runs (`cectrack upgrade` changes it)"
# pip expands ${PWD} (only this ${NAME} form) to the folder it runs in: the tracker's.
WHEEL_LINE = "cectrack @ file://${{PWD}}/{path}#sha256={digest}"
_REQUIREMENT = re.compile(r"^\s*cectrack\s*(\[[^\]]*\])?\s*(==|@|$)", re.I)
_PINNED = re.compile(
    r"^cectrack(==\d[\w.+!-]*"
    r"|\s*@\s*git\+\S+@[0-9a-f]{40}(#\S*)?"
    r"|\s*@\s*file://\$\{PWD\}/wheels/cectrack-[\w.+!]+-py3-none-any\.whl#sha256=[0-9a-f]{64})$")


@dataclass(frozen=True)
class Pin:
    """What pins one cectrack: the requirement line and, for a packed wheel, the file."""

    line: str
    version: str
    wheel: tuple[str, bytes] | None = None  # (path in the tracker, bytes)

    def text(self) -> str:
        """The lines requirements.txt gets for cectrack."""
        note = ""
        if self.wheel:
            note = ("# (run pip in the tracker's folder: ${PWD} is where it runs; if that "
                    "folder's path holds a space,\n#  install the wheel itself: pip install "
                    f"./{self.wheel[0]})\n")
        return f"{HEADER}\n{note}{self.line}\n"


def install_origin() -> dict | None:
    """The direct_url.json of the installed cectrack; None for an index install."""
    for dist in metadata.distributions(name="cectrack"):
        if dist.read_text("METADATA") is None:
            continue  # a source folder's egg-info, not an installation
        text = dist.read_text("direct_url.json")
        if text:
            try:
                return json.loads(text)
            except ValueError:
                return {}
        return None
    return {}  # not installed at all: nothing says it came from the index


_THIS_INSTALL = object()


def pin_for(origin=_THIS_INSTALL, version: str = __version__) -> Pin:
    """The pin for `origin`, a direct_url.json as a dict or None for an index install
    (default: this installation's); a wheel is packed only when it is needed."""
    origin = install_origin() if origin is _THIS_INSTALL else origin
    if origin is None:
        return Pin(f"cectrack=={version}", version)
    vcs = origin.get("vcs_info") or {}
    url = str(origin.get("url") or "")
    commit = str(vcs.get("commit_id") or "")
    if vcs.get("vcs") == "git" and re.fullmatch(r"[0-9a-f]{40}", commit) \
            and url.startswith("https://"):
        sub = origin.get("subdirectory")
        suffix = f"#subdirectory={sub}" if sub else ""
        return Pin(f"cectrack @ git+{url}@{commit}{suffix}", version)
    data = build_wheel(version)
    path = f"{WHEELS_DIR}/{wheel_name(version)}"
    digest = hashlib.sha256(data).hexdigest()
    return Pin(WHEEL_LINE.format(path=path, digest=digest), version, (path, data))


def requirement_line(text: str) -> tuple[int, str] | None:
    """(index, line) of the line of requirements.txt that names cectrack; None if none."""
    for index, line in enumerate(text.splitlines()):
        if _REQUIREMENT.match(line.split(" #")[0]):
            return index, line.strip()
    return None


def is_pinned(text: str) -> bool:
    """Whether requirements.txt names cectrack by exact version, commit or wheel hash."""
    found = requirement_line(text)
    return found is not None and bool(_PINNED.match(found[1].split(" #")[0].strip()))


def pinned_version(line: str) -> str | None:
    """The version a requirement line names (==X or a wheel's file name); None for a commit."""
    found = re.search(r"==\s*([\w.+!-]+)$|/cectrack-([\w.+!]+)-py3-none-any\.whl", line)
    return (found.group(1) or found.group(2)) if found else None
