"""Issue 18 (3): `lienthong start` served with gunicorn's sync workers, which close the connection after every
answer, so a browser or a connected system paid a new TCP handshake per request. The web process it starts now
keeps a connection open: two requests go over one socket, and two slow requests to one worker run side by side."""

import http.client
import os
import signal
import subprocess
import sys
import time

import pytest

from lienthong.launch.management.commands.start import web_server_argv
from tests.processes import free_port, own_sqlite_environment

pytestmark = pytest.mark.skipif(
    "DATABASE_URL" in os.environ, reason="the server runs on its own SQLite database; once per suite is enough"
)


def _answering(port: int) -> bool:
    """True once the worker has loaded the application and answered (a busy machine takes a while)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/api/v1/health")
            if connection.getresponse().status == 200:
                connection.close()
                return True
        except OSError:
            time.sleep(0.2)
    return False


def test_two_requests_share_one_connection(tmp_path):
    env = own_sqlite_environment(tmp_path)
    subprocess.run([sys.executable, "-m", "lienthong", "migrate", "-v0"], env=env, check=True, timeout=300)  # noqa: S603
    port = free_port()
    argv = web_server_argv(host="127.0.0.1", port=port, workers=1, threads=2, access_log=False)
    server = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        assert _answering(port), "the web server never answered"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        # when: two requests, one after the other, on one connection
        connection.request("GET", "/api/v1/health")
        first = connection.getresponse()
        first.read()
        socket_used = connection.sock
        connection.request("GET", "/api/v1/health")
        second = connection.getresponse()
        second.read()
        # then: both answered, and the server did not close the connection between them
        assert first.status == second.status == 200
        assert not first.will_close and first.getheader("Connection", "").lower() != "close"
        assert connection.sock is socket_used and socket_used is not None
        connection.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
