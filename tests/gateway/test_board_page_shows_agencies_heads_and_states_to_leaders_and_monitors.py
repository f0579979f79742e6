"""The connection board page: the province's monitors and leaders and administrators see every agency with its
head and its systems' state, filter it, and drill down; other officers get a 403 page saying whom the board is for."""

import datetime as dt

import pytest

from lienthong.gateway.models import FailedCall
from lienthong.gateway.services.reports import heartbeat_record
from lienthong.org.models import HeadAssignment

pytestmark = pytest.mark.django_db
BOARD = "/backoffice/ket-noi/"


@pytest.fixture
def head(province):
    return HeadAssignment.objects.create(agency=province["commune_centre"], full_name="Trần Thị Bình",
                                        title="Giám đốc", starts_on=dt.date(2025, 7, 1))  # fmt: skip


@pytest.mark.parametrize("who", ["monitor@centre", "leader@centre", "administrator@commune_centre"])
def test_the_board_lists_every_agency_with_its_head_and_state(client, officers, system, head, who):
    heartbeat_record(system=system, version="1.0", queue_depth=2)
    client.force_login(officers[who])
    response = client.get(BOARD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trần Thị Bình" in page and "01/07/2025" in page
    assert system.name in page and "state-connected" in page
    assert "Sở Nông nghiệp và Môi trường" in page and "state-never" in page


@pytest.mark.parametrize("who", ["specialist@centre", "receiver@centre", "monitor@commune_centre",
                                 "leader@commune_centre", "it_officer@centre"])  # fmt: skip
def test_other_officers_are_told_whom_the_board_is_for(client, officers, who):
    client.force_login(officers[who])
    response = client.get(BOARD)
    assert response.status_code == 403
    assert "Bảng theo dõi kết nối dành cho văn phòng giám sát" in response.content.decode()


def test_filters_by_state_level_and_name_without_diacritics(client, officers, system, head):
    heartbeat_record(system=system, version="1.0", queue_depth=0)
    client.force_login(officers["monitor@centre"])
    page = client.get(BOARD, {"q": "tran bien"}).content.decode()
    assert "TTPVHCC phường Trấn Biên" in page and "Sở Nông nghiệp" not in page
    page = client.get(BOARD, {"state": "never", "level": "province"}).content.decode()
    assert "Sở Nông nghiệp" in page and "TTPVHCC phường Trấn Biên" not in page


def test_drill_down_shows_the_failed_calls_and_heartbeats(client, officers, system, head, province):
    heartbeat_record(system=system, version="9.9.9", queue_depth=4)
    FailedCall.objects.create(system=system, at=dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC), operation="dossiers.act",
                              status=422, problem="validation_error", latency_ms=12)  # fmt: skip
    client.force_login(officers["monitor@centre"])
    response = client.get(f"{BOARD}co-quan/{province['commune_centre'].pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Trần Thị Bình" in page and f'href="{BOARD}he-thong/{system.pk}/"' in page
    assert client.get(f"{BOARD}co-quan/999999/").status_code == 404
    # the system's own page holds the detail
    page = client.get(f"{BOARD}he-thong/{system.pk}/").content.decode()
    assert "validation_error" in page and "9.9.9" in page and "Trần Thị Bình" in page
    assert client.get(f"{BOARD}he-thong/999999/").status_code == 404


def test_units_that_need_a_call_come_first(client, officers, system, head):
    heartbeat_record(system=system, version="1.0", queue_depth=0)  # the commune centre: connected
    client.force_login(officers["monitor@centre"])
    page = client.get(BOARD).content.decode()
    # the province's department has no system (never connected): listed before the connected commune centre
    assert page.index("Sở Nông nghiệp và Môi trường") < page.index("TTPVHCC phường Trấn Biên</")
