"""Fetch one trainer's published standing: hostile input, bounded in every way.

A studio's build fetches addresses it does not control, so nothing a server does may stall
it, fill its memory or lead it elsewhere: https only (plain http only to this computer, for
trying things out), at most MAX_BYTES, a few seconds per read and per member, at most
MAX_REDIRECTS hops, each checked like the first.  A path reads a file inside the team folder
only.  Every failure comes back as Unreachable with the reason in a studio manager's words;
nothing here raises anything else.
"""
from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..files.paths import inside
from ..files.text import read_data_file
from ..records.team import Member, is_loopback

MAX_BYTES = 1_000_000  # a standing is a few kB; a status.json with a career of courses < 1 MB
READ_SECONDS = 5.0  # one read of the socket
MEMBER_SECONDS = 10.0  # one member, redirects included
MAX_REDIRECTS = 3
_CHUNK = 64 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)


class Unreachable(Exception):
    """The standing could not be fetched; str() is the reason, in words."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects come back as HTTPError, so the loop below checks each hop (urllib's own
    handler would read a redirect's body whole, of any size)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects())


def fetch_member(member: Member, folder: Path) -> bytes:
    if member.path is not None:
        return read_in_folder(folder, member.path)
    return fetch_url(member.url or "")


def read_in_folder(folder: Path, relative: str) -> bytes:
    target = folder / relative
    if not inside(folder, target):
        raise Unreachable(f"{relative} leads outside the team folder")
    data = read_data_file(target, MAX_BYTES)
    if isinstance(data, str):  # "it cannot be read (No such file or directory)", …
        raise Unreachable(f"{relative} is not read: {data}")
    return data


def fetch_url(url: str, seconds: float = MEMBER_SECONDS) -> bytes:
    deadline = time.monotonic() + seconds
    loopback = _is_loopback_url(url)
    for _hop in range(MAX_REDIRECTS + 1):
        _check_address(url, loopback)
        try:
            return _read(url, deadline, seconds)
        except urllib.error.HTTPError as err:
            location = err.headers.get("Location") if err.code in _REDIRECTS else None
            err.close()
            if location is None:
                raise Unreachable(_http_reason(err.code)) from None
            url = urljoin(url, location)
        except urllib.error.URLError as err:
            raise Unreachable(_network_reason(err.reason, url)) from None
        except (TimeoutError, socket.timeout):
            raise Unreachable(f"no answer within {READ_SECONDS:g} seconds") from None
        except (http.client.HTTPException, OSError, ValueError) as err:
            raise Unreachable(f"the connection failed ({type(err).__name__})") from None
    raise Unreachable(f"more than {MAX_REDIRECTS} redirects")


def _is_loopback_url(url: str) -> bool:
    try:
        return is_loopback(urlsplit(url).hostname or "")
    except ValueError:
        return False


def _check_address(url: str, loopback: bool) -> None:
    """Each hop: https, or http to this computer when the first address was there too."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        raise Unreachable("it redirects to an address that is not one") from None
    if parts.scheme == "https" and host:
        return
    if parts.scheme == "http" and loopback and is_loopback(host):
        return
    where = f"{parts.scheme}://{host}" if host else f"a {parts.scheme or 'relative'} address"
    raise Unreachable(f"it redirects to {where}, which is refused: only https:// is followed")


def _read(url: str, deadline: float, seconds: float) -> bytes:
    request = urllib.request.Request(url, headers={
        "User-Agent": f"cectrack/{__version__} (team status)", "Accept": "application/json"})
    with _OPENER.open(request, timeout=READ_SECONDS) as response:
        if response.headers.get("Content-Encoding", "identity").lower() != "identity":
            raise Unreachable("the server sent it compressed, which cectrack did not ask for")
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > MAX_BYTES:
            raise Unreachable(f"it is {int(length):,} bytes; a standing is at most "
                              f"{MAX_BYTES:,}")
        chunks, size = [], 0
        while chunk := response.read1(_CHUNK):  # what has arrived: never waits for all
            size += len(chunk)
            if size > MAX_BYTES:
                raise Unreachable(f"it is larger than {MAX_BYTES:,} bytes, the most a "
                                  "standing may be")
            if time.monotonic() > deadline:
                raise Unreachable(f"it took longer than {seconds:g} seconds")
            chunks.append(chunk)
        return b"".join(chunks)


def _http_reason(code: int) -> str:
    if code == 404:
        return ("not found (HTTP 404): check the address; the trainer's site may not publish "
                "it yet")
    if code in (401, 403):
        return f"the site refuses it (HTTP {code}): the standing must be published openly"
    if code in _REDIRECTS:
        return f"a redirect (HTTP {code}) without a new address"
    if code >= 500:
        return f"the site had an error (HTTP {code}); it may work on the next run"
    return f"the site answered HTTP {code}"


def _network_reason(reason: object, url: str) -> str:
    try:
        host = urlsplit(url).hostname or url
    except ValueError:
        host = url
    if isinstance(reason, socket.gaierror):
        return f"the host name {host} is not known (a typo, or the site is gone)"
    if isinstance(reason, ConnectionRefusedError):
        return f"nothing answers at {host}"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"{host}'s certificate is not valid, so the connection was not trusted"
    if isinstance(reason, ssl.SSLError):
        return f"the secure connection to {host} failed"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"no answer from {host} within {READ_SECONDS:g} seconds"
    if isinstance(reason, Unreachable):
        return str(reason)
    return f"{host} could not be reached ({type(reason).__name__})"
