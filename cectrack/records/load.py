"""Read a tracker's folder: credits/profile.yaml and every credit file.

Never raises on bad data: returns a Tracker with what could be read and a
Problem for every defect, each with its file and line.
"""
from __future__ import annotations

import functools
import operator
import os
import time
from pathlib import Path
from typing import Any

from ..files.paths import inside
from ..files.text import LINK, decode, read_data_file
from ..files.visible import char_name, first_hidden, printable, unreadable_name
from .fields import (
    ENTRY_FIELDS,
    HELD_FIELDS,
    PROFILE_FIELDS,
    STUDIO_FIELDS,
    FieldReader,
)
from .model import (
    CREDITS_DIR,
    ERROR,
    PLACEHOLDER_NAME,
    WARNING,
    Entry,
    HeldCredential,
    Problem,
    Profile,
    StudioShare,
    Tracker,
)
from .parsecache import ParseCache, keep_in_memory, parse_cache, settled_status
from .strays import stray_files
from .yamlsource import YList, YMap, YNode, YRejected, YScalar, forget_tags, read_yaml

PROFILE_NAME = "profile.yaml"


def load_tracker(root: Path | str, credits_dir: str = CREDITS_DIR,
                 words: dict[str, tuple[str, ...]] | None = None) -> Tracker:
    """The tracker's profile and entries; `words` are the units and activities the rule
    files declare, accepted in entries besides the built-in ones."""
    root = Path(root)
    folder = root / credits_dir
    problems: list[Problem] = []
    if not inside(root, folder) or not folder.is_dir():
        problems.append(_missing_credits_dir(root, folder, credits_dir))
        return Tracker(str(root), None, (), tuple(problems))
    profile = _load_profile(folder / PROFILE_NAME, root, problems)
    entries: list[Entry] = []
    cache = parse_cache(root, credits_dir, words)  # each file's reading, kept between runs
    began = time.time_ns()  # before any file is looked at: what changes after is not settled
    for path, file in credit_files(folder, root, problems):
        entries.extend(_load_entry_file(path, file, root, problems, words, cache, began))
    if cache is not None:
        cache.finish()
    problems += stray_files(root, credits_dir)
    return Tracker(str(root), profile, tuple(entries), tuple(problems), credits_dir)


def _missing_credits_dir(root: Path, folder: Path, credits_dir: str) -> Problem:
    """Why the credits folder is not read: not there, named outside the tracker
    (`--credits-dir ../x`), or a link inside it that leads out."""
    def problem(message: str, hint: str) -> Problem:
        return Problem(ERROR, "missing-credits-dir", _rel(folder, root), 0, message, hint)
    named = os.path.relpath(os.path.normpath(folder), os.path.normpath(root))  # links unread
    if named == os.pardir or named.startswith(os.pardir + os.sep):
        return problem(f"{credits_dir}/ is outside the tracker folder {printable(str(root))}",
                       "give a folder inside the tracker (credits_dir is relative to it), or "
                       "--root the tracker that holds it: nothing outside is read or written")
    if folder.is_dir():
        return problem(f"{credits_dir}/ is a link that leads outside the tracker folder",
                       "make it a folder of the tracker: nothing outside it is read or written")
    return problem(f"there is no folder {credits_dir}/ in the tracker folder",
                   "run cectrack from your tracker's folder, or give --root DIR")


MAX_FOLDER_DEPTH = 12  # folders inside the credits folder: one a year is the usual one


def credit_files(folder: Path, root: Path,
                 problems: list[Problem] | None = None) -> list[tuple[str, str]]:
    """Every credit file below `folder` as (path, name relative to `root`), in a stable
    order; the profile excluded.  Plain strings: a tracker holds thousands of them.

    Symlinked folders are not entered (no loops, nothing outside); a symlinked file is
    listed and refused by the reader if its target is outside the tracker.  A folder more
    than MAX_FOLDER_DEPTH deep is not entered either, with an error in `problems`."""
    files: list[tuple[str, str]] = []
    _walk(str(folder), _rel(folder, root), files, problems if problems is not None else [])
    profile = os.path.join(folder, PROFILE_NAME)
    return [pair for pair in files if pair[0] != profile]


def _walk(top: str, relative: str, files: list[tuple[str, str]], problems: list[Problem],
          depth: int = 0) -> None:
    """The YAML files below `top` added to `files`, files and folders taken together in the
    order of their names, which is the order of their paths part by part: sorting the
    whole list by its parts afterwards, as before, made the walk cost 17 ms, not 8, at
    10,000 files.  A folder that cannot be listed is passed over, as os.walk does."""
    try:
        with os.scandir(top) as listing:
            found = sorted(listing, key=_name)
    except OSError:
        return
    for item in found:
        name = item.name
        if name.startswith("."):
            continue
        if _is_folder(item):
            if _is_link(item):
                continue
            if depth < MAX_FOLDER_DEPTH:
                _walk(item.path, f"{relative}/{printable(name)}", files, problems, depth + 1)
            elif _holds_yaml(item.path):
                problems.append(_too_deep(f"{relative}/{printable(name)}"))
        elif name.endswith((".yaml", ".yml")):
            files.append((item.path, f"{relative}/{printable(name)}"))


_name = operator.attrgetter("name")


def _holds_yaml(folder: str, budget: int = 10_000) -> bool:
    """Whether a YAML file the walk would read lies anywhere below `folder` (a folder of
    scans is no concern), looked for one folder at a time, not by recursion; past `budget`
    names, taken as so."""
    waiting = [folder]
    while waiting:
        try:
            with os.scandir(waiting.pop()) as listing:
                for item in listing:
                    budget -= 1
                    if budget < 0:
                        return True
                    if item.name.startswith("."):
                        continue  # hidden, as the walk leaves it
                    if item.name.endswith((".yaml", ".yml")):
                        return True
                    if _is_folder(item) and not _is_link(item):
                        waiting.append(item.path)
        except OSError:
            continue
    return False


def _too_deep(folder: str) -> Problem:
    return Problem(ERROR, "too-deep", folder, 0,
                   f"this folder is more than {MAX_FOLDER_DEPTH} folders deep in the credits "
                   "folder, so the courses in it are not read",
                   "keep courses in the credits folder or in a folder a year, e.g. "
                   "credits/2026/")


def _is_folder(item: os.DirEntry[str]) -> bool:
    """A folder, or a link to one (never entered), as os.walk tells them."""
    try:
        return item.is_dir()
    except OSError:
        return False


def _is_link(item: os.DirEntry[str]) -> bool:
    try:
        return item.is_symlink()
    except OSError:
        return True  # as os.walk: not entered


def _rel(path: Path, root: Path) -> str:
    try:
        return printable(path.relative_to(root).as_posix())
    except ValueError:
        return printable(path.as_posix())


def read_documents(path: Path, root: Path, problems: list[Problem]) -> list[YNode]:
    return _documents_of(_rel(path, root), _read_inside(path, root), problems)


def _documents_of(file: str, data: bytes | str, problems: list[Problem]) -> list[YNode]:
    """The YAML documents of a file's bytes, or a problem saying why it was not read."""
    if isinstance(data, str):
        problems.append(Problem(ERROR, "unreadable-file", file, 0,
                                f"the file is not read: {data}",
                                "keep credit files as plain files inside the tracker"))
        return []
    text = decode(data)
    if not isinstance(text, str):
        problems.append(Problem(ERROR, "encoding", file, text.line,
                                f"the file is {text.reason}",
                                "save it as UTF-8 in your editor"))
        return []
    documents, yaml_problems = read_yaml(text, file)
    problems.extend(yaml_problems)
    return documents


def _read_inside(path: Path | str, root: Path) -> bytes | str:
    """The file's bytes, or why it is not read (outside the tracker, odd name, too large)."""
    name = os.path.basename(path)
    if unreadable_name(name):
        return "its name is not UTF-8 text; rename it"
    # The walk never enters linked folders (and the credits folder was checked), so only a
    # file that is itself a link can lead outside: resolving every path would cost more
    # than reading it, so a link is found by the read itself, and only then judged.
    data = read_data_file(path, links=False)
    if data != LINK:
        return data
    if not inside(root, Path(path)):
        return "it is a link to a file outside the tracker"
    return read_data_file(path)


def keep_parsed_files(keep: bool) -> None:
    """Keep each credit file's parse in this process for the next load (`mkdocs serve`
    rebuilds after every edit), or stop, and forget what was kept."""
    keep_in_memory(keep)


def _load_entry_file(path: str, file: str, root: Path, problems: list[Problem],
                     words: dict[str, tuple[str, ...]] | None,
                     cache: ParseCache | None, began: int) -> list[Entry]:
    if hidden := first_hidden(os.path.basename(path)):
        problems.append(Problem(WARNING, "hidden-character", file, 1,
                                f"the file's name holds the invisible character "
                                f"{char_name(hidden[1])}: it shows as {file}",
                                "rename the file without it"))
    status = settled_status(path, began) if cache is not None else None
    if cache is not None and (known := cache.by_status(file, status)) is not None:
        problems.extend(known[1])  # the same status as when read: not read again
        return list(known[0])
    data = _read_inside(path, root)
    mine: list[Problem] = []
    if cache is None or not isinstance(data, bytes):
        entries = _parse_entry_file(file, data, mine, words)
    else:
        key, known = cache.lookup(file, data)
        cache.note_status(file, status, key)
        if known is not None:
            problems.extend(known[1])
            return list(known[0])
        entries = _parse_entry_file(file, data, mine, words)
        cache.store(key, entries, mine)
    problems.extend(mine)
    return entries


def _parse_entry_file(file: str, data: bytes | str, problems: list[Problem],
                      words: dict[str, tuple[str, ...]] | None) -> list[Entry]:
    """The entries of one file; `problems` gets this file's problems only."""
    documents = _documents_of(file, data, problems)
    nodes = [node for document in documents
             for node in (document.items if isinstance(document, YList) else [document])]
    if not nodes and not any(p.file == file for p in problems):
        problems.append(Problem(WARNING, "empty-file", file, 0, "the file holds no entry",
                                "write one course as `title: …`, or delete the file"))
    reader = FieldReader(file, problems, words)
    entries = []
    for node in nodes:
        if isinstance(node, YRejected):
            continue  # already reported (a forbidden tag)
        if not isinstance(node, YMap):
            found = "a list" if isinstance(node, YList) else "a single value"
            reader.error_at("not-an-entry", node,
                         f"expected an entry of `key: value` lines, found {found}",
                         "start the entry with `title: …` on its own line")
            continue
        values = reader.read(node, ENTRY_FIELDS, "this entry")
        if values is not None:
            entries.append(Entry(file=file, line=node.line, positions=_positions(node), **values))
    return entries


def _positions(node: YMap) -> dict[str, tuple[int, int, int]]:
    return {key: _place(value.line, value.col,
                        len(value.raw) if isinstance(value, YScalar) else 1)
            for key, value in node.items.items()}


@functools.lru_cache(maxsize=4096)
def _place(line: int, column: int, width: int) -> tuple[int, int, int]:
    """One tuple for every value written at the same place: credit files are alike, and a
    long career's 70,000 values (4.5 MB of tuples at 10,000 courses) stand in a few
    hundred places."""
    return line, column, width


def forget_repeated_values() -> None:
    """Forget the tags and places kept for the values files repeat.  They are made among
    the analysis's own objects, and kept, would hold the memory those live in once freed."""
    _place.cache_clear()
    forget_tags()


def _load_profile(path: Path, root: Path, problems: list[Problem]) -> Profile | None:
    file = _rel(path, root)
    if not path.exists() and not path.is_symlink():
        problems.append(Problem(
            ERROR, "missing-profile", file, 0, "there is no profile: who holds which credential?",
            "create credits/profile.yaml with `name:` and `credentials:` (see the docs: Profile)"))
        return None
    documents = read_documents(path, root, problems)
    reader = FieldReader(file, problems)
    if len(documents) != 1 or not isinstance(documents[0], YMap):
        if not any(p.file == file for p in problems):
            reader.error("not-a-profile", documents[0].line if documents else 0,
                         "the profile must be one map with `name:` and `credentials:`",
                         "see the docs: Profile")
        return None
    values = reader.read(documents[0], PROFILE_FIELDS, "the profile")
    if values is None:
        return None
    _unfinished_profile(documents[0], values, file, problems)
    held = []
    for node in values["credentials"].items:
        if not isinstance(node, YMap):
            reader.error_at("not-a-credential", node,
                         "each credential must be a map starting with `- id: …`",
                         "write `- id: ACSM-CPT` and, indented below, `expires: …`")
            continue
        fields = reader.read(node, HELD_FIELDS, "this credential")
        if fields is not None:
            held.append(HeldCredential(line=node.line, positions=_positions(node),
                                       birth_month=values.get("birth_month"), **fields))
    return Profile(values["name"], tuple(held), file, values.get("contact"),
                   values.get("attestation"), _studios(values.get("studios"), reader),
                   values.get("birth_month"))


def _unfinished_profile(node: YMap, values: dict[str, Any], file: str, problems: list[Problem]) -> None:
    """What `cectrack init --no-input` leaves for the holder to fill in: the packet would
    declare "I, Your Name, ...", and a tracker with no credential counts nothing."""
    if values["name"].strip() == PLACEHOLDER_NAME:
        problems.append(Problem(
            WARNING, "placeholder-name", file, node.items["name"].line,
            f"the name is still `{PLACEHOLDER_NAME}`: the audit packet would declare "
            f"\"I, {PLACEHOLDER_NAME}, …\"", "write your name as on your certificates: "
            "`name: Sam Trainer`"))
    if not values["credentials"].items:
        problems.append(Problem(
            WARNING, "no-credential", file, node.items["credentials"].line,
            "no credential is listed, so no course counts toward anything",
            "add one under `credentials:`, e.g. `- id: ACSM-CPT` and, indented below, "
            "`expires: 2027-12-31`; `cectrack rules` lists the ids"))


def _studios(node: YList | None, reader: FieldReader) -> tuple[StudioShare, ...]:
    """The studios the holder shares the standing with (none when the key is absent)."""
    found = []
    for item in node.items if node is not None else ():
        if not isinstance(item, YMap):
            reader.error_at("wrong-type", item, "each studio must be a map of `name:` and `key:`",
                            "write `- name: …` and, indented below it, `key: cectrack-studio-1:…`")
            continue
        fields = reader.read(item, STUDIO_FIELDS, "this studio")
        if fields is not None:
            found.append(StudioShare(fields["name"], fields["key"], item.line))
    return tuple(found)
