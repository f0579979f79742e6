"""The monthly compliance report page (`/backoffice/ket-noi/bao-cao/<yyyy>-<mm>/`): the board's officers see every
unit, the non-compliant first with their head and reasons; other officers get a 403 page saying whom it is for; a
bad month is a 404 page that says so in Vietnamese, never a 500. The report costs the same queries for one unit or
many."""

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from lienthong.board.compliance import compliance_month
from lienthong.gateway.constants import SystemKind
from lienthong.gateway.services.credentials import system_create
from lienthong.org.models import Agency, HeadAssignment
from tests.board.conftest import at

pytestmark = pytest.mark.django_db
NOW = at("2026-11-10", "09:00")
REPORT = "/backoffice/ket-noi/bao-cao/"


@pytest.fixture
def october(province, head, history):
    """The commune centre disconnected two days of October; the province's centre connected all month."""
    with time_machine.travel(at("2026-09-01"), tick=False):
        down = system_create(agency=province["commune_centre"], name="Một cửa Trấn Biên", kind=SystemKind.ONE_STOP)
        up = system_create(agency=province["centre"], name="Một cửa tỉnh", kind=SystemKind.ONE_STOP)
    history(down, ("2026-09-01", "connected"), ("2026-10-05", "disconnected"), ("2026-10-07", "connected"))
    history(up, ("2026-09-01", "connected"))
    HeadAssignment.objects.create(agency=province["centre"], full_name="Lê Văn Cường", title="Giám đốc",
                                  starts_on=dt.date(2025, 7, 1), is_acting=True)  # fmt: skip
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize("who", ["monitor@centre", "leader@centre", "administrator@commune_centre"])
def test_the_page_lists_every_unit_the_non_compliant_first_with_head_and_reasons(client, officers, october, who):
    client.force_login(officers[who])
    response = client.get(f"{REPORT}2026-10/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Báo cáo tuân thủ kết nối tháng 10/2026" in page
    assert "Trần Thị Bình" in page and "01/07/2025" in page  # the commune centre's head, since when
    assert "Hệ thống Một cửa Trấn Biên sẵn sàng 93.5 %, dưới ngưỡng 95.0 %" in page
    assert "Chưa khai báo hệ thống kết nối" in page  # the department and the committee
    # nothing is hidden from a monitor: the compliant province centre, with its acting head, is listed last
    assert "Lê Văn Cường" in page and "phụ trách" in page
    assert page.index("TTPVHCC phường Trấn Biên") < page.index("TTPVHCC tỉnh</a>")
    assert f'href="{REPORT}2026-10/xlsx/"' in page and f'href="{REPORT}2026-10/pdf/"' in page


def test_the_board_links_to_the_report_and_the_picker_defaults_to_last_month(client, officers, october):
    client.force_login(officers["monitor@centre"])
    assert 'href="/backoffice/ket-noi/bao-cao/"' in client.get("/backoffice/ket-noi/").content.decode()
    assert client.get(REPORT).url == f"{REPORT}2026-10/"
    assert client.get(REPORT, {"thang": "2026-09"}).url == f"{REPORT}2026-09/"


@pytest.mark.parametrize("who", ["specialist@centre", "receiver@centre", "monitor@commune_centre", "it_officer@centre"])
@pytest.mark.parametrize("suffix", ["", "2026-10/", "2026-10/xlsx/", "2026-10/pdf/"])
def test_officers_without_board_rights_are_refused_saying_whom_it_is_for(client, officers, october, who, suffix):
    client.force_login(officers[who])
    response = client.get(f"{REPORT}{suffix}")
    assert response.status_code == 403
    assert "Bảng theo dõi kết nối dành cho văn phòng giám sát" in response.content.decode()


@pytest.mark.parametrize(("month", "message"), [
    ("2026-13", "Tháng không hợp lệ."), ("2026-1", "Tháng không hợp lệ."), ("abcd-ef", "Tháng không hợp lệ."),
    ("１２３４-１０", "Tháng không hợp lệ."), ("1999-12", "Tháng không hợp lệ."), ("2026-12", "Tháng này chưa đến."),
    ("2027-01", "Tháng này chưa đến."), ("2026-00", "Tháng không hợp lệ."),
])  # fmt: skip
@pytest.mark.parametrize("suffix", ["", "xlsx/", "pdf/"])
def test_a_bad_month_is_a_404_saying_why_never_a_500(client, officers, october, month, message, suffix):
    client.force_login(officers["monitor@centre"])
    response = client.get(f"{REPORT}{month}/{suffix}")
    assert response.status_code == 404
    assert message in response.content.decode()
    picked = client.get(REPORT, {"thang": month})
    assert picked.status_code == 404 and message in picked.content.decode()


# 9 queries: the report's 8 and one for the notes other apps add to each unit (board.extensions: the roadmap).
def test_the_report_costs_the_same_queries_for_one_unit_or_many(province, october, history,
                                                                django_assert_num_queries):  # fmt: skip
    with django_assert_num_queries(9):
        compliance_month(2026, 10)
    for n in range(6):
        agency = Agency.objects.create(identifier_code=f"000.00.{50 + n}.H19", name=f"Sở {n}", kind="department",
                                       level="province", unit=province["unit"])  # fmt: skip
        HeadAssignment.objects.create(agency=agency, full_name=f"Người {n}", title="Giám đốc",
                                      starts_on=dt.date(2025, 7, 1))  # fmt: skip
        system = system_create(agency=agency, name=f"CSDL {n}", kind=SystemKind.SECTOR_DATABASE)
        history(system, ("2026-09-01", "connected"), ("2026-10-09", "disconnected"))
    with django_assert_num_queries(9):
        report = compliance_month(2026, 10)
    assert report.counts["total"] == 10 and report.counts["non_compliant"] == 9


def test_the_page_speaks_english_to_an_officer_who_chose_it_and_the_files_stay_vietnamese(client, officers, october,
                                                                                           settings):  # fmt: skip
    client.force_login(officers["monitor@centre"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"{REPORT}2026-10/").content.decode()
    assert "Connection compliance report for 10/2026" in page
    assert "System Một cửa Trấn Biên available 93.5 %, below the 95.0 % threshold" in page
    assert client.get(f"{REPORT}2026-13/").content.decode().count("Invalid month.") == 1
    book = load_workbook(io.BytesIO(client.get(f"{REPORT}2026-10/xlsx/").content))
    reasons = [row[-1] for row in book["Không đạt"].iter_rows(values_only=True)]
    assert any(reason and "sẵn sàng 93.5 %, dưới ngưỡng 95.0 %" in reason for reason in reasons)
