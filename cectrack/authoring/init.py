"""`cectrack init [DIR]`: scaffold a personal tracker that builds cleanly at once.

It writes nothing if any of its files already exists (and says which), so running it twice
changes nothing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..engine.checks import close_ids_hint
from ..records.fields import parse_day
from ..records.model import PLACEHOLDER_NAME
from ..records.schema import FILES, SCHEMA_DIR, modeline, schema_text
from ..records.vocabulary import UNITS
from ..render.options import PLACEHOLDER
from ..rules.load import load_library
from ..tracker.generators import DEFAULT, GENERATORS
from ..tracker.locate import git_remote, pages_url_of_remote
from .pin import Pin, pin_for
from .wheel import WheelError
from .writing import write_new

TEMPLATES = Path(__file__).parent / "templates"  # the files of a new tracker (package data)


def template(name: str) -> str:
    return (TEMPLATES / name).read_text("utf-8")


TRACKER_INSTALL = "pip install -r requirements.txt"


def site_workflow(install: str = TRACKER_INSTALL) -> str:
    return template("site.yml").replace("INSTALL", install)


PLACEHOLDERS = {"index.md": "Dashboard", "credentials/index.md": "Credentials",
                "audit/index.md": "Audit packets", "rules/index.md": "Rules"}


def placeholder_pages() -> dict[str, str]:
    """Stand-ins for cectrack's nav pages, replaced by the plugin, shown where it is not run."""
    text = template("placeholder.md")
    return {f"docs/{path}": text.format(marker=PLACEHOLDER, title=title)
            for path, title in PLACEHOLDERS.items()}


NO_SITE_URL = ("# site_url: https://YOU.github.io/REPOSITORY/   # your site's address: on GitHub it\n"
               "#   is found from the `origin` remote; elsewhere set it for audit links\n")


@dataclass(frozen=True)
class Held:
    """A credential as the new profile lists it."""

    id: str
    expires: dt.date | None  # None: the cycle is worked out from `since`
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
        if held.expires:
            lines.append(f"    expires: {held.expires.isoformat()}\n")
    return "".join(lines)


def example_credit(credentials: list[Held]) -> dict[str, str]:
    """The example course's credits in the unit the holder's credentials count in: an ACE
    trainer's guide shows 0.8 ACE-CEC, not ACSM's 7.5 CEC (a decimal unit's 7.5 would be
    75 hours)."""
    library, _problems = load_library()
    unit = library.shared_unit([held.id for held in credentials]) or "CEC"
    return {"unit": unit, "credits": "0.8" if "decimal" in UNITS.get(unit, "") else "7.5"}


def site_url_line(url: str) -> str:
    return f"site_url: {_quoted(url)}\n" if url else NO_SITE_URL


def scaffold(name: str, credentials: list[Held], today: dt.date, url: str = "",
             requirements: str = "cectrack\n", generator: str = DEFAULT) -> dict[str, str]:
    """Every file of a new tracker, as {relative path: text}."""
    extra = GENERATORS[generator].requirement
    files = {
        "mkdocs.yml": template("mkdocs.yml").format(name=name.replace('"', "'"),
                                                    site_url=site_url_line(url),
                                                    generator=generator),
        "credits/profile.yaml": profile_text(name, credentials),
        "docs/adding.md": template("adding.md").format(year=today.year,
                                                       **example_credit(credentials)),
        **placeholder_pages(),
        ".github/workflows/site.yml": site_workflow(),
        ".pre-commit-config.yaml": template("pre-commit-config.yaml"),
        "README.md": template("README.md").format(name=name),
        "requirements.txt": requirements + (f"# what builds the site (mkdocs.yml: generator: "
                                            f"{generator})\n{extra}\n" if extra else ""),
        ".gitignore": "/site/\n/.venv/\n",
    }
    for key, filename in FILES.items():
        files[f"credits/{SCHEMA_DIR}/{filename}"] = schema_text(key)
    return files


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ask_profile(ask: Callable[[str], str], say: Callable[[str], None],
                known: list[str]) -> tuple[str, list[Held]]:
    name = ask("Your name, as on your certificates: ").strip() or PLACEHOLDER_NAME
    credentials: list[Held] = []
    while True:
        credential_id = ask("Credential id (e.g. ACSM-CPT; blank when done): ").strip().upper()
        if not credential_id:
            return name, credentials
        if credential_id not in known:
            say(f"  `{credential_id}` is not a known credential; {close_ids_hint(credential_id, known)}")
            continue
        expires, since = _ask_cycle_dates(ask, say, credential_id)
        number = ask(f"{credential_id} certificate number (blank to leave out; masked on public "
                     "pages): ").strip()
        credentials.append(Held(credential_id, expires, since, number))


def _ask_cycle_dates(ask: Callable[[str], str], say: Callable[[str], None],
                     credential_id: str) -> tuple[dt.date | None, dt.date | None]:
    """The expiry and the day first earned: either may be blank, as in the profile, but
    not both (the cycle is worked out from one of them)."""
    while True:
        expires = _ask_date(ask, say, f"{credential_id} expires on (YYYY-MM-DD, as on the "
                                      "body's portal; blank if you do not know it): ",
                            optional=True)
        why = "blank if unsure" if expires else "needed when the expiry is not given"
        since = _ask_date(ask, say, f"{credential_id} first earned on (YYYY-MM-DD; {why}): ",
                          optional=True)
        if expires or since:
            return expires, since
        say(f"  {credential_id} needs one of the two dates to know its cycle: the expiry on the "
            "body's portal, or the day you first earned it")


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


def ask_generator(ask: Callable[[str], str], say: Callable[[str], None]) -> str:
    while True:
        answer = ask(f"What builds your site: {', '.join(GENERATORS)}? (blank: {DEFAULT}; the "
                     "guide's \"Choosing a generator\" compares them) ").strip().lower()
        if not answer or answer in GENERATORS:
            return answer or DEFAULT
        say(f"  write one of {', '.join(GENERATORS)}")


def run_init(target: Path, today: dt.date, name: str | None, credential_args: list[str],
             interactive: bool, url: str | None = None, ask: Callable[[str], str] = input,
             say: Callable[[str], None] = print, generator: str | None = None) -> int:
    try:
        pin = pin_for()
    except WheelError as err:
        say(f"cectrack init: nothing written: {err}")
        return 1
    planned = [*scaffold("x", [], today), *([pin.wheel[0]] if pin.wheel else [])]
    existing = [path for path in planned if (target / path).exists()]
    if existing:
        say(f"cectrack init: nothing written; these files exist in {target}:")
        for path in existing:
            say(f"  {path}")
        return 1
    answers = gather_profile(target, name, credential_args, interactive, url, ask, say)
    if answers is None:
        return 2
    if generator is None:
        generator = ask_generator(ask, say) if interactive else DEFAULT
    files = {path: text.encode("utf-8") for path, text in
             scaffold(*answers[:2], today, answers[2], pin.text(), generator).items()}
    files.update(dict([pin.wheel]) if pin.wheel else {})
    for path, data in files.items():
        written = write_new(target / path, data, target)
        if written != target / path:  # appeared meanwhile: keep theirs, drop ours
            written.unlink()
            say(f"cectrack init: {path} appeared while writing; left it alone")
    say(f"A new tracker in {target}, built by {generator}. Next: cd {target} && cectrack add "
        "&& cectrack serve")
    say(pinned_note(pin))
    missing = [what for what, lacking in (("your name", answers[0] == PLACEHOLDER_NAME),
                                          ("the credentials you hold", not answers[1])) if lacking]
    if missing:  # `--no-input` alone: `cectrack check` warns of both until they are written
        say(f"Still to write in credits/profile.yaml: {' and '.join(missing)}")
    return 0


def pinned_note(pin: Pin) -> str:
    """What requirements.txt now installs, said once."""
    if pin.wheel:
        return (f"requirements.txt installs this cectrack ({pin.version}) from {pin.wheel[0]}, "
                "checked by its hash: commit that file too")
    return f"requirements.txt installs this cectrack: {pin.line}"


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
    return name or PLACEHOLDER_NAME, credentials, url


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
