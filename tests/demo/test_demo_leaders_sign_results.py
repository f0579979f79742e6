"""Issue 14 in the demo: the build makes a development CA (offline) and registers a PKCS#12 for every leader in the
agency they lead, its root in the trust store; so a demo leader's approval signs the result, which verifies HỢP LỆ."""

import pytest
from django.core.files.base import ContentFile

from lienthong.catalogue.constants import StepAction
from lienthong.dossiers.constants import Status as DossierStatus
from lienthong.dossiers.constants import StepKind, StepState
from lienthong.dossiers.models import StepInstance
from lienthong.dossiers.services.files import attachment_add
from lienthong.org.constants import Role
from lienthong.org.models import OfficerRole
from lienthong.signing.constants import Status
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
