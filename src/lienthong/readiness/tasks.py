"""Background work of readiness: the view's chart drawn ahead into the shared cache after the survey changes, so the
monitoring office's first load reads it instead of importing matplotlib and drawing (~1.7 s of a 3.4 s first load,
docs/performance.md)."""

import logging

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import translation
from django_tasks import task

from lienthong.cacheconfig import cache_is_shared

log = logging.getLogger(__name__)


def chart_draw(period_key: str) -> int:
    """Draw the view's chart and its map (by smartphone share, the view's default) of the quarter in every language
    into the cache; how many drawings."""
    from lienthong.readiness.charts import smartphone_chart
    from lienthong.readiness.models import SurveyPeriod
    from lienthong.readiness.selectors import readiness_rows
    from lienthong.readiness.tilemap import communes_map

    year, quarter = period_key.split("-Q")
    period = SurveyPeriod.objects.filter(year=int(year), quarter=int(quarter)).first()
    if period is None:
        return 0
    rows = readiness_rows(period=period, with_figures=False)
    drawn = 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            drawn += smartphone_chart(rows) is not None
            drawn += communes_map(rows) is not None
    return drawn


@task(queue_name="default")
def readiness_chart_draw(period_key: str) -> int:
    return chart_draw(period_key)


def chart_draw_soon(period_key: str) -> None:
    """After the survey's commit, ask the worker to draw the chart, where the web processes read its cache (Redis);
    with a per-process cache the page draws its own. Never fails the caller."""
    if not cache_is_shared(settings.CACHES):
        return

    def enqueue() -> None:
        try:
            with transaction.atomic():
                readiness_chart_draw.enqueue(period_key=period_key)
        except DatabaseError as error:
            log.warning("readiness chart of %s not asked for: %s", period_key, error)

    transaction.on_commit(enqueue, robust=True)
