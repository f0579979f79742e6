"""What tests that start the real programs (gunicorn, `lienthong start`) share: a free port, and an environment in
which the program runs on its own embedded SQLite database in a temporary folder."""

import os
import socket
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def own_sqlite_environment(data_dir: Path, **extra: str) -> dict[str, str]:
    """This process's environment without our settings or a database URL, so the child uses `data_dir` alone."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LIENTHONG_", "DATABASE_URL"))}
    env.update(LIENTHONG_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1", **extra)
    return env


def redis_test_url() -> str:
    """A Redis database of the tests' own (13, 12, 11, … down from 13): one per pytest-xdist worker, so two workers'
    rate-limit counters, sessions and scheduler leases never meet."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    number = 13 - (int(worker) % 8 if worker.isdigit() else 0)
    return f"redis://127.0.0.1:6379/{number}"
