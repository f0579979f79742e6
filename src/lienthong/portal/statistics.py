"""The public statistics (`/thong-ke/`): per receiving agency and month, how many dossiers were received, finished,
on time and late, how many are overdue in progress, and how satisfied the applicants said they were.

Two grouped queries whatever the number of agencies (dossiers, ratings), cached a few minutes: the page is public
and each computation reads a month of dossiers. The cache holds numbers only, so one entry serves both languages.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.utils import timezone

from lienthong.core.text import fold
from lienthong.dossiers.stats import dossier_counts_by_agency, month_bounds
from lienthong.feedback.selectors import rating_totals_by_agency
from lienthong.org.constants import Level

STATS_TTL = 5 * 60
MONTHS_OFFERED = 24  # the current month and the 23 before: a bounded set of cache keys
LEVEL_ORDER = {level: index for index, level in enumerate(Level.values)}


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
    month: str  # YYYY-MM
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
    narrowed = StatsTable(month=table.month, level=table.level, computed_at=table.computed_at)
    narrowed.rows = [row for row in table.rows if all(word in fold(row.agency_name) for word in words)]
    for row in narrowed.rows:
        narrowed.total.add(row)
    return narrowed


def months_offered(today: dt.date) -> list[tuple[int, int]]:
    """(year, month) from the current month back, newest first."""
    year, month, months = today.year, today.month, []
    for _n in range(MONTHS_OFFERED):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def public_statistics(*, year: int, month: int, level: str = "") -> StatsTable:
    key = f"portal:stats:v1:{year:04d}-{month:02d}:{level or 'all'}"
    return cache.get_or_set(key, lambda: statistics_compute(year=year, month=month, level=level), STATS_TTL)


def statistics_compute(*, year: int, month: int, level: str = "") -> StatsTable:
    start, end = month_bounds(year, month)
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
    table = StatsTable(month=f"{year:04d}-{month:02d}", level=level, computed_at=now)
    table.rows = sorted(rows.values(), key=lambda row: (LEVEL_ORDER.get(row.agency_level, 9), fold(row.agency_name)))
    for row in table.rows:
        table.total.add(row)
    return table
