"""Issue 29, item 3: a trainer shares the standing alone, sealed for a studio's key.

The key's text form catches a key mangled in copying and a secret key pasted where the
public one belongs; a build with studios in the profile publishes standing.sealed.json, which
only the listed studios open, to the standing and nothing of the courses."""
from __future__ import annotations

import json
import os

import pytest
from conftest import EXAMPLE, build_site, cectrack, copy_example, write_tracker

from cectrack.audit.lock import unseal
from cectrack.records.studiokey import (
    PUBLIC_PREFIX,
    SECRET_PREFIX,
    BadKey,
    hide_secret_keys,
    read_public_key,
    read_secret_key,
)
from cectrack.team.seal import CannotOpen, new_key_pair, open_sealed

STUDIO_A = new_key_pair()
STUDIO_B = new_key_pair()
STRANGER = new_key_pair()
SITE_PASSWORD = "our private site"


def with_studios(profile: str, *studios: tuple[str, str]) -> str:
    lines = [f"  - name: {name}\n    key: {key}\n" for name, key in studios]
    return profile + "studios:\n" + "".join(lines)


# --- The key as text -----------------------------------------------------------------------

def test_a_key_pair_reads_back_and_the_halves_are_told_apart():
    public, secret = new_key_pair()
    assert public.startswith(PUBLIC_PREFIX) and secret.startswith(SECRET_PREFIX)
    assert len(read_public_key(public)) == len(read_secret_key(secret)) == 32
    assert read_public_key(f"  {public}\n") == read_public_key(public)  # pasted with spaces


@pytest.mark.parametrize("mangle, words", [
    (lambda k: k[:-1], "has 47 characters after"),  # a character dropped
    (lambda k: k + "A", "has 49 characters after"),
    (lambda k: k[:-3] + ("B" if k[-3] != "B" else "C") + k[-2:], "does not check out"),
    (lambda k: k[:30] + "!" + k[31:], "holds characters a key never has"),
    (lambda k: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI", "starts with `cectrack-studio-1:`"),
    (lambda k: STUDIO_A[1], "SECRET key"),
])
def test_a_mangled_public_key_says_what_is_wrong(mangle, words):
    with pytest.raises(BadKey) as refused:
        read_public_key(mangle(STUDIO_A[0]))
    assert words in refused.value.message and refused.value.hint
    assert STUDIO_A[1][len(SECRET_PREFIX):] not in refused.value.message  # never repeated


def test_the_secret_reader_refuses_the_public_key_and_a_changed_one():
    with pytest.raises(BadKey, match="public key"):
        read_secret_key(STUDIO_A[0])
    secret = STUDIO_A[1]
    with pytest.raises(BadKey, match="does not check out"):
        read_secret_key(secret[:-2] + ("x" if secret[-2] != "x" else "y") + secret[-1])


def test_a_secret_key_is_hidden_in_any_quoted_line():
    line = f"    key: {STUDIO_A[1]}   # oops"
    hidden = hide_secret_keys(line)
    assert STUDIO_A[1] not in hidden and SECRET_PREFIX in hidden and hidden.endswith("# oops")
    assert hide_secret_keys(line.lower()) != line.lower()  # any case


# --- The profile ---------------------------------------------------------------------------

PROFILE = "name: Test Holder\ncredentials:\n  - id: ACSM-CPT\n    number: \"987654\"\n" \
          "    expires: 2026-12-31\n"


def test_check_reports_each_bad_studio_at_its_line_and_never_prints_a_secret(tmp_path):
    text = PROFILE + ("studios:\n"
                      f"  - name: Northside\n    key: {STUDIO_A[0][:-1]}\n"  # line 8
                      f"  - name: Oops\n    key: {STUDIO_B[1]}\n"  # line 10
                      "  - Eastside\n"  # line 11: not a map
                      "  - name: Westside\n")  # line 12: no key
    write_tracker(tmp_path, {}, profile=text)
    result = cectrack("check", "--root", str(tmp_path), "--today", "2026-11-28", expect=1)
    found = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert [line.split(": error: ")[0] for line in found] == [
        "credits/profile.yaml:8:10", "credits/profile.yaml:10:10", "credits/profile.yaml:11:5",
        "credits/profile.yaml:12:5"]
    assert [line.rsplit("[", 1)[1] for line in found] == [
        "bad-studio-key]", "bad-studio-key]", "wrong-type]", "missing-key]"]
    assert STUDIO_B[1][len(SECRET_PREFIX):] not in result.stdout + result.stderr
    github = cectrack("check", "--root", str(tmp_path), "--format", "github", expect=1)
    assert STUDIO_B[1][len(SECRET_PREFIX):] not in github.stdout


def test_the_profile_schema_takes_the_studios_the_loader_takes():
    import jsonschema
    import yaml

    from cectrack.records.schema import profile_schema
    # An editor reads the dates as text, as the BaseLoader does.
    good = yaml.load(with_studios(PROFILE, ("Northside", STUDIO_A[0])), Loader=yaml.BaseLoader)
    jsonschema.validate(good, profile_schema())
    bad = yaml.load(with_studios(PROFILE, ("Northside", STUDIO_A[0][:-1])), Loader=yaml.BaseLoader)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, profile_schema())


# --- The published file ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The example with two studios, built plain and built private; and without studios."""
    def tracker(name):
        root = copy_example(tmp_path_factory.mktemp(name) / "t")
        profile = root / "credits" / "profile.yaml"
        profile.write_text(with_studios(profile.read_text(), ("Northside Strength", STUDIO_A[0]),
                                        ("Eastside Yoga", STUDIO_B[0])))
        return root
    plain = build_site(tracker("plain"))
    os.environ["CECTRACK_SITE_PASSWORD"] = SITE_PASSWORD
    try:
        private = build_site(tracker("private"))
    finally:
        del os.environ["CECTRACK_SITE_PASSWORD"]
    return plain, private


def opened(site, secret_text: str) -> dict:
    document = json.loads((site / "standing.sealed.json").read_bytes())
    return json.loads(open_sealed(document, read_secret_key(secret_text)))


def test_each_listed_studio_opens_the_standing_and_nothing_of_the_courses(sites):
    plain, _ = sites
    status = json.loads((plain / "status.json").read_text())
    standing = opened(plain, STUDIO_A[1])
    assert standing == opened(plain, STUDIO_B[1])
    assert (standing["kind"], standing["as_of"], standing["holder"]) == (
        "standing", "2026-11-28", "Alex Example")
    (c,) = standing["credentials"]
    (s,) = status["credentials"]
    kept = ("id", "name", "body", "unit", "cycle", "required", "earned", "remaining", "met",
            "status", "days_left", "renewed_by")
    assert {k: c[k] for k in kept} == {k: s[k] for k in kept}
    assert (c["remaining"], c["days_left"], c["cycle"]["end"]) == (6.5, 33, "2026-12-31")
    assert c["prerequisites"] == [{"id": "cpr_aed", "met": True, "activity": "cpr_aed",
                                   "valid_until": "2027-01-18"}]
    assert set(c) == set(kept) | {"prerequisites"}  # no entries, categories, notes, number
    assert set(standing) == {"schema", "kind", "as_of", "holder", "credentials"}
    text = json.dumps(standing)
    for entry in s["entries"]:
        assert entry["title"] not in text and entry["file"] not in text
    assert "987654" not in text and "123456" not in text


def test_another_key_or_a_changed_byte_opens_nothing(sites):
    plain, _ = sites
    with pytest.raises(CannotOpen, match="none of its sealed copies opens"):
        opened(plain, STRANGER[1])
    document = json.loads((plain / "standing.sealed.json").read_bytes())
    for i, box in enumerate(document["boxes"]):
        flipped = box[:40] + ("A" if box[40] != "A" else "B") + box[41:]
        changed = dict(document, boxes=[flipped if j == i else b for j, b in
                                        enumerate(document["boxes"])])
        key = read_secret_key((STUDIO_A, STUDIO_B)[i][1])
        with pytest.raises(CannotOpen):
            open_sealed(changed, key)
    # The file names no studio: nothing but the boxes.
    assert set(document) == {"v", "kind", "cipher", "boxes"} and len(document["boxes"]) == 2
    raw = (plain / "standing.sealed.json").read_text()
    assert "Northside" not in raw and "Alex" not in raw


def test_a_private_site_tells_the_studio_the_standing_and_everyone_else_nothing(sites):
    plain, private = sites
    assert opened(private, STUDIO_A[1]) == opened(plain, STUDIO_A[1])
    status = private / "status.json"
    assert json.loads(unseal(status.read_bytes(), SITE_PASSWORD))["holder"] == "Alex Example"
    published = [p for p in private.rglob("*") if p.is_file()]
    assert not [p for p in published if b"Alex Example" in p.read_bytes()]


def test_without_studios_no_sealed_standing_is_published(tmp_path):
    write_tracker(tmp_path, {})
    out = tmp_path / "out"
    cectrack("render", "--out", str(out), "--root", str(tmp_path), "--today", "2026-11-28")
    assert (out / "docs" / "status.json").exists()
    assert not (out / "docs" / "standing.sealed.json").exists()


def test_render_out_publishes_the_sealed_standing_too(tmp_path):
    write_tracker(tmp_path, {}, profile=with_studios(PROFILE, ("Northside", STUDIO_A[0])))
    out = tmp_path / "out"
    cectrack("render", "--out", str(out), "--root", str(tmp_path), "--today", "2026-11-28")
    document = json.loads((out / "docs" / "standing.sealed.json").read_bytes())
    standing = json.loads(open_sealed(document, read_secret_key(STUDIO_A[1])))
    assert standing["holder"] == "Test Holder" and standing["credentials"][0]["id"] == "ACSM-CPT"


def test_keygen_prints_a_pair_that_works_together():
    printed = cectrack("team", "keygen", cwd=EXAMPLE).stdout
    public = next(w for w in printed.split() if w.startswith(PUBLIC_PREFIX))
    secret = next(w for w in printed.split() if w.startswith(SECRET_PREFIX))
    from cectrack.team.seal import seal_for
    document = json.loads(seal_for([read_public_key(public)], b"{}"))
    assert open_sealed(document, read_secret_key(secret)) == b"{}"
    assert "CECTRACK_TEAM_KEY" in printed
