"""What the command line says when it is given something it cannot use: the installed
command run as a subprocess, its words read as a user reads them; never a traceback."""
from __future__ import annotations

import socket

from conftest import cectrack_process, copy_example


def test_serve_refuses_a_port_in_use_or_out_of_range_before_building(tmp_path):
    """A taken port ended `mkdocs serve` with a 49-line OSError traceback after a whole
    build, a port above 65535 with an OverflowError; both are now refused at once."""
    root = copy_example(tmp_path / "t")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        in_use = cectrack_process("serve", "--dev-addr", f"127.0.0.1:{port}", cwd=root, expect=2)
    assert in_use.stderr == (
        f"cectrack serve: error: --dev-addr 127.0.0.1:{port}: port {port} is in use, by another "
        "preview or another program\n    hint: stop that one, or give a free port, e.g. "
        "--dev-addr 127.0.0.1:8001\n")
    too_high = cectrack_process("serve", "--dev-addr", "127.0.0.1:99999", cwd=root, expect=2)
    assert too_high.stderr == (
        "cectrack serve: error: --dev-addr 127.0.0.1:99999: the port must be a whole number "
        "from 1 to 65535, found '99999'\n    hint: give a free port, e.g. --dev-addr "
        "127.0.0.1:8001\n")
    no_port = cectrack_process("serve", "--dev-addr", "127.0.0.1", cwd=root, expect=2)
    assert "expected HOST:PORT, found no port" in no_port.stderr
    unknown = cectrack_process("serve", "--dev-addr", "nowhere.invalid:8000", cwd=root, expect=2)
    assert "'nowhere.invalid' is not an address of this computer" in unknown.stderr
    for said in (in_use, too_high, no_port, unknown):
        assert "Traceback" not in said.stderr and said.stdout == ""
    assert not (root / "site").exists()
