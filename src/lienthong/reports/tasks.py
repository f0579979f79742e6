"""Background work of the reports. `snapshot_monthly` is periodic: `lienthong scheduler` enqueues it every hour
(launch/schedule.py); from the 1st of a month its first run freezes last month's scores and the others find them
frozen."""

from django.conf import settings
from django_tasks import task

from lienthong.cacheconfig import cache_is_shared as caches_shared
from lienthong.reports import snapshots
from lienthong.reports.kpi766 import CURRENT_VERSION


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

    counted = figure_store.figures_refresh_keys(period_keys, version=version)
    if version == CURRENT_VERSION and cache_is_shared():
        from lienthong.reports.charts import overview_charts_draw
        from lienthong.reports.index766 import Period

        for key in period_keys:  # the pages a leader opens next read them drawn (docs/dashboards.md, "Charts")
            overview_charts_draw(Period.parse(key))
    return counted


def cache_is_shared() -> bool:
    """Whether the web processes read this process's cache (Redis): drawing ahead for them is useful only then."""
    return caches_shared(settings.CACHES)


@task(queue_name="default")
def figures_refresh_hourly() -> int:
    """Every period of the dashboard's menu counted again unless counted within the hour; how many. Periodic
    (launch/schedule.py)."""
    from lienthong.reports import figure_store

    return figure_store.figures_refresh_menu()
