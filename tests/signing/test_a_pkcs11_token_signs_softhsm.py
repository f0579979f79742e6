"""Issue 14: signing with a key that never leaves a PKCS#11 token — SoftHSM, a real PKCS#11 implementation — gives a
result as valid as a PKCS#12 file does; a wrong PIN is refused with a clear error, not a crash."""

import pytest

from lienthong.signing import pdf
from lienthong.signing.constants import Profile, Status
from lienthong.signing.signers import Pkcs11Signer, SignerUnavailableError
from lienthong.signing.verify import pdf_verify
from tests.signing import softhsm
from tests.signing.given import a_pdf

pytestmark = pytest.mark.skipif(not softhsm.available(), reason="SoftHSM is not installed (apt-get install softhsm2)")


@pytest.fixture(scope="module")
def token(ca, tmp_path_factory):
    folder = tmp_path_factory.mktemp("softhsm")
    token = softhsm.token_create(folder)
    softhsm.key_import(token, folder, authority=ca.authority, common_name="Lê Thị Chủ Tịch", label="chu-tich",
                       key_id=b"\x01")  # fmt: skip
    return token


def test_a_token_key_signs_a_result_that_validates(token, ca):
    signer = Pkcs11Signer(module=token.module, token_label=token.token_label, key_label="chu-tich", pin=token.pin)
    assert signer.certificate().subject.rfc4514_string().startswith("CN=Lê Thị Chủ Tịch")
    stamp = pdf.StampInfo(signer_name="Lê Thị Chủ Tịch", agency_name="UBND xã Hòa Bình", document_number="12/QĐ-UBND")
    signed = pdf.sign(a_pdf(), profile=Profile.RESULT_AGENCY, signer=signer, stamp=stamp)

    verdict = pdf_verify(signed, trust_roots=[ca.authority.certificate])
    assert verdict.status == Status.VALID
    assert verdict.last.signer_name == "Lê Thị Chủ Tịch"


def test_a_wrong_pin_is_refused(token):
    signer = Pkcs11Signer(module=token.module, token_label=token.token_label, key_label="chu-tich", pin="000000")
    with pytest.raises(SignerUnavailableError), signer.session():
        pass
