"""Dossier counts per receiving agency for one month: what the public statistics page and leaders read.

Definitions (docs/feedback.md, "Public statistics"; Decision 766 group 2 as in domain reference §1.6):
- received: received (code issued) during the month;
- finished: processing ended during the month — result ready or returned, or closed by refusal after appraisal,
  stop or withdrawal — for received dossiers only (a submission refused at the desk was never received);
- late: finished after the due date (`dossiers.urgency.FINISHED_LATE`); on time: the other finished ones;
- overdue in progress: at the month's end (or now, for the current month), received, past its due date and not
  yet finished, its clock running (a dossier waiting for a supplement or a payment has its clock stopped).

One grouped query for every agency at once, whatever their number; the monthly trend, two (received, finished).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from lienthong.dossiers.constants import CLOCK_RUNNING_STATUSES
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.urgency import FINISHED_LATE


@dataclass(frozen=True)
class AgencyMonth:
    agency_id: int
    agency_name: str
    agency_level: str
    received: int
    finished: int
    on_time: int
    late: int
    overdue_open: int


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    """[first instant of the month, first instant of the next) by the local calendar (Asia/Ho_Chi_Minh)."""
    zone = timezone.get_current_timezone()
    start = dt.datetime(year, month, 1, tzinfo=zone)
    end = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    return start, end


def dossier_counts_by_agency(
    *, start: dt.datetime, end: dt.datetime, now: dt.datetime, level: str = ""
) -> list[AgencyMonth]:
    """Per receiving agency (of `level` if given) with anything to count in [start, end)."""
    cutoff = min(now, end)
    received = Q(received_at__gte=start, received_at__lt=end)
    finished = Q(received_at__isnull=False, finished_at__gte=start, finished_at__lt=end)
    late = finished & FINISHED_LATE
    overdue_open = Q(received_at__lt=cutoff, due_at__lt=cutoff) & (
        Q(finished_at__isnull=True, status__in=CLOCK_RUNNING_STATUSES) | Q(finished_at__gte=cutoff)
    )
    dossiers = Dossier.objects.filter(received | finished | overdue_open)
    if level:
        dossiers = dossiers.filter(agency__level=level)
    rows = (
        dossiers.values("agency_id", "agency__name", "agency__level")
        .annotate(
            received=Count("id", filter=received),
            finished=Count("id", filter=finished),
            late=Count("id", filter=late),
            overdue_open=Count("id", filter=overdue_open),
        )
        .order_by()
    )
    return [
        AgencyMonth(
            agency_id=row["agency_id"],
            agency_name=row["agency__name"],
            agency_level=row["agency__level"],
            received=row["received"],
            finished=row["finished"],
            on_time=row["finished"] - row["late"],
            late=row["late"],
            overdue_open=row["overdue_open"],
        )  # fmt: skip
        for row in rows
    ]


@dataclass(frozen=True)
class MonthCounts:
    received: int = 0
    finished: int = 0
    late: int = 0


def dossier_counts_by_month(
    *, start: dt.datetime, end: dt.datetime, level: str = ""
) -> dict[tuple[int, int], MonthCounts]:
    """(year, month) → received, finished and late in that local month, for the months of [start, end) with any.
    Two grouped queries: by the month received, and by the month finished (the same definitions as above)."""
    zone = timezone.get_current_timezone()
    dossiers = Dossier.objects.filter(agency__level=level) if level else Dossier.objects.all()
    received = (
        dossiers.filter(received_at__gte=start, received_at__lt=end)
        .annotate(month=TruncMonth("received_at", tzinfo=zone))
        .values("month")
        .annotate(count=Count("id"))
        .order_by()
    )
    finished = (
        dossiers.filter(received_at__isnull=False, finished_at__gte=start, finished_at__lt=end)
        .annotate(month=TruncMonth("finished_at", tzinfo=zone))
        .values("month")
        .annotate(count=Count("id"), late=Count("id", filter=FINISHED_LATE))
        .order_by()
    )
    months: dict[tuple[int, int], dict] = {}
    for row in received:
        months.setdefault(_month(row["month"], zone), {})["received"] = row["count"]
    for row in finished:
        counts = months.setdefault(_month(row["month"], zone), {})
        counts["finished"], counts["late"] = row["count"], row["late"]
    return {month: MonthCounts(**counts) for month, counts in months.items()}


def _month(value: dt.datetime | dt.date, zone) -> tuple[int, int]:
    if isinstance(value, dt.datetime):
        value = value.astimezone(zone)
    return value.year, value.month
