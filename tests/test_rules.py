"""Layer 1: rule files are data, validated like user data; a tracker can override them."""
from __future__ import annotations

from conftest import TODAY, course, write_tracker

from cectrack.analysis import analyse
from cectrack.rules.load import BUILTIN_DIR, load_library, load_ruleset

ACSM_TEXT = (BUILTIN_DIR / "acsm.yaml").read_text("utf-8")


def test_every_builtin_fact_has_a_confidence_and_known_source():
    library, problems = load_library()
    assert problems == []
    acsm = library.rulesets["ACSM"]
    facts = [c.required for c in acsm.credentials.values()] + list(acsm.conversions.values())
    assert all(f.confidence in ("C", "T", "U") for f in facts)
    assert all(f.source in acsm.sources for f in facts if f.confidence == "C")
    assert acsm.conversions["CEU"].confidence == "U"  # an inference, never shown as settled
    assert {cid: c.required.value for cid, c in acsm.credentials.items()} == {
        "ACSM-GEI": 45, "ACSM-CPT": 45, "ACSM-EP": 60, "ACSM-CEP": 60}


def every_fact(value, seen=None):
    """Every Fact inside a rule set, however deep: dataclass fields, maps, lists."""
    import dataclasses

    from cectrack.rules.model import Fact
    if isinstance(value, Fact):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from every_fact(getattr(value, f.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from every_fact(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from every_fact(item)


def test_every_fact_of_every_body_is_marked_and_sourced():
    library, problems = load_library()
    assert problems == []
    assert len(library.rulesets) == len(list(BUILTIN_DIR.glob("*.yaml"))) >= 16  # each file
    for body, rules in library.rulesets.items():
        facts = list(every_fact(rules))
        assert len(facts) >= 10, body
        assert all(f.what and f.confidence in ("C", "T", "U") for f in facts), body
        unsourced = [f.what for f in facts if f.confidence in ("C", "T")
                     and f.source not in rules.sources]
        assert unsourced == [], body  # a confirmed fact names where it was read
        assert all(f.source in rules.sources for f in facts if f.source), body
        assert all(s.url.startswith(("https://", "http://")) and s.title
                   for s in rules.sources.values()), body


def test_a_broken_rule_file_is_reported_with_file_and_line():
    broken = ACSM_TEXT.replace("model: years_ending", "model: yearly")
    problems = []
    assert load_ruleset(broken, "rules/acsm.yaml", problems) is None
    (problem,) = problems
    line = broken.splitlines().index("  model: yearly") + 1
    assert (problem.file, problem.line, problem.code) == ("rules/acsm.yaml", line, "bad-rule")
    assert "cycle model: `yearly` is not a known cycle model" in problem.message
    assert "years_ending" in problem.hint


def test_rule_file_errors_unknown_source_unit_and_key():
    for old, new, words in [
        ("CEU: {value: 10,", "CEUS: {value: 10,", "`CEUS` is not a known unit"),
        ("required: {value: 45, source: A1", "required: {value: 45, source: Z9",
         "source `Z9` is not defined under `sources:`"),
        ("  end_day: 31\n", "  end_day: 31\n  start_day: 1\n", "unknown key `start_day`"),
        ("required: {value: 60,", "required: {value: sixty,", "must be a number, found 'sixty'"),
    ]:
        problems = []
        assert load_ruleset(ACSM_TEXT.replace(old, new, 1), "x.yaml", problems) is None
        assert words in problems[0].message, (words, problems)
        assert problems[0].line > 0


def test_tracker_rules_folder_overrides_an_unconfirmed_default(tmp_path):
    # The built-in CEU factor (10, unconfirmed) becomes the user's 8: 0.5 CEU -> 4 CEC.
    write_tracker(tmp_path, {"credits/a.yaml": course("Webinar", "2025-05-01", 0.5, "CEU")})
    assert analyse(tmp_path, TODAY).credentials[0].earned == 5
    override = ACSM_TEXT.replace(
        "CEU: {value: 10, confidence: U,", "CEU: {value: 8, confidence: user,", 1)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "acsm.yaml").write_text(override, "utf-8")
    c = analyse(tmp_path, TODAY).credentials[0]
    assert c.earned == 4
    assert "ACSM: credits per CEU" not in [f.what for f in c.assumptions]


def test_a_broken_override_is_reported_and_the_builtin_rules_still_apply(tmp_path):
    write_tracker(tmp_path, {"credits/a.yaml": course("Webinar", "2025-05-01", 0.5, "CEU")})
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "acsm.yaml").write_text("body: ACSM\nname: [unclosed\n", "utf-8")
    report = analyse(tmp_path, TODAY)
    assert [(p.file, p.line, p.code) for p in report.problems if p.code != "no-evidence"] == [
        ("rules/acsm.yaml", 2, "yaml-syntax")]
    assert report.credentials[0].earned == 5
