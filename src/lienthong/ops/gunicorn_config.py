"""gunicorn hooks for Prometheus' multiprocess mode (`--config python:lienthong.ops.gunicorn_config`): each worker
writes its counters to PROMETHEUS_MULTIPROC_DIR, emptied when the server starts, and a dead worker's live gauges are
dropped so a scrape adds up only what is real."""

import os
import shutil
from pathlib import Path


def on_starting(server) -> None:
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
