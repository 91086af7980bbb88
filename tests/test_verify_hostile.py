"""Issue 22, item 4: `cectrack verify` never breaks.

Each bundle here is made in the test, from a good one, the way an attacker or a bad disk
would make it: a clear message and a failed check, within seconds and bounded memory, never
a traceback and never "all files match"."""
from __future__ import annotations

import hashlib
import io
import json
import os
import struct
import time
import zipfile
from pathlib import Path

import pytest
from conftest import cectrack

from cectrack.audit.verify import BadBundle, shown, verify_bundle, verify_certificates

CARD = b"%PDF-1.4 the CPR/AED card\n" * 40
QUIZ = b"%PDF-1.4 the quiz certificate\n" * 40


def manifest(files: dict[str, bytes]) -> bytes:
    rows = ["path,bytes,sha256"] + [f"{name},{len(data)},{hashlib.sha256(data).hexdigest()}"
                                    for name, data in sorted(files.items())]
    return ("\r\n".join(rows) + "\r\n").encode()


def packet_json(files: dict[str, bytes]) -> bytes:
    courses = [{"title": name, "status": "counted", "sha256": hashlib.sha256(data).hexdigest(),
                "evidence": name, "completed": "2025-01-18"} for name, data in files.items()]
    return json.dumps({"schema": 1, "courses": courses}).encode()


GOOD = {"evidence/certificates/card.pdf": CARD, "evidence/certificates/quiz.pdf": QUIZ}
GOOD_ALL = {**GOOD, "p.json": packet_json(GOOD)}


def bundle(files: dict[str, bytes], listed: dict[str, bytes] | None = None,
           method=zipfile.ZIP_DEFLATED, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr("manifest.csv", manifest(files if listed is None else listed))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def check(tmp_path: Path, data: bytes) -> tuple[list[str], bool]:
    path = tmp_path / "packet.zip"
    path.write_bytes(data)
    return verify_bundle(path)


def refused(tmp_path: Path, data: bytes) -> str:
    with pytest.raises(BadBundle) as found:
        check(tmp_path, data)
    return str(found.value)


def test_a_good_bundle_matches(tmp_path):
    lines, ok = check(tmp_path, bundle(GOOD_ALL))
    assert ok and lines[-1] == "all 3 files match the manifest"


# --- A damaged ZIP: named member by member -----------------------------------------------------

def patched(data: bytes, name: bytes, change) -> bytes:
    """The ZIP with the local and central headers of member `name` passed to `change(header,
    at)`, which returns the new bytes of the header (signature and fixed part)."""
    data = bytearray(data)
    for signature, size, name_at in ((b"PK\x03\x04", 30, 26), (b"PK\x01\x02", 46, 28)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            length = struct.unpack_from("<H", data, at + name_at)[0]
            start = at + size if signature == b"PK\x03\x04" else at + 46
            if bytes(data[start:start + length]) == name:
                data[at:at + size] = change(bytes(data[at:at + size]), signature)
            at += 4
    return bytes(data)


def test_a_bad_crc_is_named_and_fails(tmp_path):
    data = bytearray(bundle(GOOD_ALL, method=zipfile.ZIP_STORED))
    at = data.find(CARD[:40])
    data[at + 5] ^= 0xFF
    lines, ok = check(tmp_path, bytes(data))
    assert not ok and lines[-1] == "the bundle does NOT match its manifest"
    assert any(line.startswith("DAMAGED  evidence/certificates/card.pdf: damaged (Bad CRC-32")
               for line in lines)


def test_an_encrypted_member_is_named_and_fails(tmp_path):
    def encrypted(header: bytes, signature: bytes) -> bytes:
        at = 6 if signature == b"PK\x03\x04" else 8
        flags = struct.unpack_from("<H", header, at)[0] | 1
        return header[:at] + struct.pack("<H", flags) + header[at + 2:]
    data = patched(bundle(GOOD_ALL), b"evidence/certificates/quiz.pdf", encrypted)
    lines, ok = check(tmp_path, data)
    assert not ok and "DAMAGED  evidence/certificates/quiz.pdf: encrypted, so it cannot be " \
                      "checked" in lines


@pytest.mark.parametrize("method", [99, 9, 97])  # AES, deflate64, WavPack: not read here
def test_an_unknown_compression_method_is_named_and_fails(tmp_path, method):
    def other_method(header: bytes, signature: bytes) -> bytes:
        at = 8 if signature == b"PK\x03\x04" else 10
        return header[:at] + struct.pack("<H", method) + header[at + 2:]
    data = patched(bundle(GOOD_ALL), b"evidence/certificates/card.pdf", other_method)
    lines, ok = check(tmp_path, data)
    assert not ok
    assert any(line.startswith("DAMAGED  evidence/certificates/card.pdf: compressed by a "
                               "method cectrack does not read") for line in lines), lines


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.9, 0.99])
def test_a_bundle_cut_short_is_refused_in_one_line(tmp_path, keep):
    data = bundle(GOOD_ALL)
    assert "is not a readable ZIP file" in refused(tmp_path, data[:int(len(data) * keep)])


# --- A ZIP bomb: refused from the sizes it declares, before inflating -----------------------------

def test_a_member_that_would_inflate_a_thousand_times_is_refused_at_once(tmp_path):
    bomb = bundle({**GOOD, "evidence/certificates/big.pdf": bytes(50 * 2**20)})
    began = time.perf_counter()
    message = refused(tmp_path, bomb)
    assert time.perf_counter() - began < 1.0
    assert "big.pdf in packet.zip would inflate" in message and "a ZIP bomb" in message


def test_many_small_members_of_filler_are_refused_together(tmp_path):
    filler = {f"evidence/f{i}.pdf": bytes(2**20 - 1) for i in range(40)}  # each under the ratio
    message = refused(tmp_path, bundle(filler))
    assert "packet.zip would inflate to 41,9" in message and "a ZIP bomb" in message


def test_a_member_larger_than_any_certificate_is_refused(tmp_path):
    def huge(header: bytes, signature: bytes) -> bytes:
        at = 22 if signature == b"PK\x03\x04" else 24  # the uncompressed size
        return header[:at] + struct.pack("<I", 0xFFFFFFFE) + header[at + 4:]
    data = patched(bundle(GOOD_ALL, method=zipfile.ZIP_STORED), b"evidence/certificates/card.pdf",
                   huge)
    message = refused(tmp_path, data)
    assert "card.pdf in packet.zip would inflate" in message or "a ZIP bomb" in message


# --- The manifest: its shape, checked ------------------------------------------------------------

@pytest.mark.parametrize("text, words", [
    (b"name,size,hash\r\nx,1," + b"0" * 64, "does not start with the columns path, bytes, sha256"),
    (b"path,bytes,sha256\r\n", "lists no file"),
    (b"path,bytes,sha256\r\nevidence/certificates/card.pdf,12,abc\r\n", "line 2 is not a path"),
    (b"path,bytes,sha256\r\nevidence/x.pdf,-4," + b"a" * 64, "line 2 is not a path"),
    (b"path,bytes,sha256\r\nevidence/x.pdf,1e9," + b"a" * 64, "line 2 is not a path"),
    (b"path,bytes,sha256\r\nevidence/x.pdf,4," + b"a" * 64 + b",extra", "line 2 is not a path"),
    (b"path,bytes,sha256\r\n../../etc/passwd,4," + b"a" * 64, "line 2 is not a path"),
    (b"path,bytes,sha256\r\nx,1," + b"a" * 64 + b"\r\nx,1," + b"a" * 64, "lists 'x' twice"),
    (b'path,bytes,sha256\r\n"' + b"x" * 200_000 + b'",1,' + b"a" * 64, "not a readable CSV"),
    (b"path,bytes,sha256\r\n\xff\xfe,1," + b"a" * 64, "not UTF-8 text"),
    (b"path,bytes,sha256\r\n" + "evidence/\u202efdp.exe,1,".encode() + b"a" * 64,
     "evidence/\\u202efdp.exe"),
])
def test_a_manifest_of_the_wrong_shape_is_refused(tmp_path, text, words):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("evidence/certificates/card.pdf", CARD)
        archive.writestr("manifest.csv", text)
    assert words in refused(tmp_path, out.getvalue())


@pytest.mark.parametrize("document, words", [
    (b"[" * 100_000 + b"]" * 100_000, "nested deeper than any packet"),
    (b'{"courses": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", "nested deeper than any packet"),
    (b'{"courses": "none"}', "not a packet's JSON"),
    (b"{not json", "not readable JSON"),
])
def test_a_packet_json_of_the_wrong_shape_or_depth_fails_without_a_crash(tmp_path, document, words):
    lines, ok = check(tmp_path, bundle(GOOD, extra={"p.json": document}))
    assert not ok and any(words in line for line in lines), lines


def test_courses_that_are_not_records_are_passed_over(tmp_path):
    document = json.dumps({"courses": [1, "x", None, [], {"status": "counted", "sha256": 5}]})
    lines, ok = check(tmp_path, bundle({**GOOD, "p.json": document.encode()}))
    assert ok, lines


# --- Names: no escape, no twin, no forged line -----------------------------------------------------

@pytest.mark.parametrize("name, words", [
    ("../evil.pdf", "which leads out of the folder it is extracted to"),
    ("evidence/../../evil.pdf", "which leads out of the folder"),
    ("/etc/cron.d/evil", "an absolute path"),
    ("C:\\Windows\\evil.dll", "an absolute path"),
    ("evidence\\..\\..\\evil.pdf", "which leads out of the folder"),
    ("evidence/x.pdf\nok       evidence/forged.pdf", "evidence/x.pdf\\nok       evidence/forged.pdf"),
    ("evidence/x\x1b[2K\rall files match.pdf", "evidence/x\\x1b[2K\\rall files match.pdf"),
    ("evidence/invoice\u202efdp.exe", "evidence/invoice\\u202efdp.exe"),
    ("evidence/zero\u200bwidth.pdf", "evidence/zero\\u200bwidth.pdf"),
    ("/".join(["d"] * 30) + "/x.pdf", "more than 20 folders deep"),
])
def test_a_member_name_that_escapes_or_forges_a_line_is_refused_and_shown_escaped(tmp_path, name,
                                                                                   words):
    message = refused(tmp_path, bundle(GOOD, extra={name: b"x"}))
    assert words in message and "\n" not in message and "\x1b" not in message


def test_two_members_of_one_name_are_refused(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("evidence/certificates/card.pdf", CARD)
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns of the duplicate it writes
            archive.writestr("evidence/certificates/card.pdf", b"%PDF forged")
        archive.writestr("manifest.csv", manifest(GOOD))
    assert "holds two files named 'evidence/certificates/card.pdf'" in refused(tmp_path,
                                                                             out.getvalue())


def test_a_bundle_with_neither_manifest_nor_certificates_never_matches(tmp_path):
    empty = io.BytesIO()
    zipfile.ZipFile(empty, "w").close()
    assert "has no manifest.csv" in refused(tmp_path, empty.getvalue())
    only = io.BytesIO()
    with zipfile.ZipFile(only, "w") as archive:
        archive.writestr("manifest.csv", "path,bytes,sha256\r\n")
    assert "lists no file" in refused(tmp_path, only.getvalue())


@pytest.mark.parametrize("text", ["ok", "\u202e", "a\u2028b", "\U000e0041", "é"])
def test_shown_escapes_only_what_hides(text):
    escaped = shown(text)
    assert escaped.isprintable() and (escaped == text) == text.isprintable()


# --- What the auditor gives: a pipe, a device, a folder, the sealed download ----------------------

@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_a_pipe_device_or_folder_is_refused_at_once(tmp_path, kind):
    target = {"fifo": tmp_path / "packet.zip", "device": Path("/dev/zero"),
              "folder": tmp_path}[kind]
    if kind == "fifo":
        os.mkfifo(target)
    began = time.perf_counter()
    result = cectrack("verify", str(target), cwd=tmp_path, expect=1)
    assert time.perf_counter() - began < 30
    what = "a folder" if kind == "folder" else "a pipe, device or socket"
    assert f"is {what}, not a file; give the downloaded file" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_still_sealed_download_says_how_to_open_it(tmp_path):
    from cectrack.audit.lock import Lock, seal
    sealed = tmp_path / "acsm-cpt-2024-2026.zip"
    sealed.write_bytes(seal(Lock(b"0" * 16, b"1" * 32, 1000), bundle(GOOD_ALL)))
    result = cectrack("verify", str(sealed), cwd=tmp_path, expect=1)
    assert "is the packet's ZIP still sealed: open the packet's page with the password" in \
        result.stderr


# --- One certificate against a packet -------------------------------------------------------------

@pytest.mark.parametrize("packet", ["zip", "json", "csv", "manifest"])
def test_a_certificate_is_found_in_the_packet_by_its_content(tmp_path, packet):
    files = {"zip": bundle(GOOD_ALL), "json": packet_json(GOOD), "manifest": manifest(GOOD),
             "csv": b"title,completed,evidence,sha256\r\n" + b"".join(
                 f"{n},2025-01-18,{n},{hashlib.sha256(d).hexdigest()}\r\n".encode()
                 for n, d in GOOD.items())}
    path = tmp_path / f"packet.{packet if packet != 'manifest' else 'csv'}"
    path.write_bytes(files[packet])
    (tmp_path / "received.pdf").write_bytes(CARD)
    (tmp_path / "quiz.pdf").write_bytes(b"%PDF-1.4 a changed quiz")
    (tmp_path / "other.pdf").write_bytes(b"%PDF-1.4 another course")
    lines, ok = verify_certificates(path, [tmp_path / "received.pdf"])
    assert ok and lines[0].startswith("ok       received.pdf: the certificate of ")
    assert "card.pdf" in lines[0]
    lines, ok = verify_certificates(path, [tmp_path / n for n in ("quiz.pdf", "other.pdf")])
    assert not ok
    assert lines[0].startswith("CHANGED  quiz.pdf: SHA-256 ")
    assert lines[1].startswith("NOT IN   other.pdf: no certificate of this packet has its SHA-256")
    assert lines[-1] == "NOT every file is a certificate of the packet"


def test_verify_with_certificates_on_the_command_line(tmp_path):
    (tmp_path / "packet.zip").write_bytes(bundle(GOOD_ALL))
    (tmp_path / "card.pdf").write_bytes(CARD)
    found = cectrack("verify", "packet.zip", "card.pdf", cwd=tmp_path)
    assert found.stdout.splitlines()[-1] == "every file is a certificate of the packet"
    os.mkfifo(tmp_path / "pipe.pdf")
    piped = cectrack("verify", "packet.zip", "pipe.pdf", cwd=tmp_path, expect=1)
    assert "pipe.pdf is a pipe, device or socket" in piped.stderr
