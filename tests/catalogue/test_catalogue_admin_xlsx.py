"""Officials export the catalogue from the admin, edit it in Excel and import it back; a bad file changes nothing."""

import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from lienthong.catalogue.models import ProcedureVersion
from lienthong.catalogue.services import catalogue_import
from tests.catalogue.conftest import table_counts

pytestmark = pytest.mark.django_db

EXPORT_URL = "/admin/catalogue/procedure/export-xlsx/"
IMPORT_URL = "/admin/catalogue/procedure/import-xlsx/"


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("quantri", "q@example.vn", "mat-khau-dai-123"))
    return client


def _edited(workbook_bytes: bytes, **cells: str | int) -> io.BytesIO:
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes))
    for ref, value in cells.items():
        workbook["ThuTuc"][ref] = value
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    out.name = "danh-muc.xlsx"
    return out


def _column_of(workbook_bytes: bytes, title: str) -> str:
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes))["ThuTuc"]
    return next(cell.column_letter for cell in sheet[1] if cell.value == title)


def test_export_edit_and_import_back_through_the_admin(admin_client, data):
    # given a catalogue, exported from the admin
    catalogue_import(data=data)
    exported = admin_client.get(EXPORT_URL)
    assert exported.status_code == 200
    assert exported["Content-Disposition"].startswith('attachment; filename="danh-muc-thu-tuc-')
    name_column = _column_of(exported.content, "Tên thủ tục")

    # when the official renames the first version in Excel and imports the file
    response = admin_client.post(
        IMPORT_URL, {"workbook": _edited(exported.content, **{f"{name_column}2": "Đăng ký khai sinh (sửa đổi)"})}
    )

    # then the catalogue has the new name and the official is told what changed
    assert response.status_code == 302
    assert ProcedureVersion.objects.filter(name="Đăng ký khai sinh (sửa đổi)").count() == 1
    page = admin_client.get(response["Location"]).content.decode()
    assert "Đã nhập danh mục" in page


def test_a_bad_workbook_shows_every_error_by_cell_and_imports_nothing(admin_client, data):
    catalogue_import(data=data)
    exported = admin_client.get(EXPORT_URL).content
    before = table_counts()
    limit_column = _column_of(exported, "Thời hạn giải quyết")
    name_column = _column_of(exported, "Tên thủ tục")

    bad = _edited(exported, **{f"{limit_column}2": -3, f"{name_column}3": "Tên mới hợp lệ"})
    response = admin_client.post(IMPORT_URL, {"workbook": bad})

    assert response.status_code == 200
    page = response.content.decode()
    assert f"ThuTuc!{limit_column}2 (Thời hạn giải quyết)" in page
    assert "không nhập gì" in page
    assert table_counts() == before
    assert not ProcedureVersion.objects.filter(name="Tên mới hợp lệ").exists()


def test_a_file_that_is_not_a_workbook_is_refused_with_a_clear_message(admin_client):
    fake = io.BytesIO(b"MZ\x90\x00 this is an executable renamed to .xlsx")
    fake.name = "danh-muc.xlsx"
    response = admin_client.post(IMPORT_URL, {"workbook": fake})
    assert response.status_code == 200
    assert "Tệp không phải bảng tính Excel .xlsx." in response.content.decode()


def test_import_needs_the_right_to_add_and_change_procedures(client, data):
    catalogue_import(data=data)
    viewer = get_user_model().objects.create_user("xem", password="mat-khau-dai-123", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_procedure"))
    client.force_login(viewer)

    assert client.get(EXPORT_URL).status_code == 200
    assert client.get(IMPORT_URL).status_code == 403
