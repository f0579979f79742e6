"""What dashboards read: sums of the daily figures over any period and grouping, the dossiers behind a figure, the
ratings per agency. None touches the dossier, complaint or rating tables."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from lienthong.national.constants import SyncState
from lienthong.reports.constants import (
    FIGURE_COUNTERS,
    FIGURE_KEYS,
    FINISHED_COUNTERS,
    ONLINE_NATIONAL_CHANNEL,
    RECEIVED_COUNTERS,
)
from lienthong.reports.models import DailyFigure, DossierFact, RatingFact

# Filters a figure (and its list) takes: a key column, exactly or among several (`agency_id__in=[…]`).
FILTER_KEYS = frozenset(k for k in FIGURE_KEYS if k != "day")
# Which facts a counter counts, beside the day it is counted on.
COUNTER_CONDITIONS: dict[str, Q] = {
    "submitted": Q(),
    "received": Q(),
    "online": Q(national_channel=ONLINE_NATIONAL_CHANNEL),
    "supplement_requested": Q(supplement_count__gt=0),
    "fee_bearing": Q(fee_total__gt=0),
    "paid_online": Q(paid_online_kind__gt=0),
    "synced_national": Q(national_sync_state=SyncState.SYNCED),
    "finished": Q(),
    "finished_on_time": Q(is_on_time=True),
    "finished_late": Q(is_on_time=False),
    "e_result": Q(has_e_result=True),
    "digitised": Q(is_digitised=True),
    "processing_seconds": Q(),  # sums over the finished: their list is the finished dossiers
    "supplement_seconds": Q(),
}


def _key_filters(filters: dict[str, Any]) -> Q:
    condition = Q()
    for name, value in filters.items():
        if name.removesuffix("__in") not in FILTER_KEYS:
            raise ValueError(f"no figure is kept by {name!r}")
        condition &= Q(**{name: value})
    return condition


def figures_by(
    *, start: dt.date, end: dt.date, group_by: list[str] | tuple[str, ...] = (), **filters: Any
) -> list[dict]:
    """Every counter summed over the days start..end (both included) for the figures matching `filters`, one row
    per combination of the `group_by` keys (`FIGURE_KEYS`), ordered by them; one row without `group_by`."""
    if unknown := set(group_by) - set(FIGURE_KEYS):
        raise ValueError(f"figures cannot be grouped by {sorted(unknown)}")
    rows = DailyFigure.objects.filter(_key_filters(filters), day__gte=start, day__lte=end)
    sums = {name: Sum(name) for name in FIGURE_COUNTERS}
    if not group_by:
        totals = rows.aggregate(**sums)
        return [{name: totals[name] or 0 for name in FIGURE_COUNTERS}]
    grouped = rows.values(*group_by).annotate(**sums).order_by(*group_by)
    return [{**row, **{name: row[name] or 0 for name in FIGURE_COUNTERS}} for row in grouped]


def _day_condition(counter: str, start: dt.date, end: dt.date) -> Q:
    if counter in RECEIVED_COUNTERS:
        return Q(received_day__gte=start, received_day__lte=end)
    if counter in FINISHED_COUNTERS:
        return Q(end_day__gte=start, end_day__lte=end)
    # Submitted: the local days' instants, as the figure's day is the local date of submission.
    zone = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return Q(submitted_at__gte=since, submitted_at__lt=until)


def facts_counted(*, filters: dict[str, Any]) -> QuerySet[DossierFact]:
    """The facts of the dossiers a figure counts: `filters` holds the `counter`, the days `start`..`end`, and the
    figure's key filters as `figures_by` takes them. A counted figure equals the length of this list."""
    filters = dict(filters)
    counter, start, end = filters.pop("counter"), filters.pop("start"), filters.pop("end")
    if counter not in COUNTER_CONDITIONS:
        raise ValueError(f"no counter {counter!r}")
    condition = _day_condition(counter, start, end) & COUNTER_CONDITIONS[counter] & _key_filters(filters)
    return DossierFact.objects.filter(condition, version__gt=0).order_by("dossier_id")


def facts_list(*, filters: dict[str, Any]) -> QuerySet:
    """The ids of `facts_counted`."""
    return facts_counted(filters=filters).values_list("dossier_id", flat=True)


@dataclass(frozen=True)
class RatingTotals:
    agency_id: int
    ratings: int
    score_sum: Decimal  # of each rating's average, so averages of agencies and of the province weigh ratings equally


def rating_totals_by_agency(*, start: dt.datetime, end: dt.datetime) -> list[RatingTotals]:
    """Ratings given in [start, end), per receiving agency when rated — from the ratings' facts, kept from the
    feedback app's event (`RatingFact`), not from its table: one grouped statement."""
    rows = (
        RatingFact.objects.filter(rated_at__gte=start, rated_at__lt=end)
        .values("agency_id")
        .annotate(count=Count("pk"), score_sum=Sum("average"))
        .order_by()
    )
    return [RatingTotals(row["agency_id"], row["count"], Decimal(row["score_sum"])) for row in rows]
