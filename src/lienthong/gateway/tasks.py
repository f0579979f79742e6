"""Background work of the gateway, both periodic: `lienthong scheduler` enqueues `call_stats_flush` every minute
and `idempotency_purge` every hour (launch/schedule.py)."""

from django_tasks import task

from lienthong.gateway.services.calls import call_stats_flush as call_stats_flush_now
from lienthong.gateway.services.idempotency import idempotency_purge as idempotency_purge_now


@task(queue_name="default")
def call_stats_flush() -> int:
    """Move the closed minutes' call counts from the cache to `CallStat`, and failed calls to `FailedCall`."""
    return call_stats_flush_now()


@task(queue_name="default")
def idempotency_purge() -> int:
    """Forget the Idempotency-Key records older than 24 hours."""
    return idempotency_purge_now()
