"""The demo's certificates: a development CA made at demo build (offline, in LIENTHONG_SIGNING_KEYS_DIR) and a
PKCS#12 for every leader, registered for the agency they lead in, so the demo's "Phê duyệt" signs results; a seal for
those agencies and for every desk's, so results, slips and digitised documents are sealed (docs/signing.md).

The CA's root joins the trust store as "Liên Thông Demo Root CA": the demo's signed results verify as HỢP LỆ on their
public page. A development authority only: a real deployment trusts the pinned Vietnamese roots instead.
"""

import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import transaction

from lienthong.org.constants import Role
from lienthong.org.models import OfficerRole
from lienthong.signing import devca
from lienthong.signing.models import SignerCertificate, TrustAnchor
from lienthong.signing.services import certificate_register

ROOT_NAME = "Liên Thông Demo Root CA"


def _folder() -> Path:
    folder = Path(settings.LIENTHONG_SIGNING_KEYS_DIR) / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _authority(folder: Path) -> devca.DevAuthority:
    """The demo CA, made once and kept beside the data (a rebuild of the demo keeps trusting what it signed)."""
    key_path, cert_path = folder / "root-key.pem", folder / "root.pem"
    if key_path.exists() and cert_path.exists():
        from cryptography import x509

        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return devca.DevAuthority(key=key, certificate=x509.load_pem_x509_certificate(cert_path.read_bytes()))
    authority = devca.authority_create(name=ROOT_NAME)
    key_path.write_bytes(authority.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                     serialization.NoEncryption()))  # fmt: skip
    key_path.chmod(0o600)
    cert_path.write_bytes(authority.pem)
    return authority


@transaction.atomic
def demo_signers_load() -> int:
    """Every active leader without a certificate in their agency gets one, and that agency its seal; returns how many
    certificates were registered."""
    folder = _folder()
    authority = _authority(folder)
    TrustAnchor.objects.get_or_create(name=ROOT_NAME, defaults={"pem": authority.pem.decode()})
    having = set(SignerCertificate.objects.filter(is_active=True).values_list("user_id", "agency_id"))
    written = 0
    leaders = OfficerRole.objects.filter(role=Role.LEADER, is_active=True).select_related("user", "agency")
    for role in leaders.order_by("id"):
        if (role.user_id, role.agency_id) in having:
            continue
        name = role.user.get_full_name() or role.user.get_username()
        key, certificate = devca.signer_issue(authority, common_name=name, organisation=role.agency.name)
        passphrase = secrets.token_urlsafe(16)
        path = devca.pkcs12_write(folder / f"{role.user_id}-{role.agency_id}.p12", key=key, certificate=certificate,
                                  authority=authority, passphrase=passphrase, name=name)  # fmt: skip
        certificate_register(user=role.user, agency=role.agency, secret=passphrase, pkcs12_path=str(path))
        having.add((role.user_id, role.agency_id))
        written += 1
    # The desks' agencies too: they seal the slips they hand out and the documents they digitise (docs/signing.md).
    desks = OfficerRole.objects.filter(role=Role.RECEIVER, is_active=True).select_related("agency")
    return written + _seals_load(authority, folder, agencies={role.agency for role in leaders}
                                 | {role.agency for role in desks})  # fmt: skip


def _seals_load(authority: devca.DevAuthority, folder: Path, *, agencies) -> int:
    """The seal of every agency a leader signs for or a desk works in, if it has none: the agency's certificate follows
    the leader's signature on each result (Decree 30/2020's signature then seal) and seals the desk's slips and
    digitised documents."""
    sealed = set(SignerCertificate.objects.filter(user=None, is_active=True).values_list("agency_id", flat=True))
    written = 0
    for agency in sorted(agencies, key=lambda agency: agency.pk):
        if agency.pk in sealed:
            continue
        key, certificate = devca.signer_issue(authority, common_name=agency.name, organisation=agency.name)
        passphrase = secrets.token_urlsafe(16)
        path = devca.pkcs12_write(folder / f"seal-{agency.pk}.p12", key=key, certificate=certificate,
                                  authority=authority, passphrase=passphrase, name=agency.name)  # fmt: skip
        certificate_register(user=None, agency=agency, secret=passphrase, pkcs12_path=str(path))
        written += 1
    return written
