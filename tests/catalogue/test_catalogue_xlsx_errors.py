"""A bad workbook is refused with every error named by sheet, cell and column title, and nothing is imported.

Rows of the shared catalogue: ThuTuc 2 = 1.001193 (2020, old), 3 = 1.001193 (2025, current), 4 = 1.013225,
5 = 2.000815; QuyTrinh 2–4, 5–7, 8–10 are the steps of ThuTuc rows 2, 3 and 4.
"""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from lienthong.catalogue.models import ProcedureVersion
from lienthong.catalogue.services import CatalogueImportError, catalogue_export_data, catalogue_import
from lienthong.catalogue.xlsx import catalogue_export_xlsx, catalogue_from_xlsx, catalogue_import_xlsx
from tests.catalogue.conftest import table_counts

pytestmark = pytest.mark.django_db


def _cells(**cells):
    """Edit cells given as Sheet_A1=value."""

    def edit(workbook):
        for address, value in cells.items():
            sheet, cell = address.split("_")
            workbook[sheet][cell] = value

    return edit


def _remove_sheet(workbook):
    workbook.remove(workbook["PhiLePhi"])


def _remove_time_limit_column(workbook):
    workbook["ThuTuc"].delete_cols(8)


BAD_FILES = {
    "negative time limit": (
        _cells(ThuTuc_H4=-5),
        ["ThuTuc!H4 (Thời hạn giải quyết): Không được là số âm."],
    ),
    "unknown agency": (
        _cells(QuyTrinh_F9="000.00.99.H19"),
        ["QuyTrinh!F9 (Mã cơ quan): Mã cơ quan “000.00.99.H19” không tồn tại."],
    ),
    "missing code": (
        _cells(LinhVuc_A3=None),
        ["LinhVuc!A3 (Mã lĩnh vực): Thiếu giá trị bắt buộc."],
    ),
    "missing procedure code (its orphaned fee row is not reported twice)": (
        _cells(ThuTuc_A5=None),
        ["ThuTuc!A5 (Mã thủ tục): Thiếu giá trị bắt buộc."],
    ),
    "unknown field": (
        _cells(ThuTuc_G4="G09-XD-99"),
        ["ThuTuc!G4 (Mã lĩnh vực): Mã lĩnh vực “G09-XD-99” không có trong danh mục."],
    ),
    "bad enum": (
        _cells(ThuTuc_M4="toàn trình"),
        ["ThuTuc!M4 (Mức độ trực tuyến): Giá trị “toàn trình” không hợp lệ; chọn một trong: full, partial, offline."],
    ),
    "bad JSON": (
        _cells(ThuTuc_Q3='{"type": "object",}'),
        [
            "ThuTuc!Q3 (Biểu mẫu điện tử (JSON Schema)): JSON không hợp lệ: Expecting property name enclosed in double "
            "quotes (dòng 1, cột 19)."
        ],
    ),
    "JSON that is not a form schema": (
        _cells(ThuTuc_Q3='{"type": "array"}'),
        ['ThuTuc!Q3 (Biểu mẫu điện tử (JSON Schema)): Biểu mẫu phải có "type": "object".'],
    ),
    "bad actions JSON": (
        _cells(QuyTrinh_I2="receive, assign"),
        ["QuyTrinh!I2 (Thao tác (JSON)): JSON không hợp lệ: Expecting value (dòng 1, cột 1)."],
    ),
    "text where a number goes": (
        _cells(QuyTrinh_J3="hai giờ"),
        ["QuyTrinh!J3 (Thời gian (giờ làm việc)): Phải là một số."],
    ),
    "an impossible date and a yes-or-no that is neither": (
        _cells(ThuTuc_C2="31/02/2020", ThuTuc_E2="có lẽ"),
        [
            "ThuTuc!C2 (Ngày quyết định): Ngày không hợp lệ; nhập dạng dd/mm/yyyy.",
            "ThuTuc!E2 (Đang áp dụng): Phải ghi Có hoặc Không.",
        ],
    ),
    "a code Excel turned into a number": (
        _cells(ThuTuc_A4=1.01322),
        [
            "ThuTuc!A4 (Mã thủ tục): Mã phải nhập dạng văn bản (định dạng ô Text), Excel đã đổi thành số 1.01322.",
        ],
    ),
    "a duplicated document position": (
        _cells(ThanhPhanHoSo_C3=1),
        ["ThanhPhanHoSo!C3 (Thứ tự): Thứ tự 1 bị trùng trong cùng phiên bản."],
    ),
    "two current versions": (
        _cells(ThuTuc_E2="Có"),
        ["ThuTuc!E3 (Đang áp dụng): Một thủ tục chỉ có một phiên bản đang áp dụng."],
    ),
    "reading and validation errors together, in sheet order": (
        _cells(QuyTrinh_F9="H19-XX", ThuTuc_C2="hôm qua", ThuTuc_H4=-1),
        [
            "ThuTuc!C2 (Ngày quyết định): Ngày không hợp lệ; nhập dạng dd/mm/yyyy.",
            "ThuTuc!H4 (Thời hạn giải quyết): Không được là số âm.",
            "QuyTrinh!F9 (Mã cơ quan): Mã cơ quan “H19-XX” không tồn tại.",
        ],
    ),
    "a row pointing at a version that is not in ThuTuc": (
        _cells(PhiLePhi_B2="Quyết định 1/QĐ-UBND"),
        ["PhiLePhi!B2 (Quyết định công bố): Không có phiên bản 1.001193 theo “Quyết định 1/QĐ-UBND” ở trang ThuTuc."],
    ),
    "missing sheet": (_remove_sheet, ["PhiLePhi: Thiếu trang tính PhiLePhi."]),
    "missing column": (
        _remove_time_limit_column,
        ["ThuTuc (Thời hạn giải quyết): Thiếu cột này ở dòng tiêu đề (dòng 1)."],
    ),
}


@pytest.fixture
def imported(data):
    catalogue_import(data=data)
    return catalogue_export_data(), table_counts()


def _edited(edit) -> bytes:
    workbook = load_workbook(io.BytesIO(catalogue_export_xlsx()))
    workbook["ThuTuc"]["F3"] = "Đăng ký khai sinh (sửa đổi hợp lệ, không được ghi)"  # a good change riding along
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("edit", "expected"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_names_sheet_row_and_column_and_imports_nothing(imported, edit, expected):
    before, counts = imported
    workbook = _edited(edit)

    with pytest.raises(CatalogueImportError) as raised:
        catalogue_import_xlsx(stream=workbook)

    assert [str(error) for error in raised.value.errors] == expected
    assert catalogue_export_data() == before and table_counts() == counts


def test_a_file_that_is_not_a_workbook_is_refused(imported):
    with pytest.raises(CatalogueImportError) as raised:
        catalogue_import_xlsx(stream=b"ma;ten\n1.001193;Khai sinh\n")

    assert str(raised.value.errors[0]).startswith("Tệp: Không đọc được tệp Excel (.xlsx)")


def test_reading_alone_reports_cells_it_cannot_read(imported):
    with pytest.raises(CatalogueImportError) as raised:
        catalogue_from_xlsx(_edited(_cells(ThuTuc_H4="mười")))

    assert [str(e) for e in raised.value.errors] == ["ThuTuc!H4 (Thời hạn giải quyết): Phải là một số."]


def test_cells_typed_by_hand_are_read_as_an_official_means_them(imported):
    # a decimal comma, a date typed as text, "x" for yes, an empty flag taking its default, blank rows in between
    workbook = _edited(
        _cells(ThuTuc_H4="20,5", ThuTuc_C4="01/10/2025", ThuTuc_K4="x", ThanhPhanHoSo_H2=None, ThuTuc_A40=None)
    )

    catalogue_import_xlsx(stream=workbook)

    permit = ProcedureVersion.objects.get(procedure__national_code="1.013225")
    assert permit.time_limit_value == Decimal("20.5") and permit.time_limit_verified
    assert permit.decision_date.isoformat() == "2025-10-01"
    assert ProcedureVersion.objects.get(decision="Quyết định 2015/QĐ-UBND").name.endswith("không được ghi)")
