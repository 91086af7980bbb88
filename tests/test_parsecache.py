"""The parse cache (records/parsecache.py, files/cachedir.py) never changes a result: a run
that reads each credit file again and a run that takes it from the cache print the same
thing, after an edit, a rename, a deletion, a new version of cectrack, a damaged cache
file, with concurrent writers and with a cache folder that cannot be written.  It lives
outside the tracker and stays within its bounds."""
from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BROKEN_FILES, CECTRACK, EXAMPLE, TODAY
from test_robustness import ODD_ENTRIES

from cectrack.files import cachedir
from cectrack.records import load, parsecache
from cectrack.records.load import load_tracker

ODD_FILES = {f"credits/odd/{i:02}.yaml": text for i, (text, _) in enumerate(ODD_ENTRIES)}
MORE_FILES = {  # what the flat reader and the full one each read, and what neither does
    "credits/more/list.yaml": "- title: One\n  provider: P\n  completed: 2025-02-01\n  "
                              "credits: 1\n- title: Two\n  provider: P\n  completed: "
                              "2025-02-02\n  credits: 2.5\n  counts_for: [ACSM-CPT]\n",
    "credits/more/bom.yaml": "\ufefftitle: Café\nprovider: Société\ncompleted: 2025-03-01\n"
                             "credits: 3\nunit: CEU\ncategory: {NSCA: A}\nhands_on: true\n",
    "credits/more/crlf.yaml": "title: T\r\nprovider: P\r\ncompleted: 2025-03-02\r\ncredits: 7\r\n",
    "credits/more/control.yaml": "title: a\u0007b\nprovider: P\ncompleted: 2025-03-03\n",
    "credits/more/line-sep.yaml": "title: a\u2028b\nprovider: P\ncompleted: 2025-03-04\n",
}
MORE_BYTES = {"credits/more/latin1.yaml": "title: Caf\xe9\n".encode("latin-1")}


def tracker(root: Path) -> Path:
    shutil.copytree(EXAMPLE / "credits", root / "credits")
    shutil.copytree(EXAMPLE / "certificates", root / "certificates")
    broken = {name: text for name, (text, *_) in BROKEN_FILES.items()}
    for name, text in {**ODD_FILES, **MORE_FILES, **broken}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8", newline="")
    for name, data in MORE_BYTES.items():
        (root / name).write_bytes(data)
    return root


def run(root: Path, cache: Path | str, *command: str) -> str:
    env = dict(os.environ, CECTRACK_CACHE_DIR=str(cache))
    result = subprocess.run([str(CECTRACK), *command, "--today", TODAY.isoformat()], cwd=root,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode in (0, 1) and not result.stderr, result.stderr
    return result.stdout


def outputs(root: Path, cache: Path | str) -> tuple[str, str]:
    return run(root, cache, "check"), run(root, cache, "status", "--json")


@pytest.fixture(scope="module")
def odd(tmp_path_factory) -> Path:
    return tracker(tmp_path_factory.mktemp("odd") / "t")


def reading(root: Path, cache: Path | str, monkeypatch) -> tuple[list, list]:
    """Everything load_tracker read, in-process: each entry's fields with their types, where
    each value stood, and every problem."""
    monkeypatch.setenv("CECTRACK_CACHE_DIR", str(cache))
    tracker = load_tracker(root)
    shape = lambda e: [(n, type(getattr(e, n)), repr(getattr(e, n)))  # noqa: E731
                       for n in e.__dataclass_fields__] + [e.positions]
    return [shape(e) for e in tracker.entries], [repr(p) for p in tracker.problems]


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*" + cachedir.SUFFIX))


@pytest.mark.slow  # separate processes, each reading the cache from disk
def test_cold_warm_and_off_print_the_same(odd, tmp_path):
    cache = tmp_path / "cache"
    fresh = outputs(odd, "off")
    assert "credits/odd/" in fresh[0] and "credits/more/latin1.yaml" in fresh[0]
    assert outputs(odd, cache) == fresh  # cold: every file parsed, the cache written
    (written,) = cache_files(cache)
    assert outputs(odd, cache) == fresh  # warm: every file from the cache
    assert cache_files(cache) == [written]


def test_a_cached_reading_is_the_reading_value_for_value(odd, tmp_path, monkeypatch):
    """Types too (7 and 7.0 are equal but print apart), and where each value stood (not
    part of an entry's equality)."""
    fresh = reading(odd, "off", monkeypatch)
    reading(odd, tmp_path, monkeypatch)
    reads = []
    real = load._parse_entry_file
    monkeypatch.setattr(load, "_parse_entry_file", lambda *a: reads.append(a) or real(*a))
    assert reading(odd, tmp_path, monkeypatch) == fresh
    assert reads == []  # every credit file came from the cache
    kinds = {kind.__name__ for entry in fresh[0] for _, kind, _ in entry[:-1]}
    assert len(fresh[0]) > 15 and kinds >= {"date", "float", "tuple", "dict", "bool", "str"}


def test_an_edit_a_rename_and_a_deletion_show_as_without_a_cache(tmp_path, monkeypatch):
    root, cache = tracker(tmp_path / "t"), tmp_path / "cache"
    reading(root, cache, monkeypatch)
    summit = root / "credits/2024/2024-04-20-acsm-summit-day-1.yaml"
    # The same length and the same modification time: only the bytes tell
    stat = summit.stat()
    text = summit.read_text()
    edited = text.replace("credits: 7", "credits: 9") if "credits: 7" in text else None
    assert edited and len(edited) == len(text)
    summit.write_text(edited)
    os.utime(summit, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert reading(root, cache, monkeypatch) == reading(root, "off", monkeypatch)
    (root / "credits/odd/03.yaml").rename(root / "credits/odd/renamed.yaml")
    (root / "credits/more/list.yaml").unlink()
    after = reading(root, cache, monkeypatch)
    assert after == reading(root, "off", monkeypatch)
    assert any("credits/odd/renamed.yaml" in p for p in after[1])
    assert not any("credits/odd/03.yaml" in p for p in after[1])
    assert not any("'Two'" in repr(e) for e in after[0])
    assert outputs(root, cache) == outputs(root, "off")  # and as the commands print it


def poison(cache: Path, old: str, new: str) -> None:
    """Rewrite a title inside the cache file's records and sign it again, as a stale cache
    would be."""
    def swap(value):
        if isinstance(value, str):
            return value.replace(old, new)
        if isinstance(value, (tuple, list)):
            return type(value)(swap(v) for v in value)
        return {k: swap(v) for k, v in value.items()} if isinstance(value, dict) else value
    rewrite(cache, swap)


def rewrite(cache: Path, change, change_status=lambda known: known) -> None:
    """Each file's record in the cache file changed by `change` (and its status and key by
    `change_status`), the file signed again."""
    (path,) = cache_files(cache)
    status, records = marshal.loads(path.read_bytes().split(b"\n", 1)[1])
    assert records  # the test can fail: there is something to change
    sign(path, marshal.dumps(({name: change_status(known) for name, known in status.items()},
                              {key: change(record) for key, record in records.items()}), 4))


def sign(path: Path, body: bytes) -> None:
    """The cache file at `path` holding `body`, signed as cectrack signs it."""
    fingerprint = path.read_bytes().split(b" ")[2].decode()
    assert cachedir.write_cache(path, fingerprint, body)


def test_a_cache_is_used_and_never_trusted_across_versions(odd, tmp_path, monkeypatch):
    monkeypatch.setenv("CECTRACK_CACHE_DIR", str(tmp_path))
    load_tracker(odd)
    poison(tmp_path, "Kettlebell Fundamentals", "Kettlebell Poisoned!!")
    titles = lambda: {e.title for e in load_tracker(odd).entries}  # noqa: E731
    assert "Kettlebell Poisoned!!" in titles()  # the test can fail: the cache is read
    monkeypatch.setattr(parsecache, "__version__", "9.9.9")
    assert "Kettlebell Fundamentals" in titles()
    monkeypatch.setattr(parsecache, "__version__", parsecache.__version__)
    monkeypatch.setattr(parsecache, "_code_digest", lambda: "an edited checkout")
    assert "Kettlebell Fundamentals" in titles()


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "garbage", "rows", "status",
                                    "not-marshal", "not-a-pair"])
def test_a_damaged_cache_file_is_read_as_no_cache_and_replaced(odd, tmp_path, monkeypatch,
                                                                damage):
    monkeypatch.setattr(parsecache, "SETTLED_NS", 0)  # each file's status kept, and looked up
    fresh = reading(odd, tmp_path, monkeypatch)
    (path,) = cache_files(tmp_path)
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        path.write_bytes(data[:-100] + bytes([data[-100] ^ 1]) + data[-99:])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "garbage":
        path.write_bytes(os.urandom(5000))
    elif damage == "rows":  # signed, but rows of another shape: each such file is read again
        rewrite(tmp_path, lambda record: ((("credits/x.yaml", 1),), ()))
    elif damage == "status":  # signed, each file's status and key of another shape
        rewrite(tmp_path, lambda record: record, lambda known: (known[0], [known[1]]))
    else:  # signed, but not what cectrack writes
        sign(path, b"\x00 not marshal" if damage == "not-marshal" else marshal.dumps([1, 2, 3]))
    assert reading(odd, tmp_path, monkeypatch) == fresh
    assert cachedir.read_cache(path, path.read_bytes().split(b" ")[2].decode()) is not None
    assert reading(odd, tmp_path, monkeypatch) == fresh


def test_a_cache_folder_that_cannot_be_written_changes_nothing(odd, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    fresh = reading(odd, "off", monkeypatch)
    assert reading(odd, blocker / "cache", monkeypatch) == fresh
    monkeypatch.chdir(odd)
    assert reading(odd, "relative/folder", monkeypatch) == fresh
    assert not (odd / "relative").exists()


@pytest.mark.slow  # concurrent processes on one cache
def test_concurrent_runs_agree_and_leave_one_whole_cache(odd, tmp_path):
    cache = tmp_path / "cache"
    fresh = run(odd, "off", "status", "--json")
    env = dict(os.environ, CECTRACK_CACHE_DIR=str(cache))
    runs = [subprocess.Popen([str(CECTRACK), "status", "--json", "--today", TODAY.isoformat()],
                             cwd=odd, env=env, stdout=subprocess.PIPE, text=True)
            for _ in range(6)]
    assert [r.communicate(timeout=60)[0] for r in runs] == [fresh] * 6
    (path,) = cache_files(cache)
    assert not [p for p in cache.iterdir() if p.suffix == ".tmp"]
    assert run(odd, cache, "status", "--json") == fresh


def test_the_cache_lives_in_the_users_cache_folder_not_the_tracker(odd, tmp_path):
    before = sorted(p for p in odd.rglob("*"))
    env = {k: v for k, v in os.environ.items() if k != "CECTRACK_CACHE_DIR"}
    env.update(XDG_CACHE_HOME=str(tmp_path / "xdg"), HOME=str(tmp_path / "home"))
    subprocess.run([str(CECTRACK), "check", "--today", TODAY.isoformat()], cwd=odd, env=env,
                   capture_output=True, timeout=60)
    if sys.platform.startswith("linux"):
        assert len(cache_files(tmp_path / "xdg" / "cectrack")) == 1
        assert (tmp_path / "xdg" / "cectrack").stat().st_mode & 0o077 == 0  # the user's only
    assert sorted(p for p in odd.rglob("*")) == before


def test_the_cache_folder_keeps_the_most_recently_used_within_bounds(tmp_path, monkeypatch):
    monkeypatch.setattr(cachedir, "MAX_FILES", 3)
    for age, name in enumerate("abcdef"):
        path = tmp_path / cachedir.cache_name(name)
        assert cachedir.write_cache(path, "fp", b"x" * 10)
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    stale = tmp_path / ".cectrack-dead.tmp"
    stale.write_text("a writer that died")
    os.utime(stale, (1, 1))
    newest = tmp_path / cachedir.cache_name("g")
    cachedir.write_cache(newest, "fp", b"y")
    kept = {p.name for p in cache_files(tmp_path)}
    assert kept == {newest.name} | {cachedir.cache_name(n) for n in "ef"}
    assert not stale.exists()
    monkeypatch.setattr(cachedir, "MAX_FILE_BYTES", 50)
    assert not cachedir.write_cache(tmp_path / cachedir.cache_name("big"), "fp", b"z" * 100)


def test_a_serving_process_reads_a_file_again_only_when_it_changes(tmp_path, monkeypatch):
    root = tracker(tmp_path / "t")
    monkeypatch.setenv("CECTRACK_CACHE_DIR", "off")
    load.keep_parsed_files(True)
    try:
        load_tracker(root)
        reads = []
        real = load._parse_entry_file
        monkeypatch.setattr(load, "_parse_entry_file", lambda *a: reads.append(a[0]) or real(*a))
        load_tracker(root)
        assert reads == []
        (root / "credits/more/crlf.yaml").write_text("title: T\nprovider: P\n"
                                                     "completed: 2025-03-02\ncredits: 8\n")
        entries = load_tracker(root).entries
        assert reads == ["credits/more/crlf.yaml"]
        assert [e.credits for e in entries if e.file == "credits/more/crlf.yaml"] == [8]
    finally:
        load.keep_parsed_files(False)


def counting_reads(monkeypatch) -> list[str]:
    """The credit files read from disk from now on (the profile, never cached, left out)."""
    reads: list[str] = []
    real = load._read_inside

    def read(path, root):
        if os.path.basename(path) != load.PROFILE_NAME:
            reads.append(os.path.relpath(path, root))
        return real(path, root)
    monkeypatch.setattr(load, "_read_inside", read)
    return reads


def test_a_settled_file_unchanged_since_is_not_read_again(tmp_path, monkeypatch):
    """A warm run finds each file by its status (size, times, inode) without reading it;
    an edit of the same length with its modification time set back is still seen, since
    the change time moves with every write."""
    monkeypatch.setattr(parsecache, "SETTLED_NS", 0)  # every file settled once it is written
    root, cache = tracker(tmp_path / "t"), tmp_path / "cache"
    fresh = reading(root, "off", monkeypatch)
    assert reading(root, cache, monkeypatch) == fresh  # cold: read, status noted
    reads = counting_reads(monkeypatch)
    assert reading(root, cache, monkeypatch) == fresh
    assert reads == []  # warm: not one file read or hashed
    summit = root / "credits/2024/2024-04-20-acsm-summit-day-1.yaml"
    before = summit.stat()
    summit.write_text(summit.read_text().replace("credits: 7", "credits: 9"))
    os.utime(summit, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert summit.stat().st_size == before.st_size
    monkeypatch.setattr(load, "_read_inside", load._read_inside)
    reads = counting_reads(monkeypatch)
    after = reading(root, cache, monkeypatch)
    assert reads == ["credits/2024/2024-04-20-acsm-summit-day-1.yaml"]
    assert after == reading(root, "off", monkeypatch) and after != fresh


def test_a_file_changed_just_before_a_run_is_read_and_hashed(tmp_path, monkeypatch):
    """Files written less than SETTLED_NS ago (all of this fresh tracker's) are found by
    their bytes, run after run: a timestamp a quick second edit could share is not trusted."""
    root, cache = tracker(tmp_path / "t"), tmp_path / "cache"
    files = len(load.credit_files(root / "credits", root))
    reading(root, cache, monkeypatch)
    reads = counting_reads(monkeypatch)
    reading(root, cache, monkeypatch)
    assert len(reads) == files > 20
