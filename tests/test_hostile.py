"""A hostile corpus: careless and malicious inputs, each with the exact problem it must give.

Every case asserts the problem code and where it points (file, line, column), never just
"some problem".  Categories: certificate paths that try to leave the tracker or publish a
private file, YAML made to exhaust memory or recursion, invisible characters, numbers and
dates beyond sense, rule files with every kind of defect, and strings made to inject markup
into the published pages (checked on the HTML with a parser).
"""
from __future__ import annotations

import html.parser
import os
import re
from pathlib import Path

import markdown
import pytest
from conftest import TODAY, course, write_tracker

from cectrack.analysis import analysis, site_content
from cectrack.render.options import PageOptions
from cectrack.render.pages import render_pages

ENTRY_HEAD = "title: T\nprovider: P\ncompleted: 2025-03-01\ncredits: 1\n"


def problems_of(root: Path, file: str | None = None) -> list[tuple[str, str, int, int]]:
    report = analysis(root, TODAY).report
    return [(p.code, p.file, p.line, p.col) for p in report.problems
            if p.code != "no-evidence" and (file is None or p.file == file)]


# --- 1. Certificate paths -------------------------------------------------------------
# (evidence value, expected code); the value stands on line 5, column 11 of the entry.
EVIDENCE = [
    ("../../../../etc/passwd", "evidence-outside"),
    ("../outside.pdf", "evidence-outside"),
    ("certificates/../../outside.pdf", "evidence-outside"),
    ("/etc/passwd", "evidence-outside"),
    ("/proc/self/environ", "evidence-outside"),
    ("/dev/zero", "evidence-outside"),
    ("//server/share/x.pdf", "evidence-outside"),
    ("C:/Users/x/cert.pdf", "evidence-outside"),
    ("C:\\\\Users\\\\x\\\\cert.pdf", "evidence-outside"),
    ("..\\\\..\\\\etc\\\\passwd", "evidence-outside"),
    ("./../x.pdf", "evidence-outside"),
    ("certificates/./../../x", "evidence-outside"),
    (".env", "evidence-private"),
    (".git/config", "evidence-private"),
    (".git/HEAD", "evidence-private"),
    ("./.git/config", "evidence-private"),
    ("certificates/.hidden.pdf", "evidence-private"),
    (".github/workflows/site.yml", "evidence-private"),
    (".ssh/id_rsa", "evidence-private"),
    ("credits/profile.yaml", "evidence-private"),
    ("credits/2025/other.yaml", "evidence-private"),
    ("credits/x.yml", "evidence-private"),
    ("credits/X.YAML", "evidence-private"),
    ("mkdocs.yml", "evidence-private"),
    ("mkdocs.yaml", "evidence-private"),
    ("pyproject.toml", "evidence-private"),
    ("requirements.txt", "evidence-private"),
    ("rules/acsm.yaml", "evidence-private"),
    ("rules/anything.pdf", "evidence-private"),
    ("site/index.html", "evidence-private"),
    ("certificates", "evidence-not-a-file"),
    ("credits", "evidence-not-a-file"),
    (".", "evidence-private"),
    ("certificates/", "evidence-not-a-file"),
    ("certificates/missing.pdf", "missing-evidence"),
    ("certificates/a b (1).pdf", None),
    ("certificates/ok.pdf", None),
    ("certificates/résumé ü.pdf", None),
]


@pytest.mark.parametrize("value,code", EVIDENCE)
def test_certificate_paths_follow_the_one_policy(tmp_path, value, code):
    write_tracker(tmp_path, {"credits/2025/e.yaml": ENTRY_HEAD + f'evidence: "{value}"\n'})
    certificates = tmp_path / "certificates"
    certificates.mkdir()
    for name in ("ok.pdf", "a b (1).pdf", "résumé ü.pdf"):
        (certificates / name).write_bytes(b"%PDF-1.4 sample")
    expected = [(code, "credits/2025/e.yaml", 5, 11)] if code else []
    assert problems_of(tmp_path) == expected


SYMLINKS = [
    # (link under certificates/, its target, expected code)
    ("out.pdf", "/etc/passwd", "evidence-outside"),
    ("env.pdf", "/proc/self/environ", "evidence-outside"),
    ("zero.pdf", "/dev/zero", "evidence-outside"),
    ("up.pdf", "../../outside.pdf", "evidence-outside"),
    ("profile.pdf", "../credits/profile.yaml", "evidence-private"),
    ("git.pdf", "../.git/config", "evidence-private"),
    ("config.pdf", "../mkdocs.yml", "evidence-private"),
    ("loop.pdf", "loop.pdf", "evidence-not-a-file"),
    ("dir.pdf", "../credits", "evidence-not-a-file"),
    ("fine.pdf", "real.pdf", None),
]


@pytest.mark.parametrize("name,target,code", SYMLINKS)
def test_symlinked_certificates_are_followed_only_inside(tmp_path, name, target, code):
    write_tracker(tmp_path, {"credits/2025/e.yaml": ENTRY_HEAD + f"evidence: certificates/{name}\n"})
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[core]\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    (tmp_path / "certificates").mkdir()
    (tmp_path / "certificates" / "real.pdf").write_bytes(b"%PDF")
    (tmp_path / "certificates" / name).symlink_to(target)
    expected = [(code, "credits/2025/e.yaml", 5, 11)] if code else []
    assert problems_of(tmp_path) == expected


def test_a_fifo_is_not_a_certificate(tmp_path):
    write_tracker(tmp_path, {"credits/2025/e.yaml": ENTRY_HEAD + "evidence: certificates/pipe\n"})
    (tmp_path / "certificates").mkdir()
    os.mkfifo(tmp_path / "certificates" / "pipe")
    assert problems_of(tmp_path) == [("evidence-not-a-file", "credits/2025/e.yaml", 5, 11)]


# --- 2. YAML made to exhaust memory, recursion or time --------------------------------
def _alias_bomb(levels: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


YAML_CASES = [
    # (file text, code, line, column)
    ("a: " + "[" * 2000 + "]" * 2000 + "\n", "too-deep", 1, 43),
    ("a: " + "[" * 10000 + "]" * 10000 + "\n", "too-deep", 1, 43),
    ("a: " + "{b: " * 3000 + "1" + "}" * 3000 + "\n", "too-deep", 1, None),
    ("".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "v: 1\n", "too-deep", 41, 81),
    ("- " * 5000 + "x\n", "too-deep", 1, 81),
    ("a: &x [*x]\n", "too-deep", 1, 8),
    ("a: &x {b: *x}\n", "too-deep", 1, None),
    (_alias_bomb(6), "too-large", 5, None),
    (_alias_bomb(9), "too-large", 5, None),
    ("- 1\n" * 10001, "too-large", 10001, 3),
    ("[" + "1," * 10001 + "1]\n", "too-large", 1, None),
    ('title: "\\ud800"\n', "bad-text", 1, 8),
    ('title: "\\udfff x"\n', "bad-text", 1, 8),
    ('title: "a\\x1b[31mred"\n', "bad-text", 1, 8),
    ('title: "a\\0b"\n', "bad-text", 1, 8),
    ('title: "bell\\a"\n', "bad-text", 1, 8),
    ('provider: "\\x7f"\n', "bad-text", 1, 11),
    ("title: a\x01b\n", "bad-text", 1, 9),
    ("title: x\x7fy\n", "bad-text", 1, 9),
    ("title: T\nprovider: !!python/object/apply:os.system ['id']\n", "unsafe-tag", 2, 11),
    ("title: !!python/name:os.system\n", "unsafe-tag", 1, 8),
    ("title: !!binary aGk=\n", "unsafe-tag", 1, 8),
    ("!!set {a, b}\n", "unsafe-tag", 1, 1),
    ("title: !custom x\n", "unsafe-tag", 1, 8),
    ("title: T\ntitle: U\n", "duplicate-key", 2, 1),
    ("title: [unclosed\n", "yaml-syntax", 1, 8),
    ("title: 'unterminated\n", "yaml-syntax", 1, 8),
    ("title: T\n\tprovider: P\n", "yaml-syntax", 2, None),
    ("- title: T\n  provider: P\n  completed: 2025-03-01\n  credits: 1\n- 7\n", "not-an-entry", 5, 3),
]


@pytest.mark.parametrize("text,code,line,col", YAML_CASES,
                         ids=[f"yaml{i}-{c[1]}" for i, c in enumerate(YAML_CASES)])
def test_hostile_yaml_gives_one_located_problem(tmp_path, text, code, line, col):
    (tmp_path / "credits").mkdir()
    (tmp_path / "credits" / "odd.yaml").write_text(text, "utf-8")
    write_tracker(tmp_path, {})
    found = [p for p in problems_of(tmp_path, "credits/odd.yaml") if p[0] == code]
    assert found, problems_of(tmp_path)
    assert found[0][2] == line
    if col is not None:
        assert found[0][3] == col


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    write_tracker(tmp_path, {})
    (tmp_path / "credits" / "big.yaml").write_bytes(b"# " + b"x" * 1_000_000 + b"\n")
    assert problems_of(tmp_path) == [("unreadable-file", "credits/big.yaml", 0, 0)]


@pytest.mark.parametrize("target", ["/dev/zero", "/etc/passwd", "/proc/self/status",
                                    "../../elsewhere.yaml"])
def test_credit_files_that_link_outside_are_not_read(tmp_path, target):
    write_tracker(tmp_path, {})
    (tmp_path / "credits" / "link.yaml").symlink_to(target)
    assert problems_of(tmp_path) == [("unreadable-file", "credits/link.yaml", 0, 0)]


def test_symlink_loops_and_odd_names_never_hang_or_crash(tmp_path):
    write_tracker(tmp_path, {"credits/2025/ok.yaml": course("Fine", "2025-03-01", 1)})
    (tmp_path / "credits" / "loop").symlink_to(tmp_path / "credits")  # a folder loop
    (tmp_path / "credits" / "self.yaml").symlink_to("self.yaml")
    os.mkfifo(tmp_path / "credits" / "fifo.yaml")
    bad_name = os.fsencode(tmp_path / "credits") + b"/caf\xe9.yaml"
    with open(bad_name, "wb") as handle:
        handle.write(b"title: T\n")
    found = problems_of(tmp_path)
    assert ("unreadable-file", "credits/caf\ufffd.yaml", 0, 0) in found
    assert ("unreadable-file", "credits/fifo.yaml", 0, 0) in found
    assert ("unreadable-file", "credits/self.yaml", 0, 0) in found
    assert len(found) == 3


# --- 3. Numbers and dates beyond sense -------------------------------------------------
NUMBERS = [
    ("1.0e+308", "out-of-range"), ("1e308", "not-a-number"), ("9999999", "out-of-range"), ("10000", "out-of-range"),
    ("1" + "0" * 400, "not-a-number"), (".nan", "not-a-number"), (".inf", "not-a-number"),
    ("-.inf", "not-a-number"), (".NaN", "not-a-number"), ("-1", "negative-credits"),
    ("-0.5", "negative-credits"), ("1e400", "not-a-number"), ("0x10", "unclear-number"),
    ("1:30", "unclear-number"), ("010", "unclear-number"), ("9999.5", None),
    ("true", "not-a-number"), ("'7.5'", "not-a-number"), ("7,5", "not-a-number"),
    ("[1]", "not-a-number"), ("{a: 1}", "not-a-number"),
]


@pytest.mark.parametrize("value,code", NUMBERS)
def test_credits_must_be_a_sane_finite_number(tmp_path, value, code):
    text = f"title: T\nprovider: P\ncompleted: 2025-03-01\ncredits: {value}\n"
    write_tracker(tmp_path, {"credits/e.yaml": text})
    expected = [(code, "credits/e.yaml", 4, 10)] if code else []
    assert [p for p in problems_of(tmp_path) if p[0] != "decimal-unit-suspected"] == expected


DATES = [
    ("0001-01-01", "out-of-range"), ("9999-12-31", "out-of-range"), ("1899-12-31", "out-of-range"),
    ("2201-01-01", "out-of-range"), ("0205-03-14", "out-of-range"), ("2025-02-30", "invalid-date"),
    ("2025-13-01", "invalid-date"), ("2025-3-1", "invalid-date"), ("03/14/2025", "invalid-date"),
    ("1900-01-01", None), ("2025-03-01", None),
]


@pytest.mark.parametrize("value,code", DATES)
def test_dates_in_credit_files_are_bounded(tmp_path, value, code):
    text = f"title: T\nprovider: P\ncompleted: {value}\ncredits: 1\n"
    write_tracker(tmp_path, {"credits/e.yaml": text})
    expected = [(code, "credits/e.yaml", 3, 12)] if code else []
    assert problems_of(tmp_path) == expected


@pytest.mark.parametrize("key", ["since", "expires"])
@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1800-06-01"])
def test_dates_in_the_profile_are_bounded(tmp_path, key, value):
    profile = f"name: X\ncredentials:\n  - id: ACSM-CPT\n    {key}: {value}\n"
    write_tracker(tmp_path, {}, profile=profile)
    found = problems_of(tmp_path)
    assert ("out-of-range", "credits/profile.yaml", 4, len(key) + 7) in found


# --- 4. Rule files: every defect, located --------------------------------------------
RULE_FILE = """\
body: FBN
name: Example Board
unit: contact_hour
sources:
  S1: {url: "https://example.org/rules", title: Rules}
credentials:
  FBN-RN: {name: Registered Nurse, required: {value: 24, source: S1, confidence: C}}
cycle: {model: years_ending, years: 2, end_month: 12, end_day: 31}
conversions: {contact_hour: 1}
"""
# (replace this text, by this, expected line, column)
RULE_DEFECTS = [
    ("years: 2", "years: 0", 8, 37),
    ("years: 2", "years: -1", 8, 37),
    ("years: 2", "years: 1000", 8, 37),
    ("years: 2", "years: .inf", 8, 37),
    ("years: 2", "years: two", 8, 37),
    ("end_month: 12", "end_month: 13", 8, 51),
    ("end_month: 12", "end_month: 0", 8, 51),
    ("end_day: 31", "end_day: 32", 8, 64),
    ("end_month: 12, end_day: 31", "end_month: 2, end_day: 30", 8, 63),
    ("model: years_ending", "model: yearly", 8, 16),
    ("contact_hour: 1}", "contact_hour: 0}", 9, 29),
    ("contact_hour: 1}", "contact_hour: -2}", 9, 29),
    ("contact_hour: 1}", "contact_hour: .nan}", 9, 29),
    ("contact_hour: 1}", "contact_hour: 1e400}", 9, 29),
    ("contact_hour: 1}", "furlong: 1}", 9, 15),
    ("value: 24,", "value: -24,", 7, 54),
    ("value: 24,", "value: 1.0e9,", 7, 54),
    ("confidence: C", "confidence: X", 7, None),
    ("source: S1", "source: S9", 7, None),
    ("FBN-RN:", "fbn rn/../x:", 7, 3),
    ("FBN-RN:", "ACSM-CPT:", 0, 0),
    ("name: Example Board", "nmae: Example Board", 2, 1),
    ("cycle: {model", "cycle: {modle", 8, 9),
]


@pytest.mark.parametrize("old,new,line,col", RULE_DEFECTS)
def test_rule_file_defects_are_located(tmp_path, old, new, line, col):
    assert old in RULE_FILE
    write_tracker(tmp_path, {"rules/fbn.yaml": RULE_FILE.replace(old, new, 1)})
    found = [p for p in problems_of(tmp_path) if p[1] == "rules/fbn.yaml"]
    assert {p[0] for p in found} == {"bad-rule"}, found
    assert [p for p in found if p[2] == line and (col is None or p[3] == col)], found


def test_a_rule_file_reports_every_defect_at_once(tmp_path):
    broken = (RULE_FILE.replace("years: 2", "years: 0").replace("end_month: 12", "end_month: 13")
              .replace("contact_hour: 1}", "contact_hour: 0}"))
    write_tracker(tmp_path, {"rules/fbn.yaml": broken})
    assert [(p[2], p[3]) for p in problems_of(tmp_path)] == [(8, 37), (8, 51), (9, 29)]


# A rule file using every part of the format, all of it valid.
RICH_RULE_FILE = RULE_FILE[:RULE_FILE.index("cycle:")] + """\
cycle:
  model: years_ending
  years: 2
  end_month: 4
  end_day: 30
  window_opens: {month: 5, day: 1, years_before: 1, source: S1, confidence: C}
grace: {months: 3, earning_allowed: false}
conversions: {contact_hour: 1, CEU: 10}
rounding: 0.5
sharing: each
min_categories: 2
petition_review_days: 30
default_category: A
categories:
  A: {label: Live, max: 20}
  B: {label: Self-study, min: 2}
activities:
  home_study: {category: B, default_credits: 1, conversions: {CEU: 10}}
  cpr_aed: {fixed: 2, accepted: true}
caps:
  - {id: home, label: home study, activities: [home_study], categories: [B], per_cycle: 6}
prerequisites:
  - {id: cpr, label: CPR card, activity: cpr_aed, hands_on_required: true}
proration:
  - {certified_from_month: 0, certified_to_month: 12, required: 12, max: {A: 10}}
versions:
  - {cycles_from: 2020-05-01, cycles_until: 2022-04-30, categories: {C: {label: Old}}}
audit:
  respond_days: {value: 30, source: S1, confidence: U}
"""
# (replace this text, by this, the text the problem must point at in the new file, words)
RICH_DEFECTS = [
    ("end_month: 4", "end_month: 13", "13", "end_month is 13"),
    ("end_day: 30", "end_day: 31", "31", "past the end of its month"),
    ("month: 5, day: 1,", "month: 2, day: 30,", ", day: |30", "month 2 has no day 30"),
    ("years_before: 1", "years_before: 9", "9,", "at most 5"),
    ("confidence: C}\ngrace", "confidence: Z}\ngrace", "Z}", "not a known confidence mark"),
    ("months: 3", "months: 61", "61", "at most 60"),
    ("earning_allowed: false", "earning_allowed: maybe", "maybe", "true or false"),
    ("earning_allowed: false", "earning_alowed: false", "earning_alowed", "`earning_allowed`"),
    ("CEU: 10}\nrounding", "CEUs: 10}\nrounding", "CEUs", "did you mean `CEU`?"),
    ("rounding: 0.5", "rounding: 0", "rounding: |0", "more than 0"),
    ("sharing: each", "sharing: pooledd", "pooledd", "did you mean `pooled`?"),
    ("min_categories: 2", "min_categories: 2.5", "2.5", "a whole number"),
    ("min_categories: 2", "min_categories: 21", "21", "at most 20"),
    ("petition_review_days: 30", "petition_review_days: -1", "-1", "at least 0"),
    ("default_category: A", "default_category: Z", "Z\n", "category `Z` is not defined"),
    ("max: 20}", "max: -20}", "-20", "at least 0"),
    ("min: 2}", "minimum: 2}", "minimum", "did you mean `min`?"),
    ("home_study: {category: B", "home_study: {category: Bee", "Bee", "did you mean `B`?"),
    ("home_study: {", "homestudy: {", "homestudy", "did you mean `home_study`?"),
    ("default_credits: 1", "default_credits: lots", "lots", "must be a number"),
    ("conversions: {CEU: 10}}", "conversions: {CEU: 0}}", "0}}", "more than 0"),
    ("fixed: 2", "fixed: .inf", ".inf", "beyond any rule's numbers"),
    ("accepted: true", "accepted: yes please", "yes please", "true or false"),
    ("activities: [home_study]", "activities: [homework]", "homework", "not a known activity"),
    ("categories: [B]", "categories: [Q]", "Q]", "category `Q` is not defined"),
    ("per_cycle: 6", "per_cycle: 1.0e+9", "1.0e+9", "beyond any rule's numbers"),
    ("{id: home, ", "{", "{label: home", "has no `id:`"),
    ("activity: cpr_aed,", "activity: cpr,", "activity: |cpr,", "did you mean `cpr_aed`?"),
    ("hands_on_required: true", "hands_on_required: 1", "1}", "true or false"),
    ("certified_from_month: 0, certified_to_month: 12", "certified_from_month: 12, certified_to_month: 12",
     "certified_to_month: |12", "must end after it starts"),
    ("max: {A: 10}", "max: {Z: 10}", "Z: 10", "category `Z` is not defined"),
    ("required: 12,", "required: [12],", "[12]", "found a list or map"),
    ("cycles_from: 2020-05-01", "cycles_from: 1066-10-14", "1066-10-14", "outside the years"),
    ("cycles_until: 2022-04-30", "cycles_until: soon", "soon", "a date as YYYY-MM-DD"),
    ("categories: {C: {label: Old}}", "categories: {C: {label: Old, max: x}}", "x}", "a number"),
    ("respond_days: {value: 30, ", "respond_days: {valeu: 30, ", "valeu", "did you mean `value`?"),
    ("source: S1, confidence: U}", "source: S2, confidence: U}", "S2", "did you mean `S1`?"),
    ("caps:\n  - {id", "caps:\n    {id", "{id: home", "must be a list"),
    ("sources:\n  S1:", "sources:\n  S1: [x]\n  S0:", "[x]", "must be a map"),
    ("name: Example Board", "name: ''", "''", "is empty"),
]


def _position(text: str, token: str) -> tuple[int, int]:
    """Line and column of `token` in `text`; with `prefix|rest`, of `rest` after `prefix`."""
    prefix, _, rest = token.rpartition("|")
    offset = text.index(prefix + rest) + len(prefix)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def test_the_rich_rule_file_is_valid(tmp_path):
    write_tracker(tmp_path, {"rules/fbn.yaml": RICH_RULE_FILE})
    assert problems_of(tmp_path) == []


@pytest.mark.parametrize("old,new,token,words", RICH_DEFECTS)
def test_every_part_of_the_rule_format_is_checked(tmp_path, old, new, token, words):
    assert RICH_RULE_FILE.count(old) == 1, old
    text = RICH_RULE_FILE.replace(old, new)
    write_tracker(tmp_path, {"rules/fbn.yaml": text})
    report = analysis(tmp_path, TODAY).report
    found = [p for p in report.problems if p.file == "rules/fbn.yaml"]
    line, col = _position(text, token)
    assert [(p.code, p.line, p.col) for p in found] == [("bad-rule", line, col)], found
    assert words in found[0].message + " " + found[0].hint, found[0]


def test_every_defect_of_a_rule_file_is_reported_in_one_run(tmp_path):
    text = RICH_RULE_FILE
    chosen = [RICH_DEFECTS[i] for i in (0, 3, 5, 8, 9, 10, 11, 13, 14, 15, 16, 17, 20, 23, 30)]
    for old, new, _, _ in chosen:
        text = text.replace(old, new)
    write_tracker(tmp_path, {"rules/fbn.yaml": text})
    found = problems_of(tmp_path, "rules/fbn.yaml")
    assert len(found) == len(chosen) == len(set(found)), found


def test_a_rule_file_that_is_a_folder_or_a_link_out_is_refused(tmp_path):
    write_tracker(tmp_path, {})
    (tmp_path / "rules" / "folder.yaml").mkdir(parents=True)
    (tmp_path / "rules" / "link.yaml").symlink_to("/etc/passwd")
    assert problems_of(tmp_path) == [("bad-rule", "rules/folder.yaml", 0, 0),
                                     ("bad-rule", "rules/link.yaml", 0, 0)]


def test_a_rule_file_alias_bomb_is_refused(tmp_path):
    write_tracker(tmp_path, {"rules/bomb.yaml": _alias_bomb(7)})
    assert [p[0] for p in problems_of(tmp_path)] == ["too-large"]


# --- 5. Strings made to inject markup into the pages ----------------------------------
PAYLOADS = [
    'x {: onclick="alert(1)" }', "x{: onmouseover=alert(1) }", '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>', '<svg/onload=alert(1)>', '"><script>alert(1)</script>',
    "</title><script>alert(1)</script>", "[click](javascript:alert(1))",
    "![x](javascript:alert(1))", "<a href='javascript:alert(1)'>x</a>",
    "<iframe src=javascript:alert(1)>", "`code` **bold** _it_ #hash |pipe|",
    "line one\\nline two {: onclick=alert(1) }", "x\\n\\n<script>alert(1)</script>",
    "x\\n    {: #id onclick=alert(1) }", "&lt;script&gt;alert(1)&lt;/script&gt;",
    "{{ 7*7 }} {% if 1 %}x{% endif %}", "<details open ontoggle=alert(1)>",
    "x\\n!!! danger \"<b onclick=alert(1)>\"", "x\\u2028<script>alert(1)</script>",
    "<style>*{display:none}</style>", "<base href=//evil.example>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "[x]: javascript:alert(1)\\n[x]", "<object data=javascript:alert(1)>",
]
FIELDS = ["title", "provider", "approval", "notes", "name"]


def _tracker_with(root: Path, field: str, payloads: list[str]) -> None:
    """A tracker with each payload in `field`: one course file per payload (the holder's
    name, one per tracker, takes the one payload given).  Each course's other field is a
    sentinel (S00, S01, ...), so a test can see that no payload swallowed another's row."""
    def quoted(text):
        return '"' + text.replace('"', '\\"') + '"'
    if field == "name":
        (payload,) = payloads
        profile = f"name: {quoted(payload)}\ncredentials:\n  - id: ACSM-CPT\n    expires: 2026-12-31\n"
        write_tracker(root, {"credits/e.yaml": course("Course", "2025-03-01", 1)}, profile)
        return
    files = {}
    for i, payload in enumerate(payloads):
        fields = {"title": f"S{i:02d}", "provider": "Test Provider", field: payload}
        if field == "title":
            fields["provider"] = f"S{i:02d}"
        files[f"credits/e{i:02d}.yaml"] = "".join(f"{key}: {quoted(value)}\n"
                                                  for key, value in fields.items()) + \
            "completed: 2025-03-01\ncredits: 1\nunit: CEC\n"
    write_tracker(root, files)


class _Live(html.parser.HTMLParser):
    """Collects what would run: on* attributes, javascript: links, script/iframe elements."""

    # The packet's one style element: its print heading, a CSS string of hex escapes only.
    PRINT_HEADING = re.compile(r'@media print \{ @page \{ @top-left \{ content: "[A-Za-z0-9 \\]*"; '
                               r"font: 8pt sans-serif; \} \} \}")

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.forms: list[str] = []
        self.in_style = False

    def handle_data(self, data):
        if self.in_style and not self.PRINT_HEADING.fullmatch(data):
            self.found.append(f"style: {data}")

    def handle_endtag(self, tag):
        self.in_style = self.in_style and tag != "style"

    def handle_starttag(self, tag, attrs):
        self.in_style = tag == "style" and not attrs
        if tag == "form" and ("id", "add-form") in attrs and not self.forms:
            self.forms.append(tag)  # the add-a-course page's own form (one, cectrack's)
        elif tag in ("script", "iframe", "object", "embed", "base", "meta", "form") or \
                (tag == "style" and attrs):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name in ("href", "src", "action", "data") and value and \
                    value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"{tag}[{name}={value}]")


def page_markdown(root: Path) -> dict[str, str]:
    return render_pages(site_content(analysis(root, TODAY)), PageOptions(publish_evidence=True))


def as_html(pages: dict[str, str]) -> dict[str, str]:
    extensions = ["tables", "admonition", "pymdownx.details", "attr_list", "toc",
                  "pymdownx.superfences"]
    return {name: markdown.markdown(text, extensions=extensions) for name, text in pages.items()}


def page_html(root: Path) -> dict[str, str]:
    return as_html(page_markdown(root))


def _live_markup(pages: dict[str, str]) -> dict[str, list[str]]:
    found = {}
    for name, text in pages.items():
        parser = _Live()
        parser.feed(text)
        found[name] = parser.found
    return {name: tags for name, tags in found.items() if tags}


# Every payload in one tracker per field (a course file each), as the build test of
# test_safety_build.py does: one set of pages judged, not 26.  The holder's name is one per
# tracker, so each payload in it has a tracker of its own.
@pytest.mark.parametrize("field", [f for f in FIELDS if f != "name"])
def test_no_user_string_becomes_live_markup(tmp_path, field):
    _tracker_with(tmp_path, field, PAYLOADS)
    assert [p for p in problems_of(tmp_path) if p[0] not in ("bad-text", "hidden-character")] == []
    pages = page_html(tmp_path)
    assert _live_markup(pages) == {}
    # No payload swallowed the rows after it (so hid their payloads from the parser): every
    # course's sentinel is still there on the pages that list every course.
    for name in ("credentials/acsm-cpt.md", "audit/acsm-cpt-2024-2026.md"):
        assert [f"S{i:02d}" for i in range(len(PAYLOADS)) if f"S{i:02d}" not in pages[name]] == []


@pytest.fixture(scope="module")
def plainly_named(tmp_path_factory) -> dict[str, str]:
    """The name test's tracker with a harmless name: its pages, judged here once."""
    root = tmp_path_factory.mktemp("plain-name")
    _tracker_with(root, "name", ["Plain Name"])
    pages = page_markdown(root)
    assert _live_markup(as_html(pages)) == {}
    return pages


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"p{i}" for i in range(len(PAYLOADS))])
def test_no_holders_name_becomes_live_markup(tmp_path, payload, plainly_named):
    _tracker_with(tmp_path, "name", [payload])
    assert [p for p in problems_of(tmp_path) if p[0] not in ("bad-text", "hidden-character")] == []
    # A page the name leaves as it was with a harmless one (the rules, the add form) makes the
    # HTML already judged: only the pages that show the name are converted and parsed.
    shown = {name: text for name, text in page_markdown(tmp_path).items()
             if text != plainly_named.get(name)}
    assert "index.md" in shown
    assert _live_markup(as_html(shown)) == {}


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)",
                                 " javascript:alert(1)", "data:text/html,<script>x</script>",
                                 "vbscript:x", "//evil.example/x", "java\tscript:alert(1)",
                                 "https://ok.example/a_(b)\"onmouseover=x"])
def test_rule_source_urls_are_only_http_or_relative(tmp_path, url):
    quoted = '"' + url.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'
    rule = RULE_FILE.replace('"https://example.org/rules"', quoted)
    profile = "name: X\ncredentials:\n  - id: FBN-RN\n    expires: 2026-12-31\n"
    write_tracker(tmp_path, {"rules/fbn.yaml": rule}, profile)
    bad = [p for p in problems_of(tmp_path)]
    assert bad == [] or all(p[0] == "bad-text" for p in bad)
    assert _live_markup(page_html(tmp_path)) == {}


def test_a_user_rule_file_replacing_a_built_in_body_is_said(tmp_path):
    import shutil
    import subprocess
    import sys
    write_tracker(tmp_path, {})
    (tmp_path / "rules").mkdir()
    shutil.copy(Path(__file__).parent.parent / "cectrack" / "rules" / "acsm.yaml",
                tmp_path / "rules" / "acsm.yaml")
    exe = Path(sys.executable).parent / "cectrack"
    listing = subprocess.run([str(exe), "rules", "--root", str(tmp_path)], capture_output=True,
                             text=True, timeout=60).stdout.splitlines()
    acsm = [line for line in listing if line.startswith("ACSM-")]
    assert acsm and all(line.endswith("(your rules/acsm.yaml)") for line in acsm)
    assert not any("(your" in line for line in listing if line.startswith("NSCA-"))
