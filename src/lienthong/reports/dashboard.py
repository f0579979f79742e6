"""What the leaders' dashboard shows, computed from the read model: every unit's Decision 766 score for a period
(cached), a unit's trend, "what to fix", the on-time table by unit × field × level × month, the delays, and the
dossiers behind each figure.

"What to fix" is exact, not a heuristic: a unit (or a procedure) costs its parent the points the parent would gain if
that unit's dossiers had all gone right — handled on time, synced, returned electronically, digitised — which the
engine computes by scoring the parent again with the unit's shortfall added back. The choice of the applicant (to
submit online or at the desk) is not counted as something a unit can fix.
"""

import datetime as dt
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lienthong.dossiers.constants import CLOCK_RUNNING_STATUSES
from lienthong.reports import figure_store
from lienthong.reports.freshness import generation
from lienthong.reports.index766 import Period, ProvinceScores, UnitResult, scores_from_figures
from lienthong.reports.kpi766 import CURRENT_VERSION, IndicatorScore, UnitScore, score_unit, what_to_fix
from lienthong.reports.kpi766.facts import DOSSIER_FIGURES
from lienthong.reports.models import DossierFact, ScoreSnapshot
from lienthong.reports.scoring import facts_behind_figure, figure_conditions
from lienthong.reports.units import AgencyTree

# The scores this process read last, held: one page reads a period's scores several times (its ranking, the trend,
# what to fix). Keyed by the period's generation (freshness.py), held a minute at most — ten seconds when the
# figures they come from lag the read model, so that the worker's new count shows soon.
_HELD: dict[str, tuple[float, "ProvinceScores"]] = {}
_HELD_LOCK = threading.Lock()
HELD_MAX = 32
HELD_TTL = 60
HELD_LAGGING_TTL = 10
TREND_MONTHS = 12
FIX_SHOWN = 10
# Delay bins in days for the distribution of late dossiers: 0–1, 1–2, 2–3, 3–5, 5–10, 10–20, 20–30, 30+.
DELAY_BINS = (0, 1, 2, 3, 5, 10, 20, 30, 60)
# What a unit can make right, and what "right" means for each figure: the figure it should equal.
FIXABLE = {
    "dossiers_on_time": "dossiers_received",
    "dossiers_overdue": None,  # → 0
    "dossiers_synced": "dossiers_received",
    "dossiers_with_synced_fee": "dossiers_with_fee",
    "dossiers_with_e_result": "dossiers_finished",
    "dossiers_digitised": "dossiers_finished",
}


def scores_for(period: Period, *, version: str = CURRENT_VERSION, now: dt.datetime | None = None) -> ProvinceScores:
    """Every unit's scores for the period, from its stored figures (`figure_store`; one statement and the engine):
    the dashboard's pages all read this. Figures that lag the read model are shown as they are, with the time
    they were counted (`as_of`), and the worker is asked for a new count; a period never counted is counted here,
    once, and stored."""
    now = now or timezone.now()
    key = f"{version}:{period.key}:{generation(*period.bounds)}"
    with _HELD_LOCK:
        held = _HELD.get(key)
    if held is not None and held[0] > time.monotonic():
        return held[1]
    tree = AgencyTree()
    row = figure_store.figures_read(period, version=version)
    if row is None:
        row = figure_store.figures_count(period=period, version=version, now=now, tree=tree)
    lagging = not figure_store.figures_current(row, now=now)
    if lagging:
        figure_store.refresh_soon([period.key], version=version)
    scores = scores_from_figures(
        period=period, version=version, judged=row.judged_at, by_unit=figure_store.by_unit(row), tree=tree,
        as_of=row.counted_at if lagging else None,
    )  # fmt: skip
    with _HELD_LOCK:
        if len(_HELD) >= HELD_MAX:
            _HELD.pop(next(iter(_HELD)))  # the oldest in
        _HELD[key] = (time.monotonic() + (HELD_LAGGING_TTL if lagging else HELD_TTL), scores)
    return scores


def scores_forget() -> None:
    """Drop the scores this process holds and what it asked the worker for (tests: each test's database is new,
    its generations start again; the worker's count has just stored new figures)."""
    with _HELD_LOCK:
        _HELD.clear()
    figure_store.refresh_forget()


def periods_back(period: Period, count: int) -> list[Period]:
    """`count` periods ending with `period`, oldest first."""
    periods = [period]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods[::-1]


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    total: Decimal | None  # None: the unit had nothing to score (no row)
    rank: int | None
    frozen: bool = False  # read from the period's snapshot (as published on the 1st), not computed now


def unit_trend(unit_id: int, *, period: Period, version: str = CURRENT_VERSION, count: int = TREND_MONTHS):
    """The unit's total and rank for each of the `count` periods up to `period` (of the same kind): an ended period
    frozen on the 1st is read from its snapshot (one query for all; what the leaders were shown then), the others —
    and `period` itself, so the trend ends where the page's figure stands — are scored live (cached)."""
    periods = periods_back(period, count)
    frozen = {
        row.period_key: row
        for row in ScoreSnapshot.objects.filter(
            unit_id=unit_id, version=version, period_key__in=[p.key for p in periods[:-1]]
        ).only("period_key", "total", "rank")
    }
    points = []
    for each in periods:
        if (row := frozen.get(each.key)) is not None:
            points.append(TrendPoint(each, row.total, row.rank, frozen=True))
            continue
        result = scores_for(each, version=version).unit(unit_id)
        points.append(TrendPoint(each, result.score.total if result else None, result.rank if result else None))
    return points


def _perfected(counts: Mapping[str, int]) -> dict[str, int]:
    """The figures as they would be had every dossier gone right (`FIXABLE`)."""
    better = dict(counts)
    for figure, equal_to in FIXABLE.items():
        better[figure] = counts.get(equal_to, 0) if equal_to else 0
    return better


def _gain(
    parent: Mapping[str, int], part: Mapping[str, int], *, version: str, before: Decimal | None = None
) -> Decimal:
    """Points the parent gains if `part` (a unit's or a procedure's figures, inside the parent's) went right
    (`before`: the parent's total, when the caller has it)."""
    improved = dict(parent)
    for figure, value in _perfected(part).items():
        if figure in FIXABLE:
            improved[figure] = improved.get(figure, 0) + value - part.get(figure, 0)
    if before is None:
        before = score_unit(counts=parent, version=version).total
    return score_unit(counts=improved, version=version).total - before


@dataclass(frozen=True)
class Cost:
    """Something that costs points: a unit, a procedure, an indicator."""

    key: int | str
    label: str
    points: Decimal
    overdue: int = 0
    received: int = 0


def units_to_fix(scores: ProvinceScores, *, within: UnitResult | None = None) -> list[Cost]:
    """The units whose dossiers cost the province the most points, most first (ties by name); none costing 0.
    Computed once per scores a process holds (~200 engine runs)."""
    parent = within or scores.province
    if parent is None:
        return []
    key = ("units_to_fix", parent.unit.id)
    if key not in scores.derived:
        scores.derived[key] = _units_to_fix(scores, parent)
    return scores.derived[key]


def _units_to_fix(scores: ProvinceScores, parent: UnitResult) -> list[Cost]:
    costs = [
        Cost(r.unit.id, r.unit.name, _gain(parent.counts, r.counts, version=scores.version, before=parent.score.total),
             r.counts.get("dossiers_overdue", 0), r.counts.get("dossiers_received", 0))
        for r in scores.departments + scores.communes
        if r.counts.get("dossiers_received")
    ]  # fmt: skip
    costs = [cost for cost in costs if cost.points > 0]
    return sorted(costs, key=lambda c: (-c.points, c.label))[:FIX_SHOWN]


def unit_facts(unit_id: int | None) -> QuerySet[DossierFact]:
    """The facts of a unit's dossiers (every fact for the province: `unit_id` None)."""
    facts = DossierFact.objects.filter(version__gt=0)
    return facts if unit_id is None else facts.filter(unit_id=unit_id)


def procedures_to_fix(result: UnitResult, scores: ProvinceScores, *, unit_id: int | None) -> list[Cost]:
    """The procedures whose dossiers cost the unit the most points — one grouped statement."""
    start, end = scores.period.bounds
    conditions = figure_conditions(period_end=scores.judged_at, version=scores.version)
    aggregates = {name: Count("pk", filter=conditions[name]) for name in DOSSIER_FIGURES}
    rows = (
        unit_facts(unit_id)
        .filter(received_at__gte=start, received_at__lt=end)
        .values("procedure_id")
        .annotate(**aggregates)
        .order_by()
    )
    costs = [
        Cost(row["procedure_id"], "", _gain(result.counts, row, version=scores.version),
             row["dossiers_overdue"], row["dossiers_received"])
        for row in rows
    ]  # fmt: skip
    costs = sorted((c for c in costs if c.points > 0), key=lambda c: (-c.points, c.key))[:FIX_SHOWN]
    return costs


def indicators_to_fix(score: UnitScore) -> list[IndicatorScore]:
    return what_to_fix(score)[:FIX_SHOWN]


def open_dossiers_to_fix(*, unit_id: int | None, now: dt.datetime, limit: int = FIX_SHOWN) -> QuerySet[DossierFact]:
    """Open dossiers nearest to (or furthest past) their due date: each one late costs the progress indicator."""
    return (
        unit_facts(unit_id)
        .filter(received_at__isnull=False, end_of_processing_at__isnull=True, due_at__isnull=False)
        .order_by("due_at", "dossier_id")[:limit]
    )


def figure_list(*, scores: ProvinceScores, unit_id: int | None, figure: str) -> QuerySet[DossierFact]:
    """The facts behind one dossier figure of a unit's score (the drill-down): its length is the figure."""
    start, end = scores.period.bounds
    return facts_behind_figure(
        facts=unit_facts(unit_id),
        figure=figure,
        period_start=start,
        period_end=end,
        version=scores.version,
        judged_at=scores.judged_at,
    ).order_by("dossier_id")


def drillable(figure: str) -> bool:
    """A figure counting dossiers opens as their list. A procedure figure (how many procedures had a dossier) does
    not: its list would be of dossiers, a different number."""
    return figure in DOSSIER_FIGURES


def delays_in_days(*, unit_id: int | None, period: Period) -> list[float]:
    """Days past due of each dossier of the unit that ended late in the period (for the distribution chart)."""
    start, end = period.bounds
    late = unit_facts(unit_id).filter(
        end_of_processing_at__gte=start, end_of_processing_at__lt=end, is_on_time=False, due_at__isnull=False
    )
    return [
        max((ended - due).total_seconds(), 0) / 86400
        for ended, due in late.values_list("end_of_processing_at", "due_at").iterator(5000)
    ]


def overdue_now_by_unit(
    *, now: dt.datetime, unit_ids: Iterable[int] | None = None, level: str | None = None, field_id: int | None = None
) -> dict[int, int]:
    """Open dossiers past their due date now, per unit (any receipt date: an old one still open still counts)."""
    open_late = DossierFact.objects.filter(_overdue_now(now), version__gt=0)
    if unit_ids is not None:
        open_late = open_late.filter(unit_id__in=list(unit_ids))
    if level:
        open_late = open_late.filter(level=level)
    if field_id is not None:
        open_late = open_late.filter(field_id=field_id)
    rows = open_late.values("unit_id").annotate(n=Count("pk")).order_by()
    return {row["unit_id"]: row["n"] for row in rows}


def overdue_now_list(*, unit_id: int | None, now: dt.datetime) -> QuerySet[DossierFact]:
    return unit_facts(unit_id).filter(_overdue_now(now)).order_by("due_at", "dossier_id")


def _overdue_now(now: dt.datetime) -> Q:
    """Received, not ended, its clock running (not waiting for the applicant's supplement: its due date moves when
    the clock starts again) and past its due date."""
    return Q(received_at__isnull=False, end_of_processing_at__isnull=True, status__in=CLOCK_RUNNING_STATUSES,
             due_at__lt=now)  # fmt: skip
