"""Decision 766's dossier figures for one unit × period, counted by the database from the read model's facts — the
fast path of `kpi766.counts_from_facts`, which stays the reference: a property test holds the two equal.

One on-time judgement: a fact's `due_at` is the dossier's due instant already pushed back, in working time, by the
time its clock stood still (Decree 61 art. 19(4); `dossiers.services.clock`), so the time waited for supplements is
not subtracted a second time — a fact reaches the engine with `supplement_seconds` 0 (`fact_for_scoring`). The
other rules are the version's: asked for a supplement `overdue_at_supplement_count` times or more ⇒ overdue; still
open at the period's end ⇒ judged at the period's end; online = the version's `online_channels`; a fee list all
zero ⇒ no financial obligation.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.db.models.fields import DateTimeField

from lienthong.dossiers.urgency import on_time_q
from lienthong.national.constants import SyncState
from lienthong.reports.kpi766 import Fact, load_version
from lienthong.reports.kpi766.facts import DOSSIER_FIGURES, PROCEDURE_FIGURES
from lienthong.reports.models import DossierFact
from lienthong.reports.units import ScoredUnit, UnitKind


def fact_for_scoring(row: DossierFact) -> Fact:
    """A read-model fact as the engine's reference reads it (see the module: no second subtraction of waits)."""
    return Fact(
        procedure_id=row.procedure_id,
        received_at=row.received_at,
        due_at=row.due_at,
        end_of_processing_at=row.end_of_processing_at,
        supplement_count=row.supplement_count,
        supplement_seconds=0,
        channel_national=row.national_channel,
        has_e_result=row.has_e_result,
        is_digitised=row.is_digitised,
        reused_component=row.reused_component,
        fee_total=row.fee_total,
        paid_online_kind=row.paid_online_kind,
        national_synced=row.national_sync_state == SyncState.SYNCED,
    )


def figure_conditions(*, period_end: dt.datetime, version: str) -> dict[str, Q]:
    """Each dossier figure as a condition on a fact received in the period: `kpi766.facts.dossier_figures` in SQL."""
    rules = load_version(version).counting
    ended = Q(end_of_processing_at__isnull=False, end_of_processing_at__lt=period_end)
    judged = Case(When(ended, then=F("end_of_processing_at")), default=Value(period_end), output_field=DateTimeField())
    on_time = Q(supplement_count__lt=rules.overdue_at_supplement_count) & on_time_q(judged=judged)
    with_fee = Q(fee_total__gt=0)
    synced = Q(national_sync_state=SyncState.SYNCED)
    conditions = {
        "dossiers_received": Q(),
        "dossiers_received_online": Q(national_channel__in=rules.online_channels),
        "dossiers_synced": synced,
        "dossiers_on_time": on_time,
        "dossiers_overdue": ~on_time,
        "dossiers_finished": ended,
        "dossiers_with_e_result": ended & Q(has_e_result=True),
        "dossiers_digitised": ended & Q(is_digitised=True),
        "dossiers_reusing_data": Q(reused_component=True),
        "dossiers_with_fee": with_fee,
        "dossiers_with_synced_fee": with_fee & synced,
        "dossiers_paid_online": with_fee & Q(paid_online_kind__in=rules.paid_online_kinds),
    }
    assert set(conditions) == set(DOSSIER_FIGURES), "a figure of the engine has no condition here"  # noqa: S101
    return conditions


def figure_aggregates(*, judged_at: dt.datetime, version: str) -> dict[str, Any]:
    """Every dossier and procedure figure as an aggregate over facts received in the period, judged at `judged_at`:
    what `unit_figures` and `unit_figures_by` count, once."""
    conditions = figure_conditions(period_end=judged_at, version=version)
    aggregates: dict[str, Any] = {name: Count("pk", filter=condition) for name, condition in conditions.items()}
    for figure, of_dossiers in PROCEDURE_FIGURES.items():
        aggregates[figure] = Count("procedure_id", filter=conditions[of_dossiers], distinct=True)
    return aggregates


def unit_figures(
    *, facts: QuerySet[DossierFact], period_start: dt.datetime, period_end: dt.datetime, version: str
) -> dict[str, int]:
    """The dossier and procedure figures of the facts given (one unit's: filter by agency before calling) received
    in [period_start, period_end), in one aggregate statement."""
    received = facts.filter(received_at__gte=period_start, received_at__lt=period_end)
    return received.aggregate(**figure_aggregates(judged_at=period_end, version=version))


def unit_figures_by(
    *,
    units: Sequence[ScoredUnit],
    period_start: dt.datetime,
    period_end: dt.datetime,
    judged_at: dt.datetime | None = None,
    version: str,
) -> dict[int, dict[str, int]]:
    """`unit_figures` of every unit at once — unit id → figures — in two statements: the province's (every fact)
    and one grouped by the unit answering for each dossier (`DossierFact.unit_id`). A dossier is judged at
    `judged_at` (the period's end, or now for a period still running)."""
    aggregates = figure_aggregates(judged_at=judged_at or period_end, version=version)
    received = DossierFact.objects.filter(received_at__gte=period_start, received_at__lt=period_end)
    wanted = {unit.id for unit in units if unit.kind != UnitKind.PROVINCE}
    figures: dict[int, dict[str, int]] = {}
    for row in received.filter(unit_id__in=wanted).values("unit_id").annotate(**aggregates).order_by():
        unit_id = row.pop("unit_id")
        figures[unit_id] = row
    for unit in units:
        if unit.kind == UnitKind.PROVINCE:
            figures[unit.id] = received.aggregate(**aggregates)
    return figures


def facts_behind_figure(
    *,
    facts: QuerySet[DossierFact],
    figure: str,
    period_start: dt.datetime,
    period_end: dt.datetime,
    version: str,
    judged_at: dt.datetime | None = None,
) -> QuerySet[DossierFact]:
    """The facts a figure counts — the list a dashboard's figure links to (for a procedure figure, the dossiers
    whose procedures it counts). Judged at `judged_at` (the period's end by default), as `unit_figures_by`."""
    of_dossiers = PROCEDURE_FIGURES.get(figure, figure)
    conditions = figure_conditions(period_end=judged_at or period_end, version=version)
    if of_dossiers not in conditions:
        raise ValueError(f"{figure!r} is not counted from dossier facts")
    received = facts.filter(received_at__gte=period_start, received_at__lt=period_end)
    return received.filter(conditions[of_dossiers])
