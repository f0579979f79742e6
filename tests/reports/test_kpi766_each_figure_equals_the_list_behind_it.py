"""Every dossier figure equals the number of dossiers in the list it links to (and a procedure figure the number
of distinct procedures in its list), over random provinces: the count and the list share one rule per dossier
(`dossier_figures`), and this test keeps a later fast path (a sum, a query) from drifting away from the list."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lienthong.reports.kpi766 import CURRENT_VERSION, Fact, counts_from_facts, facts_behind, period_bounds
from lienthong.reports.kpi766.facts import DOSSIER_FIGURES, PROCEDURE_FIGURES

START, END = period_bounds("month", 2026, 3)
instants = st.datetimes(
    min_value=dt.datetime(2026, 2, 20), max_value=dt.datetime(2026, 4, 10), timezones=st.just(START.tzinfo)
)
facts = st.builds(
    Fact,
    procedure_id=st.sampled_from(["P1", "P2", "P3"]),
    received_at=st.none() | instants,
    due_at=st.none() | instants,
    end_of_processing_at=st.none() | instants,
    supplement_count=st.integers(0, 3),
    supplement_seconds=st.integers(0, 10 * 24 * 3600),
    channel_national=st.sampled_from([None, 1, 2, 3]),
    has_e_result=st.booleans(),
    is_digitised=st.booleans(),
    reused_component=st.booleans(),
    fee_total=st.sampled_from([0, 0, 20_000, 100_000]),
    paid_online_kind=st.sampled_from([0, 1, 2]),
    national_synced=st.booleans(),
)


def behind(province, figure):
    return facts_behind(province, figure, period_start=START, period_end=END, version=CURRENT_VERSION)


@settings(max_examples=150, deadline=None)
@given(st.lists(facts, max_size=30))
def test_each_figure_counts_exactly_the_dossiers_of_its_list(province):
    counts = counts_from_facts(province, period_start=START, period_end=END, version=CURRENT_VERSION)

    assert {figure: len(behind(province, figure)) for figure in DOSSIER_FIGURES} == {
        figure: counts[figure] for figure in DOSSIER_FIGURES
    }
    assert {figure: len({fact.procedure_id for fact in behind(province, figure)}) for figure in PROCEDURE_FIGURES} == {
        figure: counts[figure] for figure in PROCEDURE_FIGURES
    }
    assert counts["dossiers_on_time"] + counts["dossiers_overdue"] == counts["dossiers_received"]


def test_an_unknown_figure_has_no_list():
    with pytest.raises(ValueError, match="petitions"):
        behind([], "petitions")
