"""Every call of a system, counted in the cache on the hot path and moved to `CallStat` by a periodic task.

Cost of a call: four to six cache calls, no query. Per minute bucket, each (system, operation) pair seen gets a
slot (`incr` of the bucket's slot counter, atomic in Redis and in LocMem), so the flush finds every pair without
scanning keys; count, errors and total latency are `incr`ed; the maximum is a get-and-set (a lost race only
under-reports a maximum). A failed call is also put in a small ring per system for drill-down. The flush (the
`gateway.tasks.call_stats_flush` task, every minute or so) moves the closed minutes into the database and the
ring into `FailedCall`, keeping the latest FAILED_CALLS_KEPT per system.

With the per-process memory cache each process counts and must flush its own calls; with Redis one flush
serves all. Counts not flushed within BUCKET_TTL are lost with the cache (they are statistics, not records).
"""

import datetime as dt
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from lienthong.gateway.constants import FAILED_CALLS_KEPT
from lienthong.gateway.models import CallStat, FailedCall

PREFIX = "gw:calls"
BUCKET_TTL = 3 * 60 * 60
RING = 50  # failed calls kept in the cache per system between flushes
FLUSHED_KEY = f"{PREFIX}:flushed"  # the last minute flushed
LOOKBACK_MINUTES = 180


@dataclass(frozen=True)
class Call:
    system_id: int
    operation: str
    status: int
    latency_ms: int
    problem: str = ""


def _bump(key: str, by: int = 1) -> int:
    try:
        return cache.incr(key, by)
    except ValueError:
        if cache.add(key, by, timeout=BUCKET_TTL):
            return by
        return cache.incr(key, by)


def call_record(call: Call, *, now: float | None = None) -> None:
    """Count one call in its minute (the hot path: cache only)."""
    now = time.time() if now is None else now
    minute = int(now // 60)
    pair = f"{PREFIX}:{minute}:{call.system_id}:{call.operation}"
    if cache.add(f"{pair}:seen", 1, timeout=BUCKET_TTL):
        slot = _bump(f"{PREFIX}:{minute}:slots")
        cache.set(f"{PREFIX}:{minute}:slot:{slot}", (call.system_id, call.operation), timeout=BUCKET_TTL)
    _bump(f"{pair}:count")
    _bump(f"{pair}:ms", call.latency_ms)
    if call.latency_ms > cache.get(f"{pair}:max", 0):
        cache.set(f"{pair}:max", call.latency_ms, timeout=BUCKET_TTL)
    if call.status >= 400:
        _bump(f"{pair}:errors")
        n = _bump(f"{PREFIX}:fail:{call.system_id}:n")
        cache.set(f"{PREFIX}:fail:{call.system_id}:{n % RING}", (n, now, call.operation, call.status, call.problem,
                                                                   call.latency_ms), timeout=BUCKET_TTL)  # fmt: skip
        if cache.add(f"{PREFIX}:fail:seen:{call.system_id}", 1, timeout=BUCKET_TTL):
            slot = _bump(f"{PREFIX}:fail:slots")
            cache.set(f"{PREFIX}:fail:slot:{slot}", call.system_id, timeout=BUCKET_TTL)


def _minute_at(minute: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(minute * 60, tz=dt.UTC)


def call_stats_flush(*, now: float | None = None) -> int:
    """Move every closed minute (older than the current one) into `CallStat`; returns the rows written."""
    now = time.time() if now is None else now
    current = int(now // 60)
    first = max(cache.get(FLUSHED_KEY, current - LOOKBACK_MINUTES) + 1, current - LOOKBACK_MINUTES)
    written = 0
    for minute in range(first, current):
        written += _flush_minute(minute)
        cache.set(FLUSHED_KEY, minute, timeout=None)
    _flush_failures()
    return written


def _flush_minute(minute: int) -> int:
    slots = cache.get(f"{PREFIX}:{minute}:slots", 0)
    if not slots:
        return 0
    pairs = list(cache.get_many([f"{PREFIX}:{minute}:slot:{n}" for n in range(1, slots + 1)]).values())
    names = [f"{PREFIX}:{minute}:{s}:{op}:{field}" for s, op in pairs for field in ("count", "errors", "ms", "max")]
    values = cache.get_many(names)
    at = _minute_at(minute)
    with transaction.atomic():
        for system_id, operation in pairs:
            base = f"{PREFIX}:{minute}:{system_id}:{operation}"
            count, errors = values.get(f"{base}:count", 0), values.get(f"{base}:errors", 0)
            total, top = values.get(f"{base}:ms", 0), values.get(f"{base}:max", 0)
            stat, created = CallStat.objects.get_or_create(
                system_id=system_id, operation=operation, minute=at,
                defaults={"count": count, "errors": errors, "total_ms": total, "max_ms": top},
            )  # fmt: skip
            if not created:  # another process's memory cache flushed the same minute before
                CallStat.objects.filter(pk=stat.pk).update(
                    count=F("count") + count, errors=F("errors") + errors, total_ms=F("total_ms") + total,
                    max_ms=max(stat.max_ms, top),
                )  # fmt: skip
    cache.delete_many([*names, f"{PREFIX}:{minute}:slots",
                       *(f"{PREFIX}:{minute}:slot:{n}" for n in range(1, slots + 1))])  # fmt: skip
    return len(pairs)


def _flush_failures() -> None:
    """The rings of the systems that failed since the last flush, into `FailedCall` (the latest few kept)."""
    slots = cache.get(f"{PREFIX}:fail:slots", 0)
    if not slots:
        return
    slot_keys = [f"{PREFIX}:fail:slot:{n}" for n in range(1, slots + 1)]
    systems = set(cache.get_many(slot_keys).values())
    cache.delete_many([f"{PREFIX}:fail:slots", *slot_keys, *(f"{PREFIX}:fail:seen:{s}" for s in systems)])
    for system_id in sorted(systems):
        entries = [e for e in cache.get_many([f"{PREFIX}:fail:{system_id}:{i}" for i in range(RING)]).values() if e]
        cache.delete_many([f"{PREFIX}:fail:{system_id}:{i}" for i in range(RING)])
        FailedCall.objects.bulk_create(
            FailedCall(system_id=system_id, at=dt.datetime.fromtimestamp(at, tz=dt.UTC), operation=op, status=status,
                       problem=problem[:120], latency_ms=ms)
            for _n, at, op, status, problem, ms in sorted(entries)
        )  # fmt: skip
        keep = FailedCall.objects.filter(system_id=system_id).order_by("-at", "-id")[FAILED_CALLS_KEPT:]
        stale = list(keep.values_list("pk", flat=True))
        if stale:
            FailedCall.objects.filter(pk__in=stale).delete()
