"""`mkdocs serve` told of an edit by the system, not by polling.

MkDocs watches the docs, mkdocs.yml and the folders plugins add by polling: every half
second each watched folder is listed and every file in it looked at.  An edit therefore
waits a quarter of a second on average (half a second at worst) before its rebuild starts,
and a career's tracker (thousands of credit files and certificates) is looked at twice a
second for as long as the preview is open.  The system's own file events (inotify on
Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows, through watchdog, which MkDocs
already installs and already uses for its polling) say at once and cost nothing while
nothing changes.

Only what changes a file is heard: its creation, change, move or deletion, and its closing
after a write.  The system also tells of every file merely opened and closed unwritten, and
MkDocs rebuilds on any event it hears: each rebuild reads every credit file, mkdocs.yml and
the certificates it packs, so each edit was built twice (the second time for the first
build's own reads), the thousands of events of a career's tracker were handled while the
first was building, and an edit made meanwhile waited for the needless build to end.

This uses MkDocs' server as MkDocs 1.6 makes it (its `observer` and the two tables its
`watch` fills): where the server is not made that way, where the system has no file events,
or where they cannot be had (the system's limit of watches reached), MkDocs' polling stays
and the preview works as before, half a second slower.
"""
from __future__ import annotations

import inspect
from typing import Any

import watchdog.events as events
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
    server.observer = _changes_only(native)()
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


# What changes a file (watchdog's events by name: an older watchdog lacks some of them).
_CHANGES = tuple(getattr(events, name) for name in (
    "FileCreatedEvent", "FileDeletedEvent", "FileModifiedEvent", "FileMovedEvent",
    "FileClosedEvent", "DirCreatedEvent", "DirDeletedEvent", "DirModifiedEvent",
    "DirMovedEvent") if hasattr(events, name))
_CHANGE_TYPES = frozenset(event.event_type for event in _CHANGES)


def _changes_only(native: Any) -> Any:
    """`native`, told to report only what changes a file: by the system itself where
    watchdog can filter (no event for a file read then reaches Python), and by the handler
    in any case (an older watchdog reports files opened and cannot filter them)."""
    filters = "event_filter" in inspect.signature(native.schedule).parameters

    class ChangesOnly(native):  # the system's observer, known at run time
        def schedule(self, event_handler, path, *, recursive=False, **options):
            if filters:
                options.setdefault("event_filter", list(_CHANGES))
            return super().schedule(_Changes(event_handler), path, recursive=recursive,
                                    **options)
    return ChangesOnly


class _Changes(FileSystemEventHandler):
    """Hands on to `handler` the events that change a file, and no other."""

    def __init__(self, handler: FileSystemEventHandler):
        super().__init__()
        self.handler = handler

    def dispatch(self, event) -> None:
        if event.event_type in _CHANGE_TYPES:
            self.handler.dispatch(event)
