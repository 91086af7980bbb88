"""`cectrack build`: the site, built by the generator the tracker chose (mkdocs.yml,
`generator:`), strictly, then checked for cectrack's own files.

MkDocs and ProperDocs build the tracker itself with the plugin; Zensical, which runs no
plugin, builds `cectrack render`'s project, and its site is moved to the tracker's site
folder.  Either way a site without status.json was built without cectrack (a generator that
skipped the plugin, a plugin left out of mkdocs.yml): the build fails rather than publish a
site without figures.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..files.paths import inside, mixes_with_data
from ..publish.sealsite import password_changes, seal_built_site
from ..records.model import CREDITS_DIR
from ..tracker.generators import Generator, command, configured_generator, program
from ..tracker.siteconfig import plugin_options, read_site_config

PROOF = "status.json"  # every site cectrack built holds it (sealed on a private site)


def figures_missing(site: Path) -> str:
    """Why `site` was not built with cectrack's files; "" when it was."""
    proof = site / PROOF
    if not proof.is_file():
        return (f"{site.name}/{PROOF} is missing: the site was built without cectrack's pages "
                "(a generator that does not run its plugin, or a mkdocs.yml without it)")
    try:
        data = json.loads(proof.read_bytes()[:1_000_000] or b"null")
    except ValueError:
        data = None
    if not isinstance(data, dict) or not ({"schema", "credentials"} <= data.keys()
                                          or {"v", "ct"} <= data.keys()):  # plain or sealed
        return f"{site.name}/{PROOF} is not cectrack's status file"
    return ""


def site_folder(root: Path, config: dict) -> Path | None:
    """The site folder mkdocs.yml names (default site/), when it is a folder of its own."""
    name = config.get("site_dir", "site")
    folder = (root / name) if isinstance(name, str) and name.strip() else None
    credits = str(plugin_options(config).get("credits_dir") or CREDITS_DIR)
    if folder is None or not inside(root, folder) or mixes_with_data(folder, root, credits):
        return None
    return folder


def build_command(args) -> int:
    """`cectrack build`, from its parsed arguments."""
    return run_build(args.root, args.today or dt.date.today(), args.credits_dir,
                     args.from_render)


def run_build(root: Path, today: dt.date, credits_dir: str, from_render: bool = False) -> int:
    config = read_site_config(root)
    generator, why = configured_generator(config)
    site = site_folder(root, config)
    if why or site is None:
        return _refuse(why or "site_dir in mkdocs.yml must be a folder of its own inside the "
                       "tracker, e.g. site")
    if program(generator.build[0]) is None:
        return _refuse(f"{generator.build[0]} is not installed here, and mkdocs.yml names it "
                       f"as the generator\n    hint: pip install -r requirements.txt"
                       + (f" (it should hold `{generator.requirement}`)"
                          if generator.requirement else ""))
    code = (_with_plugin(root, generator, today) if generator.runs_plugin and not from_render
            else _from_render(root, today, credits_dir, generator, site))
    if code:
        return code
    missing = figures_missing(site)
    if missing:
        print(f"cectrack build: error: {missing}", file=sys.stderr)
        return 1
    print(f"cectrack build: the site is in {site} (built by {generator.name})")
    return 0


def _refuse(message: str) -> int:
    print(f"cectrack build: error: {message}", file=sys.stderr)
    return 2


def _with_plugin(root: Path, generator: Generator, today: dt.date) -> int:
    env = dict(os.environ, CECTRACK_TODAY=today.isoformat())  # the day the command was given
    return subprocess.call(command(generator.build), cwd=root, env=env)


def _from_render(root: Path, today: dt.date, credits_dir: str, generator: Generator,
                 site: Path) -> int:
    """cectrack render's project, built by the generator, sealed when the site is (the same
    pass for every generator: publish/sealsite.py), its site moved into place."""
    from .publish import RenderRefused, render_to
    with tempfile.TemporaryDirectory(prefix="cectrack-build-") as folder:
        project = Path(folder) / "project"
        try:
            rendered = render_to(root, today, credits_dir, project, False, seal=True)
        except RenderRefused as err:
            return _refuse(str(err))
        if rendered.code:  # errors in the data stop the build, as --strict does with the plugin
            print("cectrack build: the site was not built", file=sys.stderr)
            return rendered.code
        code = subprocess.call(command(generator.build), cwd=project)
        if code:
            return code
        if rendered.sealing is not None:
            problems = seal_built_site(project / "site", rendered.sealing, rendered.project,
                                       rendered.canaries)
            if problems:
                print("cectrack build: error: the site is sealed, but these would be published "
                      "in the clear, so nothing is published:\n  - " + "\n  - ".join(problems),
                      file=sys.stderr)
                return 1
        for line in password_changes(site, rendered.passwords):  # before it is replaced
            print(f"cectrack build: {line}", file=sys.stderr)
        if site.exists():
            shutil.rmtree(site)
        shutil.copytree(project / "site", site, symlinks=True)
    return 0
