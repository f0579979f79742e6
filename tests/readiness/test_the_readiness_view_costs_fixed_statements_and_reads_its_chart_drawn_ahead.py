"""The readiness view's first load (issue 16, part 2, item 1: 3.4 s on the demo): a fixed number of statements
whatever the number of communes — one per kind of figure — and, where the cache is shared, the chart the worker drew
after the survey changed, not a new drawing (matplotlib's import and the drawing were half of those 3.4 s)."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.core import charts
from lienthong.readiness import tasks
from lienthong.readiness.selectors import period_current, readiness_rows
from lienthong.readiness.services import period_get, record_save
from lienthong.reports import figure_store
from lienthong.reports.dashboard import scores_forget
from lienthong.reports.index766 import Period
from tests.readiness.conftest import answers

pytestmark = pytest.mark.django_db

# communes, records, the daily figures summed per unit, those of the fully-online procedures, the thresholds, the
# figures the worker stored for the quarter, the count of the citizens' phone accounts (their communes cached by it)
ROWS_STATEMENTS = 7


@pytest.fixture
def period():
    year, quarter = period_current()
    return period_get(year=year, quarter=quarter)


@pytest.fixture
def surveyed(communes, period):
    for n, code in enumerate(sorted(communes)[:60], start=1):
        record_save(period=period, agency=communes[code], values=answers(n))
    figure_store.figures_count(period=Period("quarter", period.year, period.quarter))  # as the worker keeps them
    scores_forget()
    return communes


def test_the_rows_cost_one_statement_per_kind_of_figure_and_the_totals_are_scored_once_per_count(surveyed, period):
    with CaptureQueriesContext(connection) as first:
        rows = readiness_rows(period=period)
    assert len(rows) == 95 and sum(r.record is not None for r in rows) == 60
    assert sum(r.score is not None for r in rows) == 95
    # the first page after the count scores every unit: the units' tree and the stored figures, read by the engine
    assert len(first) == ROWS_STATEMENTS + 2, "\n".join(q["sql"][:60] for q in first)
    scores_forget()  # another process: the totals are in the cache they share
    with CaptureQueriesContext(connection) as again:
        assert [r.score for r in readiness_rows(period=period)] == [r.score for r in rows]
    assert len(again) == ROWS_STATEMENTS, "\n".join(q["sql"][:60] for q in again)
    assert not any("reports_dossierfact" in q["sql"] for q in [*first, *again])  # nothing counted again

    figure_store.figures_count(period=Period("quarter", period.year, period.quarter))  # the worker counts again
    with CaptureQueriesContext(connection) as after_count:
        readiness_rows(period=period)
    assert len(after_count) == ROWS_STATEMENTS + 2  # a new count, new totals
    with CaptureQueriesContext(connection) as answers_only:
        readiness_rows(period=period, with_figures=False)
    assert len(answers_only) == 2


def test_the_page_costs_the_same_statements_for_95_communes_as_for_5(client, monitor, surveyed, period):
    from lienthong.org.models import Agency

    client.force_login(monitor)
    client.get("/backoffice/lo-trinh/san-sang-so/")  # the session and menu's first reads
    scores_forget()
    with CaptureQueriesContext(connection) as many:
        assert client.get("/backoffice/lo-trinh/san-sang-so/").status_code == 200
    Agency.objects.filter(pk__in=[a.pk for code, a in sorted(surveyed.items())[5:]]).update(is_active=False)
    scores_forget()
    with CaptureQueriesContext(connection) as few:
        page = client.get("/backoffice/lo-trinh/san-sang-so/")
    assert page.content.decode().count('<th scope="row" class="key">') == 5
    assert len(many) == len(few)


def test_the_page_reads_the_chart_the_worker_drew_after_the_survey_changed(
    client, monitor, surveyed, period, monkeypatch, django_capture_on_commit_callbacks
):
    asked = []
    monkeypatch.setattr(tasks, "readiness_chart_draw", SimpleNamespace(enqueue=lambda **kwargs: asked.append(kwargs)))
    with django_capture_on_commit_callbacks(execute=True):
        record_save(period=period, agency=surveyed["26090"], values=answers(90))
    assert asked == []  # a cache local to each process: each page draws its own
    monkeypatch.setattr(tasks, "cache_is_shared", lambda caches: True)
    with django_capture_on_commit_callbacks(execute=True):
        record_save(period=period, agency=surveyed["26091"], values=answers(91))
    assert asked == [{"period_key": period.key}]
    assert tasks.chart_draw(period.key) == 4  # the chart and the map, Vietnamese and English, as the worker does

    def not_drawn(spec):
        raise AssertionError("the page drew the chart again")

    monkeypatch.setattr(charts, "_render", not_drawn)
    client.force_login(monitor)
    page = client.get("/backoffice/lo-trinh/san-sang-so/").content.decode()
    assert 'role="img"' in page and "thấp nhất" in page
    assert "Bản đồ ô các xã, phường" in page  # the map too was read, not drawn
