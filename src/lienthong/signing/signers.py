"""Signer backends behind one interface: `session()`, a context manager yielding a pyHanko signer, and
`certificate()`, the signer's X.509 certificate (for its serial, name and expiry).

- `Pkcs12Signer`: a PKCS#12 file and its passphrase (development, the demo);
- `Pkcs11Signer`: a key on a PKCS#11 token or HSM (a USB token, a network HSM; SoftHSM in the tests).
"""

import contextlib
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.sign import signers


class SignerUnavailableError(Exception):
    """The key cannot be used: file missing, wrong passphrase or PIN, token absent."""


@dataclass(frozen=True)
class Pkcs12Signer:
    path: Path
    passphrase: str

    def _load(self) -> tuple:
        try:
            data = Path(self.path).read_bytes()
            return pkcs12.load_key_and_certificates(data, self.passphrase.encode())
        except (OSError, ValueError) as error:
            raise SignerUnavailableError(f"PKCS#12 {self.path}: {error}") from error

    def certificate(self) -> x509.Certificate:
        return self._load()[1]

    @contextlib.contextmanager
    def session(self):
        self._load()  # a clear SignerUnavailableError rather than pyHanko's None for a bad passphrase
        signer = signers.SimpleSigner.load_pkcs12(str(self.path), passphrase=self.passphrase.encode())
        if signer is None:
            raise SignerUnavailableError(f"PKCS#12 {self.path}: cannot be opened")
        yield signer


@dataclass(frozen=True)
class Pkcs11Signer:
    module: str  # the PKCS#11 library (e.g. /usr/lib/softhsm/libsofthsm2.so, a token vendor's .so)
    token_label: str
    key_label: str
    pin: str

    @contextlib.contextmanager
    def _session(self):
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import open_pkcs11_session

        try:
            criteria = TokenCriteria(label=self.token_label)
            session = open_pkcs11_session(self.module, token_criteria=criteria, user_pin=self.pin)
        except Exception as error:  # python-pkcs11 raises its own hierarchy (no token, PIN incorrect, ...)
            raise SignerUnavailableError(f"PKCS#11 token {self.token_label!r}: {error!r}") from error
        try:
            yield session
        finally:
            session.close()

    def certificate(self) -> x509.Certificate:
        from pyhanko.sign.pkcs11 import PKCS11Signer

        with self._session() as session:
            cert: asn1_x509.Certificate = PKCS11Signer(session, cert_label=self.key_label).signing_cert
            return x509.load_der_x509_certificate(cert.dump())

    @contextlib.contextmanager
    def session(self):
        from pyhanko.sign.pkcs11 import PKCS11Signer

        with self._session() as session:
            # The digest is computed here and the token signs it raw (CKM_ECDSA, CKM_RSA_PKCS): every token does those,
            # while the combined mechanisms (CKM_ECDSA_SHA256, ...) are missing from many (SoftHSM among them).
            yield PKCS11Signer(session, cert_label=self.key_label, key_label=self.key_label, use_raw_mechanism=True)
