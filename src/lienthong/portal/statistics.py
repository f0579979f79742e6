"""The public statistics (`/thong-ke/`): per receiving agency and period (month, quarter, year), how many dossiers
were received, finished, on time and late, how many are overdue in progress, and how satisfied the applicants said
they were; the agencies ranked by on-time rate; and the province's 12-month trend.

The one module the public page reads its numbers through: when the reporting read model arrives, only this module
changes. Two grouped queries for the table whatever the number of agencies (dossiers, ratings), two for the trend,
each cached a few minutes: the page is public and each computation reads a period of dossiers. The cache holds
numbers only, so one entry serves both languages.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.utils import timezone

from lienthong.core.text import fold
from lienthong.dossiers.stats import dossier_counts_by_agency, dossier_counts_by_month
from lienthong.feedback.selectors import rating_totals_by_agency
from lienthong.org.constants import Level
from lienthong.portal.periods import Period

STATS_TTL = 5 * 60


@dataclass
class StatsRow:
    agency_name: str = ""
    agency_level: str = ""
    received: int = 0
    finished: int = 0
    on_time: int = 0
    late: int = 0
    overdue_open: int = 0
    ratings: int = 0
    score_sum: Decimal = Decimal(0)
    rank: int = 0  # 1 for the best on-time rate of the period at the level asked; 0 for a total

    @property
    def level_label(self) -> str:
        return str(Level(self.agency_level).label) if self.agency_level in Level.values else ""

    @property
    def on_time_rate(self) -> Decimal | None:
        """Per cent of finished dossiers finished by their due date, one decimal; None when nothing finished."""
        if not self.finished:
            return None
        return (Decimal(100 * self.on_time) / self.finished).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def satisfaction(self) -> Decimal | None:
        """The mean of the ratings' averages, on the 1–5 scale of feedback.constants.Score, one decimal."""
        if not self.ratings:
            return None
        return (self.score_sum / self.ratings).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def add(self, other: "StatsRow") -> None:
        for name in ("received", "finished", "on_time", "late", "overdue_open", "ratings", "score_sum"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class StatsTable:
    period: str  # Period.key: YYYY-MM, YYYY-Qn or YYYY
    level: str
    computed_at: dt.datetime
    rows: list[StatsRow] = field(default_factory=list)
    total: StatsRow = field(default_factory=StatsRow)


def table_for_agencies(table: StatsTable, query: str) -> StatsTable:
    """Only the agencies whose name holds every word of `query` (without diacritics, any order), totals recomputed:
    a province has hundreds of receiving agencies, too many to scroll through on a phone."""
    words = fold(query).split()
    if not words:
        return table
    narrowed = StatsTable(period=table.period, level=table.level, computed_at=table.computed_at)
    narrowed.rows = [row for row in table.rows if all(word in fold(row.agency_name) for word in words)]
    for row in narrowed.rows:
        narrowed.total.add(row)
    return narrowed


def public_statistics(*, period: Period, level: str = "") -> StatsTable:
    key = f"portal:stats:v2:{period.key}:{level or 'all'}"
    return cache.get_or_set(key, lambda: statistics_compute(period=period, level=level), STATS_TTL)


def _ranking(row: StatsRow) -> tuple:
    """Best on-time rate first, then the most finished (100 % of 50 beats 100 % of 1), then by name; an agency that
    finished nothing has no rate and comes last."""
    rate = row.on_time_rate
    return (rate is None, -(rate or 0), -row.finished, fold(row.agency_name))


def statistics_compute(*, period: Period, level: str = "") -> StatsTable:
    start, end = period.bounds()
    now = timezone.now()
    rows: dict[int, StatsRow] = {}
    for counts in dossier_counts_by_agency(start=start, end=end, now=now, level=level):
        rows[counts.agency_id] = StatsRow(
            agency_name=counts.agency_name, agency_level=counts.agency_level, received=counts.received,
            finished=counts.finished, on_time=counts.on_time, late=counts.late, overdue_open=counts.overdue_open,
        )  # fmt: skip
    for totals in rating_totals_by_agency(start=start, end=end, level=level):
        row = rows.setdefault(totals.agency_id, StatsRow(totals.agency_name, totals.agency_level))
        row.ratings, row.score_sum = totals.ratings, totals.score_sum
    table = StatsTable(period=period.key, level=level, computed_at=now)
    table.rows = sorted(rows.values(), key=_ranking)
    for rank, row in enumerate(table.rows, start=1):
        row.rank = rank
        table.total.add(row)
    return table


@dataclass(frozen=True)
class TrendMonth:
    year: int
    month: int
    received: int
    finished: int
    on_time_rate: Decimal | None


def public_trend(*, period: Period, level: str = "") -> list[TrendMonth]:
    """The province's 12 months up to the period's end, oldest first; a month with nothing finished has no rate."""
    key = f"portal:stats:trend:v1:{period.last_month[0]:04d}-{period.last_month[1]:02d}:{level or 'all'}"
    return cache.get_or_set(key, lambda: _trend_compute(period=period, level=level), STATS_TTL)


def _trend_compute(*, period: Period, level: str) -> list[TrendMonth]:
    months = period.trend_months()
    start = Period("month", *months[0]).bounds()[0]
    end = Period("month", *months[-1]).bounds()[1]
    counts = dossier_counts_by_month(start=start, end=end, level=level)
    trend = []
    for year, month in months:
        row = StatsRow()
        if (year, month) in counts:
            found = counts[(year, month)]
            row.received, row.finished, row.late = found.received, found.finished, found.late
            row.on_time = found.finished - found.late
        trend.append(TrendMonth(year, month, row.received, row.finished, row.on_time_rate))
    return trend
