"""Each period's figures are kept (`reports.figure_store`): a page reads them and never waits for a count, except
for a period never counted; a change to a fact marks every stored period holding its month as lagging and asks the
worker for a count of the dashboard's periods holding it; lagging figures are shown with the time they were
counted, and after the worker's count the page shows the new ones."""

import datetime as dt

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lienthong.reports.dashboard import scores_for, scores_forget
from lienthong.reports.figure_store import figures_current, figures_read, menu_periods
from lienthong.reports.index766 import Period, province_figures
from lienthong.reports.models import PeriodFigures
from lienthong.reports.units import PROVINCE_AS_A_WHOLE
from tests.reports.conftest import HCM, at, figure_counts_asked, figure_counts_run
from tests.reports.test_rebuild_equals_live import ACTIONS, DOSSIERS, play

pytestmark = pytest.mark.django_db(transaction=True)  # the read model's changes commit, as in production

MARCH, QUARTER, HALF, YEAR, APRIL = (Period("month", 2026, 3), Period("quarter", 2026, 1), Period("half", 2026, 1),
                                     Period("year", 2026), Period("month", 2026, 4))  # fmt: skip


def received(period: Period) -> int:
    scores_forget()  # what this process holds: each look is a page of its own
    return scores_for(period).province.counts.get("dossiers_received", 0)


def test_a_period_never_counted_is_counted_once_by_the_page_then_read_in_one_statement(walk, django_assert_num_queries):
    walk.receive(at(2, 8))
    assert not PeriodFigures.objects.exists()

    assert received(MARCH) == 1
    row = figures_read(MARCH)
    assert row is not None and row.figures[str(PROVINCE_AS_A_WHOLE)]["dossiers_received"] == 1

    scores_forget()
    with django_assert_num_queries(2):  # the agencies (the units' names) and the stored figures
        scores = scores_for(MARCH)
    assert scores.province.counts["dossiers_received"] == 1 and scores.as_of is None


def test_a_change_marks_the_periods_of_its_month_and_the_workers_count_brings_the_new_figures(walk):
    walk.receive(at(2, 8))
    with time_machine.travel(at(2, 9), tick=False):
        assert figure_counts_run() == 1  # the worker's count the receipt asked for (March's periods)
        assert [received(p) for p in (MARCH, QUARTER, HALF, YEAR, APRIL)] == [1, 1, 1, 1, 0]  # April: by its page

    walk.receive(at(3, 8))

    with time_machine.travel(at(3, 9), tick=False):
        now = dt.datetime.now(tz=HCM)
        rows = {p.key: figures_read(p) for p in (MARCH, QUARTER, HALF, YEAR, APRIL)}
        marked = {key for key, row in rows.items() if row.changes != row.counted_changes}
        assert marked == {"2026-03", "2026-Q1", "2026-H1", "2026"}  # April holds no March dossier
        assert not any(figures_current(figures_read(p), now=now) for p in (MARCH, QUARTER, HALF, YEAR))
        asked = {key for kwargs in figure_counts_asked() for key in kwargs["period_keys"]}
        assert asked == {"2026-03", "2026-Q1", "2026-H1", "2026"}  # the menu's periods holding March

        scores_forget()
        before = scores_for(MARCH)
        assert before.province.counts["dossiers_received"] == 1  # the figures as last counted …
        assert before.as_of == at(2, 9)  # … and when

        assert figure_counts_run() >= 1
        after = scores_for(MARCH)
        assert after.province.counts["dossiers_received"] == 2 and after.as_of is None
        assert [received(p) for p in (QUARTER, HALF, YEAR, APRIL)] == [2, 2, 2, 0]


def test_changes_within_a_minute_ask_for_one_count_of_each_period(walk):
    walk.receive(at(2, 8))
    figure_counts_run()
    for minute in range(3):
        walk.receive(at(2, 9, minute))

    asked = [key for kwargs in figure_counts_asked() for key in kwargs["period_keys"]]
    assert sorted(asked) == sorted(set(asked)) and "2026-03" in asked


def test_lagging_figures_say_when_they_were_counted_on_the_page(walk, client, officers):
    walk.receive(at(2, 8))
    with time_machine.travel(at(2, 9, 30), tick=False):
        figure_counts_run()
    walk.receive(at(3, 8))
    client.force_login(officers["monitor@centre"])

    with time_machine.travel(at(3, 10), tick=False):
        scores_forget()
        page = client.get(f"/backoffice/chi-so/?ky={MARCH.key}").content.decode()
        assert "Số liệu lúc 09:30 ngày 02/03/2026" in page
        figure_counts_run()
        scores_forget()
        page = client.get(f"/backoffice/chi-so/?ky={MARCH.key}").content.decode()
        assert "Số liệu lúc" not in page


def test_a_running_periods_figures_lag_once_five_minutes_old_even_without_a_change(walk):
    walk.receive(at(2, 8))
    with time_machine.travel(at(10, 8), tick=False):
        figure_counts_run()
        scores_forget()
        assert scores_for(MARCH).as_of is None
    with time_machine.travel(at(10, 8, 4), tick=False):
        scores_forget()
        assert scores_for(MARCH).as_of is None
    with time_machine.travel(at(10, 8, 6), tick=False):
        scores_forget()
        assert scores_for(MARCH).as_of == at(10, 8)  # time alone makes an open dossier late
        assert {k for kwargs in figure_counts_asked() for k in kwargs["period_keys"]} == {"2026-03"}


def test_the_menu_is_the_periods_the_worker_keeps():
    menu = menu_periods(at(15, 10, month=11))
    assert [p.key for p in menu if p.kind == "month"][:2] == ["2026-11", "2026-10"]
    assert len(menu) == 12 + 4 + 2 + 3 and {"2026-Q4", "2026-H2", "2026", "2024"} <= {p.key for p in menu}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    starts=st.lists(st.booleans(), min_size=1, max_size=DOSSIERS),
    steps=st.lists(st.tuples(st.integers(0, DOSSIERS - 1), st.sampled_from(ACTIONS)), max_size=10),
)
def test_stored_figures_after_the_count_equal_a_live_count(walk, two_supplements_allowed, starts, steps):
    for period in (MARCH, QUARTER, YEAR):
        received(period)  # stored before the changes: the count must bring them up to date
    play(walk, starts, steps)  # each change commits: the worker is asked for its count
    figure_counts_run()
    for period in (MARCH, QUARTER, YEAR):
        row = figures_read(period)
        live = province_figures(period=period, judged=row.judged_at)
        assert {int(unit): counts for unit, counts in row.figures.items()} == live, period.key


def test_a_period_whose_count_takes_long_is_counted_less_often(walk, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from lienthong.reports import figure_store
    from lienthong.reports.kpi766 import CURRENT_VERSION

    monkeypatch.setitem(figure_store._Asked.took, ("2026", CURRENT_VERSION), 30.0)  # the year's last count: 30 s
    with time_machine.travel(at(2, 8), tick=False):
        figure_store.refresh_soon(["2026"])
        figure_store.refresh_soon(["2026-03"])
    waits = {
        tuple(row.args_kwargs["kwargs"]["period_keys"]): row.run_after - at(2, 8)
        for row in DBTaskResult.objects.filter(task_path="lienthong.reports.tasks.figures_refresh")
    }
    assert waits == {("2026",): dt.timedelta(seconds=300), ("2026-03",): dt.timedelta(seconds=60)}


def test_the_hourly_count_counts_the_menu_and_spares_what_is_current(walk):
    from lienthong.reports.figure_store import figures_refresh_menu

    walk.receive(at(2, 8))
    with time_machine.travel(at(10, 8), tick=False):
        assert figures_refresh_menu() == 21  # 12 months, 4 quarters, 2 halves, 3 years: none stored yet
    with time_machine.travel(at(10, 8, 10), tick=False):
        # Ten minutes on: the ended periods are current; the running month, quarter, half and year are not (time
        # alone makes an open dossier late) and are counted again.
        assert figures_refresh_menu() == 4
        assert all(figures_current(figures_read(p), now=at(10, 8, 10)) for p in (MARCH, QUARTER, HALF, YEAR))
    with time_machine.travel(at(10, 9, 5), tick=False):
        assert figures_refresh_menu() == 21  # an hour on: everything again


def test_the_public_statistics_say_when_lagging_index_figures_were_counted(walk, client):
    from django.core.cache import cache

    walk.receive(at(2, 8))
    with time_machine.travel(at(2, 9), tick=False):
        figure_counts_run()
        page = client.get("/thong-ke/?ky=2026-03").content.decode()
        assert "data-index-as-of" not in page  # current figures say nothing

    walk.receive(at(3, 8))
    with time_machine.travel(at(3, 9), tick=False):
        cache.clear()  # the public table's five minutes have passed
        scores_forget()
        page = client.get("/thong-ke/?ky=2026-03").content.decode()
        assert 'data-index-as-of="2026-03-02T09:00:00+07:00"' in page
        assert "Điểm Chỉ số phục vụ tính từ số liệu lúc 09:00 02/03/2026" in page
