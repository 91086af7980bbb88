"""Every file cectrack adds to a site, in one place: the MkDocs plugin adds them to a build,
and `cectrack render --out DIR` writes them to disk for any other Markdown site generator."""
from __future__ import annotations

from functools import partial
from pathlib import Path

from ..audit.lock import seal
from ..files.output import MANIFEST, write_output
from ..records.schema import FILES, schema_text
from ..team.seal import SEALED_NAME
from .feeds import badge_json, badge_path, sealed_standing, write_status_json
from .icsfeed import calendar_ics
from .options import ASSETS, CSS, SCRIPTS, PageOptions, SiteContent
from .pages import KeptFiles, audit_files, render_pages
from .sealed import Sealing, publishable_files
from .spool import Spool

ROBOTS = b"User-agent: *\nDisallow: /\n"


def site_files(content: SiteContent, options: PageOptions, noindex: bool = True,
               spool: Path | None = None, sealing: Sealing | None = None,
               kept: KeptFiles | None = None) -> tuple[dict[str, str], dict[str, bytes | Path]]:
    """({path: Markdown page}, {path: bytes or a file to copy}), paths relative to docs/;
    with a `spool` folder, the large generated files are written there (see spool.py).
    With `sealing`, every file it names a lock for is sealed as it is made (the pages are
    sealed whole once the generator made them: see sealed.py).  With `kept` (a process that
    builds again after each edit), a packet's ZIP whose inputs did not change is taken back."""
    pages = render_pages(content, options)
    spooled = Spool(spool, sealing.file_lock if sealing else None)
    files: dict[str, bytes | Path] = dict(audit_files(content, options, spooled, kept))
    report = content.report
    files["status.json"] = spooled.text("status.json", partial(write_status_json, report))
    files["calendar.ics"] = calendar_ics(report)
    if content.studio_keys:  # the profile's studios: the standing alone, sealed for them
        files[SEALED_NAME] = sealed_standing(report, content.studio_keys)
    for c in report.credentials:
        files[badge_path(c)] = badge_json(c)
    for name, filename in FILES.items():  # editors fetch these: a stable address
        files[f"schema/{filename}"] = schema_text(name, content.library.entry_words()).encode()
    files[CSS] = ASSETS / "cectrack.css"
    for script in SCRIPTS:
        files[script] = ASSETS / script.rsplit("/", 1)[1]
    if noindex:
        files["robots.txt"] = ROBOTS
    if sealing is not None:
        files = _sealed(publishable_files(files, sealing), sealing, spooled.sealed)
    return pages, files


def _sealed(files: dict[str, bytes | Path], sealing: Sealing,
            done: set[str]) -> dict[str, bytes | Path]:
    """The small files made in memory sealed too (the spool sealed the large ones, `done`)."""
    return {uri: seal(lock, content) if isinstance(content, bytes) and uri not in done
            and (lock := sealing.file_lock(uri)) is not None else content
            for uri, content in files.items()}


def write_site_files(out: Path, pages: dict[str, str], files: dict[str, bytes | Path]) -> int:
    """Write everything under `out` (cectrack's output folder: files/output.py, which keeps
    a manifest of what it wrote and never writes over anything else); return how many."""
    return write_output(out, {name: content for name, content in [*pages.items(),
                                                                  *files.items()]
                              if name != MANIFEST})
