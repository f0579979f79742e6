"""Issue 17: exactly one scheduler. Two `lienthong scheduler` processes share a lock (a Redis lease on a dedicated
Redis database, a PostgreSQL advisory lock, a file lock); only the holder ticks. Killed with -9, the holder stops,
and the standby takes over within the lock's bound. The tick trace is printed at verbosity 3."""

import os
import signal
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from lienthong.launch.schedule import SCHEDULE
from tests.processes import own_sqlite_environment, redis_test_url

TICK = 0.2
LEASE = 2.0  # the Redis lease's seconds: a dead holder's key outlives it by at most this
REDIS_URL = redis_test_url()  # a database of the tests' own, one per worker
ALL_OFF = ",".join(f"{periodic.name}=off" for periodic in SCHEDULE)  # ticks that touch no table


class Scheduler:
    """One `lienthong scheduler` process and what it printed, read as it goes."""

    def __init__(self, env: dict[str, str]):
        argv = [sys.executable, "-m", "lienthong", "scheduler", "--tick", str(TICK), "--verbosity", "3"]
        self.process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # noqa: S603
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def ticks(self) -> list[float]:
        return [float(line.split()[1]) for line in list(self.lines) if line.startswith("tick ")]

    def said(self, fragment: str) -> bool:
        return any(fragment in line for line in list(self.lines))

    def wait_for(self, condition, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return True
            if self.process.poll() is not None:
                return condition()
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def _environments(kind: str, tmp_path) -> dict[str, str]:
    extra = {"LIENTHONG_SCHEDULE": ALL_OFF, "LIENTHONG_SCHEDULER_LOCK": kind,
             "LIENTHONG_SCHEDULER_LOCK_SECONDS": str(LEASE)}  # fmt: skip
    if kind == "redis":
        extra["LIENTHONG_CACHE_URL"] = REDIS_URL
    env = own_sqlite_environment(tmp_path, **extra)
    if kind == "postgres":  # the server of the tests' database; the lock needs no table, so its `postgres` database
        env["DATABASE_URL"] = urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres"))
    return env


def _redis_up() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.parametrize(
    ("kind", "takeover_bound"),
    [("redis", LEASE + TICK), ("postgres", TICK), ("file", TICK)],
)
def test_only_the_lock_holder_ticks_and_a_standby_takes_over_when_it_is_killed(kind, takeover_bound, tmp_path):
    if kind == "redis" and not _redis_up():
        pytest.skip("no Redis server on 127.0.0.1:6379")
    if kind == "postgres" and "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("the advisory lock needs PostgreSQL (DATABASE_URL)")
    env = _environments(kind, tmp_path)
    both = [Scheduler(env), Scheduler(env)]  # started together: they race for the lock
    try:
        # one of them leads, the other stands by
        standing_by = f"chờ, một bộ lập lịch khác đang chạy (khóa {kind})"
        assert both[0].wait_for(
            lambda: any(len(s.ticks()) >= 2 for s in both) and any(s.said(standing_by) for s in both), 40
        ), [s.lines for s in both]
        holder, standby = both if both[0].ticks() else both[::-1]
        assert holder.said(f"đang chạy (giữ khóa {kind})")
        # and the standby never ticks while the holder lives
        time.sleep(1.0)
        assert standby.ticks() == []
        assert [t for t in holder.ticks() if t > time.time() - 0.9], "the holder kept ticking beside its standby"

        # when the holder is killed outright
        os.kill(holder.process.pid, signal.SIGKILL)
        holder.process.wait()
        killed_at = time.time()
        assert standby.wait_for(lambda: standby.ticks(), takeover_bound + 5), standby.lines

        # then the standby leads, within the lock's bound, and never ticked before the holder's last tick
        took_over_at = standby.ticks()[0]
        assert took_over_at > max(holder.ticks())
        assert took_over_at - killed_at <= takeover_bound + 1.0, (kind, took_over_at - killed_at)
        assert standby.said(f"đang chạy (giữ khóa {kind})")
    finally:
        for scheduler in both:
            scheduler.stop()
