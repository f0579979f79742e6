"""Issue 12 (2): Decision 766's dossier figures for a unit × period are counted by the database from the read
model's facts, and equal the engine's reference (`kpi766.counts_from_facts`) over random facts and periods —
open dossiers judged at the period's end, two supplement requests overdue, all-zero fees left out, synced or not —
and every figure equals the length of the list of facts it links to."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lienthong.national.constants import SyncState
from lienthong.reports.kpi766 import CURRENT_VERSION, counts_from_facts
from lienthong.reports.kpi766.facts import DOSSIER_FIGURES, PROCEDURE_FIGURES
from lienthong.reports.models import DossierFact
from lienthong.reports.scoring import fact_for_scoring, facts_behind_figure, unit_figures

pytestmark = pytest.mark.django_db
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
ORIGIN = dt.datetime(2026, 1, 1, tzinfo=ZONE)
hours = st.integers(min_value=0, max_value=24 * 120)
FACT = st.fixed_dictionaries(
    {
        "procedure_id": st.integers(1, 4),
        "agency_id": st.integers(1, 2),
        "received": st.one_of(st.none(), hours),
        "due_after": st.one_of(st.none(), st.integers(0, 24 * 30)),
        "ended_after": st.one_of(st.none(), st.integers(0, 24 * 60)),
        "supplement_count": st.integers(0, 3),
        "national_channel": st.sampled_from([1, 2, 3]),
        "has_e_result": st.booleans(),
        "is_digitised": st.booleans(),
        "fee_total": st.sampled_from([0, 0, 50_000, 1_000_000]),
        "paid_online_kind": st.sampled_from([0, 0, 1, 2]),
        "national_sync_state": st.sampled_from([SyncState.SYNCED, SyncState.PENDING, SyncState.FAILED, ""]),
    }
)


def _row(n: int, spec: dict) -> DossierFact:
    received = None if spec["received"] is None else ORIGIN + dt.timedelta(hours=spec["received"])
    due = None if received is None or spec["due_after"] is None else received + dt.timedelta(hours=spec["due_after"])
    ended = (
        None if received is None or spec["ended_after"] is None else received + dt.timedelta(hours=spec["ended_after"])
    )
    return DossierFact(
        dossier_id=n, agency_id=spec["agency_id"], procedure_id=spec["procedure_id"], procedure_version_id=1,
        field_id=1, level="commune", channel="counter", national_channel=spec["national_channel"], status="processing",
        received_at=received, due_at=due, end_of_processing_at=ended, supplement_count=spec["supplement_count"],
        supplement_seconds=3600 * spec["supplement_count"], has_e_result=spec["has_e_result"],
        is_digitised=spec["is_digitised"], fee_total=spec["fee_total"], paid_online_kind=spec["paid_online_kind"],
        national_sync_state=spec["national_sync_state"],
    )  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(FACT, max_size=25), start=st.integers(0, 24 * 60), length=st.integers(1, 24 * 90))
def test_database_figures_equal_the_reference_and_their_lists(specs, start, length):
    DossierFact.objects.all().delete()
    DossierFact.objects.bulk_create([_row(n, spec) for n, spec in enumerate(specs, 1)])
    period_start = ORIGIN + dt.timedelta(hours=start)
    period_end = period_start + dt.timedelta(hours=length)
    unit = DossierFact.objects.filter(agency_id=1)
    period = {"period_start": period_start, "period_end": period_end, "version": CURRENT_VERSION}

    counted = unit_figures(facts=unit, **period)

    reference = counts_from_facts([fact_for_scoring(row) for row in unit], **period)
    assert counted == reference
    for figure in DOSSIER_FIGURES:
        assert facts_behind_figure(facts=unit, figure=figure, **period).count() == counted[figure], figure
    for figure in PROCEDURE_FIGURES:
        behind = facts_behind_figure(facts=unit, figure=figure, **period)
        assert len(set(behind.values_list("procedure_id", flat=True))) == counted[figure], figure


def test_an_open_dossier_is_judged_at_the_periods_end_and_two_supplements_make_it_overdue():
    received = ORIGIN + dt.timedelta(days=1)
    DossierFact.objects.bulk_create([
        # open, due after the period's end: on time at the period's end
        _row(1, {**_base(), "received": 24, "due_after": 24 * 40}),
        # open, due inside the period: overdue at the period's end though it might finish on time later
        _row(2, {**_base(), "received": 24, "due_after": 24 * 5}),
        # finished on time but asked twice for a supplement: overdue
        _row(3, {**_base(), "received": 24, "due_after": 24 * 5, "ended_after": 24, "supplement_count": 2}),
        # finished after the period's end, before its due instant: judged at the period's end, on time
        _row(4, {**_base(), "received": 24, "due_after": 24 * 60, "ended_after": 24 * 40}),
    ])  # fmt: skip
    period_end = ORIGIN + dt.timedelta(days=31)
    assert received < period_end

    counted = unit_figures(
        facts=DossierFact.objects.all(), period_start=ORIGIN, period_end=period_end, version=CURRENT_VERSION
    )

    assert (counted["dossiers_received"], counted["dossiers_on_time"], counted["dossiers_overdue"]) == (4, 2, 2)
    assert counted["dossiers_finished"] == 1  # only no. 3 ended inside the period


def _base() -> dict:
    return {"procedure_id": 1, "agency_id": 1, "received": 0, "due_after": None, "ended_after": None,
            "supplement_count": 0, "national_channel": 1, "has_e_result": False, "is_digitised": False,
            "fee_total": 0, "paid_online_kind": 0, "national_sync_state": ""}  # fmt: skip
