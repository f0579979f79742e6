"""Exactly one scheduler at a time: `lienthong scheduler` ticks only while it holds a lock, and a standby takes over
within a bounded time once the holder dies (issue 17). Each periodic run is also claimed by a conditional UPDATE
(schedule.py), so even two leaders would enqueue a run once; the lock keeps a second machine's scheduler idle.

Which lock (LIENTHONG_SCHEDULER_LOCK, `auto` by default):
- `redis`: a lease — a key set with NX and an expiry of LIENTHONG_SCHEDULER_LOCK_SECONDS, renewed at every tick by
  its holder only (compare-and-expire); a holder killed with -9 stops renewing, and a standby takes the key once it
  expires: takeover within the lock seconds plus one tick.
- `postgres`: a session-level advisory lock on a connection of its own (not Django's, which is recycled): the
  server releases it the moment the holder's connection closes — a killed process's socket is closed by its
  kernel — so a standby takes over at its next tick. Connect straight to PostgreSQL, not through PgBouncer in
  transaction mode, which would hand the session to other clients.
- `file`: `flock` on a file in the data directory, for schedulers on one machine (SQLite); released by the kernel
  when the process dies.
- `off`: no lock (one scheduler by construction, or cron with `--once`).
`auto` picks `redis` when LIENTHONG_CACHE_URL names Redis, else `postgres` on PostgreSQL, else `file`.
"""

import contextlib
import fcntl
import hashlib
import logging
import os
import uuid
from pathlib import Path
from typing import Protocol

from django.conf import settings

log = logging.getLogger(__name__)

KINDS = ("auto", "redis", "postgres", "file", "off")


class Leadership(Protocol):
    kind: str

    def hold(self) -> bool:
        """Take the lock, or keep it; False while another scheduler holds it."""

    def release(self) -> None:
        """Let a standby take over at once (a clean stop)."""


def _lock_name() -> str:
    """One lock per deployment: the database names the deployment (two provinces may share a Redis server)."""
    database = settings.DATABASES["default"]
    identity = f"{database.get('HOST', '')}:{database.get('PORT', '')}/{database['NAME']}"
    return "lienthong:scheduler:" + hashlib.sha256(identity.encode()).hexdigest()[:16]


class RedisLease:
    kind = "redis"
    # Renew only our own lease: the key may have expired and been taken by a standby since our last tick.
    RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0"
    RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"

    def __init__(self, *, url: str, seconds: float):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=max(1.0, seconds / 3))
        self.key, self.token, self.ms = _lock_name(), uuid.uuid4().hex, max(1, int(seconds * 1000))
        self.held = False

    def hold(self) -> bool:
        if self.held and self.client.eval(self.RENEW, 1, self.key, self.token, self.ms):
            return True
        self.held = bool(self.client.set(self.key, self.token, nx=True, px=self.ms))
        return self.held

    def release(self) -> None:
        if self.held:
            with contextlib.suppress(Exception):  # stopping: the lease expires by itself
                self.client.eval(self.RELEASE, 1, self.key, self.token)
        self.held = False


class PostgresAdvisoryLock:
    kind = "postgres"

    def __init__(self):
        self.connection = None
        self.key = int.from_bytes(hashlib.sha256(_lock_name().encode()).digest()[:8], "big", signed=True)

    def hold(self) -> bool:
        if self.connection is not None:
            try:
                self.connection.execute("SELECT 1")  # the session, and its lock, are still there
                return True
            except Exception:  # noqa: BLE001 — any failure: the session is gone, and the lock with it
                self._close()
        connection = self._connect()
        if connection.execute("SELECT pg_try_advisory_lock(%s)", [self.key]).fetchone()[0]:
            self.connection = connection
            return True
        connection.close()
        return False

    def _connect(self):
        import psycopg

        db = settings.DATABASES["default"]
        params = {"dbname": db["NAME"], "user": db.get("USER") or None, "password": db.get("PASSWORD") or None,
                  "host": db.get("HOST") or None, "port": db.get("PORT") or None}  # fmt: skip
        return psycopg.connect(**{k: v for k, v in params.items() if v is not None}, autocommit=True, connect_timeout=5)

    def _close(self) -> None:
        with contextlib.suppress(Exception):
            self.connection.close()
        self.connection = None

    def release(self) -> None:
        if self.connection is not None:
            self._close()  # closing the session releases its advisory locks


class FileLock:
    kind = "file"

    def __init__(self, *, path: Path):
        self.path, self.fd = path, None

    def hold(self) -> bool:
        if self.fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor drops the lock
            self.fd = None


class NoLock:
    kind = "off"

    def hold(self) -> bool:
        return True

    def release(self) -> None:
        pass


def leadership() -> Leadership:
    """The lock LIENTHONG_SCHEDULER_LOCK names (see the module's docstring)."""
    kind = settings.LIENTHONG_SCHEDULER_LOCK
    if kind not in KINDS:
        raise ValueError(f"LIENTHONG_SCHEDULER_LOCK must be one of {', '.join(KINDS)}, not {kind!r}")
    cache_url = settings.LIENTHONG_CACHE_URL
    on_redis = cache_url.startswith(("redis://", "rediss://", "unix://"))
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    if kind == "auto":
        kind = "redis" if on_redis else "postgres" if on_postgres else "file"
    if kind == "redis":
        if not on_redis:
            raise ValueError("LIENTHONG_SCHEDULER_LOCK=redis needs LIENTHONG_CACHE_URL to name a Redis server")
        return RedisLease(url=cache_url, seconds=settings.LIENTHONG_SCHEDULER_LOCK_SECONDS)
    if kind == "postgres":
        if not on_postgres:
            raise ValueError("LIENTHONG_SCHEDULER_LOCK=postgres needs DATABASE_URL to name a PostgreSQL database")
        return PostgresAdvisoryLock()
    if kind == "file":
        return FileLock(path=Path(settings.DATA_DIR) / "scheduler.lock")
    return NoLock()
