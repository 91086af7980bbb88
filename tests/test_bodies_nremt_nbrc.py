"""Issue 27, part A: NREMT (and NBRC) as data. Each figure is worked out by hand from
research/rules-3.md section 4.2 (the source tags R1-R6 of nremt.yaml in the comments), with
the dates fixed, never from the code."""
from __future__ import annotations

import datetime as dt
import json

from conftest import (
    categories,
    cectrack,
    course,
    notes_of,
    profile,
    report_for,
    result,
    rows,
    write_tracker,
)

from cectrack.analysis import analysis, site_content
from cectrack.render.credentialwords import figure_words, lifetime_words, unmet_words
from cectrack.render.options import PageOptions
from cectrack.render.pages import render_pages
from cectrack.render.reasons import words
from cectrack.render.statusjson import report_to_json

D = dt.date.fromisoformat
DAY = D("2026-06-15")


def ems(title: str, completed: str, hours: float, topic: str | None = None, **extra) -> str:
    """A course in CEH, filed under an NREMT component or topic."""
    if topic:
        extra["category"] = "{NREMT: %s}" % topic
    return course(title, completed, hours, "CEH", **extra)


# The EMT's national topics (R2, NCCP 2016): airway 1.5 (ventilation 1, oxygenation 0.5),
# cardiovascular 6 (post-resuscitation 0.5, VAD 0.5, stroke 1, cardiac arrest 2, pediatric
# cardiac arrest 2), trauma 1.5, medical 6, operations 5: 20 hours, the national component.
EMT_NATIONAL = {
    "vent": ("Ventilation", 1, "ventilation"), "oxy": ("Oxygenation", 0.5, "oxygenation"),
    "post": ("Post-arrest care", 0.5, "post_resuscitation"), "vad": ("LVAD", 0.5, "vad"),
    "stroke": ("Stroke", 1, "stroke"), "arrest": ("Cardiac arrest", 2, "cardiac_arrest"),
    "peds": ("Pediatric arrest", 2, "pediatric_cardiac_arrest"),
    "trauma": ("Trauma", 1.5, "trauma"), "medical": ("Medical", 6, "medical"),
    "ops": ("Operations", 5, "operations"),
}


def emt_files(leave_out: str = "") -> dict[str, str]:
    files = {f"credits/{key}.yaml": ems(title, "2025-06-01", hours, topic)
             for key, (title, hours, topic) in EMT_NATIONAL.items() if key != leave_out}
    files["credits/local.yaml"] = ems("State protocols", "2025-09-01", 10, "local")
    files["credits/any.yaml"] = ems("EMS leadership", "2026-01-10", 10)  # no topic: individual
    return files


EMT = ("NREMT-EMT", {"expires": "2027-03-31", "recertified": "2025-01-20"})


def test_nremt_emt_meets_every_nested_topic_minimum(tmp_path):
    # 20 national (the topics above) + 10 local + 10 individual = 40 (R1): met. Each course
    # fills its leaf and every topic and component above it: airway 1 + 0.5 = 1.5,
    # cardiovascular 0.5 + 0.5 + 1 + 2 + 2 = 6, national 1.5 + 6 + 1.5 + 6 + 5 = 20.
    write_tracker(tmp_path, emt_files(), profile=profile(EMT))
    c = result(report_for(tmp_path, DAY), "NREMT-EMT")
    assert (c.required, c.earned, c.unit, unmet_words(c), c.status) == (40.0, 40.0, "CEH", [], "met")
    got = categories(c)
    assert (got["ventilation"], got["airway"], got["cardiovascular"], got["national"],
            got["local"], got["individual"]) == (1.0, 1.5, 6.0, 20.0, 10.0, 10.0)
    minima = {k.id: k.min for k in c.categories}
    assert (minima["national"], minima["airway"], minima["oxygenation"]) == (20.0, 1.5, 0.5)


def test_nremt_a_missing_leaf_is_short_at_every_level_above_it(tmp_path):
    # Without the 0.5-hour oxygenation course: oxygenation 0 of 0.5, airway 1 of 1.5,
    # national 19.5 of 20, total 39.5 of 40: four reasons, each level named.
    write_tracker(tmp_path, emt_files(leave_out="oxy"), profile=profile(EMT))
    c = result(report_for(tmp_path, DAY), "NREMT-EMT")
    assert c.earned == 39.5
    assert unmet_words(c) == ["0.5 CEH still needed",
                       "National component: 19.5 of at least 20 CEH",
                       "Airway, respiration and ventilation: 1 of at least 1.5 CEH",
                       "Oxygenation: 0 of at least 0.5 CEH"]


def test_nremt_credit_counts_from_the_day_after_the_last_recertification(tmp_path):
    # R3: "Complete your recertification on October 1, and you can count education beginning
    # October 2". Recertified 2025-01-20 for the cycle 1 April 2025 - 31 March 2027: a course
    # on 2025-01-20 does not count, one on 2025-01-21 does (before the cycle starts).
    write_tracker(tmp_path, {
        "credits/a.yaml": ems("On the day", "2025-01-20", 3, "medical"),
        "credits/b.yaml": ems("The day after", "2025-01-21", 2, "medical")},
        profile=profile(EMT))
    c = result(report_for(tmp_path, DAY), "NREMT-EMT")
    assert (c.cycle.start, c.cycle.end) == (D("2025-04-01"), D("2027-03-31"))
    assert c.cycle.window_start == D("2025-01-21")
    assert (rows(c)["On the day"].counted, rows(c)["The day after"].counted) == (0.0, 2.0)
    # Without `recertified:` the window is the cycle's: neither counts.
    write_tracker(tmp_path, {}, profile=profile(("NREMT-EMT", {"expires": "2027-03-31"})))
    c = result(report_for(tmp_path, DAY), "NREMT-EMT")
    assert (c.cycle.window_start, c.earned) == (D("2025-04-01"), 0.0)


def test_nremt_paramedic_has_its_own_component_hours_and_an_alias(tmp_path):
    # Paramedic: 30 national / 15 local / 15 individual = 60 (R1). NREMT-P is the old id.
    # 31 hours of medical topics: medical 31 (at least 8.5, R4), national 31 of 30;
    # 29 hours with no topic: individual; local 0 of 15. 60 of 60 in total, local unmet.
    write_tracker(tmp_path, {
        "credits/a.yaml": ems("Medical emergencies", "2025-05-01", 31, "medical"),
        "credits/b.yaml": ems("Conference", "2025-10-01", 29)},
        profile=profile(("NREMT-P", {"expires": "2027-03-31"})))
    c = result(report_for(tmp_path, DAY), "NREMT-NRP")
    assert (c.required, c.earned) == (60.0, 60.0)
    # Still needed: local 15, and inside the national component (31 of 30, met) its topics
    # 3.5 + 8.5 + 3 + 6.5 = 21.5 (medical's 8.5 met): 36.5, though the total is met.
    assert c.remaining == 36.5
    assert unmet_words(c) == ["36.5 CEH still needed, in Local or state component, Airway, "
                              "respiration and ventilation, Cardiovascular, Trauma and Operations",
                              "Local or state component: 0 of at least 15 CEH",
                       "Airway, respiration and ventilation: 0 of at least 3.5 CEH",
                       "Cardiovascular: 0 of at least 8.5 CEH",
                       "Trauma: 0 of at least 3 CEH",
                       "Operations: 0 of at least 6.5 CEH"]


def test_nremt_distributive_limits_hold_for_old_cycles_only(tmp_path):
    # Before 22-Resolution-06 (R5) an EMT's national component took at most 7 distributive
    # hours (R4). 10 hours of home study in medical topics: the cycle 1 April 2020 - 31 March
    # 2022 counts 7; the cycle 1 April 2025 - 31 March 2027 counts all 10.
    files = {"credits/a.yaml": ems("Online medical", "2021-05-01", 10, "medical",
                                   activity="home_study")}
    write_tracker(tmp_path, files, profile=profile(("NREMT-EMT", {"expires": "2022-03-31"})))
    old = result(report_for(tmp_path, D("2022-01-15")), "NREMT-EMT")
    assert (old.earned, categories(old)["national"]) == (7.0, 7.0)
    assert "at most 7 per cycle" in notes_of(rows(old)["Online medical"])[0]
    files = {"credits/a.yaml": ems("Online medical", "2025-05-01", 10, "medical",
                                   activity="home_study")}
    write_tracker(tmp_path, files, profile=profile(("NREMT-EMT", {"expires": "2027-03-31"})))
    assert result(report_for(tmp_path, DAY), "NREMT-EMT").earned == 10.0
    # A paramedic's limit was 10, so the same 10 hours counted in full then.
    write_tracker(tmp_path, {"credits/a.yaml": ems("Online medical", "2021-05-01", 10, "medical",
                                                   activity="home_study")},
                  profile=profile(("NREMT-NRP", {"expires": "2022-03-31"})))
    assert result(report_for(tmp_path, D("2022-01-15")), "NREMT-NRP").earned == 10.0


def test_nremt_and_nsca_count_one_course_each_in_its_own_unit(tmp_path):
    # A tactical-strength EMT: a 6 contact-hour trauma course counts 6 CEH at NREMT (hours,
    # R1) and 0.6 CEU at NSCA (1 contact hour = 0.1 CEU, C4).
    write_tracker(tmp_path, {"credits/a.yaml": course(
        "Tactical trauma care", "2025-08-01", 6, "contact_hour", category="{NREMT: trauma}")},
        profile=profile(EMT, ("NSCA-CSCS", {"expires": "2027-12-31"})))
    report = report_for(tmp_path, DAY)
    emt, nsca = result(report, "NREMT-EMT"), result(report, "NSCA-CSCS")
    assert (emt.earned, emt.unit, categories(emt)["trauma"], categories(emt)["national"]) == \
        (6.0, "CEH", 6.0, 6.0)
    assert (nsca.earned, nsca.unit) == (0.6, "CEU")


def test_rules_explains_nremt_with_marks_and_sources():
    text = cectrack("rules", "NREMT-EMT").stdout
    for line in ("NREMT-EMT: at least 20 CEH in category national (National component). [C R1]",
                 "NREMT-EMT: at least 1 CEH in category ventilation (Ventilation). [C R2]",
                 "Category ventilation (Ventilation) inside airway.",
                 "Credit counts from the day after your last recertification",
                 "(NREMT-EMT only): at most 7 CEH a cycle. [T R4]",
                 "https://dev.nremt.org/News/continuing-education-policy-change"):
        assert line in text, line


# --- NBRC: the Credential Maintenance Program ------------------------------------------
RRT = ("NBRC-RRT", {"since": "2018-06-15", "expires": "2028-06-30"})


def test_nbrc_rrt_documents_30_credits_over_its_five_year_period(tmp_path):
    # N1: 30 CE credits over the credential's period; N4: five years. Expires 2028-06-30:
    # the period 1 July 2023 - 30 June 2028. 12 CRCE + 18 contact hours = 30 (1 each, U).
    # A course of 30 June 2023 belongs to the period before.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Ventilator management", "2024-02-01", 12, "CRCE"),
        "credits/b.yaml": course("Pulmonary rehab", "2025-09-01", 18, "contact_hour"),
        "credits/c.yaml": course("Old course", "2023-06-30", 5, "CRCE")},
        profile=profile(RRT))
    c = result(report_for(tmp_path, DAY), "NBRC-RRT")
    assert (c.cycle.start, c.cycle.end) == (D("2023-07-01"), D("2028-06-30"))
    assert (c.required, c.earned, c.unit, c.status) == (30.0, 30.0, "NBRC-CE", "met")
    assert rows(c)["Old course"].counted == 0.0


def test_nbrc_holder_on_the_assessment_path_is_not_asked_the_ce_total(tmp_path):
    # N1: "Performance on the assessments will determine if CE needs to be documented": a
    # holder who declares the assessment path owes no CE total, and the page says why.
    write_tracker(tmp_path, {"credits/a.yaml": course("Webinar", "2024-02-01", 2, "CRCE")},
                  profile=profile((RRT[0], {**RRT[1], "renewal_path": "assessment"})))
    c = result(report_for(tmp_path, DAY), "NBRC-RRT")
    assert (c.required, c.earned, unmet_words(c), c.status) == (0.0, 2.0, [], "met")
    assert figure_words(c) == "no CE total asked: you renew by quarterly assessments"
    assert words(c.required_reason).startswith(
        "you renew by quarterly assessments (`renewal_path: assessment` in your profile), so "
        "NBRC's 30 NBRC-CE are not asked: take the quarterly assessments; performance on them "
        "determines whether continuing education needs to be documented (if NBRC asks you")
    # A script reads the path from status.json, not from the words.
    (rrt,) = report_to_json(report_for(tmp_path, DAY))["credentials"]
    assert (rrt["required"], rrt["renewal_path"]) == (
        0.0, {"id": "assessment", "label": "quarterly assessments"})
    # `ce` is every body's way: the 30 are asked again.
    write_tracker(tmp_path, {"credits/a.yaml": course("Webinar", "2024-02-01", 2, "CRCE")},
                  profile=profile((RRT[0], {**RRT[1], "renewal_path": "ce"})))
    c = result(report_for(tmp_path, DAY), "NBRC-RRT")
    assert (c.required, c.remaining, c.renewal_path) == (30.0, 28.0, None)
    assert report_to_json(report_for(tmp_path, DAY))["credentials"][0]["renewal_path"] is None


def test_a_path_the_body_does_not_offer_is_refused_with_the_ones_it_does(tmp_path):
    write_tracker(tmp_path, {}, profile=profile(
        (RRT[0], {**RRT[1], "renewal_path": "assesment"}),
        ("NSCA-CSCS", {"expires": "2027-12-31", "renewal_path": "exam"})))
    found = [(p.line, p.message, p.hint) for p in report_for(tmp_path, DAY).problems
             if p.code == "unknown-renewal-path"]
    assert found == [
        (6, "NBRC-RRT: `renewal_path: assesment` is not a way NBRC renews",
         "write one of: `ce`, `assessment`, `exam`"),
        (9, "NSCA-CSCS: `renewal_path: exam` is not a way NSCA renews",
         "NSCA names no other way than CE: remove `renewal_path:`")]


def test_nbrc_crt_is_renewed_by_earning_the_rrt(tmp_path):
    # N1, option 2: "earn another NBRC credential". A CRT whose period runs 1 April 2021 -
    # 31 March 2026 earns the RRT on 2024-05-01: the CRT's 30 are met by it.
    write_tracker(tmp_path, {}, profile=profile(
        ("NBRC-CRT", {"since": "2016-03-10", "expires": "2026-03-31"}),
        ("NBRC-RRT", {"since": "2024-05-01"})))
    c = result(report_for(tmp_path, D("2025-06-15")), "NBRC-CRT")
    assert (c.renewed_by, c.remaining, c.status) == (("NBRC-RRT", D("2024-05-01")), 0.0, "met")


def test_nbrc_and_ace_count_one_course_each_in_its_own_unit(tmp_path):
    # An RRT who is an ACE Medical Exercise Specialist: a 5 contact-hour pulmonary rehab
    # course counts 5 NBRC-CE (1 per hour, U) and 0.5 ACE-CEC (0.1 per hour, B5).
    write_tracker(tmp_path, {"credits/a.yaml": course(
        "Pulmonary rehabilitation", "2025-09-01", 5, "contact_hour")},
        profile=profile(RRT, ("ACE-MES", {"expires": "2026-12-31"})))
    report = report_for(tmp_path, DAY)
    rrt, ace = result(report, "NBRC-RRT"), result(report, "ACE-MES")
    assert (rrt.earned, rrt.unit, ace.earned, ace.unit) == (5.0, "NBRC-CE", 0.5, "ACE-CEC")


def test_nremt_exam_is_a_path_the_holder_declares(tmp_path):
    # R6 [T]: recertifying by examination instead of CE: declared, the 40 hours are not asked.
    write_tracker(tmp_path, {}, profile=profile(
        ("NREMT-EMT", {"expires": "2027-03-31", "renewal_path": "exam"})))
    c = result(report_for(tmp_path, DAY), "NREMT-EMT")
    assert (c.required, unmet_words(c), figure_words(c)) == (0.0, [], "no CE total asked: you renew by examination")
    assert [f.confidence for f in c.assumptions if "examination" in f.what] == []  # T, not U


def test_rules_explains_nbrc_with_its_paths():
    text = cectrack("rules", "NBRC-RRT").stdout
    for line in ("NBRC-RRT (Registered Respiratory Therapist): 30 NBRC-CE per cycle. [C N1]",
                 "Instead of the CE total, you may renew by quarterly assessments: take the "
                 "quarterly assessments; performance on them determines whether continuing "
                 "education needs to be documented. Say so in your profile with "
                 "`renewal_path: assessment`; the CE total is then not asked. [C N1]",
                 "Cycles of 5 years, ending on the last day of the month"):
        assert line in text, line


def test_the_pages_say_the_holder_renews_by_assessments(tmp_path):
    # The dashboard, the list of credentials and the credential page, rendered in-process.
    write_tracker(tmp_path, {"credits/a.yaml": course("Webinar", "2024-02-01", 2, "CRCE")},
                  profile=profile((RRT[0], {**RRT[1], "renewal_path": "assessment"})))
    pages = render_pages(site_content(analysis(tmp_path, DAY)), PageOptions())
    dashboard = pages["index.md"]
    assert ('<span class="cectrack-big">No CE total</span> asked: you renew by quarterly '
            "assessments (2 NBRC-CE earned as well)") in dashboard
    assert "| no CE total asked (you renew by quarterly assessments) |" in pages["credentials/index.md"]
    page = pages["credentials/nbrc-rrt.md"]
    assert "you renew by quarterly assessments (`renewal_path: assessment` in your profile)" \
        in page.replace("\\", "")


def test_an_rrt_earned_before_july_2002_does_not_expire_on_any_surface(tmp_path):
    # N3: credentials earned before the CMP (July 2002) do not expire. An RRT since
    # 1998-05-01 with no `expires:`: listed apart, nothing to earn; the NREMT-EMT next to it
    # keeps its cycle. The terminal, status.json and the pages say the same.
    write_tracker(tmp_path, {}, profile=profile(("NBRC-RRT", {"since": "1998-05-01"}), EMT))
    found = report_for(tmp_path, DAY)
    assert [c.id for c in found.credentials] == ["NREMT-EMT"]
    (rrt,) = found.lifetime
    assert lifetime_words(rrt) == "does not expire: first earned 1998-05-01, before 2002-07-01 (NBRC); " \
                        "nothing to earn"
    status = cectrack("status", "--root", str(tmp_path), "--today", "2026-06-15").stdout
    assert "\nNBRC-RRT: does not expire: first earned 1998-05-01, before 2002-07-01 (NBRC); " \
           "nothing to earn\n" in status
    data = json.loads(cectrack("status", "--json", "--root", str(tmp_path), "--today",
                               "2026-06-15").stdout)
    assert [(c["id"], c["since"], c["rule"]["value"], c["rule"]["confidence"])
            for c in data["lifetime"]] == [("NBRC-RRT", "1998-05-01", "2002-07-01", "C")]
    pages = render_pages(site_content(analysis(tmp_path, DAY)), PageOptions())
    assert ("First earned 1 May 1998, before 1 July 2002: NBRC credentials earned then never "
            "expire, so there is nothing to earn or renew.") in pages["index.md"]
    assert ("| NBRC-RRT: Registered Respiratory Therapist | nothing to earn | does not expire "
            "(first earned 1 May 1998, before 1 July 2002) |") in pages["credentials/index.md"]
    # Earned on 1 July 2002, the credential has a five-year cycle like any other.
    write_tracker(tmp_path, {}, profile=profile(("NBRC-RRT", {"since": "2002-07-01"})))
    found = report_for(tmp_path, DAY)
    assert (found.lifetime, result(found, "NBRC-RRT").required) == ((), 30.0)


def test_the_credential_page_shows_each_topic_inside_its_component(tmp_path):
    # The EMT of the first test: ventilation 1 inside airway 1.5 inside national 20.
    write_tracker(tmp_path, emt_files(), profile=profile(EMT))
    page = render_pages(site_content(analysis(tmp_path, DAY)), PageOptions())[
        "credentials/nremt-emt.md"]
    assert "| ventilation: Ventilation, inside airway | 1 | 1 | — |" in page
    assert "| national: National component | 20 | 20 | — |" in page
    assert "A course counts in its category and in every category it is inside." in page


def test_the_dashboard_card_counts_the_topics_short_inside_a_component(tmp_path):
    """A phone shows the card: the components short, and how many topics inside them are
    short, not a line for each (the credential page lists them all).
    Without oxygenation: national 19.5 of 20, and inside it airway and oxygenation short
    (2 topics). With only the 10 individual hours: national 0 of 20, inside it all 12 topics
    short (airway, ventilation, oxygenation, cardiovascular and its 5, trauma, medical,
    operations); local 0 of 10. With 20 medical hours the component is met (20 of 20) and
    the other 11 topics are short."""
    def card_rows(files):
        root = write_tracker(tmp_path / str(len(list(tmp_path.iterdir()))), files,
                             profile=profile(EMT))
        dashboard = render_pages(site_content(analysis(root, DAY)), PageOptions())["index.md"]
        return [line.split("<dd>")[1].split("</dd>")[0] for line in dashboard.splitlines()
                if "<dt>Still missing</dt>" in line]

    assert card_rows(emt_files(leave_out="oxy")) == [
        "National component: 19.5 of at least 20 CEH; 2 parts of it short too (listed on the "
        "credential page)"]
    assert card_rows({"credits/any.yaml": ems("EMS leadership", "2026-01-10", 10)}) == [
        "National component: 0 of at least 20 CEH; 12 parts of it short too (listed on the "
        "credential page)",
        "Local or state component: 0 of at least 10 CEH"]
    # 20 hours of medical topics: the component is met (20 of 20) and medical (6) too; the
    # other 11 topics inside it are short.
    assert card_rows({"credits/med.yaml": ems("Medical day", "2026-01-10", 20, "medical"),
                      "credits/local.yaml": ems("Protocols", "2025-09-01", 10, "local")}) == [
        "National component: 11 parts of it short (listed on the credential page)"]


def test_the_add_form_offers_each_category_with_what_holds_it(tmp_path):
    """The phone's form names NREMT's categories for an EMT, each nested one followed by
    the categories holding it (a select shows its start); a body without categories (ACSM)
    gets no choice."""
    from cectrack.render.addform import categories_offered
    from cectrack.rules.load import load_library
    write_tracker(tmp_path, {}, profile=profile(EMT, ("ACSM-CPT", {"expires": "2026-12-31"})))
    (nremt,) = categories_offered(report_for(tmp_path, DAY), load_library()[0])
    choices = dict(nremt["choices"])
    assert nremt["body"] == "NREMT" and choices["national"] == "National component"
    assert choices["ventilation"] == ("Ventilation, inside Airway, respiration and "
                                      "ventilation, inside National component")
    assert choices["individual"] == "Individual component"


def test_the_dashboard_chart_shows_the_components_by_name(tmp_path):
    """The chart beside the card: the three components by their names (not ids such as
    `post_resuscitation`), the individual one too since it holds the 10 hours, the topics
    left to the credential page; the caption speaks of minima only (NREMT has no maximum)."""
    write_tracker(tmp_path, {"credits/any.yaml": ems("EMS leadership", "2026-01-10", 10)},
                  profile=profile(EMT))
    dashboard = render_pages(site_content(analysis(tmp_path, DAY)), PageOptions())["index.md"]
    bars = dashboard.split('<div class="cectrack-bars"')[1].split("</figure>")[0]
    labels = [part.split("<")[0] for part in bars.split('class="cectrack-bar-label">')[1:]]
    figures = [part.split("<")[0] for part in bars.split('class="cectrack-bar-figure">')[1:]]
    assert labels == ["National component", "Local or state component", "Individual component"]
    assert figures == ["0, min 20", "0, min 10", "10"]
    assert "<figcaption>Credit by category: the mark the least needed.</figcaption>" in bars


def test_the_packet_record_names_the_components_and_leaves_the_topics_to_the_form(tmp_path):
    """The auditor's first screen: the three components by name under Record (not fifteen
    'Category vad' rows pushing the result below the fold); the renewal-form section lists
    every category holding credit, topics included, by name."""
    write_tracker(tmp_path, {"credits/any.yaml": ems("EMS leadership", "2026-01-10", 10),
                             "credits/ops.yaml": ems("Ops day", "2026-02-10", 3, "operations")},
                  profile=profile(EMT))
    page = render_pages(site_content(analysis(tmp_path, DAY)), PageOptions())[
        "audit/nremt-emt-2025-2027.md"]
    record = page.split('id="cectrack-record"')[1].split("</dl>")[0]
    assert [row.split("</dt>")[0] for row in record.split("<dt>")[1:]] == [
        "Required", "Earned", "National component", "Local or state component",
        "Individual component"]
    assert "<dd>3 CEH (at least 20)</dd>" in record  # operations 3 rolls up to national
    form = page.split('id="renewal-form"')[1].split("</ul>")[0]
    assert "<li>Operations: <strong>3 CEH</strong></li>" in form
    assert "<li>Individual component: <strong>10 CEH</strong></li>" in form


def test_the_card_keeps_a_shortfall_of_a_category_named_like_a_count():
    """NCCPA's categories are "1" and "2": a short category "1" and a reason of another kind
    are both kept (the card once keyed other reasons by their count, "1")."""
    from types import SimpleNamespace

    from cectrack.engine.reasons import reason
    from cectrack.render.credentialwords import card_shortfall_words
    from cectrack.rules.model import CategoryRule
    shorts = (reason("category-short", category="1", label="Category 1", earned=2.0, min=5.0,
                     unit="CME"),
              reason("few-categories", categories=1, min=2))
    words = card_shortfall_words(SimpleNamespace(shortfalls=shorts),
                                 {"1": CategoryRule("1", "Category 1")})
    assert words == ["Category 1: 2 of at least 5 CME",
                     "credit from 1 category; at least 2 needed"]
