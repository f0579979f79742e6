"""Reads of the connector's queue, for the connection board and the admin. (The sync share, Decision 766 metric 1.4,
is counted from the reporting read model: `reports.sync_share`.)"""

from django.db.models import QuerySet

from lienthong.national.constants import SyncState
from lienthong.national.models import NationalSync


def national_sync_failures(*, agency_id: int | None = None) -> QuerySet[NationalSync]:
    """Dossiers the portal refused or that ran out of attempts: they need someone to look."""
    failed = NationalSync.objects.filter(state=SyncState.FAILED).select_related("dossier", "dossier__agency")
    return failed if agency_id is None else failed.filter(dossier__agency_id=agency_id)


def national_sync_backlog(*, agency_id: int | None = None) -> int:
    pending = NationalSync.objects.filter(state=SyncState.PENDING)
    return (pending if agency_id is None else pending.filter(dossier__agency_id=agency_id)).count()
