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


@task(queue_name="default")
def figures_refresh(period_keys: list[str], version: str) -> int:
    """Count these periods' Decision 766 figures again and store them (`figure_store`): asked for after facts
    change, or by a page showing figures that lag; how many periods."""
    from lienthong.reports import figure_store

    return figure_store.figures_refresh_keys(period_keys, version=version)


@task(queue_name="default")
def figures_refresh_hourly() -> int:
    """Every period of the dashboard's menu counted again unless counted within the hour; how many. Periodic
    (launch/schedule.py)."""
    from lienthong.reports import figure_store

    return figure_store.figures_refresh_menu()
