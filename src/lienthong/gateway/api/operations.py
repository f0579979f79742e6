"""Heartbeats and the daily reconciliation report."""

import datetime as dt

from django.http import HttpRequest, HttpResponse

from lienthong.core.problems import Problem
from lienthong.gateway.api.auth import SystemKey, json_out, operation
from lienthong.gateway.api.router import IDEMPOTENCY_KEY, REFUSALS, router
from lienthong.gateway.api.schemas import (
    DifferenceOut,
    HeartbeatIn,
    HeartbeatOut,
    ReconciliationIn,
    ReconciliationOut,
)
from lienthong.gateway.constants import Scope
from lienthong.gateway.selectors import reconciliation_differences
from lienthong.gateway.services.reports import heartbeat_record, reconciliation_submit

ANY_KEY = SystemKey(None)  # a heartbeat needs a valid key, whatever its scopes
RECONCILE = SystemKey(Scope.DOSSIERS_READ)


@router.post(
    "/heartbeat", auth=ANY_KEY, response={200: HeartbeatOut, 422: Problem, **REFUSALS},
    operation_id="system_heartbeat", url_name="system-heartbeat",
    summary="The system is alive: its version and the depth of its own queue",
)  # fmt: skip
@operation("system_heartbeat", idempotent=True)
def heartbeat(request: HttpRequest, body: HeartbeatIn, idempotency_key: str = IDEMPOTENCY_KEY) -> HttpResponse:
    system = request.auth.system
    previous = system.last_heartbeat_at
    beat = heartbeat_record(system=system, version=body.version, queue_depth=body.queue_depth)
    return json_out(HeartbeatOut(received_at=beat.at, previous_at=previous))


def _reconciliation_out(request: HttpRequest, day: dt.date) -> ReconciliationOut:
    report, differences = reconciliation_differences(system=request.auth.system, day=day)
    return ReconciliationOut(
        day=report.day, received_at=report.received_at, in_agreement=not differences,
        differences=[DifferenceOut(procedure=d.procedure, status=d.status, reported=d.reported, ours=d.ours)
                     for d in differences],
    )  # fmt: skip


@router.post(
    "/reconciliation", auth=RECONCILE, response={201: ReconciliationOut, 422: Problem, **REFUSALS},
    operation_id="system_reconciliation_submit", url_name="system-reconciliation",
    summary="The day's counts by procedure and status as the unit sees them; answers with the differences",
)  # fmt: skip
@operation("system_reconciliation_submit", idempotent=True)
def reconciliation_post(request: HttpRequest, body: ReconciliationIn,
                        idempotency_key: str = IDEMPOTENCY_KEY) -> HttpResponse:  # fmt: skip
    counts = [{"procedure": c.procedure, "status": str(c.status), "count": c.count} for c in body.counts]
    reconciliation_submit(system=request.auth.system, day=body.day, counts=counts)
    return json_out(_reconciliation_out(request, body.day), status=201)


@router.get(
    "/reconciliation/{day}", auth=RECONCILE, response={200: ReconciliationOut, 404: Problem, **REFUSALS},
    operation_id="system_reconciliation_get", url_name="system-reconciliation-day",
    summary="Where the unit's counts for a day differ from ours",
)  # fmt: skip
@operation("system_reconciliation_get")
def reconciliation_get(request: HttpRequest, day: dt.date) -> HttpResponse:
    return json_out(_reconciliation_out(request, day))
