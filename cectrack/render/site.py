"""Every file cectrack adds to a site, in one place: the MkDocs plugin adds them to a build,
and `cectrack render --out DIR` writes them to disk for any other Markdown site generator.
The pages come as Markdown; the other files as bytes or a way to make them (made.py), which
publish/site.py makes, one at a time, sealed where the site says so."""
from __future__ import annotations

from functools import partial

from ..audit.lock import seal
from ..records.schema import FILES, schema_text
from ..team.seal import SEALED_NAME
from .feeds import badge_json, badge_path, sealed_standing, write_status_json
from .icsfeed import calendar_ics
from .made import Asset, Made, Text
from .options import CSS, SCRIPTS, PageOptions, SiteContent
from .pages import audit_files, each_page
from .sealed import Sealing, publishable_files

ROBOTS = b"User-agent: *\nDisallow: /\n"


def site_files(content: SiteContent, options: PageOptions, noindex: bool = True,
               sealing: Sealing | None = None) -> tuple[dict[str, str], dict[str, Made]]:
    """({path: Markdown page}, {path: bytes or a way to make the file}), paths relative to
    docs/: the pages of pages.py's each_page (the plugin takes them one at a time), the
    files of made_files."""
    return dict(each_page(content, options)), made_files(content, options, noindex, sealing)


def made_files(content: SiteContent, options: PageOptions, noindex: bool = True,
               sealing: Sealing | None = None) -> dict[str, Made]:
    """Every other file: bytes, or a way to make it.  With `sealing`, every file made here
    that it names a lock for is sealed (those made later are sealed as publish/spool.py
    makes them; the pages are sealed whole once the generator made them: see sealed.py)."""
    files: dict[str, Made] = dict(audit_files(content, options))
    report = content.report
    files["status.json"] = Text(partial(write_status_json, report))
    files["calendar.ics"] = calendar_ics(report)
    if content.studio_keys:  # the profile's studios: the standing alone, sealed for them
        files[SEALED_NAME] = sealed_standing(report, content.studio_keys)
    for c in report.credentials:
        files[badge_path(c)] = badge_json(c)
    for name, filename in FILES.items():  # editors fetch these: a stable address
        files[f"schema/{filename}"] = schema_text(name, content.library.entry_words()).encode()
    for name in (CSS, *SCRIPTS):
        files[name] = Asset(name.rsplit("/", 1)[1])
    if noindex:
        files["robots.txt"] = ROBOTS
    if sealing is not None:
        files = _sealed(publishable_files(files, sealing), sealing)
    return files


def _sealed(files: dict[str, Made], sealing: Sealing) -> dict[str, Made]:
    """The small files made in memory sealed (publish/spool.py seals the others as it
    makes them)."""
    return {uri: seal(lock, content) if isinstance(content, bytes)
            and (lock := sealing.file_lock(uri)) is not None else content
            for uri, content in files.items()}
