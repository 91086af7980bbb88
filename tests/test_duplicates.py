"""Duplicate detection by look-up (engine/duplicates.py, CourseIndex) finds exactly what
comparing every pair found: the same original for every repeat, on generated entries drawn
from a small vocabulary so that days, titles, providers, initials, certificates and approval
numbers collide often.  And `cectrack import` skips by the same index."""
from __future__ import annotations

import datetime as dt

from conftest import cectrack
from hypothesis import given, settings, strategies as st

from cectrack.engine import duplicates as dup
from cectrack.engine.duplicates import (
    CourseIndex,
    duplicates,
    same_course,
    same_provider,
)
from cectrack.records.model import Entry


def pairwise(entries) -> dict[tuple[str, int], Entry]:
    """The definition: each entry against every earlier course of its day, first match wins."""
    found, kept = {}, []
    for entry in sorted(entries, key=lambda e: (e.file, e.line)):
        original = next((e for e in kept if same_course(entry, e)), None)
        if original is not None:
            found[(entry.file, entry.line)] = original
        else:
            kept.append(entry)
    return found


PROVIDERS = ["NSCA", "nsca", "National Strength and Conditioning Association",
             "N.S.C.A., Inc.", "ACSM", "American College of Sports Medicine", "A", "Ace",
             "a", "ACE Fitness", "Provider Five", "Presenting Forum", "PF", "", "The",
             "Café Olé", "cafe ole", "Intl Assn", "International Association", "IA",
             "AFAA (Athletics and Fitness Association of America)", "AFAA",
             "Athletics and Fitness Association of America", "NSCA Corp.",
             "NASM - National Academy of Sports Medicine", "N.A.S.M.", "IA International Assn"]
TITLES = ["CPR/AED", "cpr aed", "CPR-AED", "Summit, day 1", "summit day 1", "The Summit",
          "Summit", "", "Webinar"]
DAYS = [dt.date(2025, 6, 1), dt.date(2025, 6, 2)]
EVIDENCE = [None, "certificates/a.pdf", " certificates/a.pdf ", "certificates/b.pdf", " "]
APPROVALS = [None, "", "X1", " X1", "X2", " "]

entry = st.builds(
    lambda i, title, provider, day, evidence, credits, unit, approval: Entry(
        file=f"credits/{i:03}.yaml", line=1, title=title, provider=provider, completed=day,
        credits=credits, unit=unit, evidence=evidence, approval=approval),
    st.integers(0, 999), st.sampled_from(TITLES), st.sampled_from(PROVIDERS),
    st.sampled_from(DAYS), st.sampled_from(EVIDENCE), st.sampled_from([None, 1.0, 1, 2.5]),
    st.sampled_from(["CEC", "CEU"]), st.sampled_from(APPROVALS))


@settings(max_examples=250, deadline=None)
@given(st.lists(entry, max_size=40, unique_by=lambda e: e.file))
def test_index_finds_what_comparing_every_pair_finds(entries):
    assert duplicates(entries) == pairwise(entries)


@settings(max_examples=150, deadline=None)
@given(st.lists(entry, max_size=25), entry)
def test_find_is_the_first_match_in_the_order_added(existing, new):
    index = CourseIndex()
    for e in existing:
        index.add(e)
    assert index.find(new) == next((e for e in existing if same_course(new, e)), None)


@given(st.sampled_from(PROVIDERS), st.sampled_from(PROVIDERS))
def test_provider_keys_say_what_the_rule_says(one, other):
    """The same spelt-out words, the same acronym, or one's acronym the other's initials:
    the keys and nothing more."""
    (a_acronym, a_words), (b_acronym, b_words) = dup.provider_names(one), dup.provider_names(other)
    initials = lambda ws: "".join(w[0] for w in ws)  # noqa: E731
    expected = ((a_words is not None and a_words == b_words)
                or (a_acronym is not None and a_acronym == b_acronym)
                or (a_acronym is not None and b_words is not None and a_acronym == initials(b_words))
                or (b_acronym is not None and a_words is not None and b_acronym == initials(a_words)))
    assert same_provider(one, other) == same_provider(other, one) == expected


def test_provider_names_as_people_write_them():
    # Issue 21, item 6: the acronym with or without the expansion, before or after it,
    # punctuation, dotted letters and legal suffixes aside.
    assert dup.provider_names("AFAA (Athletics and Fitness Association of America)") == (
        "afaa", ("athletics", "fitness", "association", "america"))
    assert dup.provider_names("National Academy of Sports Medicine (NASM)") == (
        "nasm", ("national", "academy", "sports", "medicine"))
    assert dup.provider_names("NSCA, Inc.") == dup.provider_names("N.S.C.A. Corp") == ("nsca", None)
    for written in ("AFAA (Athletics and Fitness Association of America)", "AFAA, LLC",
                    "Athletics & Fitness Association of America"):
        assert same_provider(written, "AFAA") and same_provider(
            written, "Athletics and Fitness Association of America"), written
    assert same_provider("NASM - National Academy of Sports Medicine", "NASM")
    assert not same_provider("AFAA (Athletics and Fitness Association of America)", "NASM")
    assert not same_provider("Red Cross", "American Red Cross")


def test_a_day_of_one_title_is_looked_up_not_compared(monkeypatch):
    """5,000 courses on one day with one title and provider, each its own approval number:
    a handful of pairwise comparisons (the first few of the day), not the 12.5 million of
    comparing every pair."""
    compared = []
    real = dup.same_course
    monkeypatch.setattr(dup, "same_course", lambda *pair: compared.append(1) or real(*pair))
    day = dt.date(2025, 6, 1)
    entries = [Entry(file=f"credits/{i:05}.yaml", line=1, title="Webinar", provider="NSCA",
                     completed=day, credits=1.0, approval=f"N{i}") for i in range(5000)]
    copy = Entry(file="credits/99999.yaml", line=1, title="webinar", provider="National "
                 "Strength and Conditioning Association", completed=day, approval="N4321")
    found = duplicates(entries + [copy])
    assert found == {("credits/99999.yaml", 1): entries[4321]}
    assert len(compared) <= dup.CourseIndex._FEW ** 2


def test_import_skips_a_course_already_recorded_or_repeated_in_the_csv(tmp_path):
    tracker = tmp_path / "t"
    (tracker / "credits").mkdir(parents=True)
    (tracker / "credits" / "profile.yaml").write_text(
        "name: A\ncredentials:\n  - {id: ACSM-CPT, expires: 2026-12-31}\n")
    (tracker / "credits" / "s.yaml").write_text(
        "title: Summit\nprovider: ACSM\ncompleted: 2025-03-14\ncredits: 7\n")
    csv = tmp_path / "in.csv"
    csv.write_text("title,provider,completed,credits\n"
                   "summit,American College of Sports Medicine,2025-03-14,7\n"
                   "Webinar,NSCA,2025-04-01,1\n"
                   "Webinar,National Strength and Conditioning Association,2025-04-01,1\n")
    out = cectrack("import", str(csv), "--root", str(tracker), "--dry-run").stdout
    assert "in.csv:2: skipped: the same course as credits/s.yaml:1 ('Summit', 2025-03-14)" in out
    assert "in.csv:4: skipped: the same course as in.csv:3 ('Webinar', 2025-04-01)" in out
    assert "would import 1 entry; 2 already recorded; 0 rows with errors" in out
