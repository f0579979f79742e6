"""`lienthong start` prints "đang chạy tại …" only once the web server answers; a port another program holds, or a
server that dies while starting, is said plainly instead."""

import http.server
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from lienthong.launch.management.commands.start import Command, _probe_url
from tests.processes import free_port

RUNNING = "đang chạy tại"


def test_a_port_already_taken_is_refused_before_anything_is_built(tmp_path: Path):
    # given another program listening on the port
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        env = {**os.environ, "LIENTHONG_DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
        env.pop("DATABASE_URL", None)

        # when a newcomer starts Liên Thông on it
        done = subprocess.run(  # noqa: S603 — our own command, fixed arguments
            [sys.executable, "-m", "lienthong", "start", "--port", str(port), "--no-demo"],
            env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip

    # then it stops at once with a sentence saying what to do, and never claims to be running
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert f"Cổng {port} trên 127.0.0.1 đang được một chương trình khác dùng" in output
    assert f"--port {port + 1}" in output
    assert RUNNING not in output and "Traceback" not in output
    assert not (tmp_path / "lienthong.sqlite3").exists()  # refused before preparing anything


def test_a_web_server_that_dies_while_starting_is_reported_not_announced():
    # given a "web server" that exits at once, and no one answering on its port
    web = subprocess.Popen([sys.executable, "-c", "import sys; sys.exit(3)"])  # noqa: S603
    command = Command()

    # when start waits for it to answer
    with pytest.raises(CommandError) as refused:
        command._await_web(_probe_url("127.0.0.1", free_port()), web, lambda: False)

    # then it says the server stopped, with its exit code
    assert "đã dừng ngay khi khởi động (mã thoát 3)" in str(refused.value)
    web.wait()


def test_the_wait_ends_when_the_server_answers():
    # given a server that answers HTTP on a loopback port, and a web process still running
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)  # answers 501
    threading.Thread(target=server.serve_forever, daemon=True).start()
    web = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])  # noqa: S603
    try:
        # then waiting returns as soon as it answers (any HTTP status counts: the server is up)
        assert Command()._await_web(_probe_url("0.0.0.0", server.server_port), web, lambda: False)  # noqa: S104
    finally:
        web.kill()
        server.shutdown()
