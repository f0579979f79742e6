"""Mẫu 07, the tracking ledger (landscape A4 PDF and XLSX): one line per dossier an agency received in a period,
at a cost in queries that does not grow with the number of dossiers."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.dossiers.documents import ledger_html, ledger_pdf, ledger_xlsx
from lienthong.dossiers.services import DossierError, dossier_return
from tests.dossiers.test_documents_given import Desk, at, pdf_page_sizes_mm, pdf_text

pytestmark = pytest.mark.django_db
FEBRUARY = {"date_from": dt.date(2026, 2, 1), "date_to": dt.date(2026, 2, 28)}
HEADERS = (
    "STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Tên cá nhân, tổ chức", "Địa chỉ, số điện thoại", "Nhận hồ sơ lúc",
    "Hẹn trả kết quả", "Trả kết quả lúc", "Trạng thái", "Ghi chú",
)  # fmt: skip


def _rows(xlsx: bytes) -> tuple[list[tuple], list[tuple]]:
    """(the lines above the header, the dossier lines)."""
    rows = [tuple(row) for row in openpyxl.load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True)]
    header = rows.index(HEADERS)
    return rows[:header], rows[header + 1 :]


@pytest.fixture
def desk(province, officers, procedure, applicant, form_data, documents):
    return Desk(province, officers, procedure, applicant, form_data, documents)


@pytest.fixture
def ledger(desk):
    """Two dossiers in February at the commune desk, one in March (returned), one the day after the period."""
    first = desk.receive(at(2026, 2, 13, 16, 0))
    second = desk.receive(at(2026, 2, 27, 23, 59))  # 23:59 Viet Nam time is still 27/02: the period is local days
    desk.receive(at(2026, 3, 1, 0, 0))
    processed = desk.processed()
    with time_machine.travel(at(2026, 3, 4, 10, 0), tick=False):
        dossier_return(officer=desk.officers["receiver@commune_centre"], dossier=processed, delivery="at_desk")
    return first, second, processed


def test_the_ledger_xlsx_lists_each_dossier_received_in_the_period_in_order(ledger, province):
    first, second, _ = ledger
    heading, rows = _rows(ledger_xlsx(agency=province["commune_centre"], **FEBRUARY))
    assert heading[:3] == [("SỔ THEO DÕI HỒ SƠ",) + (None,) * 9, ("TTPVHCC phường Trấn Biên",) + (None,) * 9,
                           ("Từ ngày 01/02/2026 đến ngày 28/02/2026",) + (None,) * 9]  # fmt: skip
    assert rows == [
        (1, first.code, "Đăng ký đất đai lần đầu", "Nguyễn Thị Hoa", "Phường Trấn Biên, Đồng Nai, 0912345678",
         dt.datetime(2026, 2, 13, 16, 0), dt.datetime(2026, 2, 25, 17, 0), None, "Đã tiếp nhận", None),
        (2, second.code, "Đăng ký đất đai lần đầu", "Nguyễn Thị Hoa", "Phường Trấn Biên, Đồng Nai, 0912345678",
         dt.datetime(2026, 2, 27, 23, 59), dt.datetime(2026, 3, 4, 17, 0), None, "Đã tiếp nhận", None),
    ]  # fmt: skip


def test_a_returned_dossier_shows_when_and_whether_it_was_on_time(ledger, province):
    *_, returned = ledger
    _, rows = _rows(ledger_xlsx(agency=province["commune_centre"], date_from=dt.date(2026, 3, 2),
                                date_to=dt.date(2026, 3, 2)))  # fmt: skip
    assert rows == [
        (1, returned.code, "Đăng ký đất đai lần đầu", "Nguyễn Thị Hoa", "Phường Trấn Biên, Đồng Nai, 0912345678",
         dt.datetime(2026, 3, 2, 8, 0), dt.datetime(2026, 3, 5, 8, 0), dt.datetime(2026, 3, 4, 10, 0),
         "Đã trả kết quả", "Trước hạn"),
    ]  # fmt: skip


def test_another_agencys_dossiers_are_not_in_the_ledger(ledger, province):
    _, rows = _rows(ledger_xlsx(agency=province["centre"], **FEBRUARY))
    assert rows == []
    assert "Không có hồ sơ nào được tiếp nhận trong kỳ." in pdf_text(ledger_pdf(agency=province["centre"], **FEBRUARY))


def test_the_ledger_pdf_is_landscape_a4_with_the_same_lines(ledger, province):
    first, second, _ = ledger
    pdf = ledger_pdf(agency=province["commune_centre"], **FEBRUARY)
    text = pdf_text(pdf)
    assert set(pdf_page_sizes_mm(pdf)) == {(297, 210)}
    assert "SỔ THEO DÕI HỒ SƠ Từ ngày 01/02/2026 đến ngày 28/02/2026" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    # pypdf 7 may join a table cell to the next one without a space, so the cells are checked in order, not spaced.
    line = text[text.index(f"1 {first.code}") :]
    assert line.index("Đăng ký đất đai lần đầu") < line.index("Nguyễn Thị Hoa") < line.index(f"2 {second.code}")
    assert "16:00 13/02/2026 17:00 25/02/2026" in text
    assert f"2 {second.code}" in text
    assert "01/03/2026" not in text


def test_a_period_that_ends_before_it_starts_is_refused(province):
    with pytest.raises(DossierError) as refused:
        ledger_xlsx(agency=province["commune_centre"], date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 2, 1))
    assert refused.value.code == "invalid_period"


def _queries(produce) -> int:
    with CaptureQueriesContext(connection) as captured:
        produce()
    return len(captured)


def test_the_ledger_costs_the_same_queries_for_one_dossier_or_many(desk, province):
    agency = province["commune_centre"]
    desk.receive(at(2026, 2, 2, 8, 0))
    one = (_queries(lambda: ledger_html(agency=agency, **FEBRUARY)),
           _queries(lambda: ledger_xlsx(agency=agency, **FEBRUARY)))  # fmt: skip
    for day in range(3, 9):
        desk.receive(at(2026, 2, day, 9, 0))
    many = (_queries(lambda: ledger_html(agency=agency, **FEBRUARY)),
            _queries(lambda: ledger_xlsx(agency=agency, **FEBRUARY)))  # fmt: skip

    # the agency with its parent and place, the dossiers with their procedure, and (HTML) the province's template
    assert one == many == (3, 2)
    assert len(_rows(ledger_xlsx(agency=agency, **FEBRUARY))[1]) == 7
