"""The demo province's connected systems (issue 5, item 7): a realistic mix — most connected, some degraded, a few
disconnected or never connected — with an hour of simulated traffic, so the connection board tells a story at first
start. Written once, if no system exists, with instants relative to the build's `now`; afterwards the connected ones
(and the one degraded by its errors) go on talking every few minutes (lienthong.demo.traffic), while the silent ones
stay silent — degraded, then disconnected, then escalated, as a real unit would be.

Systems are created through the gateway's service (each gets its service account and roles); heartbeats, call
statistics and failed calls are written in bulk as the gateway's services and flush task would have written them,
because those services stamp the current instant and the story needs the past hour.

`demo_systems_history_load` (run after the dossiers' history) adds three months of state changes — most systems
always up, a few with outages last month (the long ones escalated), the disconnected and never-connected ones as
they are now — and marks the recent dossiers as synced to the national portal, so that last month's compliance
report (lienthong.board.compliance) lists a handful of units out of compliance with their heads.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from lienthong.board.constants import ConnectionState
from lienthong.board.models import Escalation, StateChange
from lienthong.demo.traffic import demo_live_systems_set
from lienthong.dossiers.constants import Status
from lienthong.dossiers.models import Dossier
from lienthong.gateway.constants import SystemKind
from lienthong.gateway.models import CallStat, ConnectedSystem, FailedCall, Heartbeat
from lienthong.gateway.services.credentials import system_create
from lienthong.national.constants import SyncState
from lienthong.national.models import NationalSync
from lienthong.org.constants import Level
from lienthong.org.models import Agency, HeadAssignment

VENDORS = ["VNPT", "Viettel", "FPT IS", "CMC TS", "Mobifone"]
# The agency's position in identifier order → its story. Most are connected.
STORIES = {3: "degraded_silent", 7: "degraded_errors", 9: "disconnected", 14: "disconnected_long", 18: "never"}
OPERATIONS = ["dossiers.list", "dossiers.act", "heartbeat"]
# The stories whose systems go on talking after the build (demo.traffic), with the share of their calls that fail.
LIVE_STORIES = {"connected": 0.0, "degraded_errors": 0.125}


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
    beats, stats, failures, last_seen, live = [], [], [], {}, {}
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
            if story in LIVE_STORIES:
                live[system.pk] = LIVE_STORIES[story]
    Heartbeat.objects.bulk_create(beats)
    CallStat.objects.bulk_create(stats)
    FailedCall.objects.bulk_create(failures)
    for system_id, at in last_seen.items():
        ConnectedSystem.objects.filter(pk=system_id).update(last_heartbeat_at=at)
    demo_live_systems_set(live)  # these go on talking after the build (lienthong.demo.traffic)
    return created


# ---------------------------------------------------------------------------------------------------------------
# The systems' state history and the national-portal sync of recent dossiers, so that last month's compliance
# report (lienthong.board.compliance) lists a handful of units out of compliance at first start.

HISTORY_MONTHS = 3
# The agency's position in identifier order → its outages last month, as (day of the month, hour, hours down).
# Short ones keep a unit compliant (99.7 %); two days, escalated, do not. The stories above add theirs.
OUTAGES = {
    5: [(9, 22, 2)],
    11: [(3, 8, 1), (17, 14, 3)],
    21: [(12, 7, 49)],
    33: [(6, 0, 20), (20, 0, 22)],
    40: [(24, 9, 30)],
    9: [(14, 10, 40)],
    14: [(2, 6, 30), (15, 6, 30), (27, 20, 26)],
}
UNSYNCED_EVERY = {9: 3, 14: 2, 26: 4}  # position → one dossier in N of last months' left unsynced (else all synced)


def _month_start(day: dt.date, back: int) -> dt.datetime:
    month = day.year * 12 + day.month - 1 - back
    return dt.datetime(month // 12, month % 12 + 1, 1, tzinfo=timezone.get_current_timezone())


def _current(story: str, last: dt.datetime | None, start: dt.datetime, now: dt.datetime) -> tuple[str, dt.datetime]:
    """The state the board shows now and since when (as board.history dates it), for the history's last row."""
    if story == "never" or last is None:
        return ConnectionState.NEVER, start
    if story in ("disconnected", "disconnected_long"):
        return ConnectionState.DISCONNECTED, last + dt.timedelta(minutes=60)
    if story == "degraded_silent":
        return ConnectionState.DEGRADED, last + dt.timedelta(minutes=15)
    if story == "degraded_errors":
        return ConnectionState.DEGRADED, now - dt.timedelta(minutes=30)
    return ConnectionState.CONNECTED, start


def _system_history(system, story, outages, start, last_month, now, rows, escalations, heads) -> None:
    state, since = _current(story, system.last_heartbeat_at, start, now)
    if state == ConnectionState.NEVER:
        rows.append(StateChange(system=system, state=state, since=start, recorded_at=start))
        return
    rows.append(StateChange(system=system, state=ConnectionState.CONNECTED, since=start, recorded_at=start))
    for day, hour, hours in outages:
        down = last_month + dt.timedelta(days=day - 1, hours=hour)
        up = down + dt.timedelta(hours=hours)
        rows.append(StateChange(system=system, state=ConnectionState.DISCONNECTED, since=down, recorded_at=down))
        rows.append(StateChange(system=system, state=ConnectionState.CONNECTED, since=up, recorded_at=up))
        if hours >= 24:  # past the escalation rule's 24-hour grace period: its head was mailed
            escalations.append(Escalation(system=system, outage_since=down - dt.timedelta(minutes=60),
                                          sent_at=down + dt.timedelta(hours=23),
                                          recipients=[a for a in [system.contact_email] if a],
                                          head_name=heads.get(system.agency_id, "")))  # fmt: skip
    if state != ConnectionState.CONNECTED:
        rows.append(StateChange(system=system, state=state, since=since, recorded_at=since))


def _sync_recent_dossiers(positions: dict[int, int], start: dt.datetime, now: dt.datetime) -> int:
    """Mark the recent received dossiers as synced to the national portal, but one in N of a few agencies'."""
    rows = []
    dossiers = (
        Dossier.objects.filter(received_at__gte=start, received_at__lt=now, national_sync__isnull=True)
        .exclude(status=Status.SUBMITTED)
        .order_by("agency_id", "received_at", "pk")
        .values_list("pk", "agency_id", "received_at", "status")
    )
    seen: dict[int, int] = {}
    for pk, agency_id, received_at, status in dossiers:
        seen[agency_id] = seen.get(agency_id, 0) + 1
        every = UNSYNCED_EVERY.get(positions.get(agency_id, -1))
        if every and seen[agency_id] % every == 0:
            continue
        rows.append(NationalSync(dossier_id=pk, state=SyncState.SYNCED, synced_status=status,
                                 last_synced_at=received_at + dt.timedelta(minutes=5)))  # fmt: skip
    NationalSync.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@transaction.atomic
def demo_systems_history_load(*, now: dt.datetime | None = None) -> int:
    """Write the systems' state history over the past months and last month's escalations, once (none if any
    history exists), and sync the recent dossiers; returns how many state changes were written."""
    if StateChange.objects.exists():
        return 0
    now = now or timezone.now()
    today = timezone.localdate(now)
    start, last_month = _month_start(today, HISTORY_MONTHS), _month_start(today, 1)
    positions = {
        agency_id: position
        for position, agency_id in enumerate(
            Agency.objects.filter(is_active=True).order_by("identifier_code").values_list("pk", flat=True)
        )
    }
    in_office = HeadAssignment.objects.filter(ends_on__isnull=True).order_by("starts_on")
    heads = dict(in_office.values_list("agency_id", "full_name"))
    rows, escalations = [], []
    for system in ConnectedSystem.objects.filter(is_active=True).order_by("agency_id", "pk"):
        position = positions.get(system.agency_id, -1)
        story = STORIES.get(position, "connected")
        _system_history(system, story, OUTAGES.get(position, []), start, last_month, now, rows, escalations, heads)
    ConnectedSystem.objects.filter(created_at__gt=start).update(created_at=start)  # declared before the history
    StateChange.objects.bulk_create(rows)
    Escalation.objects.bulk_create(escalations, ignore_conflicts=True)
    _sync_recent_dossiers(positions, start, now)
    return len(rows)
