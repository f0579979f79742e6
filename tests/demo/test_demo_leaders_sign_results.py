"""Issue 14 in the demo: the build makes a development CA (offline) and registers a PKCS#12 for every leader in the
agency they lead and every desk officer at their desk, its root in the trust store; so a demo leader's approval signs
the result, which verifies HỢP LỆ, a copy certified at a desk is signed by its certifier then sealed, and the IT
officer's list of certificates has some to renew."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from lienthong.catalogue.constants import StepAction
from lienthong.dossiers.constants import Status as DossierStatus
from lienthong.dossiers.constants import StepKind, StepState
from lienthong.dossiers.models import Dossier, StepInstance
from lienthong.dossiers.services.files import attachment_add
from lienthong.org.constants import Role
from lienthong.org.models import OfficerRole
from lienthong.signing.constants import Profile, Status
from lienthong.signing.models import SignedDocument, SignerCertificate, TrustAnchor
from lienthong.signing.selectors import stored_check
from lienthong.signing.services import dossier_approve_and_sign
from tests.files import PDF

pytestmark = pytest.mark.django_db


def test_every_leader_has_a_certificate_in_the_agency_they_lead(demo):
    leaders = set(OfficerRole.objects.filter(role=Role.LEADER, is_active=True).values_list("user_id", "agency_id"))
    registered = set(SignerCertificate.objects.filter(is_active=True).values_list("user_id", "agency_id"))
    assert leaders and leaders <= registered
    assert TrustAnchor.objects.filter(name="Liên Thông Demo Root CA", is_active=True).exists()


def test_every_agency_a_leader_signs_for_or_a_desk_works_in_has_its_seal(demo):
    signing = set(OfficerRole.objects.filter(role=Role.LEADER, is_active=True).values_list("agency_id", flat=True))
    desks = set(OfficerRole.objects.filter(role=Role.RECEIVER, is_active=True).values_list("agency_id", flat=True))
    sealed = set(SignerCertificate.objects.filter(user=None, is_active=True).values_list("agency_id", flat=True))
    assert signing and desks and signing | desks == sealed


def test_a_demo_leader_approves_and_the_result_verifies_valid(demo):
    # given a demo dossier waiting at a leader's approval, with its result attached
    active = StepInstance.objects.filter(state=StepState.ACTIVE, kind=StepKind.STEP, role=Role.LEADER,
                                         dossier__status=DossierStatus.PROCESSING)  # fmt: skip
    active = active.select_related("step", "dossier", "agency").order_by("id")
    waiting = [s for s in active if s.step and StepAction.APPROVE in (s.step.actions or [])]
    assert waiting, "the demo history has a dossier at an approval step"
    step = waiting[0]
    leader = OfficerRole.objects.filter(agency=step.agency, role=Role.LEADER, is_active=True).first().user
    attachment_add(officer=leader, dossier=step.dossier, upload=ContentFile(PDF, name="ket-qua.pdf"), kind="result")
    # when the leader approves
    dossier_approve_and_sign(officer=leader, dossier=step.dossier, step_instance=step, note="Đồng ý")
    # then the result is signed and verifies against the demo's trust store
    # the leader's signature, then the agency's seal over it
    results = SignedDocument.objects.filter(attachment__dossier=step.dossier, attachment__kind="result")
    leader_signed, sealed = results.order_by("id")  # (a digitised paper of the dossier carries signatures too)
    assert leader_signed.attachment_id == sealed.attachment_id
    assert stored_check(attachment=sealed.attachment).status == Status.VALID
    # and the agency's seal follows the leader's signature
    approved = step.dossier.events.filter(kind="approved").latest("id")
    seal = SignerCertificate.objects.get(user=None, agency=step.agency, is_active=True)
    assert approved.payload["signed_results"][0]["seal_serial"] == seal.serial


def test_every_desk_officer_holds_a_certificate_so_a_certified_copy_is_signed_by_its_certifier(demo):
    desks = set(OfficerRole.objects.filter(role=Role.RECEIVER, is_active=True, user__is_active=True)
                .values_list("user_id", "agency_id"))  # fmt: skip
    registered = set(SignerCertificate.objects.filter(is_active=True).values_list("user_id", "agency_id"))
    assert desks and desks <= registered
    copies = SignedDocument.objects.filter(profile="e_copy").order_by("attachment_id", "id")
    by_copy = {}
    for record in copies.select_related("certificate", "attachment"):
        by_copy.setdefault(record.attachment_id, []).append(record)
    assert by_copy, "the demo certifies copies at its desks"
    for certifier, seal in by_copy.values():  # the desk officer who digitised, then the agency's seal
        assert certifier.certificate.user_id == certifier.attachment.digitised_by_id == certifier.signed_by_id
        assert seal.certificate.user_id is None and seal.certificate.agency_id == certifier.certificate.agency_id


def test_the_it_officer_s_expiry_list_shows_a_province_s_mix(demo):
    now = timezone.now()
    people = SignerCertificate.objects.filter(user__isnull=False)
    active = people.filter(is_active=True)
    soon = active.filter(not_after__lte=now + dt.timedelta(days=30)).count()
    # a share runs out within the month (the list's "Hết hạn trong 30 ngày"), none of the active ones has expired,
    # and some holders' earlier certificates expired and were replaced ("Đã hết hạn")
    assert 0.05 * active.count() < soon < 0.25 * active.count()
    assert not active.filter(not_after__lte=now).exists()
    expired = people.filter(is_active=False, not_after__lte=now)
    assert 0.03 * active.count() < expired.count() < 0.2 * active.count()
    assert all(active.filter(user=c.user, agency=c.agency).exists() for c in expired)
    # the accounts a visitor signs in with can sign for two years
    named = ["lanhdao.stp", "motcua.tinh", "motcua.tranbien", "lanhdao.tranbien"]
    for certificate in active.filter(user__username__in=named):
        assert certificate.not_after > now + dt.timedelta(days=700)
    assert active.filter(user__username__in=named).count() == len(named)


def test_the_build_signs_and_returns_a_few_results_a_newcomer_can_verify(demo, client):
    if not demo.signed_results:
        # a small history may have no dossier waiting at a last approval whose agency has a person as leader (most
        # agencies' leader role is held by their connected software's service account): then none was eligible
        people = OfficerRole.objects.filter(role=Role.LEADER, is_active=True, user__connected_system__isnull=True)
        waiting = StepInstance.objects.filter(state=StepState.ACTIVE, role=Role.LEADER, dossier__status="processing",
                                              agency__in=people.values("agency_id"))  # fmt: skip
        assert not [s for s in waiting if s.step and StepAction.APPROVE in (s.step.actions or [])][1:]
        return
    # the build names them, with the digits the tracking page asks for
    assert any(signed.code in line for signed in demo.signed_results for line in demo.lines())
    for signed in demo.signed_results:
        dossier = Dossier.objects.get(code=signed.code)
        assert dossier.status == DossierStatus.RETURNED and dossier.result_delivery == "electronic"
        (result,) = dossier.attachments.filter(kind="result", signed_at__isnull=False)
        leader, seal = result.signatures.order_by("id")
        assert (leader.profile, seal.profile) == (Profile.RESULT_AGENCY, Profile.AGENCY_SEAL)
        assert seal.certificate.user_id is None
        assert not hasattr(leader.certificate.user, "connected_system")  # a person signs, not the unit's software
        assert result.sha256 == seal.sha256  # the file as issued is the sealed one (verified in tests/signing and e2e)
    # from the tracking page: the result's download and the link to its verification page
    signed = demo.signed_results[0]
    page = client.get("/tra-cuu/", {"code": signed.code, "digits": signed.digits}).content.decode()
    leader = SignedDocument.objects.filter(attachment__dossier__code=signed.code, profile=Profile.RESULT_AGENCY).get()
    assert f"/v/{signed.code}/{leader.public_id}/" in page and "Kiểm tra chữ ký số" in page
