"""Issue 14, signing in the workflow: the leader's approval signs the result PDF with their certificate (or is
refused, with the reason, when they have none); the result stays a result, now signed, with its record (sha256, the
certificate's serial, time, profile) and the APPROVED event naming what was signed; an electronic return needs it."""

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from lienthong.dossiers import services
from lienthong.dossiers.constants import Channel, EventKind, ResultDelivery, Status
from lienthong.dossiers.models import Attachment, Dossier
from lienthong.dossiers.services.files import attachment_add
from lienthong.signing.constants import Profile
from lienthong.signing.constants import Status as Verdict
from lienthong.signing.models import SignedDocument
from lienthong.signing.selectors import stored_check
from lienthong.signing.services import SigningError, dossier_approve_and_sign
from tests.backoffice import scope_given as given
from tests.signing.given import a_pdf, certificate_give

pytestmark = pytest.mark.django_db
LEADER = "leader@department"


@pytest.fixture
def at_approval(province, officers, procedure) -> Dossier:
    """Nguyễn Thị Hoa's land registration, asking for an electronic result, with its result PDF attached at the
    department's appraisal and waiting for the leader's approval."""
    dossier = services.dossier_receive(
        officer=officers[given.DESK], agency=province["commune_centre"], version=procedure, channel=Channel.COUNTER,
        applicant=given.HOA, form_data=given.FORM, result_delivery=ResultDelivery.ELECTRONIC,
        documents_present=set(procedure.documents.filter(is_mandatory=True).values_list("pk", flat=True)),
    )  # fmt: skip
    dossier = given.forward_from_desk(officers, dossier)
    dossier = given.complete(officers, dossier, "specialist@committee", "Xác nhận")
    upload = SimpleUploadedFile("giay-chung-nhan.pdf", a_pdf(), content_type="application/pdf")
    attachment_add(officer=officers["specialist@department"], dossier=dossier, upload=upload, result_code="125/GCN")
    dossier = given.complete(officers, dossier, "specialist@department", "Thẩm định")
    return given.complete(officers, dossier, "specialist@department", "Xác định nghĩa vụ")


def _approve(officers, dossier):
    return dossier_approve_and_sign(officer=officers[LEADER], dossier=dossier,
                                    step_instance=given.active(dossier, "Phê duyệt"), note="Đồng ý")  # fmt: skip


def test_the_approval_signs_the_result_and_records_it(at_approval, officers, province, ca, trusted,
                                                      django_capture_on_commit_callbacks):  # fmt: skip
    certificate = certificate_give(ca, user=officers[LEADER], agency=province["department"])
    (result,) = at_approval.attachments.all()
    unsigned_sha, draft = result.sha256, result.file.name

    with django_capture_on_commit_callbacks(execute=True):
        ready = _approve(officers, at_approval)

    assert not default_storage.exists(draft)  # the unsigned draft is gone once the signed result is committed

    assert ready.status == Status.RESULT_READY
    result = Attachment.objects.get(pk=result.pk)
    assert result.kind == Attachment.Kind.RESULT and result.signed_at is not None
    with result.file.open("rb") as handle:
        content = handle.read()
    assert result.sha256 == hashlib.sha256(content).hexdigest() != unsigned_sha
    (record,) = SignedDocument.objects.filter(attachment=result)
    assert (record.sha256, record.signer_serial, record.profile) == (result.sha256, certificate.serial,
                                                                      Profile.RESULT_AGENCY)  # fmt: skip
    assert (record.document_number, record.agency_name) == ("125/GCN", "Sở Nông nghiệp và Môi trường")
    approved = ready.events.get(kind=EventKind.APPROVED)
    (signed,) = approved.payload["signed_results"]
    assert (signed["id"], signed["sha256"], signed["signer_serial"]) == (result.pk, result.sha256, certificate.serial)
    assert stored_check(attachment=result).status == Verdict.VALID

    returned = services.dossier_return(officer=officers[given.DESK], dossier=ready, delivery=ResultDelivery.ELECTRONIC)
    assert returned.status == Status.RETURNED


def test_without_a_certificate_the_approval_is_refused_with_the_reason(at_approval, officers):
    with pytest.raises(SigningError) as refused:
        _approve(officers, at_approval)
    assert refused.value.code == SigningError.NO_CERTIFICATE
    assert "chưa có chứng thư ký số còn hạn tại Sở Nông nghiệp và Môi trường" in str(refused.value.message)
    dossier = Dossier.objects.get(pk=at_approval.pk)
    assert dossier.status == Status.PROCESSING and not dossier.events.filter(kind=EventKind.APPROVED).exists()
    assert not Attachment.objects.filter(dossier=dossier, signed_at__isnull=False).exists()


def test_an_expired_certificate_is_no_certificate(at_approval, officers, province, ca):
    certificate_give(ca, user=officers[LEADER], agency=province["department"], days=-1)
    with pytest.raises(SigningError) as refused:
        _approve(officers, at_approval)
    assert refused.value.code == SigningError.NO_CERTIFICATE


def test_a_certificate_of_another_agency_does_not_sign_here(at_approval, officers, province, ca):
    certificate_give(ca, user=officers[LEADER], agency=province["committee"])
    with pytest.raises(SigningError):
        _approve(officers, at_approval)


def test_an_officer_who_may_not_approve_signs_nothing(at_approval, officers, province, ca):
    certificate_give(ca, user=officers["specialist@department"], agency=province["department"])
    with pytest.raises(services.DossierError) as refused:
        dossier_approve_and_sign(officer=officers["specialist@department"], dossier=at_approval,
                                 step_instance=given.active(at_approval, "Phê duyệt"))  # fmt: skip
    assert refused.value.code == services.DossierError.NOT_PERMITTED
    assert not SignedDocument.objects.exists()
    assert not Attachment.objects.filter(signed_at__isnull=False).exists()


def test_an_unsigned_result_cannot_be_returned_electronically(at_approval, officers, province):
    # a paper result: the result file is filed as a result but nobody signed it (attached after the approval)
    Attachment.objects.filter(dossier=at_approval).delete()
    at_approval.result_delivery = ResultDelivery.AT_DESK
    at_approval.save(update_fields=["result_delivery"])
    ready = _approve(officers, at_approval)  # nothing to sign: a paper result needs no certificate
    upload = SimpleUploadedFile("ket-qua.pdf", a_pdf(), content_type="application/pdf")
    attachment_add(officer=officers[given.DESK], dossier=ready, upload=upload)

    with pytest.raises(services.DossierError) as refused:
        services.dossier_return(officer=officers[given.DESK], dossier=ready, delivery=ResultDelivery.ELECTRONIC)
    assert refused.value.code == services.DossierError.RESULT_NOT_SIGNED
    assert Dossier.objects.get(pk=ready.pk).status == Status.RESULT_READY
    returned = services.dossier_return(officer=officers[given.DESK], dossier=ready, delivery=ResultDelivery.AT_DESK)
    assert returned.status == Status.RETURNED


def test_electronic_delivery_needs_a_pdf_result_to_sign(at_approval, officers, province, ca):
    certificate_give(ca, user=officers[LEADER], agency=province["department"])
    Attachment.objects.filter(dossier=at_approval).delete()
    with pytest.raises(SigningError) as refused:
        _approve(officers, at_approval)
    assert refused.value.code == SigningError.NO_RESULT_TO_SIGN


def test_a_result_signed_elsewhere_with_a_trusted_certificate_counts_as_signed(at_approval, officers, province, ca,
                                                                               other_ca, trusted):  # fmt: skip
    from lienthong.signing import pdf
    from lienthong.signing.services import result_signature_recognise

    Attachment.objects.filter(dossier=at_approval).delete()
    at_approval.result_delivery = ResultDelivery.AT_DESK
    at_approval.save(update_fields=["result_delivery"])
    ready = _approve(officers, at_approval)
    stamp = pdf.StampInfo(signer_name="Trần Văn Bình", agency_name="Sở Nông nghiệp và Môi trường")
    for authority, expected in ((other_ca, False), (ca, True)):
        signed = pdf.sign(a_pdf(), profile=Profile.RESULT_AGENCY, signer=authority.signer("Trần Văn Bình"), stamp=stamp)
        upload = SimpleUploadedFile("ket-qua-da-ky.pdf", signed, content_type="application/pdf")
        attachment = attachment_add(officer=officers[given.DESK], dossier=ready, upload=upload)
        assert result_signature_recognise(attachment=attachment) is expected
        assert (Attachment.objects.get(pk=attachment.pk).signed_at is not None) is expected
    returned = services.dossier_return(officer=officers[given.DESK], dossier=ready, delivery=ResultDelivery.ELECTRONIC)
    assert returned.status == Status.RETURNED
