import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from lienthong.catalogue.models import Procedure
from lienthong.catalogue.services import catalogue_export_data, catalogue_import
from tests.catalogue.conftest import table_counts

pytestmark = pytest.mark.django_db


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("catalogue", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_then_import_from_the_command_line(data, tmp_path):
    catalogue_import(data=data)
    before = catalogue_export_data()
    path = tmp_path / "danh-muc.xlsx"

    out, _err = _run("export", str(path))
    assert out.strip() == f"Đã xuất 3 thủ tục (4 phiên bản), 3 lĩnh vực ra {path}."

    out, _err = _run("import", str(path))
    assert "Phiên bản thủ tục: thêm 0, cập nhật 0, xóa 0, giữ nguyên 4" in out
    assert f"Đã nhập danh mục từ {path}." in out
    assert catalogue_export_data() == before


def test_a_dry_run_checks_the_file_and_writes_nothing(data, tmp_path):
    catalogue_import(data=data)
    path = tmp_path / "danh-muc.xlsx"
    _run("export", str(path))
    Procedure.objects.all().delete()

    out, _err = _run("import", str(path), "--dry-run")

    assert "Thủ tục hành chính: thêm 3" in out and "Chạy thử" in out
    assert table_counts()["Procedure"] == 0


def test_a_bad_file_prints_each_error_and_fails_with_nothing_written(data, tmp_path):
    catalogue_import(data=data)
    counts = table_counts()
    path = tmp_path / "danh-muc.xlsx"
    _run("export", str(path))
    workbook = load_workbook(path)
    workbook["ThuTuc"]["H4"] = -5
    workbook["QuyTrinh"]["F9"] = "000.00.99.H19"
    workbook.save(path)

    err = io.StringIO()
    with pytest.raises(CommandError, match="Có 2 lỗi; không nhập gì."):
        call_command("catalogue", "import", str(path), stdout=io.StringIO(), stderr=err)

    assert err.getvalue().splitlines() == [
        "ThuTuc!H4 (Thời hạn giải quyết): Không được là số âm.",
        "QuyTrinh!F9 (Mã cơ quan): Mã cơ quan “000.00.99.H19” không tồn tại.",
    ]
    assert table_counts() == counts


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        _run("import", str(tmp_path / "khong-co.xlsx"))
