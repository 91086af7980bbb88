"""`cectrack init [DIR]`: scaffold a personal tracker that builds cleanly at once.

It writes nothing if any of its files already exists (and says which), so running it twice
changes nothing.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from dataclasses import dataclass
from typing import Callable

from ..records.fields import parse_day
from ..tracker.locate import git_remote, pages_url_of_remote
from .pin import is_pinned, requirement_text
from ..render.options import PLACEHOLDER
from ..rules.load import load_library
from ..records.schema import FILES, SCHEMA_DIR, modeline, schema_text
from ..engine.checks import close_ids_hint
from .writing import write_new

MKDOCS_YML = """\
site_name: "Continuing education: {name}"
{site_url}docs_dir: docs
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
          CECTRACK_AUDIT_PASSWORD: ${{ secrets.CECTRACK_AUDIT_PASSWORD }}
          CECTRACK_SITE_PASSWORD: ${{ secrets.CECTRACK_SITE_PASSWORD }}
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


PLACEHOLDER_TEXT = """\
{marker}
# {title}

cectrack writes this page when the site is built with its plugin (`mkdocs build` or
`properdocs build`). If you are reading this sentence, the site was built by a generator that
does not run MkDocs plugins, such as Zensical: build from `cectrack render --out build`
instead (cectrack's publishing guide, "Without MkDocs", shows the workflow).
"""
PLACEHOLDERS = {"index.md": "Dashboard", "credentials/index.md": "Credentials",
                "audit/index.md": "Audit packets", "rules/index.md": "Rules"}


def placeholder_pages() -> dict[str, str]:
    """Stand-ins for cectrack's nav pages, replaced by the plugin, shown where it is not run."""
    return {f"docs/{path}": PLACEHOLDER_TEXT.format(marker=PLACEHOLDER, title=title)
            for path, title in PLACEHOLDERS.items()}


NO_SITE_URL = ("# site_url: https://YOU.github.io/REPOSITORY/   # your site's address: on GitHub it\n"
               "#   is found from the `origin` remote; elsewhere set it for audit links\n")


@dataclass(frozen=True)
class Held:
    """A credential as the new profile lists it."""

    id: str
    expires: dt.date
    since: dt.date | None = None
    number: str = ""


def profile_text(name: str, credentials: list[Held]) -> str:
    lines = [modeline(f"{SCHEMA_DIR}/{FILES['profile']}"), f"name: {_quoted(name)}\n",
             "credentials:" + (" []\n" if not credentials else "\n")]
    for held in credentials:
        lines.append(f"  - id: {held.id}\n")
        if held.number:
            lines.append(f"    number: {_quoted(held.number)}      # masked on public pages\n")
        if held.since:
            lines.append(f"    since: {held.since.isoformat()}\n")
        lines.append(f"    expires: {held.expires.isoformat()}\n")
    return "".join(lines)


def site_url_line(url: str) -> str:
    return f"site_url: {_quoted(url)}\n" if url else NO_SITE_URL


def scaffold(name: str, credentials: list[Held], today: dt.date, url: str = "",
             requirements: str = "") -> dict[str, str]:
    """Every file of a new tracker, as {relative path: text}."""
    files = {
        "mkdocs.yml": MKDOCS_YML.format(name=name.replace('"', "'"), site_url=site_url_line(url)),
        "credits/profile.yaml": profile_text(name, credentials),
        "docs/adding.md": ADDING_MD.format(year=today.year),
        **placeholder_pages(),
        ".github/workflows/site.yml": site_workflow(),
        ".pre-commit-config.yaml": PRE_COMMIT,
        "README.md": README.format(name=name),
        "requirements.txt": requirements or requirement_text(),
        ".gitignore": "/site/\n/.venv/\n",
    }
    for key, filename in FILES.items():
        files[f"credits/{SCHEMA_DIR}/{filename}"] = schema_text(key)
    return files


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ask_profile(ask: Callable[[str], str], say: Callable[[str], None],
                known: list[str]) -> tuple[str, list[Held]]:
    name = ask("Your name, as on your certificates: ").strip() or "Your Name"
    credentials = []
    while True:
        credential_id = ask("Credential id (e.g. ACSM-CPT; blank when done): ").strip().upper()
        if not credential_id:
            return name, credentials
        if credential_id not in known:
            say(f"  `{credential_id}` is not a known credential; {close_ids_hint(credential_id, known)}")
            continue
        expires = _ask_date(ask, say, f"{credential_id} expires on (YYYY-MM-DD, as on the "
                                      "body's portal): ")
        since = _ask_date(ask, say, f"{credential_id} first earned on (YYYY-MM-DD; blank if "
                                    "unsure): ", optional=True)
        number = ask(f"{credential_id} certificate number (blank to leave out; masked on public "
                     "pages): ").strip()
        credentials.append(Held(credential_id, expires, since, number))


def _ask_date(ask: Callable[[str], str], say: Callable[[str], None], question: str,
              optional: bool = False) -> dt.date | None:
    while True:
        text = ask(question).strip()
        if optional and not text:
            return None
        try:
            return parse_day(text)
        except ValueError as err:
            say(f"  {err}: write the date as YYYY-MM-DD, e.g. 2026-12-31")


def parse_credential(text: str, known: list[str]) -> Held:
    """`ACSM-CPT=2026-12-31` from the command line."""
    credential_id, _, date = text.partition("=")
    credential_id = credential_id.strip().upper()
    if credential_id not in known:
        raise ValueError(f"`{credential_id}` is not a known credential; "
                         + close_ids_hint(credential_id, known))
    try:
        return Held(credential_id, parse_day(date))
    except ValueError:
        raise ValueError(f"--credential {text}: write ID=YYYY-MM-DD, e.g. ACSM-CPT=2026-12-31")


def run_init(target: Path, today: dt.date, name: str | None, credential_args: list[str],
             interactive: bool, url: str | None = None, ask: Callable[[str], str] = input,
             say: Callable[[str], None] = print) -> int:
    planned = scaffold("x", [], today, requirements="-")  # only the names matter here
    existing = [path for path in planned if (target / path).exists()]
    if existing:
        say(f"cectrack init: nothing written; these files exist in {target}:")
        for path in existing:
            say(f"  {path}")
        return 1
    answers = gather_profile(target, name, credential_args, interactive, url, ask, say)
    if answers is None:
        return 2
    requirements = requirement_text()
    for path, text in scaffold(*answers[:2], today, answers[2], requirements).items():
        written = write_new(target / path, text.encode("utf-8"))
        if written != target / path:  # appeared meanwhile: keep theirs, drop ours
            written.unlink()
            say(f"cectrack init: {path} appeared while writing; left it alone")
    say(f"A new tracker in {target}. Next: cd {target} && cectrack add && mkdocs serve")
    if not is_pinned(requirements):
        say("Before you push: requirements.txt must name the cectrack your CI installs "
            "(this one came from a local folder or file); the file says how.")
    return 0


def gather_profile(target: Path, name: str | None, credential_args: list[str],
                   interactive: bool, url: str | None, ask: Callable[[str], str],
                   say: Callable[[str], None]) -> tuple[str, list[Held], str] | None:
    """Holder, credentials and site address from the flags, else asked; None (said why)
    when a flag is wrong."""
    known = load_library()[0].credential_ids()
    try:
        credentials = [parse_credential(text, known) for text in credential_args]
        url = checked_site_url(url) if url is not None else None
    except ValueError as err:
        say(f"cectrack init: {err}")
        return None
    if interactive and name is None and not credentials:
        name, credentials = ask_profile(ask, say, known)
    url = url if url is not None else derived_site_url(target, interactive, ask)
    return name or "Your Name", credentials, url


def checked_site_url(url: str) -> str:
    url = url.strip()
    if url and not url.startswith(("https://", "http://")):
        raise ValueError(f"--site-url {url}: write the full address, e.g. "
                         "https://you.github.io/tracker/")
    return url


def derived_site_url(target: Path, interactive: bool, ask: Callable[[str], str]) -> str:
    """The site's address from the GitHub remote of the folder, else asked, else none."""
    existing = next((p for p in (target, *target.resolve().parents) if p.is_dir()), target)
    url = pages_url_of_remote(git_remote(existing))
    if url or not interactive:
        return url
    while True:
        try:
            return checked_site_url(ask("Your site's address (e.g. https://you.github.io/"
                                        "tracker/; blank to set it later): "))
        except ValueError as err:
            print(f"  {err}")
