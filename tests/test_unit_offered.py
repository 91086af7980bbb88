"""A new course is offered in the unit the holder's credentials count in: an ACE trainer's
certificate says 0.8 ACE-CEC, and taken as the old default CEC it counted 0.08 (a tenth)."""
from __future__ import annotations

import re

from conftest import build_site, cectrack, write_tracker

from cectrack.rules.load import load_library

ACE_ONLY = """
name: Ace Trainer
credentials:
  - {id: ACE-CPT, since: 2025-01-01, expires: 2027-06-30}
"""
ACE_AND_ACSM = ACE_ONLY + "  - {id: ACSM-CPT, since: 2024-01-01, expires: 2026-12-31}\n"
COURSE = ("add", "--no-input", "--today", "2026-12-03", "--title", "Functional aging",
          "--provider", "Functional Aging Institute", "--completed", "2026-05-01", "--credits",
          "0.8")


def test_the_shared_unit_of_the_credentials_held():
    library, problems = load_library()
    assert problems == []
    assert library.shared_unit(["ACE-CPT"]) == "ACE-CEC"
    assert library.shared_unit(["ACE-CPT", "ACE-GFI"]) == "ACE-CEC"
    assert library.shared_unit(["NCCPA-PA-C"]) == "CME"
    assert library.shared_unit(["ACE-CPT", "ACSM-CPT"]) is None  # ACE-CEC and CEC
    assert library.shared_unit([]) is None


def test_add_takes_an_ace_trainers_08_as_08_ace_cec(tmp_path):
    root = write_tracker(tmp_path, {}, profile=ACE_ONLY)
    out = cectrack(*COURSE, cwd=root).stdout
    assert "ACE-CPT: 0.8 ACE-CEC; total 0 -> 0.8 of 2 ACE-CEC" in out
    (written,) = (root / "credits").rglob("2026-05-01-*.yaml")
    assert "\nunit: ACE-CEC\n" in written.read_text("utf-8")


def test_two_bodies_in_two_units_keep_cec_the_files_default(tmp_path):
    root = write_tracker(tmp_path, {}, profile=ACE_AND_ACSM)
    cectrack(*COURSE, cwd=root)
    (written,) = (root / "credits").rglob("2026-05-01-*.yaml")
    assert "\nunit: CEC\n" in written.read_text("utf-8")


def test_the_add_form_chooses_ace_cec_first_for_an_ace_trainer(tmp_path):
    root = write_tracker(tmp_path, {}, profile=ACE_ONLY)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text("site_name: A\ntheme: {name: material, font: false}\n"
                                     "plugins: [search, cectrack]\n", "utf-8")
    page = (build_site(root, today="2026-12-03") / "add" / "index.html").read_text("utf-8")
    unit = re.search(r'<select id="add-unit".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="([^"]+)" selected>', unit) == ["ACE-CEC"]
