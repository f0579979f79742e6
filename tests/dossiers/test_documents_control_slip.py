"""Mẫu 06, the control slip (A4, PDF and XLSX): every hand-over of a dossier walked through its steps, who held it,
from when, against which deadline, early, on time or late, with room for both signatures."""

import datetime as dt
import io

import openpyxl
import pytest

from lienthong.dossiers.documents import control_slip_xlsx, document_pdf
from lienthong.dossiers.services import DossierError, dossier_receive_submitted, dossier_submit_online
from tests.dossiers.test_documents_given import Desk, pdf_page_sizes_mm, pdf_text

pytestmark = pytest.mark.django_db
HEADERS = (
    "STT", "Bước xử lý", "Cơ quan thực hiện", "Cán bộ xử lý", "Nhận lúc", "Hạn xử lý", "Hoàn thành lúc",
    "Kết quả (trước hạn, đúng hạn, quá hạn)", "Người giao (ký, ghi rõ họ tên)", "Người nhận (ký, ghi rõ họ tên)",
)  # fmt: skip


@pytest.fixture
def desk(province, officers, procedure, applicant, form_data, documents):
    return Desk(province, officers, procedure, applicant, form_data, documents)


def test_the_control_slip_pdf_follows_the_dossier_from_the_desk_to_the_province_and_back(desk):
    processed = desk.processed()
    pdf = document_pdf(dossier=processed, kind="06")
    text = pdf_text(pdf)

    assert set(pdf_page_sizes_mm(pdf)) == {(210, 297)}
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert f"Mã hồ sơ: {processed.code}" in text
    assert "Hẹn trả kết quả: 08 giờ 00 phút, thứ Năm, ngày 05/03/2026" in text
    assert "Người giao (ký, ghi rõ họ tên) Người nhận (ký, ghi rõ họ tên)" in text
    assert "1 Tiếp nhận hồ sơ TTPVHCC phường Trấn Biên Trần Văn Bình Nhận: 08:00 02/03/2026" in text
    assert (
        "2 Xác nhận hiện trạng UBND phường Trấn Biên Phạm Quốc Việt Nhận: 09:00 02/03/2026 Hạn: 17:00 02/03/2026 "
        "Xong: 16:00 02/03/2026 Đúng hạn"
    ) in text
    assert "Xin ý kiến: Thẩm định TTPVHCC tỉnh" in text
    assert (
        "Phê duyệt Sở Nông nghiệp và Môi trường Hoàng Minh Đức Nhận: 14:00 03/03/2026 Hạn: 08:30 04/03/2026 "
        "Xong: 09:00 04/03/2026 Quá hạn"
    ) in text
    assert "Trả kết quả TTPVHCC phường Trấn Biên Nhận: 09:00 04/03/2026 Hạn: 10:30 04/03/2026 Đang xử lý" in text


def test_the_control_slip_xlsx_has_the_same_rows_with_real_dates(desk):
    processed = desk.processed()
    sheet = openpyxl.load_workbook(io.BytesIO(control_slip_xlsx(dossier=processed))).active
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]

    assert rows[0][0] == "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
    assert rows[1][0] == f"Mã hồ sơ: {processed.code}"
    header = rows.index(HEADERS)
    body = rows[header + 1 :]
    assert [row[:4] for row in body] == [
        (1, "Tiếp nhận hồ sơ", "TTPVHCC phường Trấn Biên", "Trần Văn Bình"),
        (2, "Xác nhận hiện trạng", "UBND phường Trấn Biên", "Phạm Quốc Việt"),
        (3, "Thẩm định", "Sở Nông nghiệp và Môi trường", "Đỗ Thị Ngọc"),
        (4, "Xác định nghĩa vụ tài chính", "Sở Nông nghiệp và Môi trường", "Đỗ Thị Ngọc"),
        (5, "Xin ý kiến: Thẩm định", "TTPVHCC tỉnh", "specialist.centre"),
        (6, "Phê duyệt", "Sở Nông nghiệp và Môi trường", "Hoàng Minh Đức"),
        (7, "Trả kết quả", "TTPVHCC phường Trấn Biên", None),
    ]
    approval = body[5]
    assert approval[4:8] == (
        dt.datetime(2026, 3, 3, 14, 0), dt.datetime(2026, 3, 4, 8, 30), dt.datetime(2026, 3, 4, 9, 0), "Quá hạn",
    )  # fmt: skip
    assert [row[7] for row in body] == [None, "Đúng hạn", "Đúng hạn", "Đúng hạn", "Trước hạn", "Quá hạn", "Đang xử lý"]
    assert sheet.cell(row=header + 2 + 5, column=5).number_format == "hh:mm dd/mm/yyyy"


def test_a_dossier_not_yet_received_has_no_control_slip(desk):
    dossier = dossier_submit_online(
        agency=desk.province["commune_centre"], version=desk.procedure, channel="own_portal",
        applicant=desk.applicant, form_data=desk.form_data,
    )  # fmt: skip
    for produce in (lambda: document_pdf(dossier=dossier, kind="06"), lambda: control_slip_xlsx(dossier=dossier)):
        with pytest.raises(DossierError) as refused:
            produce()
        assert refused.value.code == "document_not_available"

    # once the desk receives it, the slip starts with that receipt
    dossier_receive_submitted(officer=desk.officers["receiver@commune_centre"], dossier=dossier,
                              documents_present=desk.documents)  # fmt: skip
    assert "1 Tiếp nhận hồ sơ TTPVHCC phường Trấn Biên Trần Văn Bình" in pdf_text(document_pdf(dossier=dossier,
                                                                                            kind="06"))  # fmt: skip
