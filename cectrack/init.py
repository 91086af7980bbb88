"""`cectrack init [DIR]`: scaffold a personal tracker that builds cleanly at once.

It writes nothing if any of its files already exists (and says which), so running it twice
changes nothing.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from . import __version__
from .rules.load import load_library
from .schema import FILES, SCHEMA_DIR, modeline, schema_text
from .validate import close_ids_hint
from .writing import write_new

MKDOCS_YML = """\
site_name: "Continuing education: {name}"
docs_dir: docs
theme:
  name: material
  font: false            # no fonts from other hosts: the site works offline and leaks nothing
plugins:
  - search
  - cectrack
markdown_extensions:
  - pymdownx.highlight
  - pymdownx.superfences
  - tables
  - admonition
  - pymdownx.details
  - attr_list
nav:
  - Dashboard: index.md
  - Credentials: credentials/index.md
  - Audit packets: audit/index.md
  - Rules: rules/index.md
  - How to add a course: adding.md
"""

ADDING_MD = """\
# How to add a course

After each course, add one file under `credits/`, for example
`credits/{year}/{year}-03-14-summit.yaml`, and put the certificate under `certificates/`:

```yaml
title: Health & Fitness Summit, day 1
provider: American College of Sports Medicine
completed: {year}-03-14
credits: 7.5
unit: CEC
evidence: certificates/{year}-03-14-summit.pdf
```

Or let cectrack ask you: `cectrack add`. Then `cectrack check` shows any problem and your
totals; commit, and the site is rebuilt.
"""

WORKFLOW = """\
# Checks the credit files, builds the site and publishes it with GitHub Pages.
# Enable Pages once: Settings > Pages > Build and deployment > Source: GitHub Actions.
name: site
on:
  push:
  pull_request:
  schedule:
    - cron: "17 6 * * 1"   # weekly, so days left and reminders stay current without a commit
  workflow_dispatch:
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
        with:
          fetch-depth: 0     # the audit packets show when each course was first recorded
      - uses: actions/setup-python@v6
        with:
          python-version: "3.12"
      - uses: actions/cache@v5   # pip's downloads, kept between runs
        with:
          path: ~/.cache/pip
          key: pip-${{ runner.os }}-${{ hashFiles('requirements.txt', 'pyproject.toml') }}
      - name: Install cectrack
        run: INSTALL
      - name: Check the credit files
        run: cectrack check --format github
      - name: Build the site
        run: mkdocs build --strict
        env:
          CECTRACK_AUDIT_SECRET: ${{ secrets.CECTRACK_AUDIT_SECRET }}
      - uses: actions/upload-pages-artifact@v5
        with:
          path: site
  deploy:
    if: github.event_name != 'pull_request' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)
    needs: build
    runs-on: ubuntu-latest
    # One deploy at a time, never cancelled half-way; builds (and pull requests) run freely.
    concurrency:
      group: pages
      cancel-in-progress: false
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v5
  remind:
    # Optional: opens (or updates) an issue when a deadline is near.
    # Off while REMIND_DAYS is empty; set it to, say, "60" to be reminded 60 days ahead.
    if: github.event_name != 'pull_request'
    runs-on: ubuntu-latest
    env:
      REMIND_DAYS: ""
    permissions:
      contents: read
      issues: write
    steps:
      - uses: actions/checkout@v6
      - uses: actions/setup-python@v6
        with:
          python-version: "3.12"
      - name: Install cectrack
        if: env.REMIND_DAYS != ''
        run: INSTALL
      - name: Open or update the reminder issue
        if: env.REMIND_DAYS != ''
        env:
          GH_TOKEN: ${{ github.token }}
        run: |
          DAYS="$REMIND_DAYS"
          cectrack due --within "$DAYS" > due.md
          if [ ! -s due.md ]; then echo "nothing due within $DAYS days"; exit 0; fi
          number=$(gh issue list --label cectrack-reminder --state open --json number --jq '.[0].number')
          if [ -n "$number" ]; then
            gh issue edit "$number" --body-file due.md
          else
            gh label create cectrack-reminder --force
            gh issue create --title "Continuing education: deadlines within $DAYS days" \\
              --label cectrack-reminder --body-file due.md
          fi
"""
TRACKER_INSTALL = "pip install -r requirements.txt"


def site_workflow(install: str = TRACKER_INSTALL) -> str:
    return WORKFLOW.replace("INSTALL", install)


PRE_COMMIT = """\
# `pre-commit install` once; then `cectrack check` runs before each commit.
repos:
  - repo: local
    hooks:
      - id: cectrack-check
        name: cectrack check
        entry: cectrack check
        language: system
        pass_filenames: false
        files: ^(credits|rules|certificates)/
"""

README = """\
# Continuing education: {name}

My continuing-education credits, one YAML file per course under `credits/`, checked and
published by cectrack.

- `pip install -r requirements.txt`, then `cectrack check`: every problem and my totals.
- `cectrack add`: record a course by answering questions.
- `mkdocs serve`: the dashboard at http://127.0.0.1:8000.
"""


def scaffold(name: str, credentials: list[tuple[str, dt.date]], today: dt.date) -> dict[str, str]:
    """Every file of a new tracker, as {relative path: text}."""
    profile = [modeline(f"{SCHEMA_DIR}/{FILES['profile']}"), f"name: {_quoted(name)}\n",
               "credentials:" + (" []\n" if not credentials else "\n")]
    for credential_id, expires in credentials:
        profile += [f"  - id: {credential_id}\n", f"    expires: {expires.isoformat()}\n"]
    files = {
        "mkdocs.yml": MKDOCS_YML.format(name=name.replace('"', "'")),
        "credits/profile.yaml": "".join(profile),
        "docs/adding.md": ADDING_MD.format(year=today.year),
        ".github/workflows/site.yml": site_workflow(),
        ".pre-commit-config.yaml": PRE_COMMIT,
        "README.md": README.format(name=name),
        "requirements.txt": f"cectrack>={__version__}\n",
        ".gitignore": "/site/\n/.venv/\n",
    }
    for key, filename in FILES.items():
        files[f"credits/{SCHEMA_DIR}/{filename}"] = schema_text(key)
    return files


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ask_profile(ask: Callable[[str], str], say: Callable[[str], None],
                known: list[str]) -> tuple[str, list[tuple[str, dt.date]]]:
    name = ask("Your name, as on your certificates: ").strip() or "Your Name"
    credentials = []
    while True:
        credential_id = ask("Credential id (e.g. ACSM-CPT; blank when done): ").strip().upper()
        if not credential_id:
            return name, credentials
        if credential_id not in known:
            say(f"  `{credential_id}` is not a known credential; {close_ids_hint(credential_id, known)}")
            continue
        while True:
            text = ask(f"{credential_id} expires on (YYYY-MM-DD, as on the body's portal): ")
            try:
                credentials.append((credential_id, dt.date.fromisoformat(text.strip())))
                break
            except ValueError:
                say("  write the date as YYYY-MM-DD, e.g. 2026-12-31")


def parse_credential(text: str, known: list[str]) -> tuple[str, dt.date]:
    """`ACSM-CPT=2026-12-31` from the command line."""
    credential_id, _, date = text.partition("=")
    credential_id = credential_id.strip().upper()
    if credential_id not in known:
        raise ValueError(f"`{credential_id}` is not a known credential; "
                         + close_ids_hint(credential_id, known))
    try:
        return credential_id, dt.date.fromisoformat(date.strip())
    except ValueError:
        raise ValueError(f"--credential {text}: write ID=YYYY-MM-DD, e.g. ACSM-CPT=2026-12-31")


def run_init(target: Path, today: dt.date, name: str | None, credential_args: list[str],
             interactive: bool, ask: Callable[[str], str] = input,
             say: Callable[[str], None] = print) -> int:
    known = load_library()[0].credential_ids()
    planned = scaffold("x", [], today)  # only the names matter for the check
    existing = [path for path in planned if (target / path).exists()]
    if existing:
        say(f"cectrack init: nothing written; these files exist in {target}:")
        for path in existing:
            say(f"  {path}")
        return 1
    try:
        credentials = [parse_credential(text, known) for text in credential_args]
    except ValueError as err:
        say(f"cectrack init: {err}")
        return 2
    if interactive and name is None and not credentials:
        name, credentials = ask_profile(ask, say, known)
    for path, text in scaffold(name or "Your Name", credentials, today).items():
        written = write_new(target / path, text.encode("utf-8"))
        if written != target / path:  # appeared meanwhile: keep theirs, drop ours
            written.unlink()
            say(f"cectrack init: {path} appeared while writing; left it alone")
    say(f"A new tracker in {target}. Next: cd {target} && cectrack add && mkdocs serve")
    return 0
