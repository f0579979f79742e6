"""The back-office list of complaints and recommendations behind the dashboard's PAKN figures
(/backoffice/chi-so/phan-anh/): its filters in the URL (unit, period, on time or late, state now), keyset pages, a
row per complaint that opens its page, the officer's units only, and bad input answered in Vietnamese, never 500.

March at the commune's committee: A answered on time, B accepted and never answered (due in March), C answered
after its deadline; at the department, D answered on time. Looked at on 2 April."""

import io
import re

import openpyxl
import pytest
import time_machine

from lienthong.complaints.constants import Kind
from lienthong.complaints.services import Sender, complaint_accept, complaint_answer, complaint_submit
from lienthong.reports import views
from tests.reports.conftest import at

pytestmark = pytest.mark.django_db
LAN = Sender(name="Trần Thị Lan", phone="0987654321")
LIST = "/backoffice/chi-so/phan-anh/"
ROW = re.compile(r'<a href="/backoffice/pakn/([0-9]+)/">(PAKN[^<]*)</a>')
COUNT = re.compile(r'<p class="count"><strong>([0-9.]+) phản ánh, kiến nghị')


def _complaint(province, officers, key: str, title: str, answered):
    leader = officers[f"leader@{key}"]
    received = at(2, 9)
    with time_machine.travel(received, tick=False):
        complaint = complaint_submit(kind=Kind.REFLECTION, sender=LAN, title=title, content="…",
                                     concerned_agency=province[key], at=received)  # fmt: skip
        complaint_accept(complaint=complaint, officer=leader, at=received)
    if answered is not None:
        with time_machine.travel(answered, tick=False):
            complaint_answer(complaint=complaint, officer=leader, answer="Đã xử lý.", at=answered)
    return complaint


@pytest.fixture
def march(province, officers):
    return {
        "A": _complaint(province, officers, "committee", "Trả kết quả chậm", at(6, 9)),
        "B": _complaint(province, officers, "committee", "Cán bộ không hướng dẫn", None),
        "C": _complaint(province, officers, "committee", "Phí thu sai", at(30, 9)),
        "D": _complaint(province, officers, "department", "Hồ sơ đất đai", at(5, 9)),
    }


def listed(client, query: str) -> tuple[int, list[str], str]:
    with time_machine.travel(at(2, 9, month=4), tick=False):
        response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200, (query, response.status_code)
    body = response.content.decode()
    return int(COUNT.search(body).group(1)), [title for _pk, title in ROW.findall(body)], body


def codes(march, *names) -> list[str]:
    return sorted(march[n].code for n in names)


def test_each_filter_in_the_url_narrows_the_list(client, officers, province, march):
    client.force_login(officers["monitor@centre"])
    commune = f"ky=2026-03&don_vi={province['committee'].pk}"

    assert sorted(listed(client, commune)[1]) == codes(march, "A", "B", "C")
    assert sorted(listed(client, f"{commune}&han=dung")[1]) == codes(march, "A")
    assert sorted(listed(client, f"{commune}&han=tre")[1]) == codes(march, "B", "C")
    assert sorted(listed(client, f"{commune}&trang_thai=accepted")[1]) == codes(march, "B")
    assert sorted(listed(client, f"{commune}&han=tre&trang_thai=answered")[1]) == codes(march, "C")
    assert sorted(listed(client, "ky=2026-03")[1]) == codes(march, "A", "B", "C", "D")  # the province
    assert listed(client, f"ky=2026-02&don_vi={province['committee'].pk}")[0] == 0  # another period


def test_late_ones_are_marked_and_each_row_opens_its_complaint(client, officers, province, march):
    client.force_login(officers["monitor@centre"])
    _n, _codes, body = listed(client, f"ky=2026-03&don_vi={province['committee'].pk}")
    assert body.count('<span class="badge late">Quá hạn</span>') == 2  # B and C
    assert "chưa trả lời" in body
    assert client.get(f"/backoffice/pakn/{march['B'].pk}/").status_code == 200


def test_pages_follow_one_another_by_keyset(client, officers, province, march, monkeypatch):
    monkeypatch.setattr(views, "DOSSIERS_PER_PAGE", 2)
    client.force_login(officers["monitor@centre"])
    count, first, body = listed(client, "ky=2026-03")
    assert (count, len(first)) == (4, 2)
    after = re.search(r'<a href="\?([^"]*sau=[^"]+)">Sau ›</a>', body).group(1).replace("&amp;", "&")
    count, second, body = listed(client, after)
    assert (count, len(second)) == (4, 2)
    assert sorted(first + second) == codes(march, "A", "B", "C", "D")
    assert "Trang đầu" in body and "Sau ›" not in body


def test_a_communes_leader_lists_their_own_units_complaints_only(client, officers, province, march):
    client.force_login(officers["leader@committee"])
    assert listed(client, f"ky=2026-03&don_vi={province['committee'].pk}")[0] == 3
    with time_machine.travel(at(2, 9, month=4), tick=False):
        other = client.get(f"{LIST}?ky=2026-03&don_vi={province['department'].pk}")
        whole = client.get(f"{LIST}?ky=2026-03")
    assert other.status_code == whole.status_code == 403
    assert "chỉ xem được phản ánh, kiến nghị của đơn vị mình" in other.content.decode()


@pytest.mark.parametrize(
    "query",
    ["han=soon", "trang_thai=%3Cscript%3E", "sau=not-a-cursor", "sau=W1siZiIsICJ4Il1d", "don_vi=abc",
     "ky=2099-01", "ky=ngay-mai", "han=tre&sau="],
)  # fmt: skip
def test_bad_input_opens_the_list_never_an_error(client, officers, march, query):
    client.force_login(officers["monitor@centre"])
    count, rows, _body = listed(client, query)
    assert count == len(rows)


def test_a_unit_that_is_not_the_provinces_is_not_found(client, officers, march):
    client.force_login(officers["monitor@centre"])
    with time_machine.travel(at(2, 9, month=4), tick=False):
        assert client.get(f"{LIST}?ky=2026-03&don_vi=987654").status_code == 404


def test_an_officer_who_is_not_a_leader_nor_a_monitor_is_refused(client, officers, march):
    client.force_login(officers["receiver@committee"])
    with time_machine.travel(at(2, 9, month=4), tick=False):
        assert client.get(f"{LIST}?ky=2026-03").status_code == 403


def test_the_list_exports_as_xlsx_with_its_filters(client, officers, province, march):
    client.force_login(officers["monitor@centre"])
    with time_machine.travel(at(2, 9, month=4), tick=False):
        response = client.get(f"{LIST}?ky=2026-03&don_vi={province['committee'].pk}&han=tre&xuat=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[0]]
    heading = values.index(("Mã", "Loại", "Tiêu đề", "Cơ quan xử lý", "Trạng thái", "Tiếp nhận", "Hạn trả lời",
                            "Trả lời lúc", "Đúng hạn"))  # fmt: skip
    rows = values[heading + 1 :]
    assert sorted(r[0] for r in rows) == codes(march, "B", "C")
    assert {r[8] for r in rows} == {"Quá hạn"}
