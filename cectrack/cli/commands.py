"""What each `cectrack` command does, once its arguments are parsed (see cli/__init__.py).

Each handler takes the argparse namespace and returns the exit code: 0 no errors in the
data, 1 errors in the data, 2 bad usage (PRODUCT.md).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from argparse import Namespace
from pathlib import Path

from ..analysis import RULES_DIR, analyse, analysis
from ..audit.lock import (
    SITE_PASSWORD_ENV,
    names_key,
    normalise_password,
    private_page_path,
)
from ..audit.packets import packet_slug
from ..audit.secret import SECRET_ENV, make_secret, secret_problem
from ..engine.checks import unknown_id_hint
from ..engine.uncounted import uncounted_courses
from ..files.atomic import replace_atomically
from ..records.fields import ENTRY_FIELDS
from ..records.schema import FILES, SCHEMA_DIR, schema_text
from ..records.words import counted
from ..render.statusjson import report_to_json
from ..render.text import (
    count_line,
    credential_summary,
    credential_table,
    due_lines,
    explanation_lines,
    github_annotation,
    lifetime_lines,
    problem_lines,
    uncounted_annotation,
    uncounted_lines,
)
from ..rules.load import load_library
from ..rules.model import Library, RuleSet
from ..tracker.locate import find_root, site_url
from ..tracker.siteconfig import plugin_options, read_site_config


def _today(args: Namespace) -> dt.date:
    return args.today or dt.date.today()


def _interactive(args: Namespace) -> bool:
    return not args.no_input and sys.stdin.isatty()


def check(args: Namespace) -> int:
    report = analyse(args.root, _today(args), args.credits_dir, dt.date.today())
    if args.format == "github":
        for problem in report.problems:
            print(github_annotation(problem))
        for course in uncounted_courses(report):
            print(uncounted_annotation(course))
        for credential in report.credentials:
            print(credential_summary(credential))
        for line in lifetime_lines(report):
            print(line)
    else:
        _print_text(report)
    return 1 if report.errors else 0


def status(args: Namespace) -> int:
    report = analyse(args.root, _today(args), args.credits_dir, dt.date.today())
    if args.json:
        _print_json(report_to_json(report))
    else:
        _print_text(report)
    return 1 if report.errors else 0


def _print_json(data: object) -> None:
    """`data` as indented JSON on stdout, written 64 kB at a time: the whole text made first
    (json.dumps) held 160 MB more at 10,000 courses, for a file of 24 MB."""
    batch: list[str] = []
    size = 0
    for piece in json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(data):
        batch.append(piece)
        size += len(piece)
        if size >= 1 << 16:
            sys.stdout.write("".join(batch))
            batch, size = [], 0
    sys.stdout.write("".join(batch) + "\n")


def due(args: Namespace) -> int:
    """The deadlines as Markdown on stdout, nothing when none (the reminder workflow opens
    an issue only for a file that is not empty); that none is due is said on stderr."""
    lines = due_lines(analyse(args.root, _today(args), args.credits_dir), args.within)
    for line in lines:
        print(line)
    if not lines:
        print(f"cectrack due: nothing is due within {counted(args.within, 'day')} of "
              f"{_today(args).isoformat()}", file=sys.stderr)
    return 0


def rules(args: Namespace) -> int:
    return rules_command(args.root, args.id)


def render(args: Namespace) -> int:
    from .publish import render_project  # the commands that write load only when run
    return render_project(args.root, _today(args), args.credits_dir, args.out,
                          args.publish_evidence)


def _joined(flag: str | list[str] | None) -> str | None:
    """A list flag given several times (`--tags a --tags b`) as one answer, `a, b`."""
    return ", ".join(flag) if isinstance(flag, list) else flag


def add(args: Namespace) -> int:
    given = {spec.name: _joined(getattr(args, spec.name)) for spec in ENTRY_FIELDS}
    from ..authoring.add import run_add
    state = analysis(args.root, _today(args), args.credits_dir)
    return run_add(state, _today(args), given, _interactive(args))


def init(args: Namespace) -> int:
    from ..authoring.adopt import run_here
    from ..authoring.init import run_init
    if args.here:
        return run_here(find_root(args.dir), args.name, args.credential, _interactive(args),
                        args.site_url)
    return run_init(args.dir, _today(args), args.name, args.credential, _interactive(args),
                    args.site_url, generator=args.generator)


def upgrade(args: Namespace) -> int:
    from ..authoring.upgrade import run_upgrade
    return run_upgrade(args.root, args.allow_older)


def import_csv(args: Namespace) -> int:
    mapping = dict(item.rsplit("=", 1) for item in args.map if "=" in item)
    if len(mapping) != len(args.map) or not set(mapping.values()) <= {s.name for s in ENTRY_FIELDS}:
        print("cectrack import: --map takes COLUMN=FIELD with a field of the entry format",
              file=sys.stderr)
        return 2
    from ..authoring.importer import run_import
    state = analysis(args.root, _today(args), args.credits_dir)
    return run_import(state, args.csv, mapping, args.dry_run, args.date_format, _today(args))


def schema(args: Namespace) -> int:
    words = load_library(args.root / RULES_DIR, args.root)[0].entry_words()
    if args.write:
        return write_schemas(args.root / args.credits_dir, words)
    print(schema_text(args.which, words), end="")
    return 0


def secret(args: Namespace) -> int:
    print(make_secret())
    return 0


def verify(args: Namespace) -> int:
    """Exit 0 when the bundle matches its manifest (or each certificate is one of the
    packet's), 1 when not or when it cannot be checked."""
    from ..audit.verify import BadBundle, verify_bundle, verify_certificates
    if args.bundle is None:  # argparse would call the optional certificates required too
        print("cectrack verify: error: give the packet's .zip to check against its manifest, "
              "or the packet's CSV or JSON and the certificates to find in it\n    usage: "
              "cectrack verify PACKET.zip\n           cectrack verify PACKET.json "
              "CERTIFICATE.pdf …", file=sys.stderr)
        return 2
    try:
        if args.certificates:
            lines, ok = verify_certificates(args.bundle, args.certificates)
        else:
            lines, ok = verify_bundle(args.bundle)
    except BadBundle as err:
        print(f"cectrack verify: error: {err}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0 if ok else 1


def audit_link(args: Namespace) -> int:
    return audit_link_command(args.root, _today(args), args.credits_dir)


def _print_text(report) -> None:
    for problem in report.problems:
        for line in problem_lines(problem):
            print(line)
    notes = uncounted_courses(report)
    for course in notes:
        print("\n".join(uncounted_lines(course)))
    if report.problems or notes:
        print()
    for credential in report.credentials:
        print(credential_summary(credential))
    for line in lifetime_lines(report):
        print(line)
    print(f"as of {report.as_of.isoformat()}: {count_line(report)}")


def rules_command(root: Path, wanted: str | None) -> int:
    library, problems = load_library(root / RULES_DIR, root)
    for problem in problems:
        print("\n".join(problem_lines(problem)), file=sys.stderr)
    if wanted is None:
        print("\n".join(credential_table(library)))
        return 1 if problems else 0
    ruleset = _ruleset_named(library, wanted)
    if ruleset is None:
        print(f"cectrack: error: no rules for '{wanted}'; "
              f"{unknown_id_hint(wanted, library)}", file=sys.stderr)
        return 2
    print("\n".join(explanation_lines(ruleset)))
    return 1 if problems else 0


def _ruleset_named(library: Library, wanted: str) -> RuleSet | None:
    """A body (NSCA, CSCCa) or a credential id (nsca-cscs, PMA-NCPT), whatever the case."""
    by_case = {body.upper(): rules for body, rules in library.rulesets.items()}
    ids = {cid.upper(): cid for cid in library.credential_ids()}
    if wanted.upper() in by_case:
        return by_case[wanted.upper()]
    return library.for_credential(ids[wanted.upper()]) if wanted.upper() in ids else None


def write_schemas(credits: Path, words: dict[str, tuple[str, ...]] | None = None) -> int:
    """Refresh credits/.schema/ (cectrack's own files, replaced atomically when changed)."""
    for name, filename in FILES.items():
        path = credits / SCHEMA_DIR / filename
        text = schema_text(name, words)
        if path.exists() and path.read_text("utf-8") == text:
            print(f"{path}: up to date")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(path, text.encode("utf-8"))
        print(f"{path}: written")
    return 0


def audit_link_command(root: Path, today: dt.date, credits_dir: str) -> int:
    """The packets' addresses: under the secret when it is set (unlisted), else plain."""
    secret = os.environ.get(SECRET_ENV)
    if secret is not None and (problem := secret_problem(secret)):
        print(f"cectrack: error: {problem}", file=sys.stderr)
        return 2
    base = site_url(root)
    if not base:
        print("cectrack audit-link: error: the site's address is unknown, so no link can be "
              "given\n    hint: set `site_url:` in mkdocs.yml (e.g. https://you.github.io/tracker/),"
              " or add the GitHub remote `origin`", file=sys.stderr)
        return 2
    private = plugin_options(read_site_config(root)).get("private") is True
    password = normalise_password(os.environ.get(SITE_PASSWORD_ENV) or "")
    if private and not password:
        print("cectrack audit-link: error: the site is private, so the address of each page "
              f"is made from its password\n    hint: run it with {SITE_PASSWORD_ENV} set, or "
              "open your site, go to Audit packets and copy the packet's address",
              file=sys.stderr)
        return 2
    names = names_key(password) if password else None
    report = analyse(root, today, credits_dir)
    folder = f"audit/{secret}" if secret else "audit"
    for c in report.credentials + report.past:
        page = f"{folder}/{packet_slug(c)}/"
        if names is not None:  # a private site's pages have names that say nothing
            page = private_page_path(names, f"{folder}/{packet_slug(c)}.md")[:-len("index.html")]
        print(f"{c.id} {c.cycle.start.year}-{c.cycle.end.year}: {base}{page}")
    if not secret:
        print(f"(listed links; for unlisted ones set {SECRET_ENV} as in your site's build)",
              file=sys.stderr)
    return 0
