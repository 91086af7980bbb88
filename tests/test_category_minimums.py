"""The credit still needed counts the categories' minimums: 105 of 100 CME with none in
NCCPA's Category 1 is 50 CME still needed (not 0), on the dashboard, in the terminal, in
status.json, in a studio's view and in the pace, worked out by hand on 3 December 2026."""
from __future__ import annotations

import datetime as dt
import json
import re

from conftest import (
    build_site,
    cectrack,
    course,
    report_for,
    result,
    visible_text,
    write_tracker,
)

from cectrack.render.statusjson import standing_to_json
from cectrack.team.standing import read_standing

DAY = dt.date(2026, 12, 3)
PROFILE = """
name: Pat Assistant
credentials:
  - {id: NCCPA-PA-C, since: 2018-06-01, expires: 2026-12-31}
"""
SITE = ("site_name: PA\ntheme: {name: material, font: false}\n"
        "plugins: [search, {cectrack: {today: '2026-12-03'}}]\n")


def pa_tracker(root):
    # 60 CME with no category (taken as Category 2) and 45 CME of Category 2: 105 in all,
    # 0 in Category 1, which asks at least 50.
    root = write_tracker(root, {
        "credits/2026/a.yaml": course("Grand rounds", "2026-03-01", 60, "CME", activity="conference"),
        "credits/2026/b.yaml": course("Board review", "2026-04-01", 45, "CME", activity="course",
                                      category="'2'")}, profile=PROFILE)
    (root / "mkdocs.yml").write_text(SITE, "utf-8")
    (root / "docs").mkdir()
    return root


def test_the_figures_count_category_1s_minimum(tmp_path):
    c = result(report_for(pa_tracker(tmp_path), DAY), "NCCPA-PA-C")
    # 105 earned of 100 leaves nothing; Category 1 asks 50 - 0 = 50: 50 still needed, so
    # (100 - 50) / 100 = 50 % of the way; 28 days to 31 December: 50 / 4 weeks = 12.5 a week.
    assert (c.earned, c.required, c.remaining, c.percent, c.met) == (105, 100, 50, 50, False)
    assert (c.days_left, c.state) == (28, "due_soon")


def test_the_terminal_says_50_to_go_in_category_1(tmp_path):
    out = cectrack("check", "--today", "2026-12-03", cwd=pa_tracker(tmp_path)).stdout
    assert ("NCCPA-PA-C: 105 of 100 CME; 50 to go by 2026-12-31 (28 days left, about 12.5 a "
            "week), in Category 1; Due soon") in out


def test_the_dashboard_card_and_status_json_say_50_still_needed(tmp_path):
    site = build_site(pa_tracker(tmp_path), today="2026-12-03")
    text = visible_text(site / "index.html")
    # The card names Category 1 once, in its Still missing row.
    assert "105 of 100 CME earned (50 % of the way)" in text
    assert "Still missing Category 1: 0 of at least 50 CME" in text
    card = text[text.index("Due soon"):text.index("Renew NCCPA-PA-C")]
    assert card.count("Category 1") == 1, card
    assert re.search(r"50 CME still needed in 28 days: about 12\.5 a week", text), text
    assert '<progress value="50" max="100"' in (site / "index.html").read_text("utf-8")
    data = json.loads((site / "status.json").read_text("utf-8"))["credentials"][0]
    assert (data["remaining"], data["met"]) == (50, False)
    assert data["unmet_reasons"][0]["values"]["short_in"] == ["Category 1"]
    page = visible_text(site / "credentials" / "nccpa-pa-c" / "index.html")
    assert ("Still needed 50 CME, in Category 1 what the categories' minimums still ask "
            "(below), more than required minus earned") in page
    assert "Prerequisites" not in page  # NCCPA asks none: no empty heading, none in the contents


def test_a_studio_reads_the_50_still_needed_from_the_published_standing(tmp_path):
    report = report_for(pa_tracker(tmp_path), DAY)
    standing = read_standing(json.loads(json.dumps(standing_to_json(report))), DAY)
    (credential,) = standing.credentials
    assert credential.remaining == 50


def test_nccpas_categories_are_named_once_on_the_packet_and_by_label_on_the_chart(tmp_path):
    from cectrack.render.charts import bar_label
    site = build_site(pa_tracker(tmp_path), today="2026-12-03")
    (packet,) = (site / "audit").glob("nccpa-pa-c-*/index.html")
    text = visible_text(packet)
    assert "Category 2 105 CME" in text and "Category 2 (Category 2)" not in text
    c = result(report_for(tmp_path, DAY), "NCCPA-PA-C")
    assert [bar_label(k) for k in c.categories] == ["Category 1", "Category 2"]
