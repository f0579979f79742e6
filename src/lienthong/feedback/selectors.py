"""Reads of the feedback app: the dossier a rating form is for, and ratings summed per agency for the statistics."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from lienthong.dossiers.models import Dossier
from lienthong.feedback.models import Rating


def dossier_to_rate(*, code: str) -> Dossier | None:
    """The dossier with this code, its agency and procedure for the heading, and its rating if it has one: one query."""
    return Dossier.objects.filter(code=code).select_related("agency", "procedure_version", "rating").first()


@dataclass(frozen=True)
class RatingTotals:
    agency_id: int
    agency_name: str
    agency_level: str
    ratings: int
    score_sum: Decimal  # of each rating's average, so averages of agencies and of the province weigh ratings equally


def rating_totals_by_agency(*, start: dt.datetime, end: dt.datetime, level: str = "") -> list[RatingTotals]:
    """Ratings given in [start, end), per receiving agency (of `level` if given): one grouped query."""
    ratings = Rating.objects.filter(rated_at__gte=start, rated_at__lt=end)
    if level:
        ratings = ratings.filter(agency__level=level)
    rows = (
        ratings.values("agency_id", "agency__name", "agency__level")
        .annotate(count=Count("id"), score_sum=Sum("average"))
        .order_by()
    )
    return [
        RatingTotals(row["agency_id"], row["agency__name"], row["agency__level"], row["count"],
                     Decimal(row["score_sum"]))
        for row in rows
    ]  # fmt: skip
