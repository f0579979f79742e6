"""Reports and dashboards read from PostgreSQL's streaming replica when one is configured (`DATABASE_REPLICA_URL`).

Only a view marked with `reads_from_replica` sends its reads there, and only while all of these hold:
- the replica answers and lags the primary by at most `LIENTHONG_REPLICA_MAX_LAG` seconds: checked at most every
  `LIENTHONG_REPLICA_CHECK_SECONDS` per process, by comparing the primary's WAL position with the replica's replayed
  one (caught up: no lag), else the age of the last transaction the replica replayed;
- the read is not inside a transaction on the primary (what a write transaction reads stays in it);
- the model is not one whose freshness a person notices at once: sessions, users, permissions, the task queue.
Everything else, and every write, goes to the primary. A replica that fails during a view (killed, cut off) is
marked down and the view runs again on the primary: these views only read.
"""

import contextvars
import functools
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
PRIMARY = "default"
# Read on the primary even in a report: what a person has just done must be seen at once.
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "accounts", "admin", "contenttypes", "django_tasks_database"})

# Within a `reads_from_replica` view: {"routed": whether a read went to the replica}; None elsewhere.
_reading: contextvars.ContextVar[dict | None] = contextvars.ContextVar("lienthong_reads_from_replica", default=None)


class _Health:
    """The replica's state as this process last measured it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.checked_at: float | None = None
        self.usable = False
        self.lag: float | None = None

    def forget(self) -> None:
        with self.lock:
            self.checked_at = None

    def mark_down(self) -> None:
        with self.lock:
            self.checked_at, self.usable, self.lag = time.monotonic(), False, None


health = _Health()


def replica_configured() -> bool:
    return REPLICA in connections.settings


def replica_lag() -> float | None:
    """Seconds the replica is behind the primary, 0 when it has replayed all the primary has written; None when either
    cannot be asked or the replica is not a standby."""
    try:
        with connections[PRIMARY].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            primary_lsn = cursor.fetchone()[0]
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn()),"
                " extract(epoch FROM now() - pg_last_xact_replay_timestamp())",
                [primary_lsn],
            )
            standby, behind_bytes, age = cursor.fetchone()
    except DatabaseError as error:
        logger.warning("replica check failed: %s", type(error).__name__)
        connections[REPLICA].close()
        return None
    if not standby:
        return None
    if behind_bytes is not None and behind_bytes <= 0:
        return 0.0
    return float(age) if age is not None else None


def replica_usable() -> bool:
    """Measured again once the last measure is older than LIENTHONG_REPLICA_CHECK_SECONDS."""
    if not replica_configured():
        return False
    now = time.monotonic()
    with health.lock:
        fresh = health.checked_at is not None and now - health.checked_at < settings.LIENTHONG_REPLICA_CHECK_SECONDS
        if fresh:
            return health.usable
    lag = replica_lag()
    usable = lag is not None and lag <= settings.LIENTHONG_REPLICA_MAX_LAG
    with health.lock:
        was, first = health.usable, health.checked_at is None
        health.checked_at, health.usable, health.lag = time.monotonic(), usable, lag
    # A process that starts with its replica down says so too: it was never "up" to change from (a web node
    # restarted after the replica's loss logged nothing, and the multi-host run could not tell where it read).
    if was != usable or (first and not usable):
        logger.warning("reports read from the %s (replica lag: %s s)", "replica" if usable else "primary", lag)
    return usable


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: the replica for reads in a `reads_from_replica` view, the primary otherwise."""

    def db_for_read(self, model, **hints):
        state = _reading.get()
        if state is None or model._meta.app_label in PRIMARY_ONLY_APPS:
            return None
        if connections[PRIMARY].in_atomic_block or not replica_usable():
            return None
        state["routed"] = True
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows, one copy of the other

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


def reads_from_replica(view):
    """A report's view: its GET and HEAD may read from the replica, and run again on the primary if the replica fails
    under them (a POST — an import — stays wholly on the primary)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not replica_configured():
            return view(request, *args, **kwargs)
        state = {"routed": False}
        token = _reading.set(state)
        try:
            return view(request, *args, **kwargs)
        except DatabaseError:
            if not (state["routed"] and _replica_broken()):
                raise
            health.mark_down()
            logger.warning("the replica failed during a report: read again from the primary")
        finally:
            _reading.reset(token)
        return view(request, *args, **kwargs)

    return wrapper


def _replica_broken() -> bool:
    """After an error in a view that read from the replica: did the replica's connection break (or never open)?"""
    connection = connections[REPLICA]
    if connection.connection is None:
        return True
    try:
        broken = not connection.is_usable()
    except DatabaseError:
        broken = True
    if broken:
        connection.close()
    return broken
