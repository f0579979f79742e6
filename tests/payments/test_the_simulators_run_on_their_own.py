"""`python -m lienthong.payments.<simulator>`, as `lienthong start` runs them: each says where it runs on its first
line, answers over HTTP, and stops cleanly on SIGTERM (the one runner of `core.simserver` every simulator shares)."""

import json
import signal
import socket
import subprocess
import sys
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(("module", "said"), [
    ("lienthong.payments.simulator", "Bank gateway simulator on"),
    ("lienthong.payments.paygov_simulator", "National payment platform simulator on"),
    ("lienthong.payments.receipt_simulator", "E-receipt service simulator on"),
])  # fmt: skip
def test_a_payment_simulator_serves_and_stops_on_sigterm(module, said):
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", module, "--port", str(port)], stdout=subprocess.PIPE,  # noqa: S603
                               text=True)  # fmt: skip
    try:
        line = process.stdout.readline()
        assert line.startswith(said) and f"http://127.0.0.1:{port}" in line
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_sim/state", timeout=5) as response:  # noqa: S310
            assert response.status == 200 and isinstance(json.loads(response.read()), dict)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
