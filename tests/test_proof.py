"""Issue 23: the data every page shares about proof and activity, worked out by hand.

Each course's certificate state (there with its hash, file missing, none recorded), the
packet's tally of them, totals by activity with each cap used, the provider's standing, a
course recorded long after it was completed, and the profile's contact and attestation.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io

from conftest import TODAY, card, course, git_commit_all, write_tracker

from cectrack.analysis import analysis, site_content
from cectrack.audit.proof import (
    MISSING,
    NONE,
    PRESENT,
    Proof,
    proof_tally,
    recorded_late,
)
from cectrack.render.exports import packet_csv

PROFILE = """\
name: Sam Holder
contact: sam@example.org, +1 555 0100
attestation: I swear it.
credentials:
  - id: ACSM-CPT
    number: "987654"
    since: 2020-05-16
    expires: 2026-12-31
"""


def tracker(tmp_path):
    """Five counted ACSM courses (2024-2026): two with their certificate, one whose
    certificate is not there, two with none; and two CPR/AED cards in 2025, one capped."""
    return write_tracker(tmp_path, {
        "credits/a.yaml": course("Summit", "2024-04-20", 7.5, activity="conference",
                                 evidence="certificates/a.pdf"),
        "certificates/a.pdf": "certificate a\n",
        "credits/b.yaml": course("Webinar one", "2024-06-01", 1.5, unit="contact_hour",
                                 activity="webinar", approval="NSCA-1234",
                                 evidence="certificates/gone.pdf"),
        "credits/c.yaml": course("Webinar two", "2025-02-01", 3, activity="webinar"),
        "credits/d.yaml": card("CPR one", "2025-01-18", "2027-01-18")
                          + "evidence: certificates/d.pdf\n",
        "certificates/d.pdf": "card d\n",
        "credits/e.yaml": card("CPR two", "2025-06-18", "2027-06-18"),
        "credits/f.yaml": course("Petitioned", "2026-03-01", 2, petition="approved"),
    }, profile=PROFILE)


def provided_by(root, provider: str):
    """The summit given by `provider` instead of the test provider."""
    path = root / "credits" / "a.yaml"
    path.write_text(path.read_text().replace("Test Provider", provider))


def test_each_counted_course_has_one_proof_state_and_the_packet_tallies_them(tmp_path):
    root = tracker(tmp_path)
    provided_by(root, "American College of Sports Medicine")
    content = site_content(analysis(root, TODAY))
    (packet,) = content.packets
    counted = [(r.entry.title, r.proof.state) for r in packet.counted]
    # Date order; the second card of 2025 is above the 5-a-year cap: not counted.
    assert counted == [("Summit", PRESENT), ("Webinar one", MISSING), ("CPR one", PRESENT),
                       ("Webinar two", NONE), ("Petitioned", NONE)]
    assert [r.entry.title for r in packet.rows if r.excluded] == ["CPR two"]
    assert packet.proof.total == 5 and packet.proof.present == 2
    assert (packet.proof.missing, packet.proof.none) == ((2,), (4, 5))
    summit = packet.counted[0]
    assert summit.sha256 == hashlib.sha256(b"certificate a\n").hexdigest()
    assert summit.published_as == "certificates/a.pdf"  # under evidence/ in the site
    # The same Proof object for every page that asks (made once).
    assert content.proofs.of(summit.entry) is summit.proof


def test_the_tally_numbers_follow_the_order_it_is_given():
    proofs = [Proof(PRESENT), Proof(NONE), Proof(MISSING, "x.pdf"), Proof(PRESENT)]
    assert proof_tally(proofs).missing == (3,) and proof_tally(proofs).none == (2,)
    assert proof_tally(reversed(proofs)).missing == (2,) and proof_tally(reversed(proofs)).none == (3,)
    assert proof_tally([]).complete and not proof_tally(proofs).complete


def test_totals_by_activity_with_each_cap_used(tmp_path):
    root = tracker(tmp_path)
    c = analysis(root, TODAY).report.credentials[0]
    totals = {a.activity: (a.courses, a.counted) for a in c.by_activity}
    # By hand: conference 7.5; webinars 1.5 contact hours (= 1.5 CEC) + 3 CEC = 4.5; the
    # first 2025 card 5 (ACSM's fixed value), the second 0 (cap of 5 a year reached);
    # the petitioned course 2 (activity course).
    assert totals == {"conference": (1, 7.5), "webinar": (2, 4.5), "cpr_aed": (1, 5.0),
                      "course": (1, 2.0)}
    assert [a.activity for a in c.by_activity] == ["conference", "cpr_aed", "webinar", "course"]
    (cpr,) = [a for a in c.by_activity if a.activity == "cpr_aed"]
    (cap,) = cpr.caps
    assert (cap.label, cap.per_year, cap.used, cap.unconfirmed) == \
        ("CPR/AED and first aid", 5.0, 5.0, True)
    assert cap.years == ((dt.date(2024, 1, 1), 0.0), (dt.date(2025, 1, 1), 5.0),
                         (dt.date(2026, 1, 1), 0.0))
    committee = [k for k in c.caps if k.id == "committee"][0]  # no course used it
    assert (committee.per_year, committee.per_cycle, committee.used) == (8.0, 24.0, 0.0)
    assert [a.caps for a in c.by_activity if a.activity == "webinar"] == [()]


def test_the_providers_standing_as_the_record_shows_it(tmp_path):
    root = tracker(tmp_path)
    provided_by(root, "ACSM")
    (packet,) = site_content(analysis(root, TODAY)).packets
    status = {r.entry.title: (r.provider.kind, r.provider.approval) for r in packet.rows}
    assert status == {"Summit": ("body", None), "Webinar one": ("approval", "NSCA-1234"),
                      "Webinar two": ("none", None), "CPR one": ("none", None),
                      "CPR two": ("none", None), "Petitioned": ("petition", None)}


def test_a_course_recorded_long_after_it_was_completed(tmp_path):
    assert recorded_late(dt.date(2025, 1, 1), dt.date(2025, 4, 1)) is None  # 90 days: fine
    assert recorded_late(dt.date(2025, 1, 1), dt.date(2025, 4, 2)) == 91
    assert recorded_late(dt.date(2025, 1, 1), None) is None
    root = tracker(tmp_path)
    git_commit_all(root, "2025-03-01")  # everything so far recorded on 1 March 2025
    (packet,) = site_content(analysis(root, TODAY)).packets
    late = {r.entry.title: r.late_days for r in packet.counted}
    # Summit (2024-04-20): 315 days; Webinar one (2024-06-01): 273; CPR one (2025-01-18): 42;
    # Webinar two (2025-02-01): 28; Petitioned (2026-03-01): recorded before it was done.
    assert late == {"Summit": 315, "Webinar one": 273, "CPR one": None, "Webinar two": None,
                    "Petitioned": None}
    assert packet.late == (1, 2)


def test_the_packet_knows_who_the_holder_is(tmp_path):
    (packet,) = site_content(analysis(tracker(tmp_path), TODAY)).packets
    who = packet.identity
    assert (who.name, who.number, who.since, who.expires, who.contact, who.attestation) == (
        "Sam Holder", "987654", dt.date(2020, 5, 16), dt.date(2026, 12, 31),
        "sam@example.org, +1 555 0100", "I swear it.")


def test_a_contact_that_is_not_text_is_reported_at_its_line(tmp_path):
    root = write_tracker(tmp_path, {}, profile=PROFILE.replace(
        "contact: sam@example.org, +1 555 0100", "contact:\n  - sam@example.org"))
    problems = analysis(root, TODAY).report.problems
    assert [(p.code, p.line) for p in problems if p.code == "wrong-type"] == [("wrong-type", 3)]


def test_the_csv_adds_activity_provider_certificate_and_lateness_at_the_end(tmp_path):
    root = tracker(tmp_path)
    git_commit_all(root, "2025-03-01")
    (packet,) = site_content(analysis(root, TODAY)).packets
    rows = list(csv.DictReader(io.StringIO(packet_csv(packet).decode("utf-8-sig"))))
    header = next(csv.reader(io.StringIO(packet_csv(packet).decode("utf-8-sig"))))
    assert header[-5:] == ["activity", "provider_status", "certificate", "recorded_late_days",
                           "first_recorded_unknown"]
    assert header[:3] == ["credential", "cycle_start", "cycle_end"]  # old columns stay first
    # UTF-8 with its byte-order mark, so that Excel shows "José" as José.
    assert packet_csv(packet).startswith("\ufeffcredential,".encode("utf-8"))
    by_title = {r["title"]: r for r in rows}
    assert [by_title["Summit"][k] for k in header[-5:-1]] == ["conference", "none", "present", "315"]
    assert [by_title["Webinar one"][k] for k in header[-5:-1]] == \
        ["webinar", "approval", "missing", "273"]
    assert [by_title["Webinar two"][k] for k in header[-5:-1]] == ["webinar", "none", "none", ""]


def test_the_words_every_page_uses_for_proof_caps_providers_and_lateness():
    from cectrack.audit.proof import ProofTally, ProviderStatus
    from cectrack.engine.report import CapUse
    from cectrack.render.proofwords import (
        cap_text,
        late_text,
        proof_line,
        provider_text,
    )
    assert proof_line(ProofTally(11, 9, (7,), (9,))) == \
        "Proof: 9 of 11 certificates; #7 file missing, #9 none recorded"
    assert proof_line(ProofTally(5, 2, (2,), (4, 5))) == \
        "Proof: 2 of 5 certificates; #2 file missing, #4 and #5 none recorded"
    assert proof_line(ProofTally(4, 1, (), (1, 2, 3))) == \
        "Proof: 1 of 4 certificates; #1, #2 and #3 none recorded"
    assert proof_line(ProofTally(11, 11)) == "Proof: a certificate for each of the 11 courses"
    cpr = CapUse("cpr", "CPR/AED and first aid", ("cpr_aed",), None, 5.0, None, 5.0,
                 ((dt.date(2024, 1, 1), 0.0), (dt.date(2025, 1, 1), 5.0)))
    assert cap_text(cpr) == "CPR/AED and first aid: at most 5 a year; 5 of 5 in 2025"
    committee = CapUse("c", "committee service", ("committee",), None, 8.0, 24.0, 0.0,
                       ((dt.date(2024, 5, 16), 0.0),))
    assert cap_text(committee) == "committee service: at most 8 a year and 24 a cycle; none used"
    served = CapUse("c", "committee service", ("committee",), None, 8.0, 24.0, 11.0,
                    ((dt.date(2024, 5, 16), 8.0), (dt.date(2025, 5, 16), 3.0)))
    assert cap_text(served) == ("committee service: at most 8 a year and 24 a cycle; 8 of 8 in "
                                "the year from 16 May 2024; 3 of 8 in the year from 16 May 2025; "
                                "11 of 24 this cycle")
    assert provider_text(ProviderStatus("body"), "ACSM") == "ACSM's own course"
    assert provider_text(ProviderStatus("approval", "X-1"), "ACSM") == \
        "approval number X-1 (as recorded)"
    assert provider_text(ProviderStatus("petition"), "ACE") == "approved by ACE on petition"
    assert provider_text(ProviderStatus("none"), "ACSM") == "no approval number recorded"
    assert late_text(91) == "first recorded 3 months after it was completed"
    assert late_text(315) == "first recorded 10 months after it was completed"
    assert late_text(800) == "first recorded 2 years after it was completed"


def test_the_profile_schema_offers_contact_and_attestation():
    from cectrack.records.schema import profile_schema
    properties = profile_schema()["properties"]
    assert properties["contact"]["type"] == ["string", "number", "boolean"]
    assert "statement you sign" in properties["attestation"]["description"]
    assert "contact" not in profile_schema()["required"]
