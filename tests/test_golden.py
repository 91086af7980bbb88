"""The generated pages and files of three fixture trackers, made in process (the plugin's own
analysis -> site_content -> site_files -> the spool, as of 28 November 2026) and compared with golden
files under tests/golden/<tracker>/: every page's Markdown, every text file (status.json and
the other JSON a value a line, the calendar, the packet's CSV, badges) and the list of every
file the site gets.  No MkDocs build: the page data itself, a few milliseconds a page.

A change to what a page says fails here, naming the page and the lines that differ.  When the
change is meant, write the golden files again with one command and read the diff before
committing it:

    .venv/bin/python -m pytest tests/test_golden.py --update-golden
    git diff tests/golden

The figures themselves are worked out by hand in the other tests (test_site, test_dashboard,
test_figures ...); the golden files hold everything else a page says, so that nothing on a
page changes unseen."""
from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, TODAY, add_broken_files, copy_example
from test_figures import nsca_with_category_a_full

from cectrack.analysis import analysis, site_content
from cectrack.publish.spool import Spool
from cectrack.render.options import PageOptions
from cectrack.render.site import site_files

GOLDEN = REPO / "tests" / "golden"
LISTING = "FILES.txt"  # every page and file the site gets, one a line
BINARY = (".zip", ".pdf")  # listed, not compared: the ZIP's bytes are tested in test_audit
# Listed, not compared: what the whole rules library makes (every body, unit and field), the
# same for every tracker, and changed by every body added; test_rules, test_course_pages and
# test_authoring check them.
LIBRARY_WIDE = ("rules/index.md", "add/index.md", "schema/")


def example(root: Path) -> PageOptions:
    copy_example(root)
    return PageOptions(publish_evidence=True)  # as the example's mkdocs.yml says


def example_with_broken_files(root: Path) -> PageOptions:
    """The example and four of the five broken files (the unknown unit's hint lists every
    unit the library knows, which grows with each body)."""
    options = example(root)
    add_broken_files(root)
    (root / "credits" / "bad" / "furlongs.yaml").unlink()
    return options


def nsca(root: Path) -> PageOptions:
    nsca_with_category_a_full(root)
    return PageOptions()


TRACKERS = {"example": example, "broken": example_with_broken_files, "nsca": nsca}


def generated(root: Path, options: PageOptions) -> dict[str, str]:
    """{name: text} of every page and text file the plugin gives the site; the listing of
    all of them under LISTING.  The tracker's own folder is written as <tracker>."""
    pages, made = site_files(site_content(analysis(root, TODAY, "credits", TODAY)), options)
    files = Spool().files(made)
    made = {name: text for name, text in pages.items()}
    for name, content in files.items():
        if isinstance(content, bytes) and not name.endswith(BINARY):
            made[name] = content.decode("utf-8")
    made = {name: text for name, text in made.items() if not name.startswith(LIBRARY_WIDE)}
    made = {name: text.replace(str(root), "<tracker>") for name, text in made.items()}
    for name in [name for name in made if name.endswith(".json")]:  # a line a value: a diff
        made[name] = json.dumps(json.loads(made[name]), indent=1, ensure_ascii=False) + "\n"
    made[LISTING] = "".join(f"{name}\n" for name in sorted([*pages, *files]))
    return made


def differences(made: dict[str, str], folder: Path) -> list[str]:
    """What differs between the generated files and the golden ones in `folder`: a unified
    diff per changed file, a line per file missing on either side."""
    kept = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    found = [f"{name}: not generated any more" for name in sorted(kept - set(made))]
    for name in sorted(made):
        if name not in kept:
            found.append(f"{name}: new, no golden file")
            continue
        golden = (folder / name).read_bytes().decode("utf-8")  # as written: CSV's \r\n kept
        if golden != made[name]:
            diff = difflib.unified_diff(golden.splitlines(True), made[name].splitlines(True),
                                        f"golden/{name}", f"generated/{name}", n=1)
            found.append("".join(line if line.endswith("\n") else f"{line!r}\n"
                                 for line in list(diff)[:40]))
    return found


def write_golden(made: dict[str, str], folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for name, text in made.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(text.encode("utf-8"))


@pytest.mark.parametrize("tracker", TRACKERS)
def test_generated_pages_match_their_golden_files(tracker, tmp_path, request):
    root = tmp_path / "t"
    made = generated(root, TRACKERS[tracker](root))
    folder = GOLDEN / tracker
    if request.config.getoption("update_golden"):
        write_golden(made, folder)
    found = differences(made, folder)
    assert not found, ("pages differ from tests/golden/ (if meant: pytest tests/test_golden.py "
                       "--update-golden, then read git diff tests/golden)\n" + "\n\n".join(found))


def test_a_changed_page_fails_the_golden_comparison(tmp_path):
    """One course of the example half a credit more: the dashboard, the credential page, the
    packet and status.json differ from their golden files, and nothing else is hidden."""
    root = tmp_path / "t"
    options = example(root)
    course = root / "credits" / "2026" / "2026-05-16-kettlebell-fundamentals.yaml"
    course.write_text(course.read_text("utf-8").replace("credits: 4", "credits: 4.5"), "utf-8")
    found = differences(generated(root, options), GOLDEN / "example")
    changed = {text.split("\n", 1)[0] for text in found}
    for name in ("index.md", "credentials/acsm-cpt.md", "audit/acsm-cpt-2024-2026.md",
                 "status.json"):
        assert f"--- golden/{name}" in changed, (name, changed)
    dashboard = next(text for text in found if text.startswith("--- golden/index.md"))
    assert "\n-" in dashboard and "\n+" in dashboard and "39 of 45" in dashboard, dashboard
    # a file gone and a file new are named too
    assert differences({"new.md": "x"}, GOLDEN / "example")[-1] == "new.md: new, no golden file"
    assert "index.md: not generated any more" in differences({}, GOLDEN / "example")
