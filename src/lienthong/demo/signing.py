"""The demo's certificates: a development CA made at demo build (offline, in LIENTHONG_SIGNING_KEYS_DIR) and a
PKCS#12 for every leader and every desk officer, registered for the agency they work in, so the demo's "Phê duyệt"
signs results and a copy certified at a desk is signed by its certifier; a seal for those agencies, so results, slips
and digitised documents are sealed (docs/signing.md).

The certificates' expiries are a province's mix, for the IT officer's list (Admin → Ký số, "Hết hạn trong 30
ngày", "Đã hết hạn"): most run one to two years, about one in eight runs out within the month, and about one holder in
ten had an earlier certificate that expired and was replaced. The demo's own accounts (data/officers.json), which a
visitor signs in with, always hold a two-year certificate, so their walks keep working.

The CA's root joins the trust store as "Liên Thông Demo Root CA": the demo's signed results verify as HỢP LỆ on their
public page. A development authority only: a real deployment trusts the pinned Vietnamese roots instead.
"""

import datetime as dt
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lienthong.demo.procedures import load_json
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
    """Every active leader and desk officer without a certificate in their agency gets one, and that agency its seal;
    returns how many certificates were registered (the expired ones they replace included)."""
    folder = _folder()
    authority = _authority(folder)
    TrustAnchor.objects.get_or_create(name=ROOT_NAME, defaults={"pem": authority.pem.decode()})
    having = set(SignerCertificate.objects.filter(is_active=True).values_list("user_id", "agency_id"))
    named = {officer["username"] for officer in load_json("officers.json")["officers"]}
    written = 0
    signing = OfficerRole.objects.filter(role__in=[Role.LEADER, Role.RECEIVER], is_active=True, user__is_active=True)
    roles = list(signing.select_related("user", "agency").order_by("id"))
    for role in roles:
        if (role.user_id, role.agency_id) in having:
            continue
        days, replaced = _validity(role, named=named)
        if replaced:  # the holder's earlier certificate, expired: the list's "Đã hết hạn", kept inactive
            _issue(authority, folder, role, days=-replaced, suffix="-expired",
                   since=timezone.now() - dt.timedelta(days=730 + replaced))  # fmt: skip
        _issue(authority, folder, role, days=days)
        having.add((role.user_id, role.agency_id))
        written += 1 + bool(replaced)
    # Every agency where someone signs: its seal follows the leader's signature, seals the desk's slips and copies.
    return written + _seals_load(authority, folder, agencies={role.agency for role in roles})


def _validity(role: OfficerRole, *, named: set[str]) -> tuple[int, int]:
    """(days the current certificate has left, days ago an earlier one expired or 0), drawn from the role's id so a
    rebuild gives the same mix; the demo's own accounts always two years and nothing expired."""
    if role.user.get_username() in named:
        return 730, 0
    draw = (role.pk * 2654435761) % 1000  # Knuth's multiplicative hash: spread, reproducible
    days = 5 + draw % 25 if draw < 125 else 180 + draw % 550
    return days, (10 + draw % 200 if draw % 10 == 3 else 0)


def _issue(authority: devca.DevAuthority, folder: Path, role: OfficerRole, *, days: int, suffix: str = "",
           since: dt.datetime | None = None) -> None:  # fmt: skip
    name = role.user.get_full_name() or role.user.get_username()
    key, certificate = devca.signer_issue(authority, common_name=name, organisation=role.agency.name, days=days,
                                          since=since)  # fmt: skip
    passphrase = secrets.token_urlsafe(16)
    path = devca.pkcs12_write(folder / f"{role.user_id}-{role.agency_id}{suffix}.p12", key=key,
                              certificate=certificate, authority=authority, passphrase=passphrase,
                              name=name)  # fmt: skip
    certificate_register(user=role.user, agency=role.agency, secret=passphrase, pkcs12_path=str(path))


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
