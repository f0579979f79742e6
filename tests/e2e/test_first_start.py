"""README command (a) as a newcomer runs it: a fresh data directory, `lienthong start`, and a real server."""

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.processes import free_port

pytestmark = pytest.mark.skipif(
    "DATABASE_URL" in os.environ, reason="first start is the embedded-SQLite path; the PostgreSQL run covers the rest"
)


class _Output:
    """Collects a child process's output in a thread so the test can wait for a line without blocking."""

    def __init__(self, process: subprocess.Popen):
        self.text = ""
        self._process = process
        self._thread = threading.Thread(target=self._pump, args=(process,), daemon=True)
        self._thread.start()

    def _pump(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self.text += line

    def wait_for(self, pattern: re.Pattern, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if pattern.search(self.text):
                return self.text
            if self._process.poll() is not None:
                self._thread.join(timeout=5)
                break
            time.sleep(0.2)
        raise AssertionError(f"start did not announce its URL (within {timeout}s, or it exited):\n{self.text}")


def _get(url: str) -> tuple[int, str]:
    for _ in range(50):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 — our own loopback server
                return response.status, response.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url}")


def test_start_on_a_fresh_data_directory_builds_the_demo_and_serves_it(tmp_path: Path):
    port = free_port()
    env = {**os.environ, "LIENTHONG_DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "lienthong", "start", "--port", str(port), "--web-workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = _Output(process)
    try:
        banner = output.wait_for(re.compile(r"Nhấn Ctrl\+C"), timeout=600)
        assert f"http://127.0.0.1:{port}/" in banner
        assert "admin" in banner  # the demo accounts are printed
        # "running at" is printed once the server answers: the first request is served, not refused
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=5) as first:  # noqa: S310
            assert first.status == 200

        status, body = _get(f"http://127.0.0.1:{port}/api/v1/health")
        assert status == 200 and '"ok"' in body
        status, body = _get(f"http://127.0.0.1:{port}/admin/login/")
        assert status == 200 and "Liên Thông" in body
        status, body = _get(f"http://127.0.0.1:{port}/")
        assert status == 200 and "thủ tục hành chính" in body
        assert (tmp_path / "lienthong.sqlite3").exists()

        # the console told what it was doing and stays readable: no access log, no boot or task chatter
        time.sleep(2)
        console = output.text
        assert "Hồ sơ lịch sử: 20.000 / 20.000" in console
        assert '"GET /api/v1/health' not in console and "GET /admin/login/" not in console
        assert "Booting worker" not in console and "state=RUNNING" not in console
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    assert process.returncode == 0, output.text
