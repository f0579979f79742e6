"""Issue 14, part 4: a paper document scanned at the desk is certified as an electronic copy of the original (marked
as converted from paper with the converter's name, sealed by the agency), kept on the dossier and in the applicant's
store keyed by their identity number; a later dossier of the same person reuses it instead of asking again. Both are
events of the dossier, which the 766 read model (reuse) and the national sync (DuocSoHoa, DuocTaiSuDung) read."""

import dataclasses
import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lienthong.dossiers.constants import EventKind
from lienthong.dossiers.models import Attachment, StoredDocument
from lienthong.dossiers.services.errors import DossierError
from lienthong.dossiers.services.store import document_reuse, store_offers
from lienthong.national.services.sync import national_prepare
from lienthong.reports.facts import facts_compute
from lienthong.reports.kpi766 import CURRENT_VERSION
from lienthong.reports.models import DossierFact
from lienthong.reports.scoring import figure_conditions
from lienthong.reports.services import fact_refresh
from lienthong.signing.constants import Profile
from lienthong.signing.constants import Status as Verdict
from lienthong.signing.digitise import CONVERTED_MARK, attachment_digitise
from lienthong.signing.pdf import PROFILE_OF_REASON
from lienthong.signing.services import SigningError, certificate_register
from lienthong.signing.verify import pdf_verify
from tests.dossiers.test_documents_given import Desk, at
from tests.signing.given import PASSPHRASE, a_pdf
from tests.signing.stamp_reading import actual_texts

pytestmark = pytest.mark.django_db
SEAL = "TTPVHCC phường Trấn Biên"
LAND = "Giấy tờ về quyền sử dụng đất"


@pytest.fixture
def desk(province, officers, procedure, applicant, form_data, documents):
    return Desk(province, officers, procedure, applicant, form_data, documents)


@pytest.fixture
def seal(ca, province):
    centre = province["commune_centre"]
    return certificate_register(agency=centre, secret=PASSPHRASE,
                                pkcs12_path=str(ca.pkcs12(SEAL, organisation=centre.name)))  # fmt: skip


def _land(dossier):
    return dossier.procedure_version.documents.get(name=LAND)


def _digitise(desk, dossier, content: bytes | None = None, name: str = "so-do.pdf", **kwargs) -> Attachment:
    upload = SimpleUploadedFile(name, content or a_pdf("Giấy chứng nhận quyền sử dụng đất số CS 01234"))
    return attachment_digitise(officer=desk.officers["receiver@commune_centre"], dossier=dossier,
                               document=_land(dossier), upload=upload, **kwargs)  # fmt: skip


def _sent(dossier) -> list[dict]:
    """The documents of the record the national sync sends, checked against the portal's contract."""
    prepared = national_prepare(dossier_id=dossier.pk, links=False)
    assert not prepared.errors()
    return prepared.payload.record["TaiLieuNop"]


def test_the_scan_becomes_a_sealed_e_copy_in_the_applicant_s_store(desk, seal, ca):
    dossier = desk.receive()

    copy = _digitise(desk, dossier, valid_until=dt.date(2036, 1, 1))

    receiver = desk.officers["receiver@commune_centre"]
    assert (copy.digitised_by, copy.kind, copy.required_document.name) == (receiver, Attachment.Kind.SUBMITTED, LAND)
    with copy.file.open("rb") as handle:
        content = handle.read()
    verdict = pdf_verify(content, trust_roots=[ca.authority.certificate])
    assert verdict.status == Verdict.VALID
    (signature,) = verdict.signatures
    assert signature.signer_serial == seal.serial and PROFILE_OF_REASON[signature.reason] == Profile.E_COPY
    stamp = actual_texts(content)
    assert CONVERTED_MARK in stamp and "Người chuyển đổi: Trần Văn Bình" in stamp
    (stored,) = StoredDocument.objects.all()
    assert (stored.identity_number, stored.document_kind, stored.valid_until, stored.sha256) == (
        "075190001234", "giay to ve quyen su dung dat", dt.date(2036, 1, 1), copy.sha256)  # fmt: skip
    event = dossier.events.get(kind=EventKind.DOCUMENT_DIGITISED)
    assert event.payload["stored"] == stored.pk and event.payload["signer_serial"] == seal.serial
    (document,) = [d for d in _sent(dossier) if d["TepDinhKemId"] == str(copy.pk)]
    assert document["DuocSoHoa"] == 1 and "DuocTaiSuDung" not in document


def test_an_image_scan_is_certified_as_a_pdf(desk, seal, ca):
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (800, 1100), "white").save(image, format="PNG")
    copy = _digitise(desk, desk.receive(), content=image.getvalue(), name="so-do.png")
    with copy.file.open("rb") as handle:
        assert pdf_verify(handle.read(), trust_roots=[ca.authority.certificate]).status == Verdict.VALID
    assert copy.content_type == "application/pdf" and copy.original_name == "so-do-so-hoa.pdf"


def test_without_a_seal_nothing_is_digitised(desk):
    dossier = desk.receive()
    with pytest.raises(SigningError) as refused:
        _digitise(desk, dossier)
    assert refused.value.code == "no_agency_seal" and "chưa đăng ký chứng thư số của cơ quan" in refused.value.message
    assert not StoredDocument.objects.exists() and not dossier.events.filter(kind=EventKind.DOCUMENT_DIGITISED)


def test_a_later_dossier_of_the_same_person_reuses_it(desk, seal):
    first = desk.receive()
    copy = _digitise(desk, first)
    later = desk.receive(at(2026, 3, 2, 9, 0))

    ((document, stored),) = store_offers(dossier=later)
    assert document == _land(later) and stored.source == copy
    reused = document_reuse(officer=desk.officers["receiver@commune_centre"], dossier=later, document=document,
                            stored=stored)  # fmt: skip

    assert reused.reused_from == stored and reused.sha256 == copy.sha256 and reused.required_document == document
    event = later.events.get(kind=EventKind.DOCUMENT_REUSED)
    assert event.payload["stored"] == stored.pk and event.payload["attachment"] == reused.pk
    assert store_offers(dossier=later) == []  # the document is there now
    (sent,) = [d for d in _sent(later) if d["TepDinhKemId"] == str(reused.pk)]
    assert (sent["DuocSoHoa"], sent["DuocTaiSuDung"]) == (1, 1)
    # the 766 read model: the reuse is a fact of the later dossier only, and Decision 766's 4.3 counts it
    facts = facts_compute(first.pk, later.pk + 1)
    assert (facts[first.pk]["reused_component"], facts[later.pk]["reused_component"]) == (False, True)
    fact_refresh(dossier_id=first.pk), fact_refresh(dossier_id=later.pk)
    reusing = figure_conditions(period_end=at(2027, 1, 1, 0, 0), version=CURRENT_VERSION)["dossiers_reusing_data"]
    assert list(DossierFact.objects.filter(reusing).values_list("dossier_id", flat=True)) == [later.pk]


def test_another_person_s_or_an_expired_document_is_not_reused(desk, seal, applicant):
    first = desk.receive()
    with time_machine.travel(at(2026, 2, 20, 9, 0), tick=False):
        _digitise(desk, first, valid_until=dt.date(2026, 3, 31))
    stored = StoredDocument.objects.get()
    desk.applicant = dataclasses.replace(applicant, id_number="075190009999")
    stranger = desk.receive(at(2026, 3, 2, 9, 0))
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        assert store_offers(dossier=stranger) == []
        with pytest.raises(DossierError) as refused:
            document_reuse(officer=desk.officers["receiver@commune_centre"], dossier=stranger,
                           document=_land(stranger), stored=stored)  # fmt: skip
    assert refused.value.code == "not_in_store" and not stranger.events.filter(kind=EventKind.DOCUMENT_REUSED)

    desk.applicant = applicant
    later = desk.receive(at(2026, 3, 30, 9, 0))
    with time_machine.travel(at(2026, 3, 31, 16, 0), tick=False):
        assert len(store_offers(dossier=later)) == 1  # valid until 31/3, included
    with time_machine.travel(at(2026, 4, 1, 8, 0), tick=False):
        assert store_offers(dossier=later) == []  # and no longer


def test_the_desk_digitises_and_reuses_from_the_dossier_page(client, desk, seal):
    first = desk.receive()
    client.force_login(desk.officers["receiver@commune_centre"])
    page = client.get(reverse("backoffice:dossier", args=[first.pk])).content.decode()
    assert "Số hóa giấy tờ" in page and "075190001234" in page

    done = client.post(reverse("backoffice:action", args=[first.pk, "digitise"]), {
        "required_document": _land(first).pk, "valid_until": "",
        "file": SimpleUploadedFile("so-do.pdf", a_pdf())}, follow=True)  # fmt: skip

    assert done.status_code == 200 and "Đã số hóa giấy tờ" in done.content.decode()
    later = desk.receive(at(2026, 3, 2, 9, 0))
    page = client.get(reverse("backoffice:dossier", args=[later.pk])).content.decode()
    assert "Dùng lại giấy tờ đã số hóa" in page
    stored = StoredDocument.objects.get()
    done = client.post(reverse("backoffice:action", args=[later.pk, "reuse"]),
                       {"offer": f"{_land(later).pk}:{stored.pk}"}, follow=True)  # fmt: skip
    assert "Đã dùng lại giấy tờ đã số hóa" in done.content.decode()
    assert later.attachments.filter(reused_from=stored).count() == 1
    assert "dùng lại từ kho" in done.content.decode()


def test_a_scan_that_is_no_image_is_refused_with_a_message(client, desk, seal):
    dossier = desk.receive()
    client.force_login(desk.officers["receiver@commune_centre"])
    scan = SimpleUploadedFile("so-do.pdf", b"not a pdf at all")
    page = client.post(reverse("backoffice:action", args=[dossier.pk, "digitise"]),
                       {"required_document": _land(dossier).pk, "file": scan})  # fmt: skip
    assert page.status_code == 400 and "không phải PDF, JPEG, PNG hoặc TIFF" in page.content.decode()
    assert not StoredDocument.objects.exists()
