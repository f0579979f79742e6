"""The tests' PKI, built by certomancer from tests/signing/certomancer.yml, and served on a free local port by one
aiohttp loop in a background thread: OCSP, CRL and RFC 3161 timestamps (certomancer's Animator) and a remote
signing service speaking the Cloud Signature Consortium API (certomancer-csc-dummy), the local stand-in for a
Vietnamese remote-signing provider. Keys are made at test time; nothing reads the OS trust store or the network.

The CSC service asks the officer's "phone": `Pki.phone` maps a credential to "refuse" (the officer declined the
request in the app), "away" (no answer before the provider gives up) or "broken" (approved, then the service fails
to sign: HTTP 503); any other credential is approved.
"""

import asyncio
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web
from certomancer.integrations.aiohttp_animator import build_animator_app
from certomancer.registry import CertLabel, CertomancerConfig
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from lienthong.signing.signers import Pkcs12Signer

CONFIG = Path(__file__).with_name("certomancer.yml")
ARCH = "lienthong"
KEYS = ["root", "interm", "ocsp", "tsa", "leader", "revoked-leader", "seal"]
PASSPHRASE = "mat-khau-thu"


@dataclass
class Pki:
    config: CertomancerConfig
    url: str  # the Animator: /lienthong/ocsp/interm, /lienthong/crls/interm/latest.crl, /lienthong/tsa/tsa
    csc_url: str  # the CSC service (/csc/v1/...)
    folder: Path
    phone: dict[str, str] = field(default_factory=dict)

    @property
    def arch(self):
        return self.config.get_pki_arch(ARCH)

    def certificate(self, label: str) -> x509.Certificate:
        return x509.load_der_x509_certificate(self.arch.get_cert(CertLabel(label)).dump())

    @property
    def root(self) -> x509.Certificate:
        return self.certificate("root")

    @property
    def tsa_url(self) -> str:
        return f"{self.url}/{ARCH}/tsa/tsa"

    def credential(self, label: str) -> str:
        """The CSC credential id of a certificate of the PKI (what the provider gives each officer)."""
        return f"{ARCH}/{label}"

    def pkcs12(self, label: str) -> Path:
        path = self.folder / f"{label}.p12"
        if not path.exists():
            path.write_bytes(self.arch.package_pkcs12(CertLabel(label), password=PASSPHRASE.encode()))
        return path

    def signer(self, label: str) -> Pkcs12Signer:
        return Pkcs12Signer(path=self.pkcs12(label), passphrase=PASSPHRASE)


def _keys(folder: Path) -> None:
    for name in KEYS:  # P-256: quick to make, and what the CSC service signs with (sha256_ecdsa)
        key = ec.generate_private_key(ec.SECP256R1())
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())  # fmt: skip
        (folder / f"{name}.key.pem").write_bytes(pem)


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def _phone(pki: Pki):
    @web.middleware
    async def ask(request: web.Request, handler):
        if request.path.endswith("/signatures/signHash") and pki.phone.get(
                str((await request.json()).get("credentialID"))) == "broken":  # fmt: skip
            return web.json_response({"error": "server_error"}, status=503)  # the service fails after approval
        if request.path.endswith("/credentials/authorize"):
            answer = pki.phone.get(str((await request.json()).get("credentialID")))
            if answer == "refuse":  # CSC v1 §10.2: an error object; the user declined in the app
                return web.json_response({"error": "access_denied", "error_description": "The user refused"},
                                         status=400)  # fmt: skip
            if answer == "away":
                return web.json_response({"error": "expired_token", "error_description": "No answer from the user"},
                                         status=400)  # fmt: skip
        return await handler(request)

    return ask


def pki_start(folder: Path) -> Pki:
    """Build the PKI in `folder` and serve it until the process ends (a daemon thread)."""
    from csc_dummy.csc_dummy_server import CSCWithCertomancer

    _keys(folder)
    animator_socket, csc_socket = _free_socket(), _free_socket()
    url = f"http://127.0.0.1:{animator_socket.getsockname()[1]}"
    config = CertomancerConfig.from_file(str(CONFIG), key_search_dir=str(folder), external_url_prefix=url)
    pki = Pki(config=config, url=url, csc_url=f"http://127.0.0.1:{csc_socket.getsockname()[1]}", folder=folder)
    ready = threading.Event()

    async def serve():
        animator = build_animator_app(config.pki_archs, with_web_ui=False)
        csc = CSCWithCertomancer(config)
        csc.register_routes()
        csc.app.middlewares.append(_phone(pki))
        for app, sock in ((animator, animator_socket), (csc.app, csc_socket)):
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            await web.SockSite(runner, sock).start()
        ready.set()
        await asyncio.Event().wait()

    threading.Thread(target=asyncio.run, args=(serve(),), name="test-pki", daemon=True).start()
    if not ready.wait(30):
        raise RuntimeError("the test PKI did not start")
    return pki


def certificate_give(pki: Pki, label: str, *, user, agency):
    """An officer's certificate of the PKI (its PKCS#12) registered for signing in `agency`."""
    from lienthong.signing.services import certificate_register

    return certificate_register(user=user, agency=agency, secret=PASSPHRASE, pkcs12_path=str(pki.pkcs12(label)))


def trust(pki: Pki):
    """The PKI's root in the trust store of the test's database, as the administrator lists it."""
    from cryptography.hazmat.primitives.serialization import Encoding

    from lienthong.signing.models import TrustAnchor

    return TrustAnchor.objects.create(name="Root CA (certomancer)", pem=pki.root.public_bytes(Encoding.PEM).decode())
