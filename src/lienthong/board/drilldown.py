"""Drill-down from the board to one system: what it reported, what failed, and what the province could not deliver.

The board lists states; an IT officer on the phone with a vendor needs the detail behind a state — the recent failed
calls, the heartbeats, the calls per operation in the last day, and the webhook events that did not reach the system
(still retrying after a failure, or dead-lettered). Each read is bounded (the latest N), so a system that has failed
for a month costs the same page as a healthy one.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery, Sum
from django.utils import timezone

from lienthong.board.constants import FAILED_CALLS_SHOWN, HEARTBEATS_SHOWN, UNDELIVERED_SHOWN
from lienthong.catalogue.models import ProcedureVersion
from lienthong.gateway.models import ApiKey, CallStat, ConnectedSystem, FailedCall, Heartbeat, SystemDuty
from lienthong.gateway.webhooks.constants import DeliveryState
from lienthong.gateway.webhooks.models import WebhookDelivery

# Undelivered: dead-lettered, or still pending after at least one failed attempt. A pending delivery never tried
# yet is simply in flight and says nothing about the receiver.
UNDELIVERED = Q(state=DeliveryState.DEAD) | Q(state=DeliveryState.PENDING, attempts__gt=0)


@dataclass(frozen=True)
class Undelivered:
    failing: int = 0  # pending, retried after a failure
    dead: int = 0

    @property
    def total(self) -> int:
        return self.failing + self.dead


@dataclass(frozen=True)
class OperationDay:
    operation: str
    calls: int
    errors: int
    mean_ms: int
    max_ms: int


def board_undelivered_counts(*, system_ids: list[int]) -> dict[int, Undelivered]:
    """Per system, its undelivered webhook events (one grouped query)."""
    rows = (
        WebhookDelivery.objects.filter(UNDELIVERED, subscription__system_id__in=system_ids)
        .values("subscription__system_id")
        .annotate(
            failing=Count("pk", filter=Q(state=DeliveryState.PENDING)),
            dead=Count("pk", filter=Q(state=DeliveryState.DEAD)),
        )
        .order_by()
    )
    return {row["subscription__system_id"]: Undelivered(row["failing"], row["dead"]) for row in rows}


def board_system_undelivered(*, system_id: int, limit: int = UNDELIVERED_SHOWN) -> list[WebhookDelivery]:
    """The system's latest undelivered events with the event and its dossier's code (one query)."""
    return list(
        WebhookDelivery.objects.filter(UNDELIVERED, subscription__system_id=system_id)
        .select_related("event__dossier", "notice__dossier", "subscription")
        .only(
            "id",
            "state",
            "attempts",
            "available_at",
            "dead_at",
            "last_status",
            "last_error",
            "created_at",
            "dossier_id",
            "event__uuid",
            "event__kind",
            "event__at",
            "event__dossier__code",
            "notice__uuid",
            "notice__kind",
            "notice__dossier__code",
            "subscription__url",
        )  # fmt: skip
        .order_by("-id")[:limit]
    )


def board_system_failures(*, system_ids: list[int]) -> dict[int, list[FailedCall]]:
    """The latest failed calls of each system (the gateway keeps the last 200 per system)."""
    found: dict[int, list[FailedCall]] = defaultdict(list)
    for call in FailedCall.objects.filter(system_id__in=system_ids).order_by("system_id", "-at", "-id"):
        if len(found[call.system_id]) < FAILED_CALLS_SHOWN:
            found[call.system_id].append(call)
    return found


def board_system_heartbeats(*, system_ids: list[int]) -> dict[int, list[Heartbeat]]:
    """The latest heartbeats of each system (the gateway keeps the last 100 per system)."""
    found: dict[int, list[Heartbeat]] = defaultdict(list)
    for beat in Heartbeat.objects.filter(system_id__in=system_ids).order_by("system_id", "-at", "-id"):
        if len(found[beat.system_id]) < HEARTBEATS_SHOWN:
            found[beat.system_id].append(beat)
    return found


def board_system_operations(*, system_id: int, now: dt.datetime | None = None) -> list[OperationDay]:
    """The system's calls in the last 24 hours by operation, the busiest first (one grouped query)."""
    since = (now or timezone.now()) - dt.timedelta(hours=24)
    rows = (
        CallStat.objects.filter(system_id=system_id, minute__gte=since)
        .values("operation")
        .annotate(calls=Sum("count"), errors=Sum("errors"), total=Sum("total_ms"), slowest=Max("max_ms"))
        .order_by("-calls", "operation")
    )
    return [
        OperationDay(
            operation=row["operation"],
            calls=row["calls"],
            errors=row["errors"],
            mean_ms=row["total"] // max(row["calls"], 1),
            max_ms=row["slowest"],
        )  # fmt: skip
        for row in rows
    ]


def board_system_record(*, system_id: int) -> ConnectedSystem | None:
    """The active system with its sync duties and its keys in use (three queries), or None."""
    keys = ApiKey.objects.filter(revoked_at__isnull=True).order_by("-created_at")
    current_name = ProcedureVersion.objects.filter(procedure=OuterRef("procedure"), is_current=True).values("name")
    duties = (
        SystemDuty.objects.select_related("procedure")
        .annotate(procedure_name=Subquery(current_name[:1]))
        .order_by("procedure__national_code")
    )
    return (
        ConnectedSystem.objects.filter(pk=system_id, is_active=True)
        .prefetch_related(Prefetch("duties", duties), Prefetch("keys", keys, to_attr="keys_in_use"))
        .first()
    )
