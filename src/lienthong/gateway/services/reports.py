"""Heartbeats and the daily reconciliation report: what the connection board reads of each system."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from lienthong.gateway.constants import HEARTBEAT_HISTORY
from lienthong.gateway.models import ConnectedSystem, Heartbeat, ReconciliationReport


@transaction.atomic
def heartbeat_record(*, system: ConnectedSystem, version: str, queue_depth: int) -> Heartbeat:
    """The system says it is alive; the latest HEARTBEAT_HISTORY are kept."""
    now = timezone.now()
    beat = Heartbeat.objects.create(system=system, at=now, version=version, queue_depth=queue_depth)
    ConnectedSystem.objects.filter(pk=system.pk).update(last_heartbeat_at=now)
    system.last_heartbeat_at = now
    old = Heartbeat.objects.filter(system=system).order_by("-at", "-id").values_list("pk", flat=True)
    stale = list(old[HEARTBEAT_HISTORY : HEARTBEAT_HISTORY + 1000])
    if stale:
        Heartbeat.objects.filter(pk__in=stale).delete()
    return beat


@transaction.atomic
def reconciliation_submit(*, system: ConnectedSystem, day: dt.date, counts: list[dict]) -> ReconciliationReport:
    """The unit's counts for `day` by procedure and status; a report sent again for the same day replaces it."""
    merged: dict[tuple[str, str], int] = {}
    for row in counts:
        key = (row["procedure"], row["status"])
        merged[key] = merged.get(key, 0) + int(row["count"])
    rows = [{"procedure": p, "status": s, "count": n} for (p, s), n in sorted(merged.items())]
    report, _created = ReconciliationReport.objects.update_or_create(
        system=system, day=day, defaults={"counts": rows, "received_at": timezone.now()}
    )
    return report
