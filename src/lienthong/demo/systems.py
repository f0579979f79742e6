"""The demo province's connected systems (issue 5, item 7): a realistic mix — most connected, some degraded, a few
disconnected or never connected — with an hour of simulated traffic, so the connection board tells a story at first
start. Written once, if no system exists, with instants relative to the build's `now` (a board opened days later
shows them all disconnected: that is what a silent system is).

Systems are created through the gateway's service (each gets its service account and roles); heartbeats, call
statistics and failed calls are written in bulk as the gateway's services and flush task would have written them,
because those services stamp the current instant and the story needs the past hour.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from lienthong.gateway.constants import SystemKind
from lienthong.gateway.models import CallStat, ConnectedSystem, FailedCall, Heartbeat
from lienthong.gateway.services.credentials import system_create
from lienthong.org.constants import Level
from lienthong.org.models import Agency

VENDORS = ["VNPT", "Viettel", "FPT IS", "CMC TS", "Mobifone"]
# The agency's position in identifier order → its story. Most are connected.
STORIES = {3: "degraded_silent", 7: "degraded_errors", 9: "disconnected", 14: "disconnected_long", 18: "never"}
OPERATIONS = ["dossiers.list", "dossiers.act", "heartbeat"]


def _kinds(agency: Agency) -> list[str]:
    if agency.level == Level.PROVINCE and agency.kind == "department":
        return [SystemKind.ONE_STOP, SystemKind.SECTOR_DATABASE]
    return [SystemKind.ONE_STOP]


def _traffic(system: ConnectedSystem, story: str, now: dt.datetime, beats: list, stats: list, failures: list):
    silent = {"degraded_silent": 25, "disconnected": 180, "disconnected_long": 60 * 30}.get(story, 0)
    last = now - dt.timedelta(minutes=silent + 1)
    beats.extend(
        Heartbeat(system=system, at=last - dt.timedelta(minutes=5 * n), version="2.4.1",
                  queue_depth=(system.pk * 7 + n) % 5)
        for n in range(6)
    )  # fmt: skip
    error_every = 8 if story == "degraded_errors" else 0
    end = last.replace(second=0, microsecond=0)
    for n in range(0, 60, 5):
        minute = end - dt.timedelta(minutes=n)
        count = 10 + (system.pk + n) % 7
        errors = count // error_every if error_every else 0
        stats.append(CallStat(system=system, operation=OPERATIONS[n % 3], minute=minute, count=count, errors=errors,
                              total_ms=count * 120, max_ms=480))  # fmt: skip
        if errors:
            failures.append(FailedCall(system=system, at=minute + dt.timedelta(seconds=17), operation=OPERATIONS[n % 3],
                                       status=503 if n % 2 else 422, problem="validation_error" if n % 2 == 0 else "",
                                       latency_ms=900))  # fmt: skip
    return last


@transaction.atomic
def demo_systems_load(*, now: dt.datetime | None = None) -> int:
    """Create the systems and their traffic once; returns how many systems were created (0 if any exists)."""
    if ConnectedSystem.objects.exists():
        return 0
    now = now or timezone.now()
    beats, stats, failures, last_seen = [], [], [], {}
    created = 0
    for position, agency in enumerate(Agency.objects.filter(is_active=True).order_by("identifier_code")):
        story = STORIES.get(position, "connected")
        for kind in _kinds(agency):
            label = SystemKind(kind).label
            system = system_create(
                agency=agency, name=f"{label} — {agency.short_name or agency.name}"[:255], kind=kind,
                vendor=VENDORS[position % len(VENDORS)], contact_name="Phòng CNTT",
                contact_email=agency.email,
            )  # fmt: skip
            created += 1
            if story != "never":
                last_seen[system.pk] = _traffic(system, story, now, beats, stats, failures)
    Heartbeat.objects.bulk_create(beats)
    CallStat.objects.bulk_create(stats)
    FailedCall.objects.bulk_create(failures)
    for system_id, at in last_seen.items():
        ConnectedSystem.objects.filter(pk=system_id).update(last_heartbeat_at=at)
    return created
