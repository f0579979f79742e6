"""A draft is its citizen's alone: another citizen and anonymous visitors read and write nothing of it."""

import pytest

from lienthong.dossiers.models import Dossier
from lienthong.submission.models import Draft, DraftFile

from .conftest import PDF
from .given import answers, draft_started, upload


@pytest.fixture
def draft(phone, province, officers, procedure):
    draft = draft_started(phone, procedure)
    document = procedure.documents.get(position=1)
    phone.post(f"/nop-ho-so/nhap/{draft.pk}/", {**answers(province), "action": "save",
                                               f"file_{document.pk}": upload("don.pdf", PDF)})  # fmt: skip
    draft.refresh_from_db()
    return draft


def test_another_citizen_gets_404_everywhere_and_writes_nothing(stranger, draft, province):
    kept = DraftFile.objects.get(draft=draft)
    before = (dict(draft.answers), draft.updated_at)
    urls = [f"/nop-ho-so/nhap/{draft.pk}/", f"/nop-ho-so/nhap/{draft.pk}/xem-lai/",
            f"/nop-ho-so/nhap/{draft.pk}/tep/{kept.pk}/"]  # fmt: skip
    for url in urls:
        assert stranger.get(url).status_code == 404, url
        assert stranger.post(url, {**answers(province, applicant_name="Kẻ lạ"), "action": "save"}).status_code in (
            404, 405
        ), url  # fmt: skip
    assert stranger.post("/nop-ho-so/nhap/", {"discard": draft.pk}).status_code == 302
    draft.refresh_from_db()
    assert (draft.answers, draft.updated_at) == before and DraftFile.objects.filter(pk=kept.pk).exists()
    assert not Dossier.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, draft, procedure):
    for url in (f"/nop-ho-so/{procedure.procedure.national_code}/", f"/nop-ho-so/nhap/{draft.pk}/", "/nop-ho-so/nhap/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/tai-khoan/dang-nhap/?next="), url


def test_the_owner_downloads_a_scan_as_an_attachment_and_may_discard_the_draft(phone, draft):
    kept = DraftFile.objects.get(draft=draft)
    response = phone.get(f"/nop-ho-so/nhap/{draft.pk}/tep/{kept.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;") and response["X-Content-Type-Options"] == "nosniff"

    assert phone.post("/nop-ho-so/nhap/", {"discard": draft.pk}).status_code == 302
    assert not Draft.objects.exists() and not DraftFile.objects.exists()


def test_a_procedure_not_offered_online_cannot_be_started(phone, procedure):
    procedure.online_level = "offline"
    procedure.save()
    assert phone.get(f"/nop-ho-so/{procedure.procedure.national_code}/").status_code == 404
    assert phone.post(f"/nop-ho-so/{procedure.procedure.national_code}/").status_code == 404
    assert not Draft.objects.exists()
