"""Reads of the connector, for the connection board and the admin."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from lienthong.dossiers.constants import Status
from lienthong.dossiers.models import Dossier
from lienthong.national.constants import SyncState
from lienthong.national.models import NationalSync


@dataclass(frozen=True)
class SyncShare:
    """Decision 766 metric 1.4 for one agency: dossiers received in the period, and how many of them the
    national portal holds as received (one-way sync counts)."""

    agency_id: int
    received: int
    synced: int

    @property
    def share(self) -> float | None:
        return self.synced / self.received if self.received else None


def national_sync_share(
    *, start: dt.datetime, end: dt.datetime, agency_ids: list[int] | None = None
) -> list[SyncShare]:
    """Per receiving agency, dossiers with NgayTiepNhan in [start, end) and those synced after their receipt;
    one query whatever the number of agencies. Agencies that received nothing are absent (no share to show)."""
    dossiers = Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
    if agency_ids is not None:
        dossiers = dossiers.filter(agency_id__in=agency_ids)
    synced = Q(national_sync__last_synced_at__isnull=False) & ~Q(national_sync__synced_status=Status.SUBMITTED)
    rows = (
        dossiers.order_by()
        .values("agency_id")
        .annotate(received=Count("id"), synced=Count("id", filter=synced))
        .order_by("agency_id")
    )
    return [SyncShare(row["agency_id"], row["received"], row["synced"]) for row in rows]


def national_sync_failures(*, agency_id: int | None = None) -> QuerySet[NationalSync]:
    """Dossiers the portal refused or that ran out of attempts: they need someone to look."""
    failed = NationalSync.objects.filter(state=SyncState.FAILED).select_related("dossier", "dossier__agency")
    return failed if agency_id is None else failed.filter(dossier__agency_id=agency_id)


def national_sync_backlog(*, agency_id: int | None = None) -> int:
    pending = NationalSync.objects.filter(state=SyncState.PENDING)
    return (pending if agency_id is None else pending.filter(dossier__agency_id=agency_id)).count()
