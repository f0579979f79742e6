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
        charts_draw_ahead(period_keys)
    return counted


def charts_draw_ahead(period_keys: list[str]) -> int:
    """Draw into the cache the charts the pages of these periods show, as the worker does after counting them: the
    overviews first, then the units' pages of the months (a unit's head lands on the month's). How many charts."""
    from lienthong.reports.charts import overview_charts_draw, unit_charts_draw
    from lienthong.reports.index766 import Period

    periods = [Period.parse(key) for key in period_keys]
    drawn = sum(overview_charts_draw(period) for period in periods)  # docs/dashboards.md, "Charts drawn ahead"
    return drawn + sum(unit_charts_draw(period) for period in periods if period.kind in UNIT_CHARTS_AHEAD)


# Whose units' pages the worker draws ahead: ~115 units × 2 charts × 2 languages a period, drawn again only where
# their data moved; a quarter's, a half's or a year's unit page draws its own on its first request after a change.
UNIT_CHARTS_AHEAD = ("month",)


def cache_is_shared() -> bool:
    """Whether the web processes read this process's cache (Redis): drawing ahead for them is useful only then."""
    return caches_shared(settings.CACHES)


@task(queue_name="default")
def figures_refresh_hourly() -> int:
    """Every period of the dashboard's menu counted again unless counted within the hour; how many. Periodic
    (launch/schedule.py)."""
    from lienthong.reports import figure_store

    return figure_store.figures_refresh_menu()
