"""The connection board's reads: the state of every connected system and of every agency, with the head in office.

The whole province costs a fixed handful of queries whatever its size (pinned by a test): agencies with their head,
systems with their latest heartbeat, call statistics, latest reconciliation reports and our counts for them,
undelivered webhook events, the national-portal sync share (Decision 766 metric 1.4, counted from the reporting read
model by `reports.sync_share` and scored by its engine) and backlog. Everything else is arithmetic in Python.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from lienthong.board.constants import SEVERITY, ConnectionState
from lienthong.board.drilldown import Undelivered, board_undelivered_counts
from lienthong.board.rules import (
    DEGRADED_AFTER_MINUTES,
    DEGRADED_ERROR_RATE,
    DISCONNECTED_AFTER_MINUTES,
    SYNC_SHARE_DAYS,
)
from lienthong.core.rules import rule_get
from lienthong.core.text import fold
from lienthong.dossiers.models import Dossier
from lienthong.gateway.models import CallStat, ConnectedSystem, Heartbeat, ReconciliationReport
from lienthong.national.constants import SyncState
from lienthong.national.models import NationalSync
from lienthong.org.models import Agency, HeadAssignment
from lienthong.reports.sync_share import SyncShare, sync_share_by_agency


@dataclass(frozen=True)
class Thresholds:
    degraded_after: dt.timedelta
    disconnected_after: dt.timedelta
    error_rate: float

    @classmethod
    def current(cls) -> "Thresholds":
        return cls(
            degraded_after=dt.timedelta(minutes=rule_get(DEGRADED_AFTER_MINUTES)),
            disconnected_after=dt.timedelta(minutes=rule_get(DISCONNECTED_AFTER_MINUTES)),
            error_rate=float(rule_get(DEGRADED_ERROR_RATE)),
        )


def connection_state(*, last_heartbeat_at: dt.datetime | None, error_rate: float | None, now: dt.datetime,
                     thresholds: Thresholds) -> ConnectionState:  # fmt: skip
    """Never connected without any heartbeat; then by the heartbeat's age; degraded also by the last hour's errors."""
    if last_heartbeat_at is None:
        return ConnectionState.NEVER
    silent = now - last_heartbeat_at
    if silent > thresholds.disconnected_after:
        return ConnectionState.DISCONNECTED
    if silent > thresholds.degraded_after or (error_rate is not None and error_rate > thresholds.error_rate):
        return ConnectionState.DEGRADED
    return ConnectionState.CONNECTED


@dataclass
class SystemState:
    id: int
    name: str
    kind: str
    kind_label: str
    vendor: str
    agency_id: int
    created_at: dt.datetime
    state: ConnectionState
    last_heartbeat_at: dt.datetime | None
    last_success_at: dt.datetime | None
    calls_last_hour: int
    errors_last_hour: int
    backlog: int | None  # the queue depth the system reported with its latest heartbeat
    reconciliation_day: dt.date | None = None
    reconciliation_gaps: int | None = None  # (procedure, status) lines whose counts differ
    undelivered: Undelivered = Undelivered()  # webhook events that did not reach it (retrying, dead)

    @property
    def error_rate(self) -> float | None:
        return self.errors_last_hour / self.calls_last_hour if self.calls_last_hour else None

    @property
    def outage_since(self) -> dt.datetime:
        """When the current outage began: the last heartbeat, or the system's creation if it never sent one."""
        return self.last_heartbeat_at or self.created_at


@dataclass
class AgencyState:
    id: int
    name: str
    level: str
    level_label: str
    email: str
    head_name: str | None
    head_title: str | None
    head_since: dt.date | None
    head_acting: bool
    systems: list[SystemState] = field(default_factory=list)
    received: int = 0  # dossiers received in the sync-share period
    synced: int = 0
    sync: SyncShare | None = None  # the same, with Decision 766 metric 1.4's rate and points (None: none received)
    national_backlog: int = 0
    national_failed: int = 0  # dossiers the national portal refused, or that ran out of attempts
    notes: list = field(default_factory=list)  # what other apps add (board.extensions): the roadmap's status

    @property
    def state(self) -> ConnectionState:
        """The worst state of its systems; an agency without any system has never connected."""
        if not self.systems:
            return ConnectionState.NEVER
        return min((s.state for s in self.systems), key=SEVERITY.__getitem__)

    @property
    def sync_share(self) -> float | None:
        return self.synced / self.received if self.received else None


@dataclass(frozen=True)
class BoardFilters:
    state: str = ""
    level: str = ""
    name: str = ""

    def keep(self, agency: AgencyState) -> bool:
        return (
            (not self.state or agency.state == self.state)
            and (not self.level or agency.level == self.level)
            and (not self.name or fold(self.name) in fold(agency.name))
        )


def agencies_with_head(on: dt.date, agency_ids: list[int] | None) -> QuerySet[Agency]:
    """Active agencies (or those of `agency_ids`) with the head in office on `on`: name, title, since, acting."""
    heads = (
        HeadAssignment.objects.filter(agency=OuterRef("pk"), starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by("-starts_on", "-id")
    )
    queryset = Agency.objects.filter(is_active=True)
    if agency_ids is not None:
        queryset = queryset.filter(pk__in=agency_ids)
    return queryset.annotate(
        head_name=Subquery(heads.values("full_name")[:1]),
        head_title=Subquery(heads.values("title")[:1]),
        head_since=Subquery(heads.values("starts_on")[:1]),
        head_acting=Subquery(heads.values("is_acting")[:1]),
    ).order_by("level", "name")


def _systems(agency_ids: list[int] | None) -> list[ConnectedSystem]:
    latest = Heartbeat.objects.filter(system=OuterRef("pk")).order_by("-at", "-id").values("queue_depth")[:1]
    queryset = ConnectedSystem.objects.filter(is_active=True)
    if agency_ids is not None:
        queryset = queryset.filter(agency_id__in=agency_ids)
    return list(queryset.annotate(backlog=Subquery(latest)).order_by("agency_id", "name"))


def _call_stats(system_ids: list[int], since: dt.datetime) -> dict[int, dict]:
    recent = Q(minute__gte=since)
    rows = (
        CallStat.objects.filter(system_id__in=system_ids)
        .values("system_id")
        .annotate(
            recent_calls=Sum("count", filter=recent),
            recent_errors=Sum("errors", filter=recent),
            last_success=Max("minute", filter=Q(count__gt=F("errors"))),
        )
        .order_by()
    )
    return {row["system_id"]: row for row in rows}


def _reconciliation_gaps(systems: list[ConnectedSystem]) -> dict[int, tuple[dt.date, int]]:
    """Per system, its latest report's day and how many (procedure, status) lines differ from ours: two queries."""
    latest_day = ReconciliationReport.objects.filter(system=OuterRef("system")).order_by("-day").values("day")[:1]
    reports = list(
        ReconciliationReport.objects.filter(system_id__in=[s.pk for s in systems])
        .annotate(latest=Subquery(latest_day))
        .filter(day=F("latest"))
    )
    if not reports:
        return {}
    agency_of = {s.pk: s.agency_id for s in systems}
    span = Q()
    for report in reports:
        start = timezone.make_aware(dt.datetime.combine(report.day, dt.time.min))
        span |= Q(agency_id=agency_of[report.system_id], submitted_at__gte=start,
                  submitted_at__lt=start + dt.timedelta(days=1))  # fmt: skip
    ours: dict[tuple, int] = {}
    rows = (
        Dossier.objects.filter(span)
        .annotate(day=TruncDate("submitted_at", tzinfo=timezone.get_current_timezone()))
        .values("agency_id", "day", "procedure_version__procedure__national_code", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        ours[(row["agency_id"], row["day"], row["procedure_version__procedure__national_code"], row["status"])] = row[
            "n"
        ]
    gaps = {}
    for report in reports:
        agency_id = agency_of[report.system_id]
        theirs = {(r["procedure"], r["status"]): r["count"] for r in report.counts}
        mine = {(p, s): n for (a, d, p, s), n in ours.items() if a == agency_id and d == report.day}
        differing = sum(1 for key in set(theirs) | set(mine) if theirs.get(key, 0) != mine.get(key, 0))
        gaps[report.system_id] = (report.day, differing)
    return gaps


def _national(agency_ids: list[int] | None, now: dt.datetime) -> tuple[dict, dict[tuple[int, str], int]]:
    """The sync share per agency (from the read model), and per (agency, state) the dossiers waiting to sync or
    whose sync failed — the connector's own queue, which the agency's page lists one by one."""
    days = int(rule_get(SYNC_SHARE_DAYS))
    shares = {s.agency_id: s for s in sync_share_by_agency(start=now - dt.timedelta(days=days), end=now,
                                                           agency_ids=agency_ids)}  # fmt: skip
    unsynced = NationalSync.objects.filter(state__in=[SyncState.PENDING, SyncState.FAILED])
    if agency_ids is not None:
        unsynced = unsynced.filter(dossier__agency_id__in=agency_ids)
    counts = {
        (row["dossier__agency_id"], row["state"]): row["n"]
        for row in unsynced.values("dossier__agency_id", "state").annotate(n=Count("pk")).order_by()
    }
    return shares, counts


def board_agencies(*, now: dt.datetime | None = None, filters: BoardFilters | None = None,
                   agency_ids: list[int] | None = None) -> list[AgencyState]:  # fmt: skip
    """Every active agency (or those of `agency_ids`) with its systems' state, the head in office today and since
    when, its reconciliation gaps and its share of dossiers synced to the national portal."""
    now = now or timezone.now()
    thresholds = Thresholds.current()
    today = timezone.localdate(now)
    agencies = {
        a.pk: AgencyState(
            id=a.pk, name=a.name, level=a.level, level_label=a.get_level_display(), email=a.email,
            head_name=a.head_name, head_title=a.head_title, head_since=a.head_since, head_acting=bool(a.head_acting),
        )
        for a in agencies_with_head(today, agency_ids)
    }  # fmt: skip
    systems = _systems(agency_ids)
    stats = _call_stats([s.pk for s in systems], now - dt.timedelta(hours=1))
    gaps = _reconciliation_gaps(systems)
    undelivered = board_undelivered_counts(system_ids=[s.pk for s in systems])
    for system in systems:
        if system.agency_id not in agencies:
            continue
        stat = stats.get(system.pk, {})
        calls, errors = stat.get("recent_calls") or 0, stat.get("recent_errors") or 0
        day, differing = gaps.get(system.pk, (None, None))
        agencies[system.agency_id].systems.append(
            SystemState(
                id=system.pk, name=system.name, kind=system.kind, kind_label=system.get_kind_display(),
                vendor=system.vendor, agency_id=system.agency_id, created_at=system.created_at,
                state=connection_state(last_heartbeat_at=system.last_heartbeat_at,
                                       error_rate=errors / calls if calls else None, now=now, thresholds=thresholds),
                last_heartbeat_at=system.last_heartbeat_at, last_success_at=stat.get("last_success"),
                calls_last_hour=calls, errors_last_hour=errors, backlog=system.backlog,
                reconciliation_day=day, reconciliation_gaps=differing,
                undelivered=undelivered.get(system.pk, Undelivered()),
            )
        )  # fmt: skip
    shares, unsynced = _national(agency_ids, now)
    for agency_id, agency in agencies.items():
        if share := shares.get(agency_id):
            agency.received, agency.synced, agency.sync = share.received, share.synced, share
        agency.national_backlog = unsynced.get((agency_id, SyncState.PENDING), 0)
        agency.national_failed = unsynced.get((agency_id, SyncState.FAILED), 0)
    rows = list(agencies.values())
    return [a for a in rows if filters.keep(a)] if filters else rows


def board_shown(agencies: list[AgencyState], filters: BoardFilters) -> list[AgencyState]:
    """What the board lists (page and API): the agencies the filters keep, those that need a call first (never,
    disconnected, degraded), by level and name within a state (the order `board_agencies` gives)."""
    return sorted((a for a in agencies if filters.keep(a)), key=lambda a: SEVERITY[a.state])


def board_counts(agencies: list[AgencyState]) -> dict[str, int]:
    """How many agencies are in each state (for the board's summary)."""
    counts = dict.fromkeys(ConnectionState.values, 0)
    for agency in agencies:
        counts[agency.state] += 1
    return counts


def board_counts_by_level(agencies: list[AgencyState]) -> dict[str, dict[str, int]]:
    """How many agencies of each level (those that have any) are in each state."""
    counts: dict[str, dict[str, int]] = {}
    for agency in agencies:
        counts.setdefault(agency.level, dict.fromkeys(ConnectionState.values, 0))[agency.state] += 1
    return counts


def board_system(*, system_id: int, now: dt.datetime | None = None) -> tuple[AgencyState, SystemState] | None:
    """One active system's state and its agency's (with the head), as the board computes them, or None."""
    agency_id = ConnectedSystem.objects.filter(pk=system_id, is_active=True).values_list("agency_id", flat=True)
    found = board_agencies(now=now, agency_ids=list(agency_id))
    for agency in found:
        for system in agency.systems:
            if system.id == system_id:
                return agency, system
    return None
