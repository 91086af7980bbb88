"""`cectrack serve --dev-addr HOST:PORT`, checked before anything is built: a port out of
range or already taken otherwise ends the generator with a traceback, after a whole build."""
from __future__ import annotations

import errno
import socket

from ..files.visible import printable

HINT_PORT = "give a free port, e.g. --dev-addr 127.0.0.1:8001"


def address_problem(address: str) -> str:
    """"" when `address` can be served on, else what is wrong with it and a hint."""
    shown = f"--dev-addr {printable(address)}"
    host, colon, port_text = address.rpartition(":")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host  # [::1]:8000
    if not colon or not host:
        return (f"{shown}: expected HOST:PORT, found no {'port' if host or not colon else 'host'}"
                f"\n    hint: e.g. --dev-addr 127.0.0.1:8000")
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        return (f"{shown}: the port must be a whole number from 1 to 65535, found "
                f"'{printable(port_text)}'\n    hint: {HINT_PORT}")
    return _bind_problem(shown, host, int(port_text))


def _bind_problem(shown: str, host: str, port: int) -> str:
    """Bind as the server will (it reuses an address left in TIME_WAIT), then let go."""
    try:
        family, kind, proto, _name, where = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError):
        return (f"{shown}: '{printable(host)}' is not an address of this computer nor a name "
                "it knows\n    hint: 127.0.0.1 serves this computer only; 0.0.0.0 serves the "
                "local network too")
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(where)
        except PermissionError:
            return (f"{shown}: this user may not serve on port {port} (ports below 1024 "
                    f"need the administrator)\n    hint: {HINT_PORT}")
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                return (f"{shown}: port {port} is in use, by another preview or another "
                        f"program\n    hint: stop that one, or {HINT_PORT}")
            return (f"{shown}: cannot serve there ({printable(err.strerror or str(err))})"
                    "\n    hint: 127.0.0.1 serves this computer only; 0.0.0.0 serves the "
                    "local network too")
    return ""
