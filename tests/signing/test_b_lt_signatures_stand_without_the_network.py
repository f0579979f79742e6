"""Issue 14, part 2: with a timestamp authority and revocation sources configured, a signature is PAdES B-LT — an RFC
3161 timestamp, and the chain's OCSP responses and CRLs fetched at signing and embedded (the DSS) — so it validates
with fetching switched off and revocation required; a B-B signature does not pass that check. A TSA that does not
answer signs nothing, and the leader's approval is refused with the reason. The demo stays B-B."""

import io

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError
from pyhanko_certvalidator import ValidationContext

from lienthong.dossiers.constants import EventKind, Status
from lienthong.dossiers.models import Attachment, Dossier
from lienthong.signing import pdf
from lienthong.signing.constants import Profile
from lienthong.signing.constants import Status as Verdict
from lienthong.signing.selectors import stored_check
from lienthong.signing.services import SigningError
from lienthong.signing.verify import pdf_verify
from tests.signing.given import a_pdf
from tests.signing.pki import certificate_give, trust
from tests.signing.test_the_leader_signs_the_result_on_approval import LEADER, _approve, at_approval  # noqa: F401

STAMP = pdf.StampInfo(signer_name="Trần Văn Bình", agency_name="Sở Tài nguyên và Môi trường", document_number="7/GCN")


def _offline_strict(signed: bytes, root, index: int = 0) -> tuple[bool, bool]:
    """(trusted, timestamp trusted) of signature `index` as pyHanko judges them with no network and revocation
    required for every certificate of the chain: only what the document carries counts."""
    reader = PdfFileReader(io.BytesIO(signed))
    kwargs = {"trust_roots": [asn1_x509.Certificate.load(root.public_bytes(Encoding.DER))], "allow_fetching": False,
              "revocation_mode": "hard-fail"}  # fmt: skip
    try:
        context = DocumentSecurityStore.read_dss(reader).as_validation_context(kwargs)
    except NoDSSFoundError:
        context = ValidationContext(**kwargs, ocsps=[], crls=[])
    status = validate_pdf_signature(reader.embedded_signatures[index], context)
    assert status.intact and status.valid
    stamp = status.timestamp_validity
    return status.trusted, bool(stamp and stamp.trusted)


@pytest.fixture(scope="module")
def b_lt(pki) -> bytes:
    ltv = pdf.Ltv(tsa_url=pki.tsa_url, trust_roots=(pki.root,))
    return pdf.sign(a_pdf(), profile=Profile.RESULT_AGENCY, signer=pki.signer("leader"), stamp=STAMP, ltv=ltv)


def test_a_b_lt_signature_validates_with_fetching_off(b_lt, pki):
    assert _offline_strict(b_lt, pki.root) == (True, True)

    dss = DocumentSecurityStore.read_dss(PdfFileReader(io.BytesIO(b_lt)))
    assert dss.ocsps and dss.crls  # the leader's OCSP response; the CRLs of the root (for the CA and the TSA)
    verdict = pdf_verify(b_lt, trust_roots=[pki.root])
    assert verdict.status == Verdict.VALID
    assert verdict.last.revocation_embedded and verdict.last.timestamped_at is not None


def test_a_b_b_signature_does_not_pass_the_offline_check(pki):
    b_b = pdf.sign(a_pdf(), profile=Profile.RESULT_AGENCY, signer=pki.signer("leader"), stamp=STAMP)
    assert _offline_strict(b_b, pki.root) == (False, False)
    assert pdf_verify(b_b, trust_roots=[pki.root]).last.timestamped_at is None


def test_a_tsa_that_does_not_answer_signs_nothing(pki):
    import socket

    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/tsa"
    with pytest.raises(pdf.LtvUnavailableError):
        pdf.sign(a_pdf(), profile=Profile.RESULT_AGENCY, signer=pki.signer("leader"), stamp=STAMP,
                 ltv=pdf.Ltv(tsa_url=url, trust_roots=(pki.root,), timeout=2))  # fmt: skip


@pytest.mark.django_db
def test_configured_the_approval_signs_and_seals_b_lt(at_approval, officers, province, pki, settings):  # noqa: F811
    settings.LIENTHONG_SIGNING_TSA_URL, settings.LIENTHONG_SIGNING_REVOCATION_FETCH = pki.tsa_url, True
    trust(pki)
    certificate_give(pki, "leader", user=officers[LEADER], agency=province["department"])
    certificate_give(pki, "seal", user=None, agency=province["department"])

    ready = _approve(officers, at_approval)

    (result,) = Attachment.objects.filter(dossier=ready, signed_at__isnull=False)
    with result.file.open("rb") as handle:
        content = handle.read()
    assert _offline_strict(content, pki.root, 0) == (True, True)  # the leader's, its DSS then the seal after it
    assert _offline_strict(content, pki.root, 1) == (True, True)  # the seal's
    check = stored_check(attachment=result)
    assert check.status == Verdict.VALID
    assert [s.signer_name for s in check.verification.signatures] == ["Trần Văn Bình", "Sở Tài nguyên và Môi trường"]


@pytest.mark.django_db
def test_a_revoked_leader_s_approval_is_refused_with_the_reason(at_approval, officers, province, pki, settings):  # noqa: F811
    trust(pki)
    # registered before B-LT was configured (with revocation fetching on, registration itself refuses it)
    certificate_give(pki, "revoked-leader", user=officers[LEADER], agency=province["department"])
    settings.LIENTHONG_SIGNING_TSA_URL, settings.LIENTHONG_SIGNING_REVOCATION_FETCH = pki.tsa_url, True

    with pytest.raises(SigningError) as refused:
        _approve(officers, at_approval)

    assert refused.value.code == SigningError.LTV_UNAVAILABLE
    assert "đã bị thu hồi" in str(refused.value.message)
    dossier = Dossier.objects.get(pk=at_approval.pk)
    assert dossier.status == Status.PROCESSING and not dossier.events.filter(kind=EventKind.APPROVED).exists()
