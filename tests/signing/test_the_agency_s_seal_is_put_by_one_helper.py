"""The agency's seal is put on a PDF in one place (`signing.seal.seal_pdf`), which the slips (Mẫu 01–05) and the
digitised copies both call: the seal validates, a key that will not open is SIGNER_UNAVAILABLE, a file that is not a
PDF becomes the caller's own error — and no other module of the app signs a PDF itself."""

from pathlib import Path

import pytest
from django.utils import timezone

import lienthong.signing
from lienthong.signing import pdf
from lienthong.signing.constants import Profile
from lienthong.signing.constants import Status as Verdict
from lienthong.signing.seal import seal_pdf
from lienthong.signing.services import SigningError, certificate_register
from lienthong.signing.verify import pdf_verify
from tests.signing.given import PASSPHRASE, a_pdf

pytestmark = pytest.mark.django_db
SEAL = "TTPVHCC phường Trấn Biên"


@pytest.fixture
def seal(ca, province):
    centre = province["commune_centre"]
    return certificate_register(agency=centre, secret=PASSPHRASE,
                                pkcs12_path=str(ca.pkcs12(SEAL, organisation=centre.name)))  # fmt: skip


def _seal(seal, content: bytes) -> bytes:
    stamp = pdf.StampInfo(signer_name=seal.subject, agency_name=seal.agency.name, at=timezone.now())
    return seal_pdf(seal=seal, content=content, profile=Profile.SLIP, stamp=stamp, purpose="Đóng dấu số",
                    unreadable=lambda error: SigningError("mine", f"không đọc được: {error}"))  # fmt: skip


def test_the_sealed_pdf_validates_with_the_seal_as_signer(seal, ca):
    verdict = pdf_verify(_seal(seal, a_pdf()), trust_roots=[ca.authority.certificate])
    assert verdict.status == Verdict.VALID
    assert [s.signer_serial for s in verdict.signatures] == [seal.serial]


def test_a_file_that_is_not_a_pdf_raises_the_caller_s_error(seal):
    with pytest.raises(SigningError) as refused:
        _seal(seal, b"not a pdf at all")
    assert refused.value.code == "mine" and "không đọc được" in str(refused.value.message)


def test_a_key_that_will_not_open_is_signer_unavailable(seal):
    seal.secret = "wrong passphrase"
    with pytest.raises(SigningError) as refused:
        _seal(seal, a_pdf())
    assert refused.value.code == SigningError.SIGNER_UNAVAILABLE


def test_no_other_module_signs_a_pdf_itself():
    # the leader's signature (services.py) has errors of its own (a refusal on the phone, B-LT)
    folder = Path(lienthong.signing.__file__).parent
    callers = sorted(p.name for p in folder.glob("*.py") if "pdf.sign(" in p.read_text(encoding="utf-8"))
    assert callers == ["seal.py", "services.py"]
