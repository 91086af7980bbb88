"""`cectrack serve`: a live preview with the generator the tracker chose.

MkDocs and ProperDocs serve the tracker with the plugin, which rebuilds on each change of
the credits, certificates and rules.  Zensical runs no plugin, so cectrack renders the
project into a folder of its own, lets `zensical serve` serve it, and renders again when a
credit file, a certificate, a rule file, a page of docs/ or mkdocs.yml changes; only the
files whose bytes changed are written, so Zensical rebuilds what the edit touched and the
browser reloads.
"""
from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..audit.lock import PASSWORD_ENV, SITE_PASSWORD_ENV
from ..files.atomic import replace_atomically
from ..records.model import CREDITS_DIR
from ..tracker.generators import (
    command as generator_command,
    configured_generator,
    program,
)
from ..tracker.siteconfig import plugin_options, read_site_config
from .address import address_problem

POLL_SECONDS = 0.5
SYNCED = ("docs", "overrides", "mkdocs.yml")  # render's output; the generator owns the rest
MAX_WATCHED = 100_000  # files looked at per poll, a bound on a runaway folder


def watched(root: Path, credits_dir: str, config: dict) -> list[Path]:
    given = config.get("docs_dir")
    docs = given if isinstance(given, str) else "docs"
    return [root / credits_dir, root / "certificates", root / "rules", root / docs,
            root / "mkdocs.yml"]


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every file under `paths`, hidden ones too."""
    found: dict[str, tuple[int, int]] = {}
    for path in paths:
        if path.is_file():
            stat = path.stat()
            found[str(path)] = (stat.st_mtime_ns, stat.st_size)
            continue
        for folder, _dirs, files in os.walk(path):
            for name in files:
                try:
                    stat = os.stat(os.path.join(folder, name))
                except OSError:
                    continue  # gone between the listing and now: the next poll sees it
                found[os.path.join(folder, name)] = (stat.st_mtime_ns, stat.st_size)
                if len(found) >= MAX_WATCHED:
                    return found
    return found


def sync(staging: Path, project: Path) -> int:
    """Make render's part of `project` equal to `staging`: write the files whose bytes
    differ, remove the ones render no longer writes; return how many changed."""
    changed = 0
    for part in SYNCED:
        new, old = staging / part, project / part
        wanted = {p.relative_to(staging): p for p in ([new] if new.is_file() else new.rglob("*"))
                  if p.is_file()}
        present = {p.relative_to(project) for p in ([old] if old.is_file() else old.rglob("*"))
                   if p.is_file()} if old.exists() else set()
        for relative, source in wanted.items():
            target = project / relative
            data = source.read_bytes()
            if not target.is_file() or target.read_bytes() != data:
                target.parent.mkdir(parents=True, exist_ok=True)
                replace_atomically(target, data, durable=False)
                changed += 1
        for relative in present - set(wanted):
            (project / relative).unlink()
            changed += 1
    return changed


def serve_command(args) -> int:
    """`cectrack serve`, from its parsed arguments."""
    return run_serve(args.root, args.today, args.credits_dir, args.dev_addr)


def run_serve(root: Path, today: dt.date | None, credits_dir: str, address: str) -> int:
    wrong = address_problem(address)
    if wrong:  # said now, not after a whole build and the generator's traceback
        print(f"cectrack serve: error: {wrong}", file=sys.stderr)
        return 2
    config = read_site_config(root)
    generator, why = configured_generator(config)
    if why:
        print(f"cectrack serve: error: {why}", file=sys.stderr)
        return 2
    if program(generator.serve[0]) is None:
        print(f"cectrack serve: error: {generator.serve[0]} is not installed here, and "
              "mkdocs.yml names it as the generator\n    hint: pip install -r requirements.txt",
              file=sys.stderr)
        return 2
    command = [*generator_command(generator.serve), generator.address_option, address]
    if generator.runs_plugin:
        env = dict(os.environ, **({"CECTRACK_TODAY": today.isoformat()} if today else {}))
        return _until_stopped(subprocess.Popen(command, cwd=root, env=env), lambda: None)
    return _serve_rendered(root, today, credits_dir or CREDITS_DIR, config, command)


def _serve_rendered(root: Path, today: dt.date | None, credits_dir: str, config: dict,
                    command: list[str]) -> int:
    from .publish import render_project
    with tempfile.TemporaryDirectory(prefix="cectrack-serve-") as folder:
        project, staging = Path(folder) / "project", Path(folder) / "staging"
        if render_project(root, today or dt.date.today(), credits_dir, project, False, True,
                          preview=True) == 2:
            return 2  # refused (said why); data errors still serve, with their panel
        if sealed_site(config):
            print("cectrack serve: this preview is not sealed (it is served from this computer "
                  "only); `cectrack build` seals the site it publishes", file=sys.stderr)
        paths = watched(root, credits_dir, config)
        seen = snapshot(paths)

        def rerender() -> None:
            nonlocal seen
            now = snapshot(paths)
            if now == seen:
                return
            seen = now
            day = today or dt.date.today()
            if render_project(root, day, credits_dir, staging, False, True, preview=True) != 2:
                changed = sync(staging, project)
                if changed:
                    print(f"cectrack serve: {changed} files rendered again", flush=True)

        return _until_stopped(subprocess.Popen(command, cwd=project), rerender)


def sealed_site(config: dict) -> bool:
    """Whether the published site is sealed (a password set, or mkdocs.yml asks for it)."""
    settings = plugin_options(config)
    return (settings.get("private") is True or settings.get("encrypt_audit") is True
            or any(os.environ.get(variable) for variable in (PASSWORD_ENV, SITE_PASSWORD_ENV)))


def _stop(signum, frame):  # a `kill`, like Ctrl-C: the server goes too, not orphaned
    raise KeyboardInterrupt


def _until_stopped(child: subprocess.Popen, each_poll) -> int:
    """Run `each_poll` every half second while the server runs; Ctrl-C or a `kill` stops
    both."""
    signal.signal(signal.SIGTERM, _stop)
    try:
        while child.poll() is None:
            time.sleep(POLL_SECONDS)
            each_poll()
    except KeyboardInterrupt:
        pass
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
    return 0 if child.returncode in (0, -15, None) else child.returncode
