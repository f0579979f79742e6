"""The board reads the whole province in a fixed handful of queries: a province of 4 agencies and one system costs
what a province with twenty more agencies, each with two systems, heartbeats, calls, failed calls, reconciliation
reports and undelivered events, costs — on the page and through the API (DESIGN.md: no query per row)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.board.selectors import board_agencies
from lienthong.gateway.constants import Scope, SystemKind
from lienthong.gateway.models import CallStat, FailedCall
from lienthong.gateway.services.credentials import key_create, system_create
from lienthong.gateway.services.reports import heartbeat_record, reconciliation_submit
from lienthong.org.constants import AgencyKind, Level
from lienthong.org.models import Agency, HeadAssignment
from tests.board.undelivered import undelivered_pair
from tests.dossiers.conftest import form_data, procedure  # noqa: F401 — fixtures (the rest: tests/board/conftest.py)

pytestmark = pytest.mark.django_db


def _grow(province, n: int) -> None:
    now = dt.datetime.now(dt.UTC)
    for i in range(n):
        agency = Agency.objects.create(identifier_code=f"000.00.{50 + i}.H19", name=f"UBND xã Thử {i}",
                                       level=Level.COMMUNE, kind=AgencyKind.PEOPLES_COMMITTEE,
                                       unit=province["commune"])  # fmt: skip
        HeadAssignment.objects.create(agency=agency, full_name=f"Chủ tịch {i}", title="Chủ tịch",
                                      starts_on=dt.date(2025, 7, 1))  # fmt: skip
        for kind in (SystemKind.ONE_STOP, SystemKind.DOCUMENT_MANAGEMENT):
            system = system_create(agency=agency, name=f"{kind} {i}", kind=kind)
            heartbeat_record(system=system, version="1", queue_depth=i)
            CallStat.objects.create(system=system, operation="dossier_act", minute=now, count=3, errors=1)
            FailedCall.objects.create(system=system, at=now, operation="dossier_act", status=422)
            reconciliation_submit(system=system, day=now.date(), counts=[])


def _queries(work) -> int:
    with CaptureQueriesContext(connection) as captured:
        work()
    return len(captured.captured_queries)


def test_the_selector_the_page_and_the_api_cost_the_same_for_a_bigger_province(
    client,
    officers,
    province,
    system,
    procedure,  # noqa: F811
    form_data,  # noqa: F811
):
    undelivered_pair(system=system, province=province, procedure=procedure, form_data=form_data)
    reconciliation_submit(system=system, day=dt.datetime.now(dt.UTC).date(), counts=[])
    provincial = system_create(agency=province["centre"], name="Trung tâm điều hành", kind=SystemKind.ONE_STOP)
    token = key_create(system=provincial, scopes=[Scope.BOARD_READ], actor_label="test").token
    client.force_login(officers["monitor@centre"])

    def page():
        assert client.get("/backoffice/ket-noi/").status_code == 200

    def api():
        assert client.get("/api/v1/board/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200

    page(), api()  # the key's last use is written once a minute: not in what is measured
    small = [_queries(board_agencies), _queries(page), _queries(api)]
    _grow(province, 20)
    big = [_queries(board_agencies), _queries(page), _queries(api)]
    assert len(board_agencies()) == 24 and sum(len(a.systems) for a in board_agencies()) == 42
    assert big == small
    assert small[0] <= 12  # 4 of them read the thresholds (core.Rule)
