"""What an encrypted audit packet publishes: sealed exports, and a locked page whose
content only the auditor's password opens (see lock.py for the cipher)."""
from __future__ import annotations

import base64
from pathlib import Path

from ..audit.lock import Lock, seal

EXPORTS = (".csv", ".json", ".zip")

LOCKED_PAGE = """\
<div class="cectrack-locked" data-cectrack-locked="{payload}">
<p>{what} is encrypted. Enter the password {who} to read it; it is opened in your browser
and sent nowhere.</p>
<form hidden>
<label for="cectrack-password">Password</label>
<input type="password" id="cectrack-password" autocomplete="off">
<button type="submit">Open the {thing}</button>
</form>
<p role="status" aria-live="polite"></p>
<noscript><p>Opening it needs JavaScript: it is decrypted in your browser.</p></noscript>
</div>
"""


def packet_pages(pages: dict[str, str], audit_dir: str) -> set[str]:
    """The packet pages (not the index of packets) under the audit folder."""
    return {uri for uri in pages if uri.startswith(f"{audit_dir}/") and uri.endswith(".md")
            and uri != "audit/index.md"}


def sealed_files(files: dict[str, bytes | Path], audit_dir: str,
                 lock: Lock) -> dict[str, bytes | Path]:
    """The packets' CSV, JSON and ZIP sealed (under their own names, so the packet's links
    stay whole); their certificates not published at all (the sealed ZIP holds them); every
    other file as it was."""
    result: dict[str, bytes | Path] = {}
    for uri, content in files.items():
        if not uri.startswith(f"{audit_dir}/"):
            result[uri] = content
        elif uri.endswith(EXPORTS) and "/evidence/" not in uri:
            data = content.read_bytes() if isinstance(content, Path) else content
            result[uri] = seal(lock, data)
    return result


# The files that say where the holder stands: sealed too when the whole site is private.
PRIVATE_FILES = ("status.json", "calendar.ics", "badges/")


def locked_html(lock: Lock, html: str, packet: bool = True) -> str:
    payload = base64.b64encode(seal(lock, html.encode("utf-8"))).decode("ascii")
    if packet:
        return LOCKED_PAGE.format(payload=payload, what="This audit packet",
                                  who="the holder gave you", thing="packet")
    return LOCKED_PAGE.format(payload=payload, what="This page", who="of this site",
                              thing="page")


def sealed_private_files(files: dict[str, bytes | Path], lock: Lock) -> dict[str, bytes | Path]:
    """status.json, the calendar and the badges sealed (a private site)."""
    return {uri: seal(lock, content.read_bytes() if isinstance(content, Path) else content)
            if uri.startswith(PRIVATE_FILES) else content for uri, content in files.items()}
