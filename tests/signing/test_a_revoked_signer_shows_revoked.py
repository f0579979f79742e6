"""Issue 14, part 2: a signature whose certificate was revoked is "revoked" — learnt from the revocation data the
document carries (its DSS) with no network, or, with revocation fetching configured, from the CA's OCSP responder —
and the public page says "Chứng thư số đã bị thu hồi". Without either (a B-B signature, fetching off) nothing is
known of revocation and the signature stands, as in a PDF reader offline (docs/signing.md)."""

import datetime as dt
import io
import re

import pytest
from certomancer.registry import ServiceLabel
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.dss import DocumentSecurityStore

from lienthong.signing import pdf
from lienthong.signing.constants import Profile, Status
from lienthong.signing.models import SignedDocument
from lienthong.signing.services import SigningError
from lienthong.signing.verify import pdf_verify
from tests.signing.given import a_pdf
from tests.signing.pki import certificate_give, trust
from tests.signing.test_the_leader_signs_the_result_on_approval import LEADER, _approve, at_approval  # noqa: F401

STAMP = pdf.StampInfo(signer_name="Nguyễn Văn Thu Hồi", agency_name="Sở Tài nguyên và Môi trường")


@pytest.fixture(scope="module")
def revoked(pki) -> bytes:
    return pdf.sign(a_pdf(), profile=Profile.RESULT_AGENCY, signer=pki.signer("revoked-leader"), stamp=STAMP)


def _with_crl(signed: bytes, pki) -> bytes:
    """The document with its CA's current CRL in its DSS, as a B-LT signature or a later archival update carries it."""
    crl = pki.arch.service_registry.get_crl(ServiceLabel("interm"), at_time=dt.datetime.now(dt.UTC))
    out = io.BytesIO(signed)
    contents = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0].sig_object["/Contents"]
    DocumentSecurityStore.add_dss(out, contents, crls=[crl])
    return out.getvalue()


def test_the_crl_in_the_document_says_revoked_with_no_network(revoked, pki):
    verdict = pdf_verify(_with_crl(revoked, pki), trust_roots=[pki.root])
    assert verdict.status == Status.REVOKED
    assert verdict.status_label == "CHỨNG THƯ SỐ ĐÃ BỊ THU HỒI"
    assert verdict.last.signer_name == "Nguyễn Văn Thu Hồi"


def test_a_good_leader_s_crl_in_the_document_leaves_it_valid(pki):
    good = pdf.sign(a_pdf(), profile=Profile.RESULT_AGENCY, signer=pki.signer("leader"), stamp=STAMP)
    assert pdf_verify(_with_crl(good, pki), trust_roots=[pki.root]).status == Status.VALID


def test_the_ocsp_responder_says_revoked_when_fetching_is_configured(revoked, pki):
    assert pdf_verify(revoked, trust_roots=[pki.root], fetch=True).status == Status.REVOKED
    assert pdf_verify(revoked, trust_roots=[pki.root], fetch=False).status == Status.VALID  # B-B: nothing known


def test_a_modified_document_stays_modified_whatever_its_signer(revoked, pki):
    changed = bytearray(_with_crl(revoked, pki))
    at = changed.index(b"stream", changed.index(b"/Contents")) + len(b"stream\n") + 5
    changed[at] ^= 0x01
    assert pdf_verify(bytes(changed), trust_roots=[pki.root], fetch=True).status == Status.MODIFIED


@pytest.mark.django_db
def test_the_public_page_shows_a_revoked_signer(client, at_approval, officers, province, pki, settings):  # noqa: F811
    trust(pki)
    certificate_give(pki, "revoked-leader", user=officers[LEADER], agency=province["department"])
    _approve(officers, at_approval)  # B-B (no TSA configured): the approval does not check revocation
    signed = SignedDocument.objects.select_related("attachment__dossier").get()
    url = f"/v/{signed.attachment.dossier.code}/{signed.public_id}/"

    settings.LIENTHONG_SIGNING_REVOCATION_FETCH = True
    page = client.get(url)

    assert page.status_code == 200
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))
    assert "Trạng thái: CHỨNG THƯ SỐ ĐÃ BỊ THU HỒI" in text
    assert "Chứng thư số đã bị thu hồi" in text and "Nguyễn Văn Thu Hồi" in text


@pytest.mark.django_db
def test_with_revocation_fetching_a_revoked_certificate_is_not_registered(officers, province, pki, settings):
    trust(pki)
    settings.LIENTHONG_SIGNING_REVOCATION_FETCH = True

    with pytest.raises(SigningError) as refused:
        certificate_give(pki, "revoked-leader", user=officers[LEADER], agency=province["department"])

    assert refused.value.code == SigningError.CERTIFICATE_REVOKED
    assert "Chứng thư số đã bị thu hồi: chứng thư của Nguyễn Văn Thu Hồi" in str(refused.value.message)
    assert certificate_give(pki, "leader", user=officers[LEADER], agency=province["department"]).is_active
