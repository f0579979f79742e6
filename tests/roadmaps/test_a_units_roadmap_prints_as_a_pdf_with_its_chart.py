"""A unit's roadmap as a PDF (issue 16, part 2, item 2): the unit, its head, its items by status with the chart
(server-side SVG drawn into the PDF), each item with its legal basis, due date and milestones; the monitoring office
prints any unit's, a unit's officers their own only."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from lienthong.roadmaps.constants import EvidenceKind, ItemKind
from lienthong.roadmaps.services import due_compute, item_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(province, head):
    mine = item_create(
        agency=province["commune_centre"],
        title="Biên lai điện tử",
        kind=ItemKind.E_RECEIPTS,
        legal_basis="Kế hoạch 18/KH-UBND ngày 24/7/2025",
        due=due_compute(working_days=10),
        evidence_kind=EvidenceKind.DOCUMENT,
        milestones=[("Đăng ký tài khoản ngân hàng", dt.date(2099, 1, 5))],
    )
    other = item_create(
        agency=province["department"],
        title="Chứng thư số lãnh đạo sở",
        kind=ItemKind.SIGNING_CERTIFICATES,
        due=due_compute(working_days=10),
        evidence_kind=EvidenceKind.DOCUMENT,
    )
    return mine, other


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_monitoring_office_prints_a_units_roadmap_with_its_head_items_and_chart(client, officers, items, province):
    client.force_login(officers["monitor@centre"])
    centre = province["commune_centre"]
    listed = client.get(f"/backoffice/lo-trinh/?don_vi={centre.pk}").content.decode()
    assert f'href="/backoffice/lo-trinh/don-vi/{centre.pk}/pdf/"' in listed
    assert f"Lộ trình của {centre.name}" in listed

    response = client.get(f"/backoffice/lo-trinh/don-vi/{centre.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert f"Lộ trình kết nối của {centre.name}" in text
    assert "Giám đốc Trần Thị Bình" in text
    assert "Biên lai điện tử" in text and "Kế hoạch 18/KH-UBND ngày 24/7/2025" in text
    assert "Đăng ký tài khoản ngân hàng (05/01/2099)" in text
    assert "Đang thực hiện: 1" in text and "Quá hạn: 0" in text
    # the chart's axis label and legend are text in its SVG: on the page only if WeasyPrint drew the chart
    assert "Phần trăm số nhiệm vụ (số ghi trên thanh)" in text
    assert "Chứng thư số lãnh đạo sở" not in text  # another unit's


def test_a_units_officer_prints_its_own_roadmap_only(client, officers, items, province):
    client.force_login(officers["it_officer@commune_centre"])
    own = province["commune_centre"].pk
    assert f'href="/backoffice/lo-trinh/don-vi/{own}/pdf/"' in client.get("/backoffice/lo-trinh/").content.decode()
    assert client.get(f"/backoffice/lo-trinh/don-vi/{own}/pdf/").status_code == 200
    assert client.get(f"/backoffice/lo-trinh/don-vi/{province['department'].pk}/pdf/").status_code == 404
    assert client.get("/backoffice/lo-trinh/don-vi/99999999/pdf/").status_code == 404
    client.force_login(officers["receiver@commune_centre"])
    assert client.get(f"/backoffice/lo-trinh/don-vi/{own}/pdf/").status_code == 403
