"""A `kill` stops a build or a preview as Ctrl-C does, so their temporary folders go too.

On SIGTERM Python ends at once, without unwinding: MkDocs' clean-up (the preview's own site
folder) and the plugin's (a build's spool of packets and exports, the preview's kept packet
ZIPs: over 100 MB at 10,000 courses) never run, and the folders stay in the system's
temporary folder for good.  Editors, task runners and containers stop a preview that way.
MkDocs already turns Ctrl-C into its orderly stop, so SIGTERM is made to look like Ctrl-C,
as `cectrack serve` does for its own loop.  Only where nobody else has claimed the signal,
and only from the main thread (the only one Python lets set a handler).
"""
from __future__ import annotations

import signal
import threading


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def stop_on_terminate() -> None:
    """From now on, SIGTERM raises KeyboardInterrupt in the main thread (if unclaimed)."""
    if threading.current_thread() is threading.main_thread() \
            and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _interrupt)


def terminate_as_before() -> None:
    """SIGTERM ends the process at once again (after the orderly stop is done)."""
    if threading.current_thread() is threading.main_thread() \
            and signal.getsignal(signal.SIGTERM) is _interrupt:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
