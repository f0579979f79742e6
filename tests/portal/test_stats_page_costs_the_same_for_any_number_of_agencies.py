"""The statistics page reads every agency's numbers in one grouped query per table (dossiers, ratings), so a
province of many agencies costs what one agency does; a warm cache costs none."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from lienthong.org.constants import AgencyKind, Level, Role
from lienthong.org.models import Agency, OfficerRole
from tests.conftest import public_pages_warm
from tests.feedback.given import at, received
from tests.portal.stats_given import STATS, fresh_stats_cache_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
LOOKED_AT = at(27, 9)


def _agencies(province, officers, count: int, start: int) -> list[str]:
    keys = []
    for n in range(start, start + count):
        key = f"desk{n}"
        province[key] = Agency.objects.create(
            identifier_code=f"000.00.{n:02d}.H19", name=f"Trung tâm {n}", kind=AgencyKind.SERVICE_CENTRE,
            level=Level.COMMUNE, unit=province["commune"],
        )  # fmt: skip
        OfficerRole.objects.create(user=officers["receiver@commune_centre"], agency=province[key], role=Role.RECEIVER)
        officers[f"receiver@{key}"] = officers["receiver@commune_centre"]
        keys.append(key)
    return keys


def _queries(client, django_assert_num_queries, count: int) -> None:
    cache.clear()
    public_pages_warm()  # the header's and footer's reads, kept by any server after its first page
    with django_assert_num_queries(count), time_machine.travel(LOOKED_AT, tick=False):
        response = client.get(STATS, {"thang": "2026-02"})
    assert response.status_code == 200


def test_one_agency_and_six_cost_two_queries_and_a_warm_cache_none(
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
    _queries(client, django_assert_num_queries, 2)  # dossiers grouped by agency; ratings grouped by agency
    for key in _agencies(province, officers, 5, start=40):
        received(*given, agency=key, when=at(13, 10) + dt.timedelta(minutes=1))
    _queries(client, django_assert_num_queries, 2)
    with time_machine.travel(LOOKED_AT, tick=False):
        assert client.get(STATS, {"thang": "2026-02"}).content.decode().count("Trung tâm 4") == 5
    with django_assert_num_queries(0), time_machine.travel(LOOKED_AT, tick=False):
        client.get(STATS, {"thang": "2026-02"})
