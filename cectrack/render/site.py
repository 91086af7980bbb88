"""Every file cectrack adds to a site, in one place: the MkDocs plugin adds them to a build,
and `cectrack render --out DIR` writes them to disk for any other Markdown site generator."""
from __future__ import annotations

from functools import partial
from pathlib import Path

from ..files.atomic import replace_atomically
from ..files.paths import inside
from ..records.schema import FILES, schema_text
from ..team.seal import SEALED_NAME
from .feeds import badge_json, badge_path, calendar_ics, sealed_standing, write_status_json
from .options import ASSETS, CSS, SCRIPTS, PageOptions, SiteContent
from .pages import audit_files, render_pages
from .sealed import Sealing, publishable_files
from .spool import Spool
from ..audit.lock import seal

ROBOTS = b"User-agent: *\nDisallow: /\n"


def site_files(content: SiteContent, options: PageOptions, noindex: bool = True,
               spool: Path | None = None, sealing: Sealing | None = None,
               ) -> tuple[dict[str, str], dict[str, bytes | Path]]:
    """({path: Markdown page}, {path: bytes or a file to copy}), paths relative to docs/;
    with a `spool` folder, the large generated files are written there (see spool.py).
    With `sealing`, every file it names a lock for is sealed as it is made (the pages are
    sealed whole once the generator made them: see sealed.py)."""
    pages = render_pages(content, options)
    spooled = Spool(spool, sealing.file_lock if sealing else None)
    files: dict[str, bytes | Path] = dict(audit_files(content, options, spooled))
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
    """Write everything under `out` (cectrack's output folder, like site/: its files are
    replaced on each render, each atomically); return how many files were written.

    Every name is checked to stay inside `out`, symlinks on the way included: a name that
    would leave it raises ValueError and nothing of it is written."""
    out.mkdir(parents=True, exist_ok=True)
    for relative, content in [*pages.items(), *files.items()]:
        target = out / relative
        if ".." in Path(relative).parts or Path(relative).is_absolute() or not inside(out, target):
            raise ValueError(f"refusing to write {relative!r} outside {out}")
        target.parent.mkdir(parents=True, exist_ok=True)
        if not inside(out, target.parent):
            raise ValueError(f"refusing to write {relative!r}: a link leads outside {out}")
        data = content.encode("utf-8") if isinstance(content, str) else (
            content.read_bytes() if isinstance(content, Path) else content)
        # Replaces a link at `target`, never writes through it; the output is made again
        # by the next render, so no fsync per file.
        replace_atomically(target, data, durable=False)
    return len(pages) + len(files)
