"""Background work of the national-portal connector: sending a dossier, retrying what is due, and pulling the
dossiers submitted on the portal. All on the default queue (settings TASKS).

`national_poll` repeats itself; `lienthong scheduler` restarts it if no run of it is waiting (every 5 minutes),
enqueues `national_sync_due` every 10 minutes and `national_sync_failed_retry` every hour (launch/schedule.py)."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from lienthong.national.services import connector_enabled, national_receive_submissions, national_sync_run, sync


@task(queue_name="default")
def national_sync(dossier_id: int) -> str | None:
    """Send one dossier to the portal if it is due; a failure schedules its own retry."""
    return national_sync_run(dossier_id=dossier_id)


@task(queue_name="default")
def national_sync_due() -> int:
    """Send every dossier whose retry is due: the safety net under the per-dossier retries (periodic, and each
    poll runs it too). Returns how many were attempted."""
    attempted = 0
    for dossier_id in sync.national_sync_due_ids():
        attempted += national_sync_run(dossier_id=dossier_id) is not None
    return attempted


@task(queue_name="default")
def national_sync_failed_retry() -> int:
    """Send again the failed dossiers whose cause is gone (hourly): a refused record once it changed and passes the
    contract, a dossier that ran out of attempts one more time. Returns how many were sent."""
    return sync.national_sync_failed_retry()


@task(queue_name="default")
def national_poll() -> dict:
    """Pull the portal's submissions, then come back after LIENTHONG_NATIONAL_POLL_SECONDS (and retry what is
    due on the way), so one kick keeps it going."""
    try:
        summary = national_receive_submissions()
        national_sync_due.call()
    finally:
        national_poll_schedule()
    return {"created": summary.created, "already": summary.already, "rejected": summary.rejected,
            "acknowledged": summary.acknowledged, "error": summary.error}  # fmt: skip


def national_poll_schedule() -> bool:
    """Enqueue the next poll unless one is already waiting; whether one was enqueued."""
    backend = national_poll.get_backend()
    if not connector_enabled() or not backend.supports_defer or _poll_waiting(backend):
        return False
    at = timezone.now() + dt.timedelta(seconds=settings.LIENTHONG_NATIONAL_POLL_SECONDS)
    national_poll.using(run_after=at).enqueue()
    return True


def _poll_waiting(backend) -> bool:
    if not isinstance(backend, DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, backend_name=backend.alias, task_path=national_poll.module_path
    ).exists()
