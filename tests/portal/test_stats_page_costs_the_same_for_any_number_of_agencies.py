"""The statistics page reads every agency's numbers in one grouped query per table (dossiers, ratings) and the
12-month trend in two more (by month received, by month finished), so a province of many agencies costs what one
agency does; a warm cache costs none."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from tests.conftest import public_pages_warm
from tests.feedback.given import at, received
from tests.portal.stats_given import STATS, agencies_add, fresh_stats_cache_fixture, ranking_of  # noqa: F401

pytestmark = pytest.mark.django_db
LOOKED_AT = at(27, 9)


def _queries(client, django_assert_num_queries, count: int) -> None:
    cache.clear()
    public_pages_warm()  # the header's and footer's reads, kept by any server after its first page
    with django_assert_num_queries(count), time_machine.travel(LOOKED_AT, tick=False):
        response = client.get(STATS, {"ky": "2026-02"})
    assert response.status_code == 200


def test_one_agency_and_six_cost_four_queries_and_a_warm_cache_none(
    site_identity_warm,
    client,
    django_assert_num_queries,
    province,
    officers,
    procedure,
    applicant,
    form_data,
    documents,
):
    given = (province, officers, procedure, applicant, form_data, documents)
    received(*given)
    _queries(client, django_assert_num_queries, 4)  # dossiers, ratings by agency; received, finished by month
    for key in agencies_add(province, officers, 5, start=40):
        received(*given, agency=key, when=at(13, 10) + dt.timedelta(minutes=1))
    _queries(client, django_assert_num_queries, 4)
    with time_machine.travel(LOOKED_AT, tick=False):
        assert len([name for name in ranking_of(client.get(STATS, {"ky": "2026-02"})) if "Trung tâm 4" in name]) == 5
    with django_assert_num_queries(0), time_machine.travel(LOOKED_AT, tick=False):
        client.get(STATS, {"ky": "2026-02"})
