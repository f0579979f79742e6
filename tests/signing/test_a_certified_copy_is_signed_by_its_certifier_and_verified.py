"""Issue 14, the "electronic copy certified from the original" profile as the desk uses it (chứng thực bản sao điện tử
từ bản chính, Decree 23/2015 as amended by Decree 45/2020 art. 6(5)): the desk officer who certifies the scan signs it
with their own certificate, the agency's seal follows; the stamp carries the QR of the copy's public page, which says
it is a certified copy, who converted it, each signature and whether the file is intact."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lienthong.signing.constants import Profile
from lienthong.signing.constants import Status as Verdict
from lienthong.signing.digitise import CONVERTED_MARK, attachment_digitise
from lienthong.signing.models import SignedDocument
from lienthong.signing.pdf import PROFILE_OF_REASON
from lienthong.signing.services import certificate_register
from lienthong.signing.verify import pdf_verify
from tests.dossiers.test_documents_given import Desk
from tests.signing.given import PASSPHRASE, a_pdf, certificate_give
from tests.signing.stamp_reading import actual_texts

pytestmark = pytest.mark.django_db
DESK = "receiver@commune_centre"
LAND = "Giấy tờ về quyền sử dụng đất"


@pytest.fixture
def desk(province, officers, procedure, applicant, form_data, documents):
    return Desk(province, officers, procedure, applicant, form_data, documents)


@pytest.fixture
def seal(ca, province):
    centre = province["commune_centre"]
    path = ca.pkcs12("TTPVHCC phường Trấn Biên", organisation=centre.name)
    return certificate_register(agency=centre, secret=PASSPHRASE, pkcs12_path=str(path))


def _certify(desk, dossier):
    upload = SimpleUploadedFile("so-do.pdf", a_pdf("Giấy chứng nhận quyền sử dụng đất số CS 01234"))
    return attachment_digitise(officer=desk.officers[DESK], dossier=dossier,
                               document=dossier.procedure_version.documents.get(name=LAND), upload=upload)  # fmt: skip


def _content(attachment) -> bytes:
    with attachment.file.open("rb") as handle:
        return handle.read()


def test_the_certifying_officer_signs_then_the_agency_seals(desk, seal, ca, province):
    certifier = certificate_give(ca, user=desk.officers[DESK], agency=province["commune_centre"])
    dossier = desk.receive()

    copy = _certify(desk, dossier)

    verdict = pdf_verify(_content(copy), trust_roots=[ca.authority.certificate])
    assert verdict.status == Verdict.VALID
    assert [s.signer_serial for s in verdict.signatures] == [certifier.serial, seal.serial]
    assert {PROFILE_OF_REASON[s.reason] for s in verdict.signatures} == {Profile.E_COPY}
    first, second = SignedDocument.objects.filter(attachment=copy).order_by("id")
    assert (first.signer_serial, second.signer_serial) == (certifier.serial, seal.serial)
    assert second.sha256 == copy.sha256  # the file as it stands after the seal
    stamp = actual_texts(_content(copy))
    assert CONVERTED_MARK in stamp and f"/v/{dossier.code}/{first.public_id}/" in stamp


def test_the_copy_s_public_page_says_it_is_a_certified_copy(desk, seal, ca, province, trusted):
    certificate_give(ca, user=desk.officers[DESK], agency=province["commune_centre"])
    dossier = desk.receive()
    copy = _certify(desk, dossier)
    first = SignedDocument.objects.filter(attachment=copy).order_by("id").first()

    page = Client().get(f"/v/{dossier.code}/{first.public_id}/")

    assert page.status_code == 200
    text = page.content.decode()
    assert f"Bản sao điện tử được chứng thực từ bản chính: {LAND}" in text
    assert "Trạng thái: HỢP LỆ" in text and "Trần Văn Bình" in text and "TTPVHCC phường Trấn Biên" in text
    assert text.count("Bản sao điện tử chứng thực từ bản chính (số hóa)") == 2  # each signature's profile
    download = Client().get(f"/v/{dossier.code}/{first.public_id}/ban-goc/")
    assert b"".join(download.streaming_content) == _content(copy)

    with default_storage.open(copy.file.name, "rb") as handle:  # one byte changed in storage
        changed = bytearray(handle.read())
    changed[len(changed) // 3] ^= 0x01
    with default_storage.open(copy.file.name, "wb") as handle:
        handle.write(bytes(changed))
    assert "Trạng thái: ĐÃ BỊ SỬA" in Client().get(f"/v/{dossier.code}/{first.public_id}/").content.decode()


def test_without_the_officer_s_certificate_the_seal_alone_certifies(desk, seal, ca, trusted):
    dossier = desk.receive()
    copy = _certify(desk, dossier)
    (record,) = SignedDocument.objects.filter(attachment=copy)
    assert record.signer_serial == seal.serial and record.profile == Profile.E_COPY
    page = Client().get(f"/v/{dossier.code}/{record.public_id}/").content.decode()
    assert "Trạng thái: HỢP LỆ" in page and f"Bản sao điện tử được chứng thực từ bản chính: {LAND}" in page


def test_the_copy_s_page_is_not_found_under_another_dossier_s_code(desk, seal, trusted):
    dossier = desk.receive()
    copy = _certify(desk, dossier)
    (record,) = SignedDocument.objects.filter(attachment=copy)
    assert Client().get(f"/v/H19.99-261201-0001/{record.public_id}/").status_code == 404
