"""Issue 14, part 4 (results): when a dossier is returned, its signed result goes into the applicant's store, keyed by
their identity number and the kind of result the procedure gives ("Kết quả thực hiện"), so a later dossier of the same
person reuses it at the desk like a digitised document — recorded as a reuse, which Decision 766's reuse indicator and
the national sync (DuocSoHoa, DuocTaiSuDung) count. The gateway's batch of returns stores it the same way."""

import dataclasses

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from lienthong.catalogue.models import RequiredDocument
from lienthong.dossiers import services
from lienthong.dossiers.constants import Channel, EventKind, ResultDelivery
from lienthong.dossiers.models import Attachment, StoredDocument
from lienthong.dossiers.services.batch import dossiers_lock_many
from lienthong.dossiers.services.batch_progress import ReturnResult, dossiers_progress_batch
from lienthong.dossiers.services.files import attachment_add
from lienthong.dossiers.services.store import document_kind_of, document_reuse, result_kinds_of, store_offers
from lienthong.national.services.sync import national_prepare
from lienthong.reports.facts import facts_compute
from lienthong.signing.constants import Status as Verdict
from lienthong.signing.services import dossier_approve_and_sign
from lienthong.signing.verify import pdf_verify
from tests.backoffice import scope_given as given
from tests.signing.given import a_pdf, certificate_give

pytestmark = pytest.mark.django_db
LEADER = "leader@department"
CERTIFICATE = "Giấy chứng nhận quyền sử dụng đất"


@pytest.fixture
def land(procedure):
    """The land procedure gives a land-use certificate; a later application (the same procedure here) asks for the
    certificate already issued, if there is one."""
    procedure.result_type = f"{CERTIFICATE} (bản chính); Thông báo nghĩa vụ tài chính"
    procedure.save(update_fields=["result_type"])
    RequiredDocument.objects.create(version=procedure, position=4, name=f"{CERTIFICATE} (nếu đã được cấp)",
                                    copy_kind="copy", is_mandatory=False)  # fmt: skip
    return procedure


def _ready(province, officers, procedure, *, applicant=given.HOA, sign: bool = True):
    """An application for an electronic result, its result PDF signed by the leader on approval (or, unsigned, a
    paper result approved)."""
    dossier = services.dossier_receive(
        officer=officers[given.DESK], agency=province["commune_centre"], version=procedure, channel=Channel.COUNTER,
        applicant=applicant, form_data=given.FORM,
        result_delivery=ResultDelivery.ELECTRONIC if sign else ResultDelivery.AT_DESK,
        documents_present=set(procedure.documents.filter(is_mandatory=True).values_list("pk", flat=True)),
    )  # fmt: skip
    dossier = given.complete(officers, given.forward_from_desk(officers, dossier), "specialist@committee", "Xác nhận")
    if sign:
        upload = ContentFile(a_pdf(f"{CERTIFICATE} số CS 04567"), name="giay-chung-nhan.pdf")
        attachment_add(officer=officers["specialist@department"], dossier=dossier, upload=upload,
                                result_code="CS 04567")  # fmt: skip
    dossier = given.complete(officers, dossier, "specialist@department", "Thẩm định")
    dossier = given.complete(officers, dossier, "specialist@department", "Xác định nghĩa vụ")
    return dossier_approve_and_sign(officer=officers[LEADER], dossier=dossier,
                                    step_instance=given.active(dossier, "Phê duyệt"))  # fmt: skip


@pytest.fixture
def leader_signs(ca, trusted, officers, province):
    return certificate_give(ca, user=officers[LEADER], agency=province["department"])


def test_the_result_kinds_come_from_the_catalogue_s_result(land):
    assert result_kinds_of(land) == [("giay chung nhan quyen su dung dat", CERTIFICATE),
                                     ("thong bao nghia vu tai chinh", "Thông báo nghĩa vụ tài chính")]  # fmt: skip
    asked = land.documents.get(position=4)
    assert document_kind_of(asked) == "giay chung nhan quyen su dung dat"  # what brackets qualify is not the kind


def test_a_second_dossier_reuses_the_first_s_signed_result(land, province, officers, leader_signs, ca):
    first = _ready(province, officers, land)
    (result,) = first.attachments.filter(kind=Attachment.Kind.RESULT)
    assert not StoredDocument.objects.exists()  # not before it is handed over

    services.dossier_return(officer=officers[given.DESK], dossier=first, delivery=ResultDelivery.ELECTRONIC)

    (stored,) = StoredDocument.objects.all()
    assert (stored.identity_number, stored.document_kind, stored.name, stored.source, stored.sha256) == (
        "075190001234", "giay chung nhan quyen su dung dat", CERTIFICATE, result, result.sha256)  # fmt: skip
    assert stored.digitised_at == result.signed_at and stored.valid_until is None

    later = given.receive(province, officers, land)
    ((document, offered),) = store_offers(dossier=later)
    assert (document.position, offered) == (4, stored)
    reused = document_reuse(officer=officers[given.DESK], dossier=later, document=document, stored=offered)

    with reused.file.open("rb") as handle:  # the leader's signature and its QR travel with it, intact
        assert pdf_verify(handle.read(), trust_roots=[ca.authority.certificate]).status == Verdict.VALID
    event = later.events.get(kind=EventKind.DOCUMENT_REUSED)
    assert (event.payload["stored"], event.payload["sha256"]) == (stored.pk, result.sha256)
    prepared = national_prepare(dossier_id=later.pk, links=False)
    assert not prepared.errors()
    (sent,) = [d for d in prepared.payload.record["TaiLieuNop"] if d["TepDinhKemId"] == str(reused.pk)]
    assert (sent["DuocSoHoa"], sent["DuocTaiSuDung"]) == (1, 1)
    facts = facts_compute(first.pk, later.pk + 1)
    assert (facts[first.pk]["reused_component"], facts[later.pk]["reused_component"]) == (False, True)


def test_a_later_result_of_the_same_kind_replaces_the_earlier(land, province, officers, leader_signs):
    for _ in range(2):
        dossier = _ready(province, officers, land)
        services.dossier_return(officer=officers[given.DESK], dossier=dossier, delivery=ResultDelivery.ELECTRONIC)
    older, newer = StoredDocument.objects.order_by("id")
    assert (older.is_active, newer.is_active) == (False, True)
    later = given.receive(province, officers, land)
    assert [stored for _document, stored in store_offers(dossier=later)] == [newer]


def test_nothing_is_stored_for_an_unsigned_result_or_another_person(land, province, officers, leader_signs, applicant):
    paper = _ready(province, officers, land, sign=False)
    upload = ContentFile(a_pdf(), name="ket-qua.pdf")  # attached after the approval: nobody signed it
    attachment_add(officer=officers[given.DESK], dossier=paper, upload=upload)
    services.dossier_return(officer=officers[given.DESK], dossier=paper, delivery=ResultDelivery.AT_DESK)
    assert not StoredDocument.objects.exists()

    first = _ready(province, officers, land)
    services.dossier_return(officer=officers[given.DESK], dossier=first, delivery=ResultDelivery.ELECTRONIC)
    stranger = dataclasses.replace(given.HOA, id_number="075190009999")
    other = services.dossier_receive(officer=officers[given.DESK], agency=province["commune_centre"], version=land,
                                     channel=Channel.COUNTER, applicant=stranger, form_data=given.FORM,
                                     documents_present=set(land.documents.filter(is_mandatory=True)
                                                           .values_list("pk", flat=True)))  # fmt: skip
    assert store_offers(dossier=other) == []


def test_the_gateway_s_batch_of_returns_stores_the_result_as_the_desk_does(land, province, officers, leader_signs):
    ready = _ready(province, officers, land)
    (result,) = ready.attachments.filter(kind=Attachment.Kind.RESULT)

    with transaction.atomic():
        (locked,) = dossiers_lock_many(ids=[ready.pk])
        returning = ReturnResult(delivery=ResultDelivery.ELECTRONIC)
        changed = dossiers_progress_batch(officer=officers[given.DESK], items=[(locked, returning)])

    assert changed == {ready.pk}
    (stored,) = StoredDocument.objects.all()
    assert (stored.document_kind, stored.source, stored.sha256) == ("giay chung nhan quyen su dung dat", result,
                                                                    result.sha256)  # fmt: skip


def test_the_desk_is_offered_the_earlier_result_by_its_dossier_and_takes_it(land, province, officers, leader_signs):
    first = _ready(province, officers, land)
    services.dossier_return(officer=officers[given.DESK], dossier=first, delivery=ResultDelivery.ELECTRONIC)
    later = given.receive(province, officers, land)
    desk = given.as_officer(officers[given.DESK])

    page = desk.get(given.dossier_url(later)).content.decode()

    assert "Dùng lại giấy tờ đã số hóa" in page
    assert f"{CERTIFICATE} — kết quả giải quyết hồ sơ {first.code}, ký số ngày" in page
    stored = StoredDocument.objects.get()
    answer = desk.post(given.action_url(later, "reuse"), {"offer": f"{land.documents.get(position=4).pk}:{stored.pk}"})
    assert answer.status_code == 302
    assert later.attachments.get(reused_from=stored).required_document.position == 4
