"""The public statistics (`/thong-ke/`): for a month, quarter or year, the province's Decision 766 service index
(total and six groups, and its 12-month trend) and, per unit — a department, a commune's people's committee, the
unit answering for the dossier as the leaders' dashboard and the national portal count it (`reports.units`) —
how many dossiers were received, finished, on time and late, how many are open past their due date now, how
satisfied the applicants said they were, and the unit's Decision 766 total.

Every number comes from the reporting read model, never from the dossier table (issue 18): the daily figures
summed by unit (`reports.selectors.figures_by`), the open dossiers past due from the facts
(`reports.dashboard.overdue_now_by_unit`), the scores from `reports.dashboard.scores_for` (the leaders' dashboard's
cache) and the frozen monthly snapshots (`reports.ScoreSnapshot`, for the trend), and the ratings from
`reports.selectors.rating_totals_by_agency` (the ratings' facts the feedback app's event keeps), each receiving
agency's rolled up to its unit (`AgencyTree.unit_of`).

Units are ranked by their Decision 766 total, highest first: it is the ranking the Prime Minister's office publishes
for the province's departments and communes on the national public service portal, so a citizen finds here the
order they read there, and a unit that finished one dossier on time does not top one that finished five hundred at
98 %. The on-time rate, the part of the index a citizen feels most, stands beside each unit and breaks ties.

Cached a few minutes (an ended period's scores an hour, by `scores_for`); the cache holds numbers only, so one
entry serves both languages.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.utils import timezone

from lienthong.core.text import fold
from lienthong.org.constants import Level
from lienthong.portal.periods import Period
from lienthong.reports import index766
from lienthong.reports.dashboard import overdue_now_by_unit, scores_for
from lienthong.reports.kpi766 import CURRENT_VERSION
from lienthong.reports.models import ScoreSnapshot
from lienthong.reports.selectors import figures_by, rating_totals_by_agency
from lienthong.reports.units import AgencyTree, UnitKind

STATS_TTL = 5 * 60


@dataclass
class StatsRow:
    unit_id: int = 0
    name: str = ""
    level: str = ""  # the level of the unit's heading agency: province (a department), commune (or a district)
    received: int = 0
    finished: int = 0
    on_time: int = 0
    late: int = 0
    overdue_open: int = 0
    ratings: int = 0
    score_sum: Decimal = Decimal(0)
    index_total: Decimal | None = None  # the unit's Decision 766 total for the period, of 100
    rank: int = 0  # 1 for the highest Decision 766 total of the period at the level asked; 0 for a total

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label) if self.level in Level.values else ""

    @property
    def on_time_rate(self) -> Decimal | None:
        """Per cent of finished dossiers finished on time, one decimal; None when nothing finished."""
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


@dataclass(frozen=True)
class GroupPoints:
    code: str  # the group's code in the formula version (its label is looked up in the language shown)
    points: Decimal
    max_points: Decimal


@dataclass(frozen=True)
class ProvinceIndex:
    """The province's Decision 766 score for the period (every unit's dossiers together)."""

    version: str
    total: Decimal
    max_points: Decimal
    groups: tuple[GroupPoints, ...]


@dataclass
class StatsTable:
    period: str  # Period.key: YYYY-MM, YYYY-Qn or YYYY
    level: str
    computed_at: dt.datetime
    rows: list[StatsRow] = field(default_factory=list)
    total: StatsRow = field(default_factory=StatsRow)
    index: ProvinceIndex | None = None
    # when the index's figures were counted, if they lag the dossiers (the worker is counting them again)
    index_as_of: dt.datetime | None = None


def index_period(period: Period) -> index766.Period:
    """The index's own name for the portal's month, quarter or year (the same calendar bounds)."""
    return index766.Period(period.kind, period.year, period.number)


def table_for_units(table: StatsTable, query: str) -> StatsTable:
    """Only the units whose name holds every word of `query` (without diacritics, any order), totals recomputed:
    a province has over a hundred units, too many to scroll through on a phone."""
    words = fold(query).split()
    if not words:
        return table
    narrowed = StatsTable(period=table.period, level=table.level, computed_at=table.computed_at, index=table.index,
                          index_as_of=table.index_as_of)  # fmt: skip
    narrowed.rows = [row for row in table.rows if all(word in fold(row.name) for word in words)]
    for row in narrowed.rows:
        narrowed.total.add(row)
    return narrowed


def public_statistics(*, period: Period, level: str = "") -> StatsTable:
    key = f"portal:stats:v3:{period.key}:{level or 'all'}"
    return cache.get_or_set(key, lambda: statistics_compute(period=period, level=level), STATS_TTL)


def _ranking(row: StatsRow) -> tuple:
    """Highest Decision 766 total first (see the module), then the best on-time rate, then the most finished, then
    by name; a unit without a score (the province's own committee, scored as the whole province) comes last."""
    rate = row.on_time_rate
    return (row.index_total is None, -(row.index_total or 0), rate is None, -(rate or 0), -row.finished,
            fold(row.name), row.unit_id)  # fmt: skip


def statistics_compute(*, period: Period, level: str = "") -> StatsTable:
    start, end = period.bounds()
    now = timezone.now()
    tree = AgencyTree()
    rows: dict[int, StatsRow] = {}

    def row_of(unit_id: int) -> StatsRow:
        if unit_id not in rows:
            head = tree.by_id.get(unit_id)
            rows[unit_id] = StatsRow(unit_id, head.name if head else "", head.level if head else "")
        return rows[unit_id]

    last_day = (end - dt.timedelta(days=1)).date()  # `end` is a local midnight: its day before is the last
    for figures in figures_by(start=start.date(), end=last_day, group_by=["unit_id"]):
        row = row_of(figures["unit_id"])
        row.received, row.finished = figures["received"], figures["finished"]
        row.on_time, row.late = figures["finished_on_time"], figures["finished_late"]
    for unit_id, count in overdue_now_by_unit(now=now).items():
        row_of(unit_id).overdue_open = count
    for totals in rating_totals_by_agency(start=start, end=end):
        row = row_of(tree.unit_of(totals.agency_id))
        row.ratings += totals.ratings
        row.score_sum += totals.score_sum

    scores = scores_for(index_period(period), now=now)
    results = {r.unit.id: r for r in scores.departments + scores.communes}
    for unit_id, row in rows.items():
        if unit_id in results:
            row.name, row.index_total = results[unit_id].unit.name, results[unit_id].score.total
        elif scores.province and unit_id == scores.province.unit.id:
            row.name = scores.province.unit.name
    table = StatsTable(period=period.key, level=level, computed_at=now, index_as_of=scores.as_of)
    if scores.province:
        score = scores.province.score
        groups = tuple(GroupPoints(g.code, g.points, g.max_points) for g in score.groups)
        table.index = ProvinceIndex(score.version, score.total, score.max_points, groups)
    shown = [row for row in rows.values() if not level or row.level == level]
    table.rows = sorted(shown, key=_ranking)
    for rank, row in enumerate(table.rows, start=1):
        row.rank = rank
        table.total.add(row)
    return table


@dataclass(frozen=True)
class TrendMonth:
    year: int
    month: int
    total: Decimal | None  # the province's Decision 766 total that month; None when no dossier was received


def public_trend(*, period: Period) -> list[TrendMonth]:
    """The province's index for the 12 months up to the period's end, oldest first (see `_trend_compute`)."""
    year, month = period.last_month
    key = f"portal:stats:index-trend:v2:{year:04d}-{month:02d}"
    return cache.get_or_set(key, lambda: _trend_compute(period=period), STATS_TTL)


def _trend_compute(*, period: Period) -> list[TrendMonth]:
    """A finished month as it was frozen on the 1st (`reports.ScoreSnapshot`: one query for every such month, the
    score as the national portal published it, and ~130 ms less per month than scoring it again on the demo); a
    month not frozen (the current one, or a deployment down over the 1st) scored live by `scores_for`. A month not
    begun yet (the rest of the current year), or one without a dossier received (before the system's records
    begin), is a gap: its score would be the points given for having nothing to measure (no complaint gives the
    complaint indicators their maximum), not a measure of service."""
    now = timezone.now()
    months = [index766.Period("month", year, month) for year, month in period.trend_months()]
    frozen = {
        row.period_key: row
        for row in ScoreSnapshot.objects.filter(
            version=CURRENT_VERSION, unit_kind=UnitKind.PROVINCE, period_key__in=[m.key for m in months]
        ).only("period_key", "total", "counts")
    }
    trend = []
    for month in months:
        if month.key in frozen:
            total, received = frozen[month.key].total, frozen[month.key].counts.get("dossiers_received", 0)
        elif month.bounds[0] <= now and (province := scores_for(month, now=now).province) is not None:
            total, received = province.score.total, province.counts.get("dossiers_received", 0)
        else:
            total, received = None, 0
        trend.append(TrendMonth(month.year, month.n, total if received else None))
    return trend
