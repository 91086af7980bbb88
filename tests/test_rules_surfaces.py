"""Issue 3's surfaces: `cectrack rules`, body pages, user rule files, JSON and pages agreeing."""
from __future__ import annotations

import datetime as dt
import json
import re

from conftest import (
    REPO,
    TODAY,
    build_site,
    cectrack,
    course,
    visible_text,
    write_tracker,
)

from cectrack.analysis import analyse

GUIDE_RULES = (REPO / "docs" / "guide" / "rules.md").read_text("utf-8")


def yaml_blocks(markdown: str) -> list[str]:
    return re.findall(r"```yaml\n(.+?)```", markdown, re.S)


def test_rules_lists_every_credential_id():
    result = cectrack("rules")
    assert result.returncode == 0
    ids = [line.split()[0] for line in result.stdout.splitlines()]
    assert ids == ["ACE-CPT", "ACE-GFI", "ACE-HC", "ACE-MES", "ACSM-GEI", "ACSM-CPT", "ACSM-EP",
                   "ACSM-CEP", "AFAA-GFI", "BOC-ATC", "CDR-RDN", "CDR-NDTR", "CIMSPA-PRACTITIONER",
                   "CI-CPT", "CSCCa-SCCC", "CSEP-CPT", "CSEP-CEP", "ISSA-CPT", "MN-RN", "NASM-CPT",
                   "NBCOT-OTR", "NBCOT-COTA", "NBRC-RRT", "NBRC-CRT", "NCBTMB-BCTMB", "NCCPA-PA-C",
                   "NCSF-CPT", "NCSF-SNS", "NETA-PT", "NETA-GEI", "NREMT-EMR", "NREMT-EMT",
                   "NREMT-AEMT", "NREMT-NRP", "NREMT-P", "NSCA-CSCS", "NSCA-CPT", "NSCA-CSPS",
                   "NSCA-TSAC-F", "PMA-CPT", "PMA-MAT", "PMA-NCPT", "CA-PT", "PTBC-PT", "YA-RYT200",
                   "YA-RYT500", "YA-ERYT200", "YA-ERYT500"]
    assert re.search(r"\nNCCPA-PA-C +100 CME +every 2 years  Physician Assistant - Certified\n",
                     result.stdout)
    assert re.search(r"\nPMA-NCPT +another name for PMA-CPT\n", result.stdout)


def test_rules_explains_one_body_with_confidence_and_sources():
    out = cectrack("rules", "acsm-cpt").stdout
    assert "American College of Sports Medicine (ACSM), credits in CEC" in out
    assert "  - ACSM-CPT (ACSM Certified Personal Trainer): 45 CEC per cycle. [C A1]" in out
    assert "  - 1 CEU = 10 CEC. [U]\n      unconfirmed: inferred from 0.1 CEU = 1 hour" in out
    assert "  - For committee service: at most 8 CEC a year and 24 CEC a cycle. [C A1]" in out
    assert "  A1: Recertification <https://acsm.org/certification/recertification>" in out
    nccpa = cectrack("rules", "NCCPA").stdout
    assert "  - PI-CME: weighted × 2 on the first 20 CME a cycle. [C E1]" in nccpa
    assert "  - Credit counts from 1 May of the year before the cycle starts. [C E1]" in nccpa


def test_rules_for_an_unknown_id_suggests_close_ones():
    result = cectrack("rules", "NSCA-CSC", expect=2)
    assert result.returncode == 2
    assert "no rules for 'NSCA-CSC'; did you mean `NSCA-CSCS`" in result.stderr


def test_the_documented_state_board_example_works_as_written(tmp_path):
    rule_file, profile = yaml_blocks(GUIDE_RULES)[:2]
    # 20 contact hours of courses + 8 of home study (capped at 6) = 26 >= 24.
    write_tracker(tmp_path, {
        "rules/fbn.yaml": rule_file,
        "credits/a.yaml": course("Ethics", "2026-01-10", 20, "contact_hour"),
        "credits/b.yaml": course("Online", "2026-02-10", 8, "contact_hour", activity="home_study"),
    }, profile=profile)
    report = analyse(tmp_path, TODAY)
    assert {p.code for p in report.problems} == {"no-evidence"}  # no certificates in this test
    (c,) = report.credentials
    assert (c.cycle.start, c.cycle.end) == (dt.date(2025, 5, 1), dt.date(2027, 4, 30))
    assert (c.required, c.earned, c.met) == (24, 26, True)
    explained = cectrack("rules", "FBN-RN", "--root", str(tmp_path)).stdout
    assert "  - For home study: at most 6 contact_hour a cycle. [C S1]" in explained
    assert "  - 1 CME = 1 contact_hour. [yours]" in explained


def test_a_user_rule_file_error_is_reported_with_file_and_line(tmp_path):
    rule_file = yaml_blocks(GUIDE_RULES)[0].replace("per_cycle: {value: 6", "per_cycle: {value: six")
    write_tracker(tmp_path, {"rules/fbn.yaml": rule_file})
    line = rule_file.splitlines().index(
        "    per_cycle: {value: six, source: S1, confidence: C}") + 1
    result = cectrack("check", "--root", str(tmp_path), "--today", "2026-11-28", expect=1)
    assert result.returncode == 1
    assert (f"rules/fbn.yaml:{line}:24: error: FBN: home study: cap per cycle must be a number, "
            "found 'six'") in result.stdout


def test_multi_body_site_pages_and_json_agree(example_copy):
    profile = ("name: Alex Example\ncredentials:\n"
               "  - id: ACSM-CPT\n    number: \"778812\"\n    expires: 2026-12-31\n"
               "  - id: NSCA-CSCS\n    since: 2025-06-15\n")
    (example_copy / "credits" / "profile.yaml").write_text(profile, "utf-8")
    site = build_site(example_copy)
    data = json.loads(cectrack("status", "--json", "--root", str(example_copy),
                               "--today", "2026-11-28").stdout)
    assert [c["id"] for c in data["credentials"]] == ["ACSM-CPT", "NSCA-CSCS"]
    dashboard = visible_text(site / "index.html")
    for c in data["credentials"]:
        page = visible_text(site / "credentials" / c["id"].lower() / "index.html")
        assert f"Required {c['required']:g} {c['unit']}" in page
        assert f"Earned {c['earned']:g} {c['unit']}" in page
        assert f"{c['earned']:g} of {c['required']:g} {c['unit']} earned" in dashboard
        for category in c["categories"]:
            assert f"{category['id']}: {category['label']} {category['earned']:g}" in page
    nsca = data["credentials"][1]
    # NSCA, certified 2025-06-15 -> 2.0 CEU; from the example: 2 CME -> 0.2 (C, home study),
    # quiz 1 CEC -> 0.1 (D), 4 contact hours -> 0.4 (A), chapter meeting 1 + 0.5 CEC -> 0.1 + 0.0
    # (0.05 rounds down to 0.0, which counts nothing) = 0.8; 2025 courses before 06-15 excluded.
    assert (nsca["required"], nsca["earned"]) == (2.0, 0.8)
    assert (site / "rules" / "nsca" / "index.html").exists()
    assert (site / "rules" / "acsm" / "index.html").exists()
    assert not (site / "rules" / "nasm" / "index.html").exists()  # not a body the holder has
    body_page = visible_text(site / "rules" / "nsca" / "index.html")
    assert "Credit must come from at least 2 categories. confirmed, C3" in body_page
