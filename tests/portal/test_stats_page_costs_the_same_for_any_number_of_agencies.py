"""The statistics page counts from the reporting read model, never over the dossier table (issue 18): every unit's
numbers in a bounded number of grouped queries (the daily figures by unit, the open dossiers past due, the
ratings, the scores of every unit), so a province of many units costs what one unit does; a warm cache costs none."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.reports.dashboard import scores_forget
from lienthong.reports.models import PeriodFigures
from tests.conftest import public_pages_warm
from tests.feedback.given import at, received
from tests.portal.stats_given import (  # noqa: F401
    STATS,
    agencies_add,
    fresh_stats_cache_fixture,
    ranking_of,
    read_model_ready,
)

pytestmark = pytest.mark.django_db
LOOKED_AT = at(27, 9)


def _queries(client, params: dict | None = None) -> list[str]:
    """The SQL of one cold page (nothing cached but the header's and footer's reads)."""
    cache.clear()
    scores_forget()  # nor the scores a process holds
    PeriodFigures.objects.all().delete()  # nor the periods' stored figures: the page counts them, its most costly
    public_pages_warm()  # the header's and footer's reads, kept by any server after its first page
    with CaptureQueriesContext(connection) as captured, time_machine.travel(LOOKED_AT, tick=False):
        response = client.get(STATS, params or {"ky": "2026-02"})
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


@pytest.fixture(name="given")
def given_fixture(province, officers, procedure, applicant, form_data, documents):
    return (province, officers, procedure, applicant, form_data, documents)


def test_one_unit_and_six_cost_the_same_and_a_warm_cache_nothing(site_identity_warm, client, province, officers,
                                                                 given, django_assert_num_queries):  # fmt: skip
    received(*given)
    read_model_ready()
    one = _queries(client)
    for key in agencies_add(province, officers, 5, start=40):
        received(*given, agency=key, when=at(13, 10) + dt.timedelta(minutes=1))
    read_model_ready()
    six = _queries(client)
    assert len(six) == len(one)
    with time_machine.travel(LOOKED_AT, tick=False):
        assert len([name for name in ranking_of(client.get(STATS, {"ky": "2026-02"})) if "Trung tâm 4" in name]) == 5
    with django_assert_num_queries(0), time_machine.travel(LOOKED_AT, tick=False):
        client.get(STATS, {"ky": "2026-02"})


@pytest.mark.parametrize("params", [{"ky": "2026-02"}, {"ky": "2026-Q1", "cap": "commune", "co_quan": "trung tam"},
                                    {"ky": "2026", "xuat": "csv"}, {"ky": "2026-02", "xuat": "xlsx"}])  # fmt: skip
def test_no_query_reads_the_dossier_table(site_identity_warm, client, province, officers, given, params):
    for key in agencies_add(province, officers, 2, start=40):
        received(*given, agency=key)
    read_model_ready()
    queries = _queries(client, params)
    assert any("reports_dailyfigure" in sql for sql in queries)  # it did count, from the read model
    assert any("reports_ratingfact" in sql for sql in queries)  # the ratings too
    # Nor the complaints' or the ratings' tables: the index's PAKN and satisfaction figures and the ratings' columns
    # come from the facts their events keep (reports.ComplaintFact, reports.RatingFact).
    read = [sql for sql in queries if any(t in sql for t in ("dossiers_dossier", "complaints_", "feedback_rating"))]
    assert read == []
