"""The demo's systems keep talking: every few minutes the systems whose story is "connected" (or "degraded by its
errors") send a heartbeat and a few calls, as their software would, so the connection board tells the same story
the day after the demo was built — instead of every unit turning disconnected, and the escalation check mailing
three hundred heads about it.

Which systems talk is data: the rule `demo.live_systems` (their ids and the share of their calls that fail), written
by the demo build and empty anywhere else, where the task costs one query and does nothing. An administrator who
empties it silences the demo's units, and the board follows.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from lienthong.core.rules import RuleSpec, rule_get, rules_register
from lienthong.gateway.models import CallStat, ConnectedSystem, Heartbeat

LIVE_SYSTEMS = "demo.live_systems"
OPERATION = "dossiers.list"
KEEP_HEARTBEATS = dt.timedelta(hours=6)
KEEP_CALLS = dt.timedelta(days=2)


def register() -> None:
    rules_register(
        RuleSpec(
            LIVE_SYSTEMS,
            {},
            "The demo's systems that keep sending heartbeats and calls (id → share of failing calls); empty outside "
            "the demo (lienthong.demo.traffic).",
        )
    )


def demo_live_systems_set(live: dict[int, float]) -> None:
    """The demo build's choice: these systems talk, failing this share of their calls."""
    from lienthong.core.models import Rule

    Rule.objects.update_or_create(key=LIVE_SYSTEMS, defaults={"value": {str(k): v for k, v in live.items()}})


@transaction.atomic
def demo_traffic_tick(*, now: dt.datetime | None = None) -> int:
    """One heartbeat and one minute of calls for each live demo system; returns how many systems spoke."""
    live = {int(k): float(v) for k, v in (rule_get(LIVE_SYSTEMS) or {}).items()}
    if not live:
        return 0
    now = now or timezone.now()
    ids = list(ConnectedSystem.objects.filter(pk__in=live, is_active=True).values_list("pk", flat=True))
    minute = now.replace(second=0, microsecond=0)
    Heartbeat.objects.bulk_create(
        [Heartbeat(system_id=pk, at=now, version="2.4.1", queue_depth=(pk + minute.minute) % 5) for pk in ids]
    )
    calls = [(pk, 10 + (pk + minute.minute) % 7) for pk in ids]
    CallStat.objects.bulk_create(
        [CallStat(system_id=pk, operation=OPERATION, minute=minute, count=n, errors=round(n * live[pk]),
                  total_ms=n * 120, max_ms=480) for pk, n in calls],
        ignore_conflicts=True,  # a second tick in the same minute adds nothing
    )  # fmt: skip
    ConnectedSystem.objects.filter(pk__in=ids).update(last_heartbeat_at=now)
    Heartbeat.objects.filter(system_id__in=ids, at__lt=now - KEEP_HEARTBEATS).delete()
    CallStat.objects.filter(system_id__in=ids, minute__lt=now - KEEP_CALLS).delete()
    return len(ids)
