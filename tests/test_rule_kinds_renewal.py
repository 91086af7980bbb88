"""Issue 27, part A, the mechanisms any rule file can use: topics nested inside components
(kind 54), credit from the day after the last recertification (56), caps that changed on a
date (72) and caps for some credentials only. The user's own file is the one the guide shows
(docs/guide/rules.md), kept in the tracker's rules/ folder, outside the package."""
from __future__ import annotations

import datetime as dt
import re

from conftest import (
    REPO,
    categories,
    cectrack,
    course,
    profile,
    result,
    rows,
    why,
    write_tracker,
)

from cectrack.analysis import analysis
from cectrack.render.credentialwords import unmet_words
from cectrack.render.reasons import words
from cectrack.rules.load import load_ruleset

D = dt.date.fromisoformat
GUIDE = (REPO / "docs" / "guide" / "rules.md").read_text("utf-8")
SECTION = GUIDE.split("## Topics inside components")[1].split("\n## ")[0]
RULE_FILE, PROFILE = re.findall(r"```yaml\n(.+?)```", SECTION, re.S)


def ems(title: str, completed: str, hours: float, topic: str | None = None, **extra) -> str:
    if topic:
        extra["category"] = "{EMSX: %s}" % topic
    return course(title, completed, hours, "contact_hour", **extra)


def report(root, today="2026-06-15"):
    found = analysis(root, D(today)).report
    assert not [p for p in found.problems if p.code == "bad-rule"], found.problems
    return found


def test_the_guide_example_counts_a_course_at_every_level_it_is_in(tmp_path):
    # As the guide says: 3 hours of ventilation count 3 toward ventilation (1 needed), airway
    # (2) and core (12). 10 hours with no category: electives (the default). 13 of 24; core
    # 3 of 12. Recertified 2025-01-20: a course on 2025-01-21 counts, before the cycle's
    # start on 1 April 2025.
    write_tracker(tmp_path, {"rules/ems.yaml": RULE_FILE,
                             "credits/a.yaml": ems("Ventilation", "2025-01-21", 3, "ventilation"),
                             "credits/b.yaml": ems("Leadership", "2025-06-01", 10)},
                  profile=PROFILE)
    c = result(report(tmp_path), "EMSX-BASIC")
    assert (c.cycle.start, c.cycle.window_start) == (D("2025-04-01"), D("2025-01-21"))
    got = categories(c)
    assert (got["ventilation"], got["airway"], got["core"], got["elective"]) == (3, 3, 3, 10)
    assert (c.earned, unmet_words(c)) == (13.0, ["11 contact_hour still needed",
                                          "Core component: 3 of at least 12 contact_hour"])


def test_each_credential_has_its_own_minima_and_caps(tmp_path):
    # An advanced provider: core at least 18 (its own minimum), no airway minimum, and the
    # old online cap (basic providers only) does not hold: 6 hours of home study in airway
    # in the cycle 1 April 2019 - 31 March 2021 count 6; for a basic provider 4 (the cap on
    # core holds airway, inside it).
    files = {"rules/ems.yaml": RULE_FILE,
             "credits/a.yaml": ems("Online airway", "2019-06-01", 6, "airway",
                                   activity="home_study")}
    for credential_id, counted in (("EMSX-ADVANCED", 6.0), ("EMSX-BASIC", 4.0)):
        write_tracker(tmp_path, files, profile=profile((credential_id, {"expires": "2021-03-31"})))
        c = result(report(tmp_path, "2021-01-15"), credential_id)
        assert (c.earned, categories(c)["core"]) == (counted, counted), credential_id
    minima = {k.id: k.min for k in c.categories}
    assert (minima["core"], minima["airway"]) == (12.0, 2.0)  # basic
    write_tracker(tmp_path, files, profile=profile(("EMSX-ADVANCED", {"expires": "2021-03-31"})))
    minima = {k.id: k.min for k in result(report(tmp_path, "2021-01-15"), "EMSX-ADVANCED").categories}
    assert (minima["core"], minima["airway"]) == (18.0, None)
    # The cycle after the version: the basic provider's 6 online hours count in full.
    files["credits/a.yaml"] = ems("Online airway", "2025-06-01", 6, "airway", activity="home_study")
    write_tracker(tmp_path, files, profile=PROFILE)
    assert result(report(tmp_path), "EMSX-BASIC").earned == 6.0


def test_rules_explains_the_user_file_with_each_mechanism(tmp_path):
    write_tracker(tmp_path, {"rules/ems.yaml": RULE_FILE}, profile=PROFILE)
    text = cectrack("rules", "EMSX-BASIC", "--root", str(tmp_path)).stdout
    for line in ("EMSX-BASIC: at least 1 contact_hour in category ventilation (Ventilation). [C S1]",
                 "Category ventilation (Ventilation) inside airway.",
                 "Credit counts from the day after your last recertification (give it as "
                 "`recertified:` in your profile), even before the cycle starts. [C S1]",
                 "Cycles starting on or before 1 April 2021: for online-basic (EMSX-BASIC only): "
                 "at most 4 contact_hour a cycle. [C S1]"):
        assert line in text, line


def test_a_recertification_before_the_first_earning_or_after_the_expiry_is_refused(tmp_path):
    write_tracker(tmp_path, {"rules/ems.yaml": RULE_FILE}, profile=profile(
        ("EMSX-BASIC", {"since": "2020-05-01", "recertified": "2019-01-01"}),
        ("EMSX-ADVANCED", {"expires": "2027-03-31", "recertified": "2027-03-31"})))
    found = analysis(tmp_path, D("2026-06-15")).report.problems
    messages = [(p.code, p.line, p.message) for p in found if p.code == "dates-out-of-order"]
    assert messages == [
        ("dates-out-of-order", 5, "EMSX-BASIC was recertified (2019-01-01) before it was first "
                                  "earned (2020-05-01)"),
        ("dates-out-of-order", 8, "EMSX-ADVANCED was recertified (2027-03-31) on or after its "
                                  "current expiry (2027-03-31)")]


def bad(rule_file: str) -> list[tuple[int, str, str]]:
    problems = []
    assert load_ruleset(rule_file, "rules/ems.yaml", problems) is None
    return [(p.line, p.message, p.hint) for p in problems]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_nesting_mistakes_are_reported_at_their_line():
    looped = RULE_FILE.replace("core: {label: Core component}",
                               "core: {label: Core component, within: ventilation}")
    assert bad(looped)[0] == (
        line_of(looped, "core: {label: Core component, within"),
        "category `core` is within itself: core → ventilation → airway → core",
        "remove one `within:` of the loop")
    capped = RULE_FILE.replace("airway: {label: Airway, within: core}",
                               "airway: {label: Airway, within: core, max: 3}")
    assert bad(capped) == [(
        line_of(capped, "airway: {label: Airway"),
        "category `airway` holds other categories (their `within: airway`), so it cannot "
        "have a `max:`", "put the maximum in a cap with `categories: [airway]`, which holds "
                         "the categories inside it too")]
    unknown = RULE_FILE.replace("within: airway}", "within: airways}")
    assert bad(unknown) == [(line_of(unknown, "within: airways"),
                             "category `airways` is not defined under `categories:`",
                             "did you mean `airway`?")]
    stranger = RULE_FILE.replace("credentials: [EMSX-BASIC]", "credentials: [EMSX-BASC]")
    assert bad(stranger) == [(line_of(stranger, "EMSX-BASC"),
                              "credential `EMSX-BASC` is not defined under `credentials:`",
                              "did you mean `EMSX-BASIC`?")]
    minimum = RULE_FILE.replace("      ventilation: {value: 1,", "      ventilaton: {value: 1,")
    assert bad(minimum) == [(line_of(minimum, "ventilaton"),
                             "category `ventilaton` is not defined under `categories:`",
                             "did you mean `ventilation`?")]


def test_a_deep_nest_is_counted_and_a_nest_too_deep_is_refused():
    # Twelve levels: a course at the bottom counts at the top; thirteen are refused.
    def chain(depth: int) -> str:
        lines = ["  c0: {label: top}"] + [f"  c{n}: {{label: level {n}, within: c{n - 1}}}"
                                          for n in range(1, depth)]
        return RULE_FILE.replace("  core: {label: Core component}\n",
                                 "  core: {label: Core component}\n" + "\n".join(lines) + "\n")
    problems = []
    rules = load_ruleset(chain(12), "rules/ems.yaml", problems)
    assert problems == [] and rules.categories["c11"].within == "c10"
    assert bad(chain(13))[0][1] == "category `c12` is nested more than 12 deep"


def test_a_version_with_no_caps_removes_them(tmp_path):
    # `caps: []` in a version: the file's own cap (at most 2 of home study) does not hold in
    # cycles from 1 April 2025: 5 hours count 5; in the cycle before, 2.
    rule_file = RULE_FILE.replace("default_category: elective\n", """default_category: elective
caps:
  - {id: online, activities: [home_study], per_cycle: 2}
""").replace("\nversions:\n", "\nversions:\n  - {cycles_from: 2025-04-01, caps: []}\n")
    files = {"rules/ems.yaml": rule_file,
             "credits/a.yaml": ems("Online", "2025-06-01", 5, activity="home_study")}
    write_tracker(tmp_path, files, profile=PROFILE)
    assert result(report(tmp_path), "EMSX-BASIC").earned == 5.0
    files["credits/a.yaml"] = ems("Online", "2023-06-01", 5, activity="home_study")
    write_tracker(tmp_path, files, profile=profile(("EMSX-BASIC", {"expires": "2025-03-31"})))
    c = result(report(tmp_path, "2025-01-15"), "EMSX-BASIC")
    assert (c.earned, rows(c)["Online"].counted) == (2.0, 2.0)


def test_a_declared_path_in_the_user_file_lifts_the_ce_total(tmp_path):
    # The guide: with `renewal_path: exam` the 24 hours are not asked, and the page says so;
    # `cectrack rules` lists the path with its source.
    write_tracker(tmp_path, {"rules/ems.yaml": RULE_FILE}, profile=PROFILE.replace(
        "    recertified:", "    renewal_path: exam\n    recertified:"))
    c = result(report(tmp_path), "EMSX-BASIC")
    assert (c.required, unmet_words(c), c.met) == (0.0, [], True)
    assert words(c.required_reason) == ("you renew by examination (`renewal_path: exam` in your "
                               "profile), so EMSX's 24 contact_hour are not asked: pass the "
                               "certification exam again instead of the hours")
    text = cectrack("rules", "EMSX-BASIC", "--root", str(tmp_path)).stdout
    assert ("Instead of the CE total, you may renew by examination: pass the certification "
            "exam again instead of the hours. Say so in your profile with `renewal_path: "
            "exam`; the CE total is then not asked. [C S1]") in text


def test_a_path_named_ce_is_refused_at_its_line():
    named_ce = RULE_FILE.replace("paths:\n  exam:", "paths:\n  ce:")
    assert bad(named_ce) == [(line_of(named_ce, "  ce:"),
                              "paths: `ce` is not of the expected form",
                              "a lower-case word other than `ce` (the CE total, every body's way)")]


def test_a_credential_earned_before_the_lifetime_day_never_expires(tmp_path):
    # The guide: `lifetime_if_earned_before: 2000-01-01`; first certified 1999-03-01 with no
    # `expires:`: no cycle, nothing to earn. Certified 2000-01-01, or with an `expires:`, a
    # credential with a cycle as any other.
    write_tracker(tmp_path, {"rules/ems.yaml": RULE_FILE}, profile=profile(
        ("EMSX-BASIC", {"since": "1999-03-01"}), ("EMSX-ADVANCED", {"since": "2000-01-01"})))
    found = report(tmp_path)
    (never,) = found.lifetime
    assert (never.id, never.since, never.rule.value, never.rule.source) == \
        ("EMSX-BASIC", D("1999-03-01"), D("2000-01-01"), "S1")
    assert [c.id for c in found.credentials] == ["EMSX-ADVANCED"]
    write_tracker(tmp_path, {"rules/ems.yaml": RULE_FILE}, profile=profile(
        ("EMSX-BASIC", {"since": "1999-03-01", "expires": "2027-03-31"})))
    found = report(tmp_path)
    assert (found.lifetime, [c.id for c in found.credentials]) == ((), ["EMSX-BASIC"])
    text = cectrack("rules", "EMSX-BASIC", "--root", str(tmp_path)).stdout
    assert ("A credential first earned before 1 January 2000 never expires: nothing to earn "
            "(give `expires:` in your profile if yours has one). [C S1]") in text


def test_a_recertification_the_rules_cannot_use_is_a_warning_at_its_value(tmp_path):
    # The guide's file counts from the day after the last recertification: 2021-01-20 is
    # older than the cycle before this one (1 April 2023 - 31 March 2025), so the window is
    # the cycle's own (from 1 April 2025), and the profile is said to be out of date. At a
    # body that counts from the cycle's start (NSCA) the key changes nothing, and says so.
    write_tracker(tmp_path, {"rules/ems.yaml": RULE_FILE}, profile=profile(
        ("EMSX-BASIC", {"expires": "2027-03-31", "recertified": "2021-01-20"}),
        ("NSCA-CSCS", {"expires": "2027-12-31", "recertified": "2024-12-15"})))
    found = report(tmp_path)
    assert result(found, "EMSX-BASIC").cycle.window_start == D("2025-04-01")
    warnings = [(p.severity, p.line, p.col, p.message) for p in found.problems
                if p.code == "recertified-ignored"]
    assert warnings == [
        ("warning", 5, 18, "EMSX-BASIC: recertified 2021-01-20 is too long ago to open this "
                           "cycle's window (it falls in the cycle before, or in this one), so "
                           "credit counts from 2025-04-01"),
        ("warning", 8, 18, "NSCA-CSCS: `recertified:` is not used: NSCA counts credit from the "
                           "start of the cycle")]
    # A day in the cycle before opens the window: no warning.
    write_tracker(tmp_path, {"rules/ems.yaml": RULE_FILE}, profile=PROFILE)
    assert not [p for p in report(tmp_path).problems if p.code == "recertified-ignored"]


def test_an_expiry_off_the_bodys_calendar_is_a_warning_with_the_nearest_day(tmp_path):
    # 2027-06-30 at bodies whose cycles end on set days. CSEP-CPT: global 2-year periods from
    # 2024-04-01, ending 2026-03-31 and 2028-03-31; 2028-03-31 is 275 days after, 2026-03-31
    # 456 before. ACSM: 31 December, 2026-12-31 (181 days before) or 2027-12-31 (184 after).
    # NSCA: 3-year periods from 2018-01-01, ending 2026-12-31 (181 before) or 2029-12-31.
    # NREMT: 31 March, 2027-03-31 (91 before) or 2028-03-31. ACE ends on the last day of the
    # month earned, so any month's end may be right: 2027-06-15 is not even checked. NCCPA's
    # 2027-12-31 fits; CSEP-CEP's 2027-06-30 is set on purpose (`special_expiry: true`).
    write_tracker(tmp_path, {}, profile=profile(
        ("CSEP-CPT", {"expires": "2027-06-30"}), ("ACSM-CPT", {"expires": "2027-06-30"}),
        ("NSCA-CSCS", {"expires": "2027-06-30"}), ("NREMT-EMT", {"expires": "2027-06-30"}),
        ("ACE-CPT", {"expires": "2027-06-15"}), ("NCCPA-PA-C", {"expires": "2027-12-31"}),
        ("CSEP-CEP", {"expires": "2027-06-30", "special_expiry": "true"})))
    found = [(p.severity, p.line, p.col, p.message, p.hint) for p in report(tmp_path).problems
             if p.code == "expiry-off-calendar"]

    def warned(line, cid, body, before, after, nearest):
        return ("warning", line, 14,
                f"{cid}: expires 2027-06-30, which is not a day {body}'s cycles end on "
                f"(expected one such as {before} or {after}); the cycle is taken to end on it",
                f"check the date on {body}'s portal: the nearest that fits is {nearest}; if "
                f"{body} set 2027-06-30 for you, add `special_expiry: true` under it")

    assert found == [warned(4, "CSEP-CPT", "CSEP", "2026-03-31", "2028-03-31", "2028-03-31"),
                     warned(6, "ACSM-CPT", "ACSM", "2026-12-31", "2027-12-31", "2026-12-31"),
                     warned(8, "NSCA-CSCS", "NSCA", "2026-12-31", "2029-12-31", "2026-12-31"),
                     warned(10, "NREMT-EMT", "NREMT", "2027-03-31", "2028-03-31",
                            "2027-03-31")]
    # The command line says it at profile.yaml:line, and a warning leaves the exit code 0.
    out = cectrack("check", "--root", str(tmp_path), "--today", "2026-12-03").stdout
    assert "credits/profile.yaml:4:14: warning: CSEP-CPT: expires 2027-06-30" in out


def test_an_error_leaves_out_an_unread_entry_and_keeps_a_read_one_as_the_guide_says(tmp_path):
    # ACSM-CPT (1 CEC an hour, cycle to 2026-12-31), today 2026-06-15:
    #   a: 2 CEC, certificate path outside the tracker: refused (error), counts 2 as a course
    #      with no certificate would;
    #   b: `credits: lots`, not a number: the entry is not read, counts nothing;
    #   c: 3 CEC, `started:` after `completed:` (error): counts 3 on its completed day.
    # Total 2 + 3 = 5; three errors; `cectrack check` exits 1.
    write_tracker(tmp_path, {
        "credits/a.yaml": course("Outside", "2026-03-01", 2, evidence="../../etc/passwd"),
        "credits/b.yaml": course("Unread", "2026-03-02", "lots"),
        "credits/c.yaml": course("Backwards", "2026-03-01", 3, started="2026-03-05")})
    found = analysis(tmp_path, D("2026-06-15")).report
    acsm = result(found, "ACSM-CPT")
    assert {title: row.counted for title, row in rows(acsm).items()} == {
        "Outside": 2, "Backwards": 3}
    assert acsm.earned == 5
    assert sorted((p.file, p.code) for p in found.errors) == [
        ("credits/a.yaml", "evidence-outside"), ("credits/b.yaml", "not-a-number"),
        ("credits/c.yaml", "dates-out-of-order")]
    cectrack("check", "--root", str(tmp_path), "--today", "2026-06-15", expect=1)
    # A CSEP conference valued by the day (15 a day), `started:` 2026-06-05 after
    # `completed:` 2026-06-01: the days are unknown, so nothing (it was 1 - 5 + 1 = -3 days,
    # -45 PDC, taking the total below zero); the other course's 10 PDC stand alone.
    write_tracker(tmp_path / "csep", {
        "credits/a.yaml": course("Reversed conference", "2026-06-01", None, started="2026-06-05",
                                 activity="conference", tags="[csep-national]"),
        "credits/b.yaml": course("Other", "2026-06-10", 10, "PDC")},
        profile=profile(("CSEP-CPT", {"expires": "2028-03-31"})))
    csep = result(analysis(tmp_path / "csep", D("2026-12-03")).report, "CSEP-CPT")
    assert csep.earned == 10
    assert why(rows(csep)["Reversed conference"]) == (
        "started 2026-06-05, after it was completed (2026-06-01): the days attended are "
        "unknown until the dates are fixed")
    guide = " ".join((REPO / "docs" / "guide" / "entries.md").read_text("utf-8").split())
    assert "An entry cectrack cannot read" in guide and "is left out of the totals" in guide
    assert ("An error about a value it could read leaves the course in the totals" in guide)
    assert "An entry with an error is left out of the totals" not in guide
