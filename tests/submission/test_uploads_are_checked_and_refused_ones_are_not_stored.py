"""Issue 4, must show: a renamed executable, an oversized file and an empty file are refused with a clear message,
and nothing is stored — on the draft and on the supplement. Issue 11 §16: files are parsed, not only sniffed — a PDF
that runs JavaScript, launches a program, carries a file or a password, or does not open, and an image that does not
decode or declares more pixels than the budget, are refused the same way."""

import pytest
from django.core.files.storage import default_storage

from lienthong.dossiers.models import Attachment, DossierEvent
from lienthong.submission.models import DraftFile
from tests import files

from .conftest import EXE, PDF
from .given import answers, draft_started, upload


def _stored(folder: str) -> list[str]:
    return default_storage.listdir(folder)[1] if default_storage.exists(folder) else []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("giay-to.pdf", EXE, "không phải PDF, JPEG, PNG hoặc TIFF (kiểm tra theo nội dung tệp)"),
        ("trang-lon.pdf", PDF + b"0" * 2048, "lớn hơn giới hạn 1,0\xa0KB"),
        ("rong.pdf", b"", "rỗng"),
        ("to-khai.pdf", files.pdf_with_javascript(), "chứa nội dung chủ động (JavaScript)"),
        ("to-khai.pdf", files.pdf_launching_a_program(), "chứa nội dung chủ động (lệnh chạy chương trình)"),
        ("to-khai.pdf", files.pdf_with_a_file_inside(), "chứa nội dung chủ động (tệp đính kèm)"),
        ("to-khai.pdf", files.pdf_with_a_password(), "được đặt mật khẩu hoặc mã hóa"),
        ("hong.pdf", b"%PDF-1.7\n" + b"x" * 500, "không mở được: tệp PDF bị hỏng"),
        ("anh-cat.jpg", files.image("JPEG", (200, 200))[:900], "không đọc được: tệp ảnh bị hỏng"),
        ("bom.png", files.png_declaring(100_000, 100_000), "là ảnh quá lớn (trên 50 triệu điểm ảnh)"),
    ],
    ids=[
        "renamed-executable",
        "oversized",
        "empty",
        "pdf-javascript",
        "pdf-launch",
        "pdf-embedded-file",
        "pdf-password",
        "pdf-damaged",
        "jpeg-truncated",
        "png-bomb",
    ],
)
def test_a_refused_upload_is_named_with_its_reason_and_nothing_is_kept(phone, settings, province, officers, procedure,
                                                                       name, content, message):  # fmt: skip
    settings.LIENTHONG_UPLOAD_MAX_BYTES = 1024 if name == "trang-lon.pdf" else 64 * 1024
    draft = draft_started(phone, procedure)
    document = procedure.documents.get(position=1)

    response = phone.post(f"/nop-ho-so/nhap/{draft.pk}/", {**answers(province), "action": "save",
                                                          f"file_{document.pk}": upload(name, content)})  # fmt: skip

    assert response.status_code == 400
    page = response.content.decode()
    assert f"Tệp “{name}” {message}" in page.replace("&nbsp;", "\xa0")
    assert 'aria-invalid="true"' in page
    assert not DraftFile.objects.exists() and _stored(f"drafts/{draft.pk}") == []
    draft.refresh_from_db()
    assert draft.answers["applicant_phone"] == "0912345678"  # what was typed is kept all the same


def test_a_good_file_beside_a_refused_one_is_kept(phone, province, officers, procedure):
    draft = draft_started(phone, procedure)
    first, second = procedure.documents.filter(is_mandatory=True).order_by("position")

    response = phone.post(f"/nop-ho-so/nhap/{draft.pk}/", {**answers(province), "action": "save",
                                                          f"file_{first.pk}": upload("don.pdf", PDF),
                                                          f"file_{second.pk}": upload("so-do.pdf", EXE)})  # fmt: skip

    assert response.status_code == 400
    assert list(DraftFile.objects.values_list("original_name", flat=True)) == ["don.pdf"]
    assert len(_stored(f"drafts/{draft.pk}")) == 1


@pytest.mark.parametrize(("content", "fragment"), [(EXE, "không phải PDF"), (b"", "rỗng"),
                                                   (files.pdf_with_javascript(), "chứa nội dung chủ động")],
                         ids=["exe", "empty", "pdf-javascript"])  # fmt: skip
def test_a_supplement_with_a_refused_file_stores_nothing_of_the_batch(phone, supplement_asked, content, fragment):
    dossier = supplement_asked
    before = DossierEvent.objects.filter(dossier=dossier).count()

    response = phone.post(f"/nop-ho-so/bo-sung/{dossier.code}/", {"item_0": upload("ban-sao.pdf", PDF),
                                                                 "item_1": upload("x.pdf", content)})  # fmt: skip

    assert response.status_code == 400 and fragment in response.content.decode()
    assert not Attachment.objects.filter(dossier=dossier).exists()
    assert _stored(f"dossiers/{dossier.pk}") == []
    assert DossierEvent.objects.filter(dossier=dossier).count() == before


@pytest.mark.parametrize(
    "content",
    [files.pdf_opening_at_fit_width(), files.image("JPEG"), files.image("PNG"), files.image("TIFF")],
    ids=["pdf-opening-at-fit-width", "jpeg", "png", "tiff"],
)
def test_a_clean_pdf_or_image_is_kept(phone, province, officers, procedure, content):
    draft = draft_started(phone, procedure)
    document = procedure.documents.get(position=1)

    sent = {**answers(province), "action": "save", f"file_{document.pk}": upload("trang-1", content)}
    response = phone.post(f"/nop-ho-so/nhap/{draft.pk}/", sent)

    assert response.status_code == 302
    assert DraftFile.objects.count() == 1 and len(_stored(f"drafts/{draft.pk}")) == 1
