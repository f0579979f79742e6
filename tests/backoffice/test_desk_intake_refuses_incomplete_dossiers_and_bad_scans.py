"""The desk's intake form refuses what the law or the file checks refuse, says why in Vietnamese, keeps what was
typed, and saves nothing: no dossier, no event, no code used, no file on disk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lienthong.dossiers.models import Attachment, Dossier, DossierCodeCounter, DossierEvent
from tests.backoffice.web_given import PDF, intake_post, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(officers):
    return signed_in(officers, "receiver@commune_centre")


@pytest.fixture
def form_url(province, procedure):
    return reverse("backoffice:intake_form", args=[province["commune_centre"].pk, procedure.pk])


def _nothing_saved(settings) -> None:
    assert not Dossier.objects.exists() and not DossierEvent.objects.exists()
    assert not DossierCodeCounter.objects.exists() and not Attachment.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_a_missing_mandatory_document_is_named_and_nothing_is_saved(desk, form_url, procedure, settings):
    second = procedure.documents.get(position=2)
    response = desk.post(form_url, intake_post(procedure, **{f"doc_{second.pk}": ""}))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Hồ sơ còn thiếu thành phần bắt buộc." in page and "Thiếu: Giấy tờ về quyền sử dụng đất" in page
    assert 'value="Nguyễn Thị Hoa"' in page  # what the officer typed is still there
    _nothing_saved(settings)


def test_a_tờ_khai_that_breaks_the_schema_is_refused_field_by_field(desk, form_url, procedure, settings):
    response = desk.post(form_url, intake_post(procedure, form__ngay_sinh="17/05/1990"))
    assert response.status_code == 400
    assert "Nhập một ngày hợp lệ." in response.content.decode() or "Enter a valid date" in response.content.decode()
    _nothing_saved(settings)


def test_a_citizen_without_an_identity_number_is_asked_for_it(desk, form_url, procedure, settings):
    response = desk.post(form_url, intake_post(procedure, applicant_id_number=""))
    assert response.status_code == 400
    assert "Công dân cần có số định danh cá nhân hoặc hộ chiếu." in response.content.decode()
    _nothing_saved(settings)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("don.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "không phải PDF, JPEG, PNG hoặc TIFF"),
        ("rong.pdf", b"", "rỗng"),
    ],
    ids=["a renamed executable", "an empty file"],
)
def test_a_scan_that_is_not_a_document_is_refused(desk, form_url, procedure, settings, name, content, message):
    first = procedure.documents.get(position=1)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = desk.post(form_url, intake_post(procedure, **{f"scan_{first.pk}": upload}))
    assert response.status_code == 400
    assert message in response.content.decode()
    _nothing_saved(settings)


def test_an_oversized_scan_is_refused_with_the_limit(desk, form_url, procedure, settings):
    settings.LIENTHONG_UPLOAD_MAX_BYTES = 1024
    first = procedure.documents.get(position=1)
    upload = SimpleUploadedFile("lon.pdf", PDF + b"0" * 2048, content_type="application/pdf")
    response = desk.post(form_url, intake_post(procedure, **{f"scan_{first.pk}": upload}))
    assert response.status_code == 400
    assert "lớn hơn giới hạn" in response.content.decode()
    _nothing_saved(settings)


def test_a_desk_of_another_agency_cannot_open_this_desks_form(officers, form_url, procedure):
    other = signed_in(officers, "receiver@centre")
    assert other.get(form_url).status_code == 404
    assert other.post(form_url, intake_post(procedure)).status_code == 404
    assert not Dossier.objects.exists()
