"""A development certificate authority: a root and signer certificates in PKCS#12 files, made offline.

For tests (each builds its own CA in a temporary directory) and the demo (its leaders sign with certificates made at
demo build). Never a production trust anchor: production trusts the pinned Vietnamese roots of the trust store.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEV_KDF_ROUNDS = 2048


@dataclass(frozen=True)
class DevAuthority:
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def _bounded(text: str) -> str:
    # X.520's upper bound, 64, counted by cryptography in UTF-8 bytes (a Vietnamese letter takes two or three): a
    # long agency name is cut on a character boundary (the stamp names the agency in full).
    return text.encode()[:64].decode(errors="ignore")


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, _bounded(organisation)),
        x509.NameAttribute(NameOID.COMMON_NAME, _bounded(common_name)),
    ])  # fmt: skip


def authority_create(
    *, name: str = "Liên Thông Dev Root CA", days: int = 3650, since: dt.datetime | None = None
) -> DevAuthority:
    """A self-signed root (P-256: quick to make and to sign with), valid from `since` (default: yesterday)."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    subject = _name(name, "Liên Thông (development)")
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(since or now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    return DevAuthority(key=key, certificate=certificate)


def signer_issue(
    authority: DevAuthority,
    *,
    common_name: str,
    organisation: str,
    days: int = 730,
    key=None,
    since: dt.datetime | None = None,
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A signer's key and certificate (non-repudiation, document signing), issued by `authority`; valid from `since`
    (default: an hour ago) for `days` from now (negative: already expired)."""
    key = key or ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    issuer_ski = authority.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    certificate = (
        x509.CertificateBuilder().subject_name(_name(common_name, organisation))
        .issuer_name(authority.certificate.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(since or min(now - dt.timedelta(hours=1), now + dt.timedelta(days=days - 1)))
        .not_valid_after(now + dt.timedelta(days=days))  # a negative `days`: a certificate already expired
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(issuer_ski), critical=False)
        .sign(authority.key, hashes.SHA256())
    )  # fmt: skip
    return key, certificate


def pkcs12_write(
    path: Path, *, key, certificate: x509.Certificate, authority: DevAuthority, passphrase: str, name: str = ""
) -> Path:
    """The signer's key, certificate and chain in one PKCS#12 file, protected by `passphrase` (AES-256, PBKDF2 with
    a development-grade 2,048 rounds: the demo makes one per leader, hundreds, and each is opened at every signing)."""
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder().kdf_rounds(DEV_KDF_ROUNDS)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC).hmac_hash(hashes.SHA256())
        .build(passphrase.encode())
    )  # fmt: skip
    data = pkcs12.serialize_key_and_certificates(
        (name or "signer").encode(), key, certificate, [authority.certificate], encryption
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o600)
    return path
