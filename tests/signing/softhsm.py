"""A real PKCS#11 token for the tests: SoftHSM (Debian's softhsm2) in a temporary folder, holding a signer's key
imported with softhsm2-util and its certificate written through PKCS#11 itself."""

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from lienthong.signing import devca

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN, USER_PIN, SO_PIN = "lienthong-test", "123456", "12345678"


@dataclass(frozen=True)
class Token:
    module: str
    token_label: str
    pin: str


def _util(*args: str) -> None:
    subprocess.run([shutil.which("softhsm2-util") or "softhsm2-util", *args], check=True, capture_output=True)  # noqa: S603


def available() -> bool:
    return Path(MODULE).exists() and shutil.which("softhsm2-util") is not None


def token_create(folder: Path) -> Token:
    """An initialised token of its own; SOFTHSM2_CONF points the library (loaded once per process) at it."""
    (folder / "tokens").mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    _util("--init-token", "--free", "--label", TOKEN, "--pin", USER_PIN, "--so-pin", SO_PIN)
    return Token(module=MODULE, token_label=TOKEN, pin=USER_PIN)


def key_import(token: Token, folder: Path, *, authority: devca.DevAuthority, common_name: str, label: str,
               key_id: bytes) -> None:  # fmt: skip
    """A signer's key and certificate on the token under `label` (what a CA's token issuance leaves there)."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    key, certificate = devca.signer_issue(authority, common_name=common_name, organisation="UBND xã Hòa Bình")
    pem = folder / f"{label}.pem"
    pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))  # fmt: skip
    _util("--import", str(pem), "--token", token.token_label, "--label", label, "--id", key_id.hex(),
          "--pin", token.pin)  # fmt: skip
    pem.unlink()
    lib = pkcs11.lib(token.module)
    with lib.get_token(token_label=token.token_label).open(rw=True, user_pin=token.pin) as session:
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True, Attribute.LABEL: label, Attribute.ID: key_id,
            Attribute.SUBJECT: certificate.subject.public_bytes(),
            Attribute.VALUE: certificate.public_bytes(serialization.Encoding.DER),
        })  # fmt: skip
