"""`mkdocs serve` told of an edit by the system, not by polling.

MkDocs watches the docs, mkdocs.yml and the folders plugins add by polling: every half
second each watched folder is listed and every file in it looked at.  An edit therefore
waits a quarter of a second on average (half a second at worst) before its rebuild starts,
and a career's tracker (thousands of credit files and certificates) is looked at twice a
second for as long as the preview is open.  The system's own file events (inotify on
Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows, through watchdog, which MkDocs
already installs and already uses for its polling) say at once and cost nothing while
nothing changes.

This uses MkDocs' server as MkDocs 1.6 makes it (its `observer` and the two tables its
`watch` fills): where the server is not made that way, where the system has no file events,
or where they cannot be had (the system's limit of watches reached), MkDocs' polling stays
and the preview works as before, half a second slower.
"""
from __future__ import annotations

from typing import Any

import watchdog.observers
from watchdog.events import FileSystemEventHandler
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver


def notice_edits_at_once(server: Any) -> bool:
    """Give a MkDocs live-reload `server`, before it serves, the system's file events in
    place of polling, for what it watches already and all it is asked to watch later.
    Returns whether it did."""
    native = watchdog.observers.Observer
    counts, refs = getattr(server, "_watched_paths", None), getattr(server, "_watch_refs", None)
    polling = getattr(server, "observer", None)
    if (native is PollingObserver or not isinstance(counts, dict) or not isinstance(refs, dict)
            or not isinstance(polling, PollingObserver) or polling.is_alive()
            or not _events_work(native(), list(counts))):
        return False
    server.observer = native()
    wanted = dict(counts)
    counts.clear()
    refs.clear()
    for path, times in wanted.items():  # watched again, now by the system's events
        for _ in range(times):
            server.watch(path)
    return True


def _events_work(probe: BaseObserver, paths: list[str]) -> bool:
    """Whether the system gives file events for every path (a watch limit reached, or a
    folder it cannot watch, says no), found by starting a throwaway observer on them."""
    try:
        for path in paths:
            probe.schedule(FileSystemEventHandler(), path, recursive=True)
        probe.start()
    except OSError:
        return False
    finally:
        if probe.is_alive():
            probe.stop()
            probe.join()
    return True
