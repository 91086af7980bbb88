"""Issue 22, item 2: passwords as people type them, and builds that never seal by accident
in the clear (an empty secret in CI, a password that changed or went away)."""
from __future__ import annotations

import json
import unicodedata

import pytest
from conftest import build_with, course, mkdocs, write_tracker
from hypothesis import given, settings, strategies as st

from cectrack.audit import lock
from cectrack.audit.lock import (
    TRIMMED,
    SealedWriter,
    new_lock,
    normalise_password,
    password_problem,
    same_password,
    seal,
    unseal,
    verifier,
)
from cectrack.publish.spool import Spool
from cectrack.render.sealed import is_sealed_start

PASSWORD = "crème brûlée for two"


def cheap_lock(password: str = PASSWORD) -> lock.Lock:
    """A lock of few iterations: the tests of what is sealed, not of how slow guessing is."""
    return lock.Lock(b"0123456789abcdef", lock._derive(password, b"0123456789abcdef", 1000), 1000)


@pytest.mark.parametrize("typed, used", [
    ("  crème brûlée for two  ", PASSWORD),
    ("crème brûlée for two\n", PASSWORD),  # a secrets file's last line
    ("crème brûlée for two\r\n", PASSWORD),  # ... written on Windows
    ("\ufeffcrème brûlée for two", PASSWORD),  # a byte-order mark pasted along
    ("\u00a0crème brûlée for two\u3000", PASSWORD),  # no-break and ideographic spaces
    (unicodedata.normalize("NFD", PASSWORD), PASSWORD),  # e + accent typed apart (macOS)
    ("two  words inside", "two  words inside"),  # spaces inside are the password's own
    ("zero\u200bwidth", "zero\u200bwidth"),  # an invisible character inside stays
    ("\u2028line separator around\u2029", "line separator around"),
])
def test_a_password_is_used_as_it_was_meant(typed, used):
    assert normalise_password(typed) == used


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=30).filter(lambda t: normalise_password(t) == t),
       st.text(alphabet=TRIMMED, max_size=4), st.text(alphabet=TRIMMED, max_size=4),
       st.sampled_from(["NFC", "NFD"]))
def test_every_typed_form_of_a_password_derives_one_key(password, before, after, form):
    salt = b"0123456789abcdef"
    typed = unicodedata.normalize(form, before + password + after)
    assert lock._derive(typed, salt, 1000) == lock._derive(password, salt, 1000)


def test_a_build_seals_with_600000_iterations_and_a_new_salt_each_time():
    one, other = new_lock(PASSWORD), new_lock(PASSWORD)
    assert one.salt != other.salt and one.key != other.key
    assert json.loads(seal(one, b"x"))["iterations"] == 600_000


def test_what_is_sealed_with_one_form_opens_with_another():
    sealed = seal(cheap_lock(), b"the packet")
    assert unseal(sealed, unicodedata.normalize("NFD", PASSWORD) + "\n") == b"the packet"
    with pytest.raises(ValueError):
        unseal(sealed, "crème brulee for two")  # a missing accent is another password


@pytest.mark.parametrize("value, required, in_ci, expected", [
    (None, False, False, None),
    ("", False, True, None),  # a public site's secret never set: builds plain
    ("", True, True, "CECTRACK_SITE_PASSWORD is empty in CI: the secret is missing"),
    (None, True, False, "CECTRACK_SITE_PASSWORD is not set;"),
    ("   \n", False, False, "CECTRACK_SITE_PASSWORD holds only spaces or line breaks"),
    ("short\n", False, False, "CECTRACK_SITE_PASSWORD is 5 characters long; use at least 12"),
    ("  eleven ch  ", False, False, "is 9 characters long"),  # counted once trimmed
    ("twelve chars", True, True, None),
])
def test_what_a_password_variable_may_hold(value, required, in_ci, expected):
    problem = password_problem(value, "CECTRACK_SITE_PASSWORD", required=required, in_ci=in_ci)
    assert (problem is None) if expected is None else (expected in problem)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.binary(max_size=5000), max_size=8))
def test_sealing_as_written_opens_to_what_was_written(pieces):
    """Sealed a piece at a time (a large file) is sealed whole: the same format, opened."""
    key = cheap_lock()
    out: list[bytes] = []
    writer = SealedWriter(key, out.append)
    for piece in pieces:
        writer.write(piece)
    writer.close()
    blob = b"".join(out)
    assert is_sealed_start(blob) and set(json.loads(blob)) == {"v", "kdf", "iterations", "salt",
                                                                "iv", "ct"}
    item = json.loads(blob)
    import base64

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    assert AESGCM(key.key).decrypt(base64.b64decode(item["iv"]), base64.b64decode(item["ct"]),
                                   None) == b"".join(pieces)


def test_a_sealed_export_never_touches_the_disk_plain(tmp_path):
    key = cheap_lock()
    spool = Spool(tmp_path, lambda name: key if name.startswith("audit/") else None)
    sealed = spool.text("audit/p.csv", lambda write: [write("Kettlebell Fundamentals,4\r\n")
                                                      for _ in range(3)])
    zipped = spool.binary("audit/p.zip", lambda handle: _zip(handle))
    plain = spool.text("status.json", lambda write: write("{}"))
    for path in (sealed, zipped):
        assert "Kettlebell".encode() not in path.read_bytes() and is_sealed_start(path.read_bytes())
    assert unseal(sealed.read_bytes(), PASSWORD) == b"Kettlebell Fundamentals,4\r\n" * 3
    import io
    import zipfile
    with zipfile.ZipFile(io.BytesIO(unseal(zipped.read_bytes(), PASSWORD))) as archive:
        assert archive.read("proof.txt") == b"Kettlebell Fundamentals" * 1000
    assert plain.read_bytes() == b"{}" and spool.sealed == {"audit/p.csv", "audit/p.zip"}


def _zip(handle) -> None:
    import zipfile
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("proof.txt", "w") as member:
            member.write(b"Kettlebell Fundamentals" * 1000)


def test_a_verifier_tells_the_same_password_from_another():
    check = verifier(cheap_lock())
    assert same_password(check, unicodedata.normalize("NFD", PASSWORD) + "\n") is True
    assert same_password(check, "another long password") is False
    assert same_password({"not": "a verifier"}, PASSWORD) is None


# --- Builds ----------------------------------------------------------------------------------

SITE = """\
site_name: Continuing education
theme:
  name: material
  font: false
plugins:
  - search
  - cectrack:
      OPTIONS
"""


def small_tracker(root, options: str = "noindex: true"):
    write_tracker(root, {"credits/2026/kettlebell.yaml": course("Kettlebell Fundamentals",
                                                                 "2026-05-16", 4)})
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(SITE.replace("OPTIONS", options))
    return root


def test_an_empty_password_in_ci_stops_a_site_that_says_it_is_private(tmp_path, caplog):
    root = small_tracker(tmp_path / "t", "private: true")
    built, log = build_with(root, caplog, CI="true", CECTRACK_SITE_PASSWORD="")
    assert not built and "CECTRACK_SITE_PASSWORD is empty in CI: the secret is missing" in log
    assert not (root / "site" / "index.html").exists()


def test_encrypt_audit_stops_a_ci_build_without_the_audit_password(tmp_path, caplog):
    root = small_tracker(tmp_path / "t", "encrypt_audit: true")
    built, log = build_with(root, caplog, CI="true", CECTRACK_AUDIT_PASSWORD="")
    assert not built and "CECTRACK_AUDIT_PASSWORD is empty in CI" in log


def test_a_password_of_spaces_stops_any_build(tmp_path, caplog):
    root = small_tracker(tmp_path / "t")
    built, log = build_with(root, caplog, CECTRACK_SITE_PASSWORD="   \n", CI="")
    assert not built and "holds only spaces or line breaks" in log


@pytest.mark.slow  # two builds
def test_a_private_site_built_on_a_computer_without_its_password_is_a_warned_preview(tmp_path):
    root = small_tracker(tmp_path / "t", "private: true")
    env = {"CECTRACK_SITE_PASSWORD": "", "CI": ""}
    strict = mkdocs("build", "--strict", cwd=root, env=env)
    assert strict.returncode == 1
    assert "this build on your computer is not sealed: preview it, never publish it" in strict.stderr
    assert mkdocs("build", cwd=root, env=env).returncode == 0


def test_a_password_that_changed_or_went_away_is_said_in_the_build_log(tmp_path, caplog):
    """Four builds in process, as the build log says it (INFO)."""
    caplog.set_level("INFO")
    root = small_tracker(tmp_path / "t")

    def log_of_build(password: str) -> str:
        caplog.clear()
        built, log = build_with(root, caplog, CECTRACK_SITE_PASSWORD=password, CI="")
        assert built, log
        return log
    assert "last build" not in log_of_build("the first password")
    again = log_of_build(" the first password\n")
    assert "is not the one of the last build" not in again  # the same, as typed
    assert ("CECTRACK_SITE_PASSWORD is not the one of the last build in site/: give the new "
            "password to whoever reads the site with the old one") in log_of_build(
                "a second password")
    marks = (root / "site" / "cectrack-seal.json").read_text()
    assert "password" not in marks and set(json.loads(marks)) == {"v", "site", "audit"}
    assert ("CECTRACK_SITE_PASSWORD was set for the last build in site/ and is not now: what "
            "it sealed is published in the clear by this build") in log_of_build("")
    assert b"Kettlebell" in (root / "site" / "credentials" / "acsm-cpt" / "index.html").read_bytes()


def test_a_long_page_sealed_into_its_shell_opens_to_its_utf8():
    """A page of many sealing steps, with characters of two, three and four bytes across
    their edges, is sealed from its text a piece at a time: the shell's payload opens to
    the page's UTF-8, and the shell around it is the form as written."""
    import base64
    import re

    from cectrack.render import sealed
    page = ("<html><head><title>t</title></head><body>"
            + "é✓𝄞a" * 70_000 + "</body></html>")
    shell = sealed.shell(cheap_lock(), page, "../", "packet")
    payload = re.search(r'data-cectrack-locked="([^"]*)"', shell)
    assert payload is not None
    assert unseal(base64.b64decode(payload.group(1)), PASSWORD) == page.encode("utf-8")
    assert "\0" not in shell and shell.count("data-cectrack-locked=") == 1
    assert shell.startswith('<!doctype html>\n<html lang="en" class="cectrack-shell"')
    assert shell.endswith('</div>\n</main>\n</body>\n</html>\n')
    assert unseal(seal(cheap_lock(), "✓" * 100_000), PASSWORD) == ("✓" * 100_000).encode()
