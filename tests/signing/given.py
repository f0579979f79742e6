"""A certificate authority of the tests' own, made in a temporary folder at test time (never the OS trust store,
never a download), and the signers it issues."""

from dataclasses import dataclass
from pathlib import Path

from lienthong.signing import devca
from lienthong.signing.signers import Pkcs12Signer

PASSPHRASE = "mat-khau-thu"  # a throw-away key's passphrase


@dataclass
class TestCa:
    authority: devca.DevAuthority
    folder: Path

    def pkcs12(self, common_name: str, organisation: str = "Sở Tài nguyên và Môi trường", **kwargs) -> Path:
        key, certificate = devca.signer_issue(self.authority, common_name=common_name, organisation=organisation,
                                              **kwargs)  # fmt: skip
        name = f"{abs(hash((common_name, certificate.serial_number)))}.p12"
        return devca.pkcs12_write(self.folder / name, key=key, certificate=certificate, authority=self.authority,
                                  passphrase=PASSPHRASE)  # fmt: skip

    def signer(self, common_name: str, **kwargs) -> Pkcs12Signer:
        return Pkcs12Signer(path=self.pkcs12(common_name, **kwargs), passphrase=PASSPHRASE)


def test_ca(folder: Path) -> TestCa:
    return TestCa(authority=devca.authority_create(name="Test Root CA (Liên Thông tests)"), folder=folder)


def a_pdf(title: str = "Giấy chứng nhận quyền sử dụng đất", pages: int = 1) -> bytes:
    """A small PDF as the province's own templates make them (WeasyPrint)."""
    import weasyprint

    body = "".join(f"<section style='page-break-after: always'><h1>{title}</h1><p>Trang {n}</p></section>"
                   for n in range(1, pages + 1))  # fmt: skip
    return weasyprint.HTML(string=f"<html lang='vi'><body>{body}</body></html>").write_pdf()
