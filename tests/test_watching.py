"""Issue 28 item 1: `mkdocs serve` is told of an edit by the system's file events, not by
MkDocs' half-second polling; where those cannot be had, the polling stays."""
from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from cectrack.plugin import CectrackPlugin
from cectrack.plugin.watching import notice_edits_at_once

pytestmark = pytest.mark.skipif(Observer is PollingObserver, reason="no file events here")


def made_server(tmp_path: Path) -> LiveReloadServer:
    """A server as `mkdocs serve` makes it (never bound: nothing is served)."""
    return LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0,
                            root=str(tmp_path / "site"))


def tracker(tmp_path: Path) -> Path:
    for folder in ("docs", "credits/2026", "certificates"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: T\n", "utf-8")
    return tmp_path


def wants_rebuild(server: LiveReloadServer, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with server._rebuild_cond:
            if server._want_rebuild:
                return True
        time.sleep(0.01)
    return False


def test_the_plugin_watches_the_tracker_with_the_systems_file_events(tmp_path):
    root = tracker(tmp_path)
    server = made_server(root)
    server.watch(str(root / "docs"))  # what MkDocs watches before the plugins' on_serve
    server.watch(str(root / "mkdocs.yml"))
    plugin = CectrackPlugin()
    plugin.root, plugin.config = root, SimpleNamespace(credits_dir="credits")
    plugin.on_serve(server, config=None, builder=None)
    assert isinstance(server.observer, Observer)
    watched = {Path(w.raw_path).name for w in server.observer._watches}
    assert watched == {"docs", "mkdocs.yml", "credits", "certificates"}
    server.observer.start()
    try:
        assert not wants_rebuild(server, 0.3)
        (root / "credits" / "2026" / "new.yaml").write_text("title: New\n", "utf-8")
        assert wants_rebuild(server)
        with server._rebuild_cond:
            server._want_rebuild = False
        (root / "mkdocs.yml").write_text("site_name: Edited\n", "utf-8")  # a watched file
        assert wants_rebuild(server)
    finally:
        server.observer.stop()
        server.observer.join()


def test_a_file_read_by_a_build_does_not_ask_for_another_build(tmp_path):
    # Each rebuild reads every credit file and certificate: were reading heard as a change,
    # every edit would be built twice (and a career's reads handled while building).
    root = tracker(tmp_path)
    course = root / "credits" / "2026" / "course.yaml"
    course.write_text("title: Course\n", "utf-8")
    server = made_server(root)
    plugin = CectrackPlugin()
    plugin.root, plugin.config = root, SimpleNamespace(credits_dir="credits")
    plugin.on_serve(server, config=None, builder=None)
    server.observer.start()
    try:
        for _ in range(3):
            assert course.read_text("utf-8") == "title: Course\n"
            with open(root / "mkdocs.yml", "rb") as config:
                config.read()
        assert not wants_rebuild(server, 1.0)
        course.write_text("title: Edited\n", "utf-8")  # a change is still heard
        assert wants_rebuild(server)
    finally:
        server.observer.stop()
        server.observer.join()


def test_a_folder_the_system_cannot_watch_keeps_mkdocs_polling(tmp_path):
    server = made_server(tmp_path)
    server.watch(str(tmp_path / "gone"))  # polling copes with a folder not there yet
    polling = server.observer
    assert notice_edits_at_once(server) is False
    assert server.observer is polling and list(server._watched_paths) == [str(tmp_path / "gone")]


def test_a_server_already_serving_or_not_made_as_mkdocs_makes_it_is_left_alone(tmp_path):
    server = made_server(tracker(tmp_path))
    server.watch(str(tmp_path / "docs"))
    server.observer.start()
    try:
        polling = server.observer
        assert notice_edits_at_once(server) is False and server.observer is polling
    finally:
        server.observer.stop()
        server.observer.join()
    other = SimpleNamespace(observer=PollingObserver())  # no table of watched paths
    assert notice_edits_at_once(other) is False and type(other.observer) is PollingObserver
