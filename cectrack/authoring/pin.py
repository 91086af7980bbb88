"""The requirement line that installs exactly the cectrack running now (for `init`).

A tracker's CI installs cectrack from its requirements.txt, next to the repository's
secrets, so the line must never be a bare name that whoever publishes it later would
control.  PEP 610's direct_url.json says where this installation came from: a VCS commit is
pinned by URL and commit; an index install (no direct_url.json) by `==version`; a local
folder or file cannot be reached from another machine, so the file says what to write.
"""
from __future__ import annotations

import json
from importlib import metadata

from .. import __version__

NOT_PINNABLE = """\
# cectrack was installed from a folder or file on the machine that ran `cectrack init`, so
# there is no address here that another machine (your CI) could install it from.
# Write exactly one line naming one exact version, for example
#   cectrack @ git+https://github.com/OWNER/cectrack@COMMIT
#   cectrack==VERSION            (a version published on the package index)
# and never a bare `cectrack`: whoever publishes that name would run code in your CI.
"""


def install_origin() -> dict | None:
    """The direct_url.json of the installed cectrack; None for an index install."""
    for dist in metadata.distributions(name="cectrack"):
        text = dist.read_text("direct_url.json")
        if text:
            try:
                return json.loads(text)
            except ValueError:
                return {}
    return None


_THIS_INSTALL = object()


def requirement_text(origin=_THIS_INSTALL, version: str = __version__) -> str:
    """requirements.txt for a new tracker, pinned to `origin`, a direct_url.json as a dict
    or None for an index install (default: this installation's)."""
    origin = install_origin() if origin is _THIS_INSTALL else origin
    if origin is None:
        return f"# exactly the cectrack that made this tracker\ncectrack=={version}\n"
    vcs = origin.get("vcs_info") or {}
    url = str(origin.get("url") or "")
    commit = str(vcs.get("commit_id") or "")
    if vcs.get("vcs") == "git" and commit and url.startswith(("https://", "ssh://", "git@")):
        sub = origin.get("subdirectory")
        suffix = f"#subdirectory={sub}" if sub else ""
        return (f"# exactly the cectrack that made this tracker (commit {commit[:12]})\n"
                f"cectrack @ git+{url}@{commit}{suffix}\n")
    return NOT_PINNABLE


def is_pinned(text: str) -> bool:
    """Whether requirements.txt names cectrack by exact version or commit (used by tests
    and by `init` to warn)."""
    lines = [line.split("#")[0].strip() for line in text.splitlines()]
    return any(line.startswith("cectrack==") or (line.startswith("cectrack @ git+")
                                                  and len(line.rsplit("@", 1)[1]) >= 40)
               for line in lines if line)
