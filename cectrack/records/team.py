"""A studio's team folder: team.yaml names the studio and its trainers, each with the address
of the standing their site publishes.  Read like a tracker's files: never raises on bad data,
every problem reported at its file and line.

    studio: Northside Strength
    members:
      - name: Alex Example
        standing: https://alex.example.org/status.json   # an address or a path
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import SplitResult, urlsplit

from ..files.paths import inside
from ..problem import ERROR, Problem
from .fields import MEMBER_FIELDS, TEAM_FIELDS, FieldReader
from .load import read_documents
from .yamlsource import YList, YMap

TEAM_FILE = "team.yaml"
DEFAULT_STALE_DAYS = 8  # a site rebuilt weekly is at most a week old, plus a day
MAX_MEMBERS = 500


@dataclass(frozen=True)
class Member:
    name: str
    standing: str  # as written in team.yaml
    line: int
    url: str | None = None  # an https:// address (http:// only to this computer)
    path: str | None = None  # a file inside the team folder, relative to it


@dataclass(frozen=True)
class Team:
    studio: str | None
    members: tuple[Member, ...]
    problems: tuple[Problem, ...]
    stale_after_days: int = DEFAULT_STALE_DAYS

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]


def find_team_folder(start: Path) -> Path:
    """The nearest folder from `start` upwards holding team.yaml; `start` when none does."""
    start = start.resolve()
    return next((f for f in (start, *start.parents) if (f / TEAM_FILE).is_file()), start)


def load_team(folder: Path) -> Team:
    problems: list[Problem] = []
    documents = read_documents(folder / TEAM_FILE, folder, problems)
    reader = FieldReader(TEAM_FILE, problems)
    if len(documents) != 1 or not isinstance(documents[0], YMap):
        if not problems:
            reader.error("not-a-team", documents[0].line if documents else 0,
                         "team.yaml must be one map with `studio:` and `members:`",
                         "start with `studio: Your Studio` and a `members:` list (see the guide: "
                         "For studios)")
        return Team(None, (), tuple(problems))
    values = reader.read(documents[0], TEAM_FIELDS, "team.yaml")
    if values is None:  # the members' own problems are worth reporting all the same
        listed = documents[0].items.get("members")
        if isinstance(listed, YList):
            _members(listed, folder, reader)
        return Team(None, (), tuple(problems))
    members = _members(values["members"], folder, reader)
    return Team(values["studio"], members, tuple(problems),
                values.get("stale_after_days") or DEFAULT_STALE_DAYS)


def _members(node: YList, folder: Path, reader: FieldReader) -> tuple[Member, ...]:
    found: dict[str, Member] = {}
    if len(node.items) > MAX_MEMBERS:
        reader.error_at("too-large", node, f"`members:` lists {len(node.items):,} trainers; "
                        f"team.yaml takes at most {MAX_MEMBERS}", "split the team into folders")
        return ()
    for item in node.items:
        if not isinstance(item, YMap):
            reader.error_at("wrong-type", item, "each member must be a map of `name:` and "
                            "`standing:`", "write `- name: …` and, indented below it, "
                            "`standing: https://…/status.json`")
            continue
        values = reader.read(item, MEMBER_FIELDS, "this member")
        if values is None:
            continue
        where = item.items["standing"]
        url, path, wrong = standing_address(values["standing"], folder)
        if wrong:
            reader.error_at("bad-address", where, wrong[0], wrong[1])
            continue
        if values["name"].casefold() in found:
            first = found[values["name"].casefold()]
            reader.error_at("duplicate-member", item.items["name"],
                            f"{values['name']} is listed twice (first on line {first.line})",
                            "give each trainer one entry; tell two of one name apart, e.g. "
                            "with an initial")
            continue
        found[values["name"].casefold()] = Member(values["name"], values["standing"], item.line,
                                                  url, path)
    return tuple(found.values())


def standing_address(text: str, folder: Path) -> tuple[str | None, str | None,
                                                       tuple[str, str] | None]:
    """(url, path, None) for a usable address, else (None, None, (message, hint))."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return None, None, (f"'{text}' is not an address", "write https://…/status.json")
    scheme = parts.scheme.lower()
    if scheme in ("https", "http"):
        return _web_address(text, parts)
    if scheme and len(scheme) > 1:
        return None, None, (f"`standing: {text}`: a standing is fetched over https:// or read "
                            f"from a file, not over {scheme}:", "write https://…/status.json")
    relative = PurePosixPath(text)
    if relative.is_absolute() or ".." in relative.parts or scheme or "\\" in text \
            or not inside(folder, folder / relative):
        return None, None, (f"`standing: {text}` leads outside the team folder",
                            "give a path inside the team folder, or an https:// address")
    return None, relative.as_posix(), None


def _web_address(text: str, parts: SplitResult) -> tuple[str | None, str | None, tuple[str, str] | None]:
    try:
        host = parts.hostname or ""
    except ValueError:
        host = ""
    if not host:
        return None, None, (f"`standing: {text}` has no host name",
                            "write the whole address, e.g. https://alex.github.io/cec/status.json")
    if parts.username is not None or parts.password is not None:
        return None, None, ("this address holds a user name or password",
                            "team.yaml is published with the team's repository: never write "
                            "a password in it; a standing needs none")
    if parts.scheme.lower() == "http" and not is_loopback(host):
        return None, None, (f"`standing: {text}` is plain http://, which anyone on the way can "
                            "read or change", "write https:// (http:// only reaches this "
                            "computer, 127.0.0.1, for trying things out)")
    return text, None, None


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
