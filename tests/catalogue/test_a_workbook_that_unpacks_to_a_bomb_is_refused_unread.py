"""Issue 11 §16: the catalogue workbook is the one zip-based file the system accepts (an .xlsx is a zip archive).
One whose members unpack to far more than they weigh — a zip bomb — is refused from its directory alone, before
openpyxl inflates a byte of it, with the reason; a real exported workbook still reads."""

import io
import zipfile

import pytest

from lienthong.catalogue.services import CatalogueImportError
from lienthong.catalogue.xlsx import catalogue_export_xlsx, catalogue_from_xlsx, catalogue_import_xlsx
from lienthong.catalogue.xlsx import read as workbook_read

pytestmark = pytest.mark.django_db


def _archive(**members: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name.replace("__", "/"), data)
    return out.getvalue()


def test_a_sheet_that_inflates_a_thousand_times_is_refused(monkeypatch):
    bomb = _archive(**{"xl__worksheets__sheet1.xml": b"<c>" + b"0" * 8 * 1024 * 1024 + b"</c>"})
    monkeypatch.setattr("lienthong.catalogue.xlsx.read.load_workbook", _never_opened)

    with pytest.raises(CatalogueImportError) as raised:
        catalogue_import_xlsx(stream=bomb)

    assert str(raised.value.errors[0]) == (
        "Tệp: Không đọc tệp Excel (.xlsx): thành phần “xl/worksheets/sheet1.xml” nén quá 200 lần: "
        "có dấu hiệu tệp nén độc hại (zip bomb)."
    )
    assert len(bomb) < 64 * 1024


def test_an_archive_unpacking_past_100_mb_in_all_is_refused(monkeypatch):
    monkeypatch.setitem(workbook_read.WORKBOOK_BOUNDS, "max_total_bytes", 1024 * 1024)
    archive = _archive(**{f"xl__media__anh-{n}.bin": bytes(range(256)) * 2048 for n in range(3)})

    with pytest.raises(CatalogueImportError) as raised:
        catalogue_import_xlsx(stream=archive)

    assert "tệp nén giải nén ra 1,5\xa0MB, quá giới hạn 1,0\xa0MB." in str(raised.value.errors[0])


def test_a_real_workbook_still_reads():
    assert catalogue_from_xlsx(stream=catalogue_export_xlsx()) is not None


def _never_opened(*args, **kwargs):
    raise AssertionError("openpyxl was handed a zip bomb")
