"""Issue 11 §16 through the systems' API: an electronic result is parsed like a citizen's scan. A PDF carrying
JavaScript or a password, or an image declaring a bomb's pixels, is a 422 problem naming the file and the reason;
nothing is stored and no event is written."""

import io

import pytest
from django.core.files.storage import default_storage

from lienthong.dossiers.models import Attachment, DossierEvent
from tests import files

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("content", "code", "fragment"),
    [
        (files.pdf_with_javascript(), "file_active_content", "chứa nội dung chủ động (JavaScript)"),
        (files.pdf_with_a_password(), "file_encrypted", "được đặt mật khẩu hoặc mã hóa"),
        (files.png_declaring(60_000, 60_000), "file_too_many_pixels", "là ảnh quá lớn"),
    ],
    ids=["javascript", "password", "png-bomb"],
)
def test_a_refused_result_is_a_problem_and_nothing_is_kept(api, local_procedure, new_dossier, content, code, fragment):
    dossier_code = api.post("/dossiers", new_dossier("MC-1")).json()["code"]
    events = DossierEvent.objects.count()
    upload = io.BytesIO(content)
    upload.name = "ket-qua.pdf"

    response = api.post(f"/dossiers/{dossier_code}/results", data={"file": upload})

    assert response.status_code == 422
    assert response.json()["type"] == f"urn:lienthong:problem:dossier.{code}"
    assert f"Tệp “ket-qua.pdf” {fragment}" in response.json()["detail"]
    assert not Attachment.objects.exists() and DossierEvent.objects.count() == events
    assert not default_storage.exists("dossiers")
