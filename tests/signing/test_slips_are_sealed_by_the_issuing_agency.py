"""Issue 14, part 3: the slips the desk hands the applicant (Mẫu 01–05) are sealed by the agency that issues them
when it has a seal registered: the signature validates against the province's roots, one changed byte makes it
modified, the stamp's QR leads to the public page, which shows and compares the slip; printed again, the slip is the
same file. With no seal, the slip is printed unsigned as before and the dossier page says so."""

import hashlib
import io
import re

import pytest
from django.urls import reverse

from lienthong.dossiers.models.documents import DocumentKind
from lienthong.signing.constants import Profile
from lienthong.signing.constants import Status as Verdict
from lienthong.signing.models import SealedSlip
from lienthong.signing.services import certificate_register
from lienthong.signing.slips import slip_issue
from lienthong.signing.verify import pdf_verify
from tests.dossiers.test_documents_given import Desk
from tests.signing.given import PASSPHRASE
from tests.signing.stamp_reading import qr_texts

pytestmark = pytest.mark.django_db
SEAL = "TTPVHCC phường Trấn Biên"


@pytest.fixture
def desk(province, officers, procedure, applicant, form_data, documents):
    return Desk(province, officers, procedure, applicant, form_data, documents)


@pytest.fixture
def seal(ca, province):
    centre = province["commune_centre"]
    return certificate_register(agency=centre, secret=PASSPHRASE,
                                pkcs12_path=str(ca.pkcs12(SEAL, organisation=centre.name)))  # fmt: skip


def _flip_a_signed_byte(content: bytes) -> bytes:
    at = content.index(b"stream", content.index(b"/Contents")) + len(b"stream\n") + 5
    changed = bytearray(content)
    changed[at] ^= 0x01
    return bytes(changed)


def test_the_receipt_is_sealed_and_validates_against_the_roots(desk, seal, ca):
    dossier = desk.receive()

    slip = slip_issue(dossier=dossier, kind=DocumentKind.RECEIPT)

    assert slip.sealed is not None and slip.sealed.signer_serial == seal.serial
    verdict = pdf_verify(slip.content, trust_roots=[ca.authority.certificate])
    assert verdict.status == Verdict.VALID
    (signature,) = verdict.signatures
    assert (signature.signer_name, signature.signer_serial) == (SEAL, seal.serial)
    assert slip.sealed.profile == Profile.SLIP
    assert pdf_verify(_flip_a_signed_byte(slip.content), trust_roots=[ca.authority.certificate]).status == (
        Verdict.MODIFIED)  # fmt: skip


def test_a_second_print_is_the_same_sealed_file(desk, seal):
    dossier = desk.receive()
    first = slip_issue(dossier=dossier, kind=DocumentKind.RECEIPT)
    again = slip_issue(dossier=dossier, kind=DocumentKind.RECEIPT)
    assert again.content == first.content
    assert SealedSlip.objects.filter(dossier=dossier).count() == 1


def test_each_slip_the_applicant_gets_is_sealed(desk, seal, ca):
    for dossier, kind in [(desk.supplement_requested(), DocumentKind.SUPPLEMENT), (desk.refused(),
                          DocumentKind.REFUSAL), (desk.apologized(), DocumentKind.APOLOGY),
                          (desk.stopped(), DocumentKind.STOP)]:  # fmt: skip
        slip = slip_issue(dossier=dossier, kind=kind)
        assert slip.sealed is not None and slip.sealed.kind == kind
        assert pdf_verify(slip.content, trust_roots=[ca.authority.certificate]).status == Verdict.VALID


def test_the_stamp_s_qr_opens_the_public_page_which_checks_the_slip(client, desk, seal, trusted, settings):
    settings.LIENTHONG_PUBLIC_URL = "https://dichvucong.dongnai.gov.vn"
    dossier = desk.receive()
    slip = slip_issue(dossier=dossier, kind=DocumentKind.RECEIPT).sealed
    path = f"/v/{dossier.code}/{slip.public_id}/"
    content = slip_issue(dossier=dossier, kind=DocumentKind.RECEIPT).content
    # the seal's stamp carries a QR code of the page (the slip's own QR, of the tracking page, stays on it)
    assert f"https://dichvucong.dongnai.gov.vn{path}" in qr_texts(content)

    page = client.get(path)

    assert page.status_code == 200
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))
    assert "Trạng thái: HỢP LỆ" in text and SEAL in text and "Mẫu 01" in text and seal.serial in text
    assert client.get(f"{path}ban-goc/").getvalue() == content
    same = client.post(path, {"file": io.BytesIO(content)}, format="multipart")
    assert "Trùng khớp từng byte với bản gốc" in same.content.decode()
    upload = io.BytesIO(_flip_a_signed_byte(content))
    upload.name = "mau-01.pdf"
    changed = client.post(path, {"file": upload})
    assert "Tệp của bạn: ĐÃ BỊ SỬA" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", changed.content.decode()))


def test_without_a_seal_the_slip_is_unsigned_and_the_page_says_so(client, desk, officers):
    dossier = desk.receive()

    slip = slip_issue(dossier=dossier, kind=DocumentKind.RECEIPT)

    assert slip.sealed is None and pdf_verify(slip.content, trust_roots=[]).status == Verdict.UNSIGNED
    assert not SealedSlip.objects.exists()
    client.force_login(officers["receiver@commune_centre"])
    page = client.get(reverse("backoffice:dossier", args=[dossier.pk])).content.decode()
    assert "Phiếu chưa được ký số: cơ quan chưa đăng ký chứng thư số của cơ quan" in page
    pdf = client.get(reverse("backoffice:document", args=[dossier.pk, "01", "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_the_desk_prints_the_sealed_slip(client, desk, officers, seal, ca):
    dossier = desk.receive()
    client.force_login(officers["receiver@commune_centre"])
    page = client.get(reverse("backoffice:dossier", args=[dossier.pk])).content.decode()
    assert "được ký số bằng chứng thư số của cơ quan" in page

    pdf = client.get(reverse("backoffice:document", args=[dossier.pk, "01", "pdf"]))

    assert pdf_verify(pdf.content, trust_roots=[ca.authority.certificate]).status == Verdict.VALID
    assert SealedSlip.objects.get(dossier=dossier).sha256 == hashlib.sha256(pdf.content).hexdigest()
