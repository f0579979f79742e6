"""Issue 11 item 2: the tờ khai typed on the page is the declaration document — online submission does not ask for a
scan of it, and the dossier carries it as the PDF the desk files (printed from what was declared) besides its data."""

import io

import pytest
from pypdf import PdfReader

from lienthong.dossiers.constants import EventKind
from lienthong.dossiers.models import Attachment, Dossier, DossierEvent
from lienthong.dossiers.services import dossier_receive_submitted

from .conftest import PNG
from .given import answers, draft_started, upload


@pytest.fixture
def declaration(procedure):
    """The land procedure's first document, the application form (Đơn đăng ký), is its declaration."""
    document = procedure.documents.get(position=1)
    document.is_declaration, document.template_name = True, "Đơn đăng ký đất đai, tài sản gắn liền với đất"
    document.save(update_fields=["is_declaration", "template_name"])
    return document


def test_the_declaration_has_no_file_input_and_the_dossier_carries_it_as_a_pdf(phone, citizen, province, officers,
                                                                               procedure, declaration):  # fmt: skip
    draft = draft_started(phone, procedure)
    page = phone.get(f"/nop-ho-so/nhap/{draft.pk}/").content.decode()
    assert f'name="file_{declaration.pk}"' not in page
    assert "hệ thống lập tờ khai từ nội dung bạn khai, không cần tải lên" in page

    # when only the other mandatory document is uploaded
    land = procedure.documents.get(position=2)
    scan = {f"file_{land.pk}": upload("so-do.png", PNG, "image/png")}
    checked = phone.post(f"/nop-ho-so/nhap/{draft.pk}/", {**answers(province), "action": "review", **scan})
    assert checked.status_code == 302, checked.content.decode()[:3000]
    review = phone.get(checked["Location"]).content.decode()
    assert "tờ khai điện tử, lập từ nội dung đã khai" in review
    submitted = phone.post(checked["Location"])
    assert submitted.status_code == 302

    # then the dossier has the declaration as a PDF of what was declared, listed in the submission's event
    dossier = Dossier.objects.get(citizen=citizen)
    filed = Attachment.objects.get(dossier=dossier, required_document=declaration)
    assert (filed.original_name, filed.content_type) == (f"to-khai-{procedure.procedure.national_code}.pdf",
                                                         "application/pdf")  # fmt: skip
    text = " ".join(PdfReader(io.BytesIO(filed.file.read())).pages[0].extract_text().split())
    assert "ĐƠN ĐĂNG KÝ ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT" in text
    assert "Họ và tên: Nguyễn Thị Hoa" in text and "Ngày sinh: 17/05/1990" in text
    assert "Kính gửi: TTPVHCC phường Trấn Biên" in text
    event = DossierEvent.objects.get(dossier=dossier, kind=EventKind.SUBMITTED)
    assert [(f["name"], f["document"]) for f in event.payload["files"]] == [
        (filed.original_name, declaration.pk), ("so-do.png", land.pk)
    ]  # fmt: skip
    assert dossier.form_data["ho_ten"] == "Nguyễn Thị Hoa"

    # and the desk finds it complete
    dossier_receive_submitted(officer=officers["receiver@commune_centre"], dossier=dossier,
                              documents_present={declaration.pk, land.pk})  # fmt: skip
