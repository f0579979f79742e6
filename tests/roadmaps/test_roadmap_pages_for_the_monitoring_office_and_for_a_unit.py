"""The monitoring office sees every unit's items, filters them and issues plans; a unit's officers see and keep their
own items only; an uploaded evidence is type-sniffed; the board shows each unit's roadmap beside its connection."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lienthong.roadmaps.constants import EvidenceKind, ItemKind, ItemStatus
from lienthong.roadmaps.models import RoadmapItem
from lienthong.roadmaps.services import due_compute, item_create

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def items(province):
    mine = item_create(
        agency=province["commune_centre"],
        title="Biên lai điện tử",
        kind=ItemKind.E_RECEIPTS,
        due=due_compute(working_days=10),
        evidence_kind=EvidenceKind.DOCUMENT,
        milestones=[("Đăng ký", dt.date(2099, 1, 5))],
    )
    other = item_create(
        agency=province["department"],
        title="Chứng thư số lãnh đạo sở",
        kind=ItemKind.SIGNING_CERTIFICATES,
        due=due_compute(working_days=10),
        evidence_kind=EvidenceKind.DOCUMENT,
    )
    return mine, other


def test_the_monitoring_office_sees_every_unit_and_filters(client, officers, items):
    client.force_login(officers["monitor@centre"])
    page = client.get("/backoffice/lo-trinh/").content.decode()
    assert "Biên lai điện tử" in page and "Chứng thư số lãnh đạo sở" in page
    filtered = client.get("/backoffice/lo-trinh/?level=commune").content.decode()
    assert "Biên lai điện tử" in filtered and "Chứng thư số lãnh đạo sở" not in filtered
    assert client.get("/backoffice/lo-trinh/ke-hoach/moi/").status_code == 200


def test_a_units_it_officer_sees_only_its_own_items(client, officers, items):
    mine, other = items
    client.force_login(officers["it_officer@commune_centre"])
    page = client.get("/backoffice/lo-trinh/").content.decode()
    assert "Biên lai điện tử" in page and "Chứng thư số lãnh đạo sở" not in page
    assert client.get(f"/backoffice/lo-trinh/{other.pk}/").status_code == 404
    assert client.get("/backoffice/lo-trinh/ke-hoach/moi/").status_code == 403
    assert client.get("/backoffice/lo-trinh/").status_code == 200


def test_a_receiver_has_no_roadmap(client, officers, items):
    client.force_login(officers["receiver@commune_centre"])
    assert client.get("/backoffice/lo-trinh/").status_code == 403


def test_evidence_must_be_a_pdf_or_an_image_by_its_content_and_then_the_item_is_done(client, officers, items):
    mine, _other = items
    client.force_login(officers["leader@commune_centre"])
    fake = SimpleUploadedFile("quyet-dinh.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    refused = client.post(f"/backoffice/lo-trinh/{mine.pk}/", {"document": fake})
    assert refused.status_code == 400
    assert "phải là PDF, JPEG hoặc PNG" in refused.content.decode()
    mine.refresh_from_db()
    assert mine.status != ItemStatus.GREEN and not mine.evidence_file

    good = SimpleUploadedFile("quyet-dinh.pdf", PDF, content_type="application/pdf")
    assert client.post(f"/backoffice/lo-trinh/{mine.pk}/", {"document": good}).status_code == 302
    mine.refresh_from_db()
    assert mine.status == ItemStatus.GREEN and mine.evidence_name == "quyet-dinh.pdf"
    assert mine.evidence_file.name.endswith(".pdf") and "quyet-dinh" not in mine.evidence_file.name


def test_a_unit_adds_its_own_item_with_a_due_date_in_working_days(client, officers, province):
    client.force_login(officers["it_officer@commune_centre"])
    response = client.post(
        "/backoffice/lo-trinh/moi/",
        {
            "agency": province["commune_centre"].pk,
            "title": "Số hóa kết quả năm 2025",
            "kind": ItemKind.DIGITISE_RESULTS,
            "working_days": 15,
            "evidence_kind": EvidenceKind.DOCUMENT,
            "m1_title": "Kiểm kê",
            "m1_due": "2099-01-05",
        },
    )
    assert response.status_code == 302
    item = RoadmapItem.objects.get(title="Số hóa kết quả năm 2025")
    assert item.milestones.count() == 1 and item.due_note
    bad = client.post(
        "/backoffice/lo-trinh/moi/",
        {"agency": province["department"].pk, "title": "x", "kind": ItemKind.OTHER, "evidence_kind": "document"},
    )
    assert bad.status_code == 400  # not its unit, and no due date


def test_the_board_shows_each_units_roadmap_beside_its_connection(client, officers, items):
    client.force_login(officers["monitor@centre"])
    page = client.get("/backoffice/ket-noi/").content.decode()
    assert "Lộ trình" in page and "0/1 hoàn thành" in page


def test_a_due_date_beyond_the_calendar_is_refused_in_words_not_a_500(client, officers, province):
    client.force_login(officers["it_officer@commune_centre"])
    response = client.post(
        "/backoffice/lo-trinh/moi/",
        {"agency": province["commune_centre"].pk, "title": "Xa", "kind": ItemKind.OTHER, "due_on": "9999-12-31",
         "evidence_kind": EvidenceKind.DOCUMENT},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Hạn hoàn thành phải trong khoảng năm 2020–2099." in response.content.decode()
    assert not RoadmapItem.objects.exists()


def test_a_communes_leader_reaches_its_readiness_survey_from_its_roadmap(client, officers, province):
    client.force_login(officers["leader@committee"])
    page = client.get("/backoffice/lo-trinh/").content.decode()
    assert f'href="/backoffice/lo-trinh/san-sang-so/xa/{province["committee"].pk}/"' in page
    assert "Khảo sát sẵn sàng số: UBND phường Trấn Biên" in page
