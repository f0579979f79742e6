"""The monthly compliance report as files: an XLSX whose first sheet lists the non-compliant units with their heads
and reasons and whose second lists every unit, and an A4 landscape PDF with the same units, heads and counts."""

import io

import pytest
import time_machine
from openpyxl import load_workbook
from pypdf import PdfReader

from lienthong.gateway.constants import SystemKind
from lienthong.gateway.services.credentials import system_create
from tests.board.conftest import at

pytestmark = pytest.mark.django_db
REPORT = "/backoffice/ket-noi/bao-cao/2026-10/"


@pytest.fixture
def october(client, officers, province, head, history):
    with time_machine.travel(at("2026-09-01"), tick=False):
        down = system_create(agency=province["commune_centre"], name="Một cửa Trấn Biên", kind=SystemKind.ONE_STOP)
    history(down, ("2026-09-01", "connected"), ("2026-10-05", "disconnected"), ("2026-10-07", "connected"))
    client.force_login(officers["monitor@centre"])
    with time_machine.travel(at("2026-11-10", "09:00"), tick=False):
        yield


def test_the_xlsx_lists_the_non_compliant_units_then_every_unit(client, october):
    response = client.get(f"{REPORT}xlsx/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-tuan-thu-ket-noi-2026-10.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Không đạt", "Tất cả đơn vị"]
    sheet = book["Không đạt"]
    assert sheet["A1"].value == "Báo cáo tuân thủ kết nối tháng 10/2026"
    assert sheet["A2"].value == "Tỉnh Đồng Nai"
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r[0] == "STT"))
    assert rows[header][1:4] == ("Cơ quan, đơn vị", "Cấp", "Người đứng đầu")
    lines = {row[1]: row for row in rows[header + 1 :]}
    assert set(lines) == {"TTPVHCC phường Trấn Biên", "Sở Nông nghiệp và Môi trường", "UBND phường Trấn Biên",
                          "TTPVHCC tỉnh"}  # fmt: skip
    centre = lines["TTPVHCC phường Trấn Biên"]
    assert centre[3] == "Trần Thị Bình" and centre[8] == pytest.approx(29 / 31) and centre[9] == 1
    assert "sẵn sàng 93.5 %" in centre[-1] and centre[-2] == "Không đạt"
    assert sheet.column_dimensions["B"].width == 36
    assert book["Tất cả đơn vị"].max_row == sheet.max_row  # every unit here is out of compliance in October


def test_the_pdf_names_the_units_their_heads_and_the_counts(client, october):
    response = client.get(f"{REPORT}pdf/")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Báo cáo tuân thủ kết nối tháng 10/2026" in text
    assert "TỈNH ĐỒNG NAI" in text or "Tỉnh Đồng Nai" in text
    assert "TTPVHCC phường Trấn Biên" in text and "Trần Thị Bình" in text
    assert "Không đạt: 4" in text
