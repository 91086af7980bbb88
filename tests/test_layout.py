"""The package's layers, drawn from its imports (README: "How the code is laid out").

Each room (a top-level module or folder of cectrack/) sits on a layer; an import may go to
its own room or to a lower layer, never up.  The README's picture is checked against the
same table, so the two cannot drift apart.
"""
from __future__ import annotations

import ast
import re
from collections import defaultdict
from functools import cache

from conftest import REPO

PACKAGE = REPO / "cectrack"
# Bottom to top.  Rooms on one layer do not import each other.
LAYERS = {
    "files": 0, "cectrack": 0, "problem": 0,  # the disk, safely; the version; the error type
    "records": 1,  # the user's files -> values and problems
    "rules": 2,  # the bodies' rules as data
    "engine": 3,  # pure: tracker + rules + today -> report
    "audit": 4, "tracker": 4,  # certificates on disk and git; where the tracker and its site are
    "team": 4,  # a studio's view: trainers' standings fetched, opened and checked
    "render": 5,  # plain data -> Markdown, JSON, CSV, ICS, SVG
    "analysis": 6, "authoring": 6,  # the one orchestrator; the commands that write
    "publish": 6,  # what render/ made, on disk: written, packed with certificates, sealed
    "cli": 7, "plugin": 7,  # the faces
}
# Ten, and one more since the error type moved under records/ (records/model.py re-exports it,
# so everything above records/model.py stands one floor higher).
MAX_FLOORS = 11


def module_name(path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def graph() -> dict[str, set[str]]:
    """{module: the cectrack modules it imports}, every import counted (also inside
    functions: a lazy import is still an arrow)."""
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    arrows: dict[str, set[str]] = defaultdict(set)
    for name, path in files.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package[:len(package) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                found = [target, *(f"{target}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                found = [alias.name for alias in node.names]
            else:
                continue
            arrows[name] |= {f for f in found if f in files and f != name}
        arrows.setdefault(name, set())
    return dict(arrows)


def room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def floors() -> dict[str, int]:
    """Each module's floor: 1 + the highest floor it imports (1 for a module importing none)."""
    arrows, found = graph(), {}

    def floor(module: str, path: tuple[str, ...] = ()) -> int:
        assert module not in path, f"import cycle: {' -> '.join(path + (module,))}"
        if module not in found:
            found[module] = 1 + max((floor(t, path + (module,)) for t in arrows[module]),
                                    default=0)
        return found[module]

    for module in arrows:
        floor(module)
    return found


def test_every_room_has_a_layer_and_there_are_at_most_fifteen():
    rooms = {room(m) for m in graph()}
    assert rooms == set(LAYERS)
    assert len(rooms) <= 15  # fourteen, and publish/ since render/ opens no file


def test_no_import_goes_up_a_layer_or_sideways():
    wrong = sorted(f"{m} -> {t}" for m, targets in graph().items() for t in targets
                   if room(m) != room(t) and LAYERS[room(t)] >= LAYERS[room(m)])
    assert wrong == []


def test_no_cycle_and_at_most_ten_floors():
    found = floors()  # asserts there is no cycle
    deepest = max(found, key=found.get)
    assert found[deepest] <= MAX_FLOORS, deepest


def _pure_paths(node) -> bool:
    """`from pathlib import PurePosixPath`: a name's parts, computed, never a file."""
    return isinstance(node, ast.ImportFrom) and node.module == "pathlib" \
        and all(a.name.startswith("Pure") for a in node.names)


def file_and_clock_use(path) -> list[str]:
    """Where a module touches a file, the clock or a process: read from the code itself
    (names, attributes, imports), not its comments."""
    # io's StringIO and BytesIO and hashlib's digests work in memory: their file openers
    # (io.open, hashlib.file_digest) are caught by name instead.
    modules = {"os", "subprocess", "time", "pathlib", "shutil"}
    names = {"open", "Path"} | modules  # a parameter called `today` is fine: it is given
    attributes = {"read_text", "read_bytes", "write_text", "write_bytes", "is_file", "exists",
                  "open", "stat", "file_digest"}
    clock = {"today", "now", "utcnow"}  # date.today(), datetime.now(): `c.today` is given
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Name) and node.id in names:
            found.append(f"{path.name}:{node.lineno}: {node.id}")
        elif isinstance(node, ast.Attribute) and node.attr in attributes:
            found.append(f"{path.name}:{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in clock:
            found.append(f"{path.name}:{node.lineno}: .{node.func.attr}()")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            imported = [a.name for a in node.names] if isinstance(node, ast.Import) \
                else [node.module or ""]
            found += [f"{path.name}:{node.lineno}: import {m}" for m in imported
                      if m.split(".")[0] in modules and not _pure_paths(node)]
    return found


def test_the_engine_touches_no_file_clock_or_process():
    assert [use for path in (PACKAGE / "engine").glob("*.py") for use in file_and_clock_use(path)] == []


def test_render_opens_no_file_at_all():
    """The lines quoted under problems come with them (records/sourcelines.py); the ZIP's
    certificates are read, the files written and the built site sealed by publish/; the
    templates (and the standalone packet's style sheets) come through Jinja's package
    loader.  No render module touches the disk, the clock or a process."""
    modules = {path.name: path for path in (PACKAGE / "render").glob("*.py")}
    assert not [m for m in graph() if room(m) == "render" and "cectrack.files.text" in graph()[m]]
    assert {name: found for name, path in modules.items()
            if (found := file_and_clock_use(path))} == {}


def test_a_planted_file_read_in_render_is_found(tmp_path):
    planted = tmp_path / "excerpt.py"
    planted.write_text("def excerpt(problem, root):\n    return (root / problem.file).read_text()\n")
    assert file_and_clock_use(planted) == ["excerpt.py:2: .read_text"]
    # A pure path computes a name's parts; a Path may open one.
    planted.write_text("from pathlib import PurePosixPath\n")
    assert file_and_clock_use(planted) == []
    planted.write_text("from pathlib import Path, PurePosixPath\n")
    assert file_and_clock_use(planted) == ["excerpt.py:1: import pathlib"]
    planted.write_text("import hashlib, io\nio.BytesIO()\nhashlib.file_digest(f, 'sha256')\n")
    assert file_and_clock_use(planted) == ["excerpt.py:3: .file_digest"]


def test_render_takes_plain_data_and_only_the_faces_know_mkdocs_or_the_clock():
    arrows = graph()
    assert not [m for m in arrows if room(m) == "render" and "cectrack.analysis" in arrows[m]]
    below_faces = [p for p in PACKAGE.rglob("*.py") if room(module_name(p)) not in ("cli", "plugin")]
    for path in below_faces:
        text = path.read_text("utf-8")
        assert not re.search(r"^\s*(from|import) mkdocs", text, re.M), path
        assert "date.today()" not in text and "datetime.now(" not in text, path


def test_the_readme_picture_shows_these_layers():
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]
    picture = re.search(r"```text\n(.*?)```", section, re.S).group(1)
    shown = {}
    for line in picture.splitlines():
        for name in re.findall(r"\b([a-z]+)/", line) + re.findall(r"\b([a-z]+)\.py\b", line):
            shown.setdefault(name.replace(".py", ""), line)
    drawn = {name: n for n, line in enumerate(reversed(picture.splitlines()))
             for name in shown if shown[name] == line}
    rooms = set(LAYERS) - {"cectrack"}
    assert set(drawn) == rooms
    # The picture's rows, from the bottom, go up exactly as the layers do.
    assert sorted(rooms, key=lambda r: (drawn[r], r)) == sorted(rooms, key=lambda r: (LAYERS[r], r))
    assert all((drawn[a] < drawn[b]) == (LAYERS[a] < LAYERS[b]) for a in rooms for b in rooms)
