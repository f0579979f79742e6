"""Background work of the reports. `snapshot_monthly` is periodic: `lienthong scheduler` enqueues it every hour
(launch/schedule.py); from the 1st of a month its first run freezes last month's scores and the others find them
frozen."""

from django_tasks import task

from lienthong.reports import snapshots


@task(queue_name="default")
def snapshot_monthly() -> int:
    """Freeze last month's Decision 766 scores of every unit under the current formula version, once; the rows
    written (0 when already frozen)."""
    return snapshots.snapshot_monthly().written
