import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from lienthong.catalogue.models import Field, Procedure
from lienthong.catalogue.services import catalogue_export_data, catalogue_import
from lienthong.catalogue.xlsx import catalogue_export_xlsx, catalogue_from_xlsx, catalogue_import_xlsx
from tests.catalogue.conftest import table_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(data):
    """The shared catalogue plus the things Excel likes to mangle."""
    data["fields"].append({"code": "G09-KT", "name": "Thành lập và hoạt động của hộ kinh doanh"})
    data["procedures"].append(
        {
            **data["procedures"][3],
            "national_code": "1.001190",  # a trailing zero Excel would drop from a number
            "field_code": "G09-KT",
            "decision": "=QĐ 5/QĐ-UBND",  # text that looks like a formula stays text
            "decision_date": None,
            "name": "  Đăng ký thành lập hộ kinh doanh  ",
            "time_limit_value": Decimal("99999.99"),
            "time_limit_unit": "calendar_days",
            "time_limit_note": "Dòng 1\nDòng 2 — có ký tự “đặc biệt” ½",
            "legal_basis": "",
            "fees": [{"name": "Lệ phí", "amount": 9_000_000_000, "description": "", "verified": True}],
        }
    )
    catalogue_import(data=data)
    return data


def _delete_catalogue() -> None:
    Procedure.objects.all().delete()  # versions and their children cascade
    Field.objects.all().delete()


def test_export_then_import_into_an_empty_database_then_export_again_is_lossless(catalogue):
    # given the catalogue exported as a workbook
    original = catalogue_export_data()
    counts = table_counts()
    workbook = catalogue_export_xlsx()

    # when the database is emptied and the workbook imported
    _delete_catalogue()
    assert table_counts()["ProcedureVersion"] == 0
    catalogue_import_xlsx(stream=io.BytesIO(workbook))

    # then the database holds the same content, and exporting it again gives the same workbook data
    assert catalogue_export_data() == original
    assert table_counts() == counts
    assert catalogue_from_xlsx(catalogue_export_xlsx()) == catalogue_from_xlsx(workbook) == original


def test_the_round_trip_keeps_values_excel_likes_to_mangle(catalogue):
    data = catalogue_from_xlsx(catalogue_export_xlsx())

    hkd = next(row for row in data["procedures"] if row["national_code"] == "1.001190")
    assert hkd["decision"] == "=QĐ 5/QĐ-UBND"
    assert hkd["name"] == "  Đăng ký thành lập hộ kinh doanh  "
    assert hkd["time_limit_note"] == "Dòng 1\nDòng 2 — có ký tự “đặc biệt” ½"
    assert hkd["time_limit_value"] == Decimal("99999.99") and hkd["decision_date"] is None
    assert hkd["fees"][0]["amount"] == 9_000_000_000
    birth = next(row for row in data["procedures"] if row["decision"] == "Quyết định 2015/QĐ-UBND")
    assert birth["steps"][0]["quota_hours"] == Decimal("0.5")
    assert birth["steps"][0]["agency_code"] is None and birth["steps"][2]["agency_code"] == "000.30.01.H19"
    assert birth["form_schema"]["properties"]["ho_ten_tre"]["title"] == "Họ, chữ đệm, tên người được khai sinh"


def test_the_workbook_is_laid_out_for_an_official_in_excel(catalogue):
    workbook = load_workbook(io.BytesIO(catalogue_export_xlsx()))

    assert workbook.sheetnames == [
        "ThuTuc",
        "LinhVuc",
        "CoQuanThamQuyen",
        "ThanhPhanHoSo",
        "PhiLePhi",
        "QuyTrinh",
        "HuongDan",
    ]
    thu_tuc = workbook["ThuTuc"]
    headers = [cell.value for cell in thu_tuc[1]]
    assert headers[:8] == [
        "Mã thủ tục",
        "Quyết định công bố",
        "Ngày quyết định",
        "Áp dụng từ ngày",
        "Đang áp dụng",
        "Tên thủ tục",
        "Mã lĩnh vực",
        "Thời hạn giải quyết",
    ]
    assert [cell.value for cell in workbook["QuyTrinh"][1]][:4] == [
        "Mã thủ tục",
        "Quyết định công bố",
        "Thứ tự",
        "Tên bước",
    ]
    # one row per version; codes are text, dates are real dates, flags read Có / Không, enums are codes
    assert thu_tuc.max_row == 1 + 5
    row = {header: cell for header, cell in zip(headers, thu_tuc[4], strict=True)}
    assert row["Mã thủ tục"].value == "1.001193" and row["Mã thủ tục"].data_type == "s"
    assert row["Ngày quyết định"].value == dt.datetime(2025, 6, 30) and row["Ngày quyết định"].is_date
    assert row["Đang áp dụng"].value == "Có"
    assert row["Đơn vị thời hạn"].value == "immediate"
    assert row["Biểu mẫu điện tử (JSON Schema)"].value.startswith('{"type": "object", "title": "Tờ khai')
    # the guide explains every column and its allowed values in Vietnamese
    guide = [[cell.value for cell in r] for r in workbook["HuongDan"].iter_rows()]
    unit = next(r for r in guide if r[0] == "ThuTuc" and r[1] == "Đơn vị thời hạn")
    assert "working_days = Ngày làm việc" in unit[4] and "immediate = Giải quyết ngay" in unit[4]
    assert any(r[0] == "QuyTrinh" and r[1] == "Thao tác (JSON)" and "receive = Tiếp nhận" in r[4] for r in guide)


def test_an_official_may_reorder_columns_and_add_their_own(catalogue):
    original = catalogue_export_data()
    workbook = load_workbook(io.BytesIO(catalogue_export_xlsx()))
    rows = list(workbook["LinhVuc"].iter_rows(min_row=2, values_only=True))
    workbook.remove(workbook["LinhVuc"])
    sheet = workbook.create_sheet("LinhVuc")
    sheet.append(["tên lĩnh vực ", "Ghi chú riêng của cán bộ", "MÃ LĨNH VỰC"])  # case and spaces do not matter
    for code, name in rows:
        sheet.append([name, "đã rà soát", code])
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = catalogue_import_xlsx(stream=buffer.getvalue())

    assert not report.changed
    assert catalogue_export_data() == original
