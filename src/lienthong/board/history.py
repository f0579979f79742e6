"""The systems' connection-state history: recorded by the periodic check, one row per change, and summed per month.

The live state (`selectors.connection_state`) is computed from the latest heartbeat; a month's report needs what the
state was all month, so the check that escalates outages (`tasks.escalations_check`, every 15 minutes or so) also
writes a `StateChange` whenever a system's state differs from its latest row. The instant a change is dated from is
the best estimate the heartbeat allows (a system silent since 08:00 turned disconnected at 08:00 plus the rule's
60 minutes, not when the check happened to run), never earlier than the previous change.

Availability counts **connected and degraded** as up: a degraded system still takes and sends dossiers (it is late
or erring, which the board shows apart), while a disconnected or never-connected one does not. Time before a
system's first recorded change is **unknown**: it is left out of the arithmetic and shown as such, never as 100 %.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from lienthong.board.constants import ConnectionState
from lienthong.board.models import StateChange
from lienthong.board.selectors import SystemState, Thresholds, board_agencies

UP = frozenset({ConnectionState.CONNECTED, ConnectionState.DEGRADED})


def _began(system: SystemState, thresholds: Thresholds, now: dt.datetime) -> dt.datetime:
    """When the system's current state most likely began, from its heartbeat and the rules' thresholds."""
    beat = system.last_heartbeat_at
    if system.state == ConnectionState.NEVER or beat is None:
        return system.created_at
    if system.state == ConnectionState.DISCONNECTED:
        return beat + thresholds.disconnected_after
    if system.state == ConnectionState.DEGRADED:
        silent_since = beat + thresholds.degraded_after
        return silent_since if silent_since <= now else now  # degraded by its errors: from now
    return beat  # connected again: at the latest from its latest heartbeat


def _latest(system_ids: list[int]) -> dict[int, StateChange]:
    newest = StateChange.objects.filter(system=OuterRef("system")).order_by("-since", "-id").values("pk")[:1]
    rows = StateChange.objects.filter(system_id__in=system_ids, pk=Subquery(newest))
    return {row.system_id: row for row in rows}


def state_changes_record(*, now: dt.datetime | None = None) -> list[StateChange]:
    """Write a row for every active system whose state differs from its latest row; returns the rows written.

    One pass over the board's systems: the board's fixed queries, one for the latest rows, one bulk insert."""
    now = now or timezone.now()
    thresholds = Thresholds.current()
    systems = [system for agency in board_agencies(now=now) for system in agency.systems]
    latest = _latest([s.id for s in systems])
    changes = []
    for system in systems:
        previous = latest.get(system.id)
        if previous is not None and previous.state == system.state:
            continue
        since = min(_began(system, thresholds, now), now)
        if previous is not None and since <= previous.since:
            since = now  # the estimate falls before the previous change: date it from the check itself
        changes.append(StateChange(system_id=system.id, state=system.state, since=since, recorded_at=now))
    return StateChange.objects.bulk_create(changes)


@dataclass
class Availability:
    """One system over one period: seconds in each state, disconnected periods, and how much is unknown."""

    period: dt.timedelta
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(ConnectionState.values, 0.0))
    outages: list[dt.timedelta] = field(default_factory=list)  # each disconnected period, clipped to the period
    outage_starts: list[dt.datetime] = field(default_factory=list)

    @property
    def known(self) -> float:
        return sum(self.seconds.values())

    @property
    def up(self) -> float:
        return sum(self.seconds[state] for state in UP)

    @property
    def share(self) -> float | None:
        """Available time over known time; None when nothing of the period is known."""
        return self.up / self.known if self.known else None

    @property
    def coverage(self) -> float:
        """The share of the period whose state is known (history begins when recording began)."""
        total = self.period.total_seconds()
        return self.known / total if total else 0.0

    @property
    def never(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.seconds[ConnectionState.NEVER])

    @property
    def longest_outage(self) -> dt.timedelta | None:
        return max(self.outages) if self.outages else None

    @property
    def never_connected(self) -> bool:
        """Known, and never connected for all of it."""
        return bool(self.known) and self.seconds[ConnectionState.NEVER] == self.known


def availability(changes: list[StateChange], *, start: dt.datetime, end: dt.datetime) -> Availability:
    """Sum one system's changes (sorted by `since`; the last one before `start` included) over [start, end)."""
    result = Availability(period=end - start)
    in_outage = False  # a repeated disconnected row (two workers at once) continues the same outage
    for index, change in enumerate(changes):
        following = changes[index + 1].since if index + 1 < len(changes) else end
        begin, finish = max(change.since, start), min(following, end)
        if finish <= begin:
            continue
        result.seconds[change.state] += (finish - begin).total_seconds()
        if change.state != ConnectionState.DISCONNECTED:
            in_outage = False
        elif in_outage:
            result.outages[-1] += finish - begin
        else:
            result.outages.append(finish - begin)
            result.outage_starts.append(change.since)
            in_outage = True
    return result


def changes_for_period(*, system_ids: list[int], start: dt.datetime, end: dt.datetime) -> dict[int, list[StateChange]]:
    """Per system, its changes in [start, end) and the last one before `start` (the state the period began in):
    one query."""
    before = (
        StateChange.objects.filter(system=OuterRef("system"), since__lt=start)
        .order_by("-since", "-id")
        .values("pk")[:1]
    )
    rows = StateChange.objects.filter(system_id__in=system_ids, since__lt=end).filter(
        Q(since__gte=start) | Q(pk=Subquery(before))
    )
    found: dict[int, list[StateChange]] = defaultdict(list)
    for row in rows.order_by("system_id", "since", "id"):
        found[row.system_id].append(row)
    return found
