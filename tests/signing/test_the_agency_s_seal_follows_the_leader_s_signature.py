"""Issue 14, part 2: a result is signed by the competent person and by the agency (Decree 30/2020 art. 5) — when the
agency has its seal registered (an organisation certificate, no officer), the leader's approval signs the result and
the seal follows as a second signature (top right, no image: the AGENCY_SEAL profile). Both validate, both are
recorded, and the public page lists both, the second as the agency's seal ("Dấu của cơ quan"); a seal that cannot be
used stops the approval, nothing signed."""

import re

import pytest

from lienthong.dossiers.constants import EventKind, Status
from lienthong.dossiers.models import Attachment, Dossier
from lienthong.signing.constants import Profile
from lienthong.signing.constants import Status as Verdict
from lienthong.signing.models import SignedDocument
from lienthong.signing.selectors import stored_check
from lienthong.signing.services import SigningError, certificate_register, seal_for
from lienthong.signing.verify import pdf_verify
from tests.signing.given import PASSPHRASE, certificate_give
from tests.signing.test_the_leader_signs_the_result_on_approval import LEADER, _approve, at_approval  # noqa: F401

pytestmark = pytest.mark.django_db
SEAL = "Sở Nông nghiệp và Môi trường"


@pytest.fixture
def seal(ca, province):
    department = province["department"]
    return certificate_register(agency=department, secret=PASSPHRASE,
                                pkcs12_path=str(ca.pkcs12(SEAL, organisation=department.name)))  # fmt: skip


@pytest.fixture
def leader(ca, officers, province):
    return certificate_give(ca, user=officers[LEADER], agency=province["department"])


def test_the_seal_is_the_agency_s_certificate_with_no_officer(seal, leader, province):
    assert seal.user is None and seal_for(agency=province["department"]) == seal
    assert seal_for(agency=province["committee"]) is None
    assert leader.user is not None and seal_for(agency=province["department"]) != leader


def test_the_approval_signs_then_seals_and_both_validate(at_approval, officers, seal, leader, ca, trusted):  # noqa: F811
    ready = _approve(officers, at_approval)

    assert ready.status == Status.RESULT_READY
    (result,) = Attachment.objects.filter(dossier=ready, signed_at__isnull=False)
    signed, sealed = SignedDocument.objects.filter(attachment=result).order_by("id")
    assert [(r.profile, r.certificate, r.signer_name) for r in (signed, sealed)] == [
        (Profile.RESULT_AGENCY, leader, "Trần Văn Bình"), (Profile.AGENCY_SEAL, seal, SEAL)]  # fmt: skip
    assert sealed.sha256 == result.sha256 != signed.sha256  # the leader signed the revision the seal then covered

    with result.file.open("rb") as handle:
        verdict = pdf_verify(handle.read(), trust_roots=[ca.authority.certificate])
    assert verdict.status == Verdict.VALID
    assert [(s.signer_name, s.status) for s in verdict.signatures] == [("Trần Văn Bình", Verdict.VALID),
                                                                        (SEAL, Verdict.VALID)]  # fmt: skip
    assert stored_check(attachment=result).status == Verdict.VALID

    (described,) = ready.events.get(kind=EventKind.APPROVED).payload["signed_results"]
    assert (described["signer_serial"], described["seal_serial"], described["sha256"]) == (
        leader.serial, seal.serial, result.sha256)  # fmt: skip
    assert described["verification_url"].endswith(f"/{signed.public_id}/")


def test_the_public_page_lists_both_signatures(client, at_approval, officers, seal, leader, trusted):  # noqa: F811
    _approve(officers, at_approval)
    signed = SignedDocument.objects.select_related("attachment__dossier").get(profile=Profile.RESULT_AGENCY)

    page = client.get(f"/v/{signed.attachment.dossier.code}/{signed.public_id}/")

    assert page.status_code == 200
    html = page.content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Trạng thái: HỢP LỆ" in text and "Chữ ký số trên văn bản (2)" in text
    items = re.findall(r"<li>(.*?)</li>", html[html.index('class="verify-signatures"') :], flags=re.S)
    rows = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)) for item in items]
    assert len(rows) == 2
    assert "Trần Văn Bình" in rows[0] and leader.serial in rows[0] and "HỢP LỆ" in rows[0]
    assert SEAL in rows[1] and seal.serial in rows[1] and "HỢP LỆ" in rows[1]
    assert "Kiểu ký Dấu của cơ quan" in rows[1] and "Phụ lục" not in rows[1]


def test_a_seal_that_cannot_be_used_stops_the_approval(at_approval, officers, seal, leader):  # noqa: F811
    seal.pkcs12_path = "/khong-co/con-dau.p12"
    seal.save(update_fields=["pkcs12_path"])

    with pytest.raises(SigningError) as refused:
        _approve(officers, at_approval)

    assert refused.value.code == SigningError.SIGNER_UNAVAILABLE
    dossier = Dossier.objects.get(pk=at_approval.pk)
    assert dossier.status == Status.PROCESSING and not dossier.events.filter(kind=EventKind.APPROVED).exists()
    assert not SignedDocument.objects.exists()
    assert not Attachment.objects.filter(dossier=dossier, signed_at__isnull=False).exists()
