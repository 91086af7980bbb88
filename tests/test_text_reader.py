"""The one text reader (cectrack/files/text.py): every file the user wrote is read through it,
so a byte-order mark, a wrong encoding, a folder in a file's place or a huge file are met the
same way everywhere: as a reason, never a traceback."""
from __future__ import annotations

import os

from conftest import cectrack

from cectrack.files.text import Unreadable, read_data_file, read_text


def test_a_byte_order_mark_is_set_aside(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: x\n")
    assert read_text(path) == "title: x\n"


def test_where_the_text_stops_being_utf8_is_given_by_line_and_byte(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"title: x\nprovider: Caf\xe9\n")  # line 2; "title: x\n" is 9 bytes, +13
    assert read_text(path) == Unreadable("encoding", "not UTF-8 text (byte 22)", 2)


def test_a_folder_a_pipe_and_a_file_over_the_limit_are_refused_unread(tmp_path):
    os.mkfifo(tmp_path / "pipe")  # reading a FIFO would wait for ever
    (tmp_path / "big").write_bytes(b"x" * 11)
    assert read_text(tmp_path) == Unreadable("unreadable-file", "it is not a regular file")
    assert read_text(tmp_path / "pipe") == Unreadable("unreadable-file", "it is not a regular file")
    assert read_text(tmp_path / "big", limit=10) == Unreadable(
        "unreadable-file", "it is larger than the limit of 10 bytes")
    assert read_text(tmp_path / "big", limit=11) == "x" * 11


def test_a_file_is_read_whole_whatever_size_the_system_gives_for_it(tmp_path):
    """A plain file is read in one go, at the size fstat gives; a file whose size the
    system does not know (/proc gives 0) is read to its end all the same."""
    (tmp_path / "empty").write_bytes(b"")
    (tmp_path / "one").write_bytes(b"x")
    assert read_data_file(tmp_path / "empty") == b""
    assert read_data_file(tmp_path / "one") == b"x"
    status = "/proc/self/status"
    if os.path.exists(status) and os.stat(status).st_size == 0:
        assert b"\nPid:" in read_data_file(status)


def test_every_reader_takes_a_byte_order_mark(tmp_path):
    """The profile, a credit file, a tracker's rule file and mkdocs.yml, all saved by an
    editor that writes the mark: all are read, and the totals come out."""
    root = tmp_path / "t"
    cectrack("init", str(root), "--no-input", "--name", "X", "--credential", "ACSM-CPT=2026-12-31")
    bom = b"\xef\xbb\xbf"
    for name in ("credits/profile.yaml", "mkdocs.yml"):
        (root / name).write_bytes(bom + (root / name).read_bytes())
    (root / "credits" / "2026").mkdir()
    (root / "credits" / "2026" / "talk.yaml").write_bytes(
        bom + b"title: Talk\nprovider: P\ncompleted: 2026-03-01\ncredits: 2\nunit: CEC\n")
    result = cectrack("check", "--root", str(root), "--today", "2026-11-28")
    assert "ACSM-CPT: 2 of 45 CEC" in result.stdout
    assert result.stdout.splitlines()[-1] == "as of 2026-11-28: 0 errors, 1 warning"  # no-evidence
