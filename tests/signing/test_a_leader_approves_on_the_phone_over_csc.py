"""Issue 14, part 2: remote signing — the leader's key is held by a signing service that speaks the Cloud Signature
Consortium API (certomancer-csc-dummy, the local stand-in for a Vietnamese remote-signing provider), and each
signature is authorised on the leader's phone. Approved, the result is signed and valid; refused, or left unanswered,
the leader gets the reason in Vietnamese and the step stays unapproved, nothing signed."""

import re

import pytest

from lienthong.dossiers.constants import EventKind, Status
from lienthong.dossiers.models import Attachment, Dossier
from lienthong.signing import pdf
from lienthong.signing.constants import Backend, Profile
from lienthong.signing.constants import Status as Verdict
from lienthong.signing.models import SignedDocument
from lienthong.signing.selectors import stored_check
from lienthong.signing.services import SigningError, certificate_register
from lienthong.signing.signers import CscSigner, SigningRefusedError
from lienthong.signing.verify import pdf_verify
from tests.backoffice import scope_given as given
from tests.backoffice.scope_given import action_url, as_officer, dossier_url
from tests.signing.given import a_pdf
from tests.signing.pki import trust
from tests.signing.test_the_leader_signs_the_result_on_approval import LEADER, _approve, at_approval  # noqa: F401

STAMP = pdf.StampInfo(signer_name="Trần Văn Bình", agency_name="Sở Tài nguyên và Môi trường")


@pytest.fixture
def phone(pki):
    """The officers' answers on the phone, each test starting with every request approved."""
    pki.phone.clear()
    yield pki.phone
    pki.phone.clear()


def test_a_remote_key_signs_a_result_that_validates(pki, phone):
    signer = CscSigner(service_url=pki.csc_url, credential_id=pki.credential("leader"))
    assert signer.certificate() == pki.certificate("leader")

    signed = pdf.sign(a_pdf(), profile=Profile.RESULT_AGENCY, signer=signer, stamp=STAMP)

    verdict = pdf_verify(signed, trust_roots=[pki.root])
    assert verdict.status == Verdict.VALID and verdict.last.signer_name == "Trần Văn Bình"


def test_a_refusal_on_the_phone_signs_nothing(pki, phone):
    phone[pki.credential("leader")] = "refuse"
    signer = CscSigner(service_url=pki.csc_url, credential_id=pki.credential("leader"))
    with pytest.raises(SigningRefusedError) as refused:
        pdf.sign(a_pdf(), profile=Profile.RESULT_AGENCY, signer=signer, stamp=STAMP)
    assert refused.value.answer == "access_denied"


@pytest.fixture
def remote(officers, province, pki, phone, settings, db):
    settings.LIENTHONG_SIGNING_CSC_URL = pki.csc_url
    trust(pki)
    return certificate_register(user=officers[LEADER], agency=province["department"], backend=Backend.CSC,
                                csc_credential_id=pki.credential("leader"))  # fmt: skip


@pytest.mark.django_db
def test_registering_a_remote_credential_reads_its_certificate_from_the_service(remote, pki, officers, province):
    assert (remote.subject, remote.serial) == ("Trần Văn Bình", format(pki.certificate("leader").serial_number, "X"))
    assert remote.not_after == pki.certificate("leader").not_valid_after_utc

    with pytest.raises(SigningError) as unknown:
        certificate_register(user=officers[LEADER], agency=province["department"], backend=Backend.CSC,
                             csc_credential_id="lienthong/khong-co")  # fmt: skip
    assert unknown.value.code == SigningError.SIGNER_UNAVAILABLE


@pytest.mark.django_db
def test_approved_on_the_phone_the_approval_signs(at_approval, officers, remote):  # noqa: F811
    ready = _approve(officers, at_approval)

    assert ready.status == Status.RESULT_READY
    (result,) = Attachment.objects.filter(dossier=ready, signed_at__isnull=False)
    (record,) = SignedDocument.objects.filter(attachment=result)
    assert (record.signer_serial, record.certificate) == (remote.serial, remote)
    assert stored_check(attachment=result).status == Verdict.VALID


@pytest.mark.parametrize(
    ("answer", "reason"),
    [("refuse", "Yêu cầu ký số đã bị từ chối trên ứng dụng ký số từ xa (điện thoại): hồ sơ chưa được phê duyệt"),
     ("away", "Không nhận được xác nhận ký số trên điện thoại trong 120 giây: hồ sơ chưa được phê duyệt")],
)  # fmt: skip
@pytest.mark.django_db
def test_refused_or_unanswered_the_step_stays_unapproved(at_approval, officers, remote, pki, phone, answer, reason):  # noqa: F811
    phone[pki.credential("leader")] = answer

    with pytest.raises(SigningError) as refused:
        _approve(officers, at_approval)

    assert refused.value.code == SigningError.SIGNING_REFUSED
    assert reason in str(refused.value.message)
    dossier = Dossier.objects.get(pk=at_approval.pk)
    assert dossier.status == Status.PROCESSING and not dossier.events.filter(kind=EventKind.APPROVED).exists()
    assert given.active(dossier, "Phê duyệt") is not None
    assert not Attachment.objects.filter(dossier=dossier, signed_at__isnull=False).exists()
    assert not SignedDocument.objects.exists()


@pytest.mark.django_db
def test_the_leader_is_told_to_confirm_on_the_phone_and_reads_a_refusal(at_approval, officers, remote, pki, phone):  # noqa: F811
    leader = as_officer(officers[LEADER])
    page = re.sub(r"\s+", " ", leader.get(dossier_url(at_approval)).content.decode())
    assert "xác nhận yêu cầu ký trên ứng dụng ký số của điện thoại trong 120 giây" in page

    phone[pki.credential("leader")] = "refuse"
    step = given.active(at_approval, "Phê duyệt")
    answer = leader.post(action_url(at_approval, "approve"), {"step": step.pk, "note": "Đồng ý"}, follow=True)

    text = re.sub(r"\s+", " ", answer.content.decode())
    assert "Yêu cầu ký số đã bị từ chối trên ứng dụng ký số từ xa (điện thoại)" in text
    assert Dossier.objects.get(pk=at_approval.pk).status == Status.PROCESSING


@pytest.mark.django_db
def test_a_service_failing_after_the_approval_refuses_it_with_the_reason(at_approval, officers, remote, pki, phone):  # noqa: F811
    phone[pki.credential("leader")] = "broken"

    with pytest.raises(SigningError) as refused:
        _approve(officers, at_approval)

    assert refused.value.code == SigningError.SIGNER_UNAVAILABLE
    assert Dossier.objects.get(pk=at_approval.pk).status == Status.PROCESSING
    assert not SignedDocument.objects.exists()
