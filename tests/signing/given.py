"""A certificate authority of the tests' own, made in a temporary folder at test time (never the OS trust store,
never a download), and the signers it issues. Valid from 2020, so tests that travel in time still sign."""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from lienthong.signing import devca
from lienthong.signing.signers import Pkcs12Signer

PASSPHRASE = "mat-khau-thu"  # a throw-away key's passphrase
SINCE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@dataclass
class TestCa:
    authority: devca.DevAuthority
    folder: Path

    def pkcs12(self, common_name: str, organisation: str = "Sở Tài nguyên và Môi trường", **kwargs) -> Path:
        kwargs.setdefault("since", SINCE if kwargs.get("days", 730) > 0 else None)
        key, certificate = devca.signer_issue(self.authority, common_name=common_name, organisation=organisation,
                                              **kwargs)  # fmt: skip
        name = f"{abs(hash((common_name, certificate.serial_number)))}.p12"
        return devca.pkcs12_write(self.folder / name, key=key, certificate=certificate, authority=self.authority,
                                  passphrase=PASSPHRASE)  # fmt: skip

    def signer(self, common_name: str, **kwargs) -> Pkcs12Signer:
        return Pkcs12Signer(path=self.pkcs12(common_name, **kwargs), passphrase=PASSPHRASE)


def test_ca(folder: Path) -> TestCa:
    return TestCa(authority=devca.authority_create(name="Test Root CA (Liên Thông tests)", since=SINCE, days=36500),
                  folder=folder)  # fmt: skip


def a_pdf(title: str = "Giấy chứng nhận quyền sử dụng đất", pages: int = 1) -> bytes:
    """A small PDF as the province's own templates make them (WeasyPrint)."""
    import weasyprint

    body = "".join(f"<section style='page-break-after: always'><h1>{title}</h1><p>Trang {n}</p></section>"
                   for n in range(1, pages + 1))  # fmt: skip
    return weasyprint.HTML(string=f"<html lang='vi'><body>{body}</body></html>").write_pdf()


def certificate_give(ca: TestCa, *, user, agency, common_name: str = "Trần Văn Bình", **kwargs):
    """An officer's PKCS#12 registered for signing in `agency` (signing.services.certificate_register)."""
    from lienthong.signing.services import certificate_register

    path = ca.pkcs12(common_name, organisation=agency.name, **kwargs)
    return certificate_register(user=user, agency=agency, secret=PASSPHRASE, pkcs12_path=str(path))


# -- for the tests of other parts that need a signed result (an electronic return needs one) ------------------------

_SHARED: dict[str, object] = {}


def shared_ca() -> TestCa:
    """One authority per test process, in a temporary folder (its root joins a test's trust store by `trust_shared`)."""
    if "ca" not in _SHARED:
        import tempfile

        _SHARED["ca"] = test_ca(Path(tempfile.mkdtemp(prefix="lienthong-test-ca-")))
    return _SHARED["ca"]  # type: ignore[return-value]


def trust_shared() -> None:
    """The shared authority's root in the trust store of the test's database."""
    from lienthong.signing.models import TrustAnchor

    TrustAnchor.objects.get_or_create(name="Test Root CA (shared)", pem=shared_ca().authority.pem.decode())


def signed_pdf(content: bytes | None = None, *, signer_name: str = "Trần Văn Bình") -> bytes:
    """A result PDF signed by a leader of the shared authority (PAdES, as the approval signs it)."""
    from lienthong.signing import pdf
    from lienthong.signing.constants import Profile

    if ("signer", signer_name) not in _SHARED:
        _SHARED[("signer", signer_name)] = shared_ca().signer(signer_name)
    stamp = pdf.StampInfo(signer_name=signer_name, agency_name="Sở Nông nghiệp và Môi trường")
    return pdf.sign(content or a_pdf(), profile=Profile.RESULT_AGENCY, signer=_SHARED[("signer", signer_name)],
                    stamp=stamp)  # fmt: skip


def signed_result_attach(*, officer, dossier, name: str = "ket-qua.pdf", content: bytes | None = None, **kwargs):
    """A result signed elsewhere with a trusted certificate, attached by `officer`: it counts as signed."""
    from django.core.files.base import ContentFile

    from lienthong.dossiers.services.files import attachment_add
    from lienthong.signing.services import result_signature_recognise

    trust_shared()
    upload = ContentFile(content or signed_pdf(), name=name)
    attachment = attachment_add(officer=officer, dossier=dossier, upload=upload, kind="result", **kwargs)
    assert result_signature_recognise(attachment=attachment)
    attachment.refresh_from_db()
    return attachment


def trusted_signed_pdf(content: bytes | None = None) -> bytes:
    """A result the unit's own software signed with a certificate the province trusts (for the gateway's tests)."""
    trust_shared()
    return signed_pdf(content)
