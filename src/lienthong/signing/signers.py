"""Signer backends behind one interface: `session()`, a context manager yielding a pyHanko signer, and
`certificate()`, the signer's X.509 certificate (for its serial, name and expiry).

- `Pkcs12Signer`: a PKCS#12 file and its passphrase (development, the demo);
- `Pkcs11Signer`: a key on a PKCS#11 token or HSM (a USB token, a network HSM; SoftHSM in the tests);
- `CscSigner`: a key held by a remote signing service, over the Cloud Signature Consortium API, each signature
  approved by the officer on a phone (certomancer-csc-dummy in the tests). It signs inside the event loop of the
  signing (`async_session()`), where its HTTP session lives.
"""

import asyncio
import contextlib
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.sign import signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.csc_signer import (
    CSCAuthorizationManager,
    CSCServiceSessionInfo,
    CSCSigner,
    fetch_certs_in_csc_credential,
)


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

    def chain(self) -> list[x509.Certificate]:
        """The CA certificates the file carries beside the signer's (for validating it at registration)."""
        return list(self._load()[2] or [])

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

    def chain(self) -> list[x509.Certificate]:
        return []  # a token rarely holds its CA's certificates; the trust store and the certificate's AIA do

    @contextlib.contextmanager
    def session(self):
        from pyhanko.sign.pkcs11 import PKCS11Signer

        with self._session() as session:
            # The digest is computed here and the token signs it raw (CKM_ECDSA, CKM_RSA_PKCS): every token does those,
            # while the combined mechanisms (CKM_ECDSA_SHA256, ...) are missing from many (SoftHSM among them).
            yield PKCS11Signer(session, cert_label=self.key_label, key_label=self.key_label, use_raw_mechanism=True)


class SigningRefusedError(SignerUnavailableError):
    """The remote signing service did not authorise the signature: the officer refused it on the phone, or did not
    answer in time. `answer` is the service's error code (CSC: `access_denied`, `expired_token`, ...)."""

    def __init__(self, answer: str, description: str = ""):
        super().__init__(f"{answer}: {description}" if description else answer)
        self.answer = answer


@dataclass(frozen=True)
class CscSigner:
    """A key held by a remote signing service, used through the Cloud Signature Consortium API v1 (what Vietnamese
    remote-signing providers speak or front): the service knows the officer's credential, and each signature is
    authorised by the officer on the provider's phone app before `credentials/authorize` answers with the SAD."""

    service_url: str  # the API's base, before /csc/v1/
    credential_id: str
    token: str = ""  # the bearer token the province's contract gives, if the service wants one
    pin: str = ""  # the credential's PIN, if the service asks for one with the authorisation
    timeout: int = 10  # per request
    approval_timeout: int = 120  # how long the officer has to answer on the phone
    description: str = "Liên Thông"

    def _session_info(self):
        return CSCServiceSessionInfo(service_url=self.service_url.rstrip("/"), credential_id=self.credential_id,
                                     oauth_token=self.token or None)  # fmt: skip

    async def _credential(self, session):
        try:
            return await fetch_certs_in_csc_credential(session, self._session_info(), timeout=self.timeout)
        except (SigningError, OSError, TimeoutError) as error:  # the service is down, or knows no such credential
            raise SignerUnavailableError(f"CSC {self.service_url} {self.credential_id!r}: {error}") from error

    def certificate(self) -> x509.Certificate:
        async def fetch():
            async with aiohttp.ClientSession() as session:
                return (await self._credential(session)).signing_cert

        return x509.load_der_x509_certificate(asyncio.run(fetch()).dump())

    def chain(self) -> list[x509.Certificate]:
        async def fetch():
            async with aiohttp.ClientSession() as session:
                return (await self._credential(session)).chain

        return [x509.load_der_x509_certificate(cert.dump()) for cert in asyncio.run(fetch())]

    @contextlib.asynccontextmanager
    async def async_session(self):
        async with aiohttp.ClientSession() as session:
            credential = await self._credential(session)
            manager = _PhoneApproval(self._session_info(), credential, signer=self, session=session)
            yield _RemoteSigner(session, manager, sign_timeout=self.timeout)


class _RemoteSigner(CSCSigner):
    """pyHanko's CSC signer, its failure to get a signature back (signHash refused, the service down after the
    approval) made a SignerUnavailableError: the approval is refused with the reason, never a crash."""

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run=False) -> bytes:
        try:
            return await super().async_sign_raw(data, digest_algorithm, dry_run=dry_run)
        except SigningError as error:
            raise SignerUnavailableError(f"CSC signatures/signHash: {error}") from error


class _PhoneApproval(CSCAuthorizationManager):
    """Asks `credentials/authorize` for the SAD of exactly the hashes to sign (hash pinning), and waits while the
    provider asks the officer on the phone; an error answer is the officer's refusal or silence."""

    def __init__(self, session_info, credential, *, signer: CscSigner, session):
        super().__init__(session_info, credential)
        self.signer, self.session = signer, session

    async def authorize_signature(self, hash_b64s: list[str]):
        body = self.format_csc_auth_request(hash_b64s=hash_b64s, pin=self.signer.pin or None,
                                            description=self.signer.description)  # fmt: skip
        url = f"{self.csc_session_info.endpoint_url('credentials/authorize')}"
        try:
            async with self.session.post(
                url,
                json=body,
                headers=self.auth_headers,
                raise_for_status=False,
                timeout=aiohttp.ClientTimeout(total=self.signer.approval_timeout),
            ) as reply:
                answer = await reply.json(content_type=None) if reply.content_length != 0 else {}
                status = reply.status
        except TimeoutError as error:
            raise SigningRefusedError("expired_token", "no answer from the officer in time") from error
        except (aiohttp.ClientError, ValueError) as error:
            raise SignerUnavailableError(f"CSC credentials/authorize: {error}") from error
        if status != 200 or "SAD" not in (answer or {}):
            answer = answer if isinstance(answer, dict) else {}
            raise SigningRefusedError(str(answer.get("error") or f"HTTP {status}"),
                                      str(answer.get("error_description") or ""))  # fmt: skip
        return self.parse_csc_auth_response(answer)
