"""Connected systems and their API keys: shown once, stored hashed, scoped, rate-limited, rotatable, revocable."""

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.core.ratelimit import rate_parse
from lienthong.gateway.constants import SYSTEM_ROLES, CredentialEventKind, Scope
from lienthong.gateway.errors import GatewayError
from lienthong.gateway.models import ApiKey, ConnectedSystem, CredentialEvent
from lienthong.org.models import Agency
from lienthong.org.services.officers import officer_roles_grant

TOKEN_PREFIX = "lt"  # noqa: S105 — the public marker of our keys, not a secret
LAST_USED_EVERY = 60  # seconds: last_used_at is written at most this often per key


@dataclass(frozen=True)
class IssuedKey:
    """A key as created: `token` is shown once and never stored."""

    key: ApiKey
    token: str


def token_hash(token: str) -> str:
    """sha256 of the token. The token carries 256 random bits (secrets.token_urlsafe(32)), so no dictionary or
    brute force can find it from its hash: the slow, salted hashes passwords need buy nothing here, and would cost
    ~100 ms of CPU on every API call. The lookup is by the public prefix, the comparison constant-time."""
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    prefix = secrets.token_hex(4)  # 8 hex characters: shown in lists, unique
    return prefix, f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


def _scopes(scopes: Iterable[str]) -> list[str]:
    chosen = sorted(set(scopes))
    if not chosen or any(scope not in Scope.values for scope in chosen):
        raise GatewayError(GatewayError.INVALID_SCOPE, _("Phạm vi không hợp lệ: %(scopes)s.") % {"scopes": chosen})
    return chosen


def _record(key: ApiKey, kind: str, *, actor, actor_label: str, **data) -> None:
    label = actor_label or (actor.get_username() if actor is not None else "")
    CredentialEvent.objects.create(system=key.system, key=key, kind=kind, actor=actor, actor_label=label, data=data)


@transaction.atomic
def system_create(*, agency: Agency, name: str, kind: str, vendor: str = "", contact_name: str = "",
                  contact_email: str = "", contact_phone: str = "") -> ConnectedSystem:  # fmt: skip
    """A system with its service account, which holds the desk's and the steps' roles at its agency only: the
    lifecycle services then check a system exactly as they check an officer."""
    account = get_user_model().objects.create_user(
        username=f"system-{secrets.token_hex(6)}", first_name=name[:150], is_active=True
    )
    account.set_unusable_password()
    account.save(update_fields=["password"])
    system = ConnectedSystem.objects.create(
        agency=agency, name=name, kind=kind, vendor=vendor, contact_name=contact_name, contact_email=contact_email,
        contact_phone=contact_phone, account=account,
    )  # fmt: skip
    officer_roles_grant(grants=[(account, agency, role) for role in SYSTEM_ROLES])
    return system


@transaction.atomic
def system_update(*, system: ConnectedSystem, **fields) -> ConnectedSystem:
    """Change a system's description; its agency is fixed (its account's roles are there)."""
    allowed = {"name", "vendor", "kind", "contact_name", "contact_email", "contact_phone", "is_active"}
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"{name} cannot be changed")
        setattr(system, name, value)
    system.save()
    if system.account.first_name != system.name[:150]:
        system.account.first_name = system.name[:150]
        system.account.save(update_fields=["first_name"])
    return system


@transaction.atomic
def key_create(*, system: ConnectedSystem, scopes: Iterable[str], rate: str = "", actor=None,
               actor_label: str = "") -> IssuedKey:  # fmt: skip
    """A new key; its token is in the result and nowhere else."""
    chosen = _scopes(scopes)
    rate_parse(rate or settings.LIENTHONG_GATEWAY_KEY_RATE)  # refuse a malformed rate now, not at the first call
    prefix, token = _new_token()
    key = ApiKey.objects.create(system=system, prefix=prefix, hashed=token_hash(token), scopes=chosen, rate=rate)
    _record(key, CredentialEventKind.CREATED, actor=actor, actor_label=actor_label, scopes=chosen, rate=rate)
    return IssuedKey(key=key, token=token)


@transaction.atomic
def key_rotate(*, key: ApiKey, overlap: dt.timedelta | None = None, actor=None, actor_label: str = "") -> IssuedKey:
    """A successor with the same scopes and rate; the old key stays valid for `overlap` (default: the setting)."""
    key = ApiKey.objects.select_for_update().select_related("system").get(pk=key.pk)
    if key.revoked_at is not None or (key.expires_at is not None and key.expires_at <= timezone.now()):
        raise GatewayError(GatewayError.KEY_INACTIVE, _("Khóa %(prefix)s đã hết hiệu lực.") % {"prefix": key.prefix})
    if overlap is None:
        overlap = dt.timedelta(seconds=settings.LIENTHONG_GATEWAY_ROTATION_OVERLAP)
    prefix, token = _new_token()
    successor = ApiKey.objects.create(
        system=key.system, prefix=prefix, hashed=token_hash(token), scopes=key.scopes, rate=key.rate
    )
    key.expires_at, key.replaced_by = timezone.now() + overlap, successor
    key.save(update_fields=["expires_at", "replaced_by"])
    _record(key, CredentialEventKind.ROTATED, actor=actor, actor_label=actor_label, successor=successor.prefix,
            overlap_seconds=int(overlap.total_seconds()))  # fmt: skip
    _record(successor, CredentialEventKind.CREATED, actor=actor, actor_label=actor_label, scopes=key.scopes,
            rate=key.rate, replaces=key.prefix)  # fmt: skip
    return IssuedKey(key=successor, token=token)


@transaction.atomic
def key_revoke(*, key: ApiKey, actor=None, actor_label: str = "", reason: str = "") -> ApiKey:
    """The key stops working at once."""
    key = ApiKey.objects.select_for_update().select_related("system").get(pk=key.pk)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        _record(key, CredentialEventKind.REVOKED, actor=actor, actor_label=actor_label, reason=reason)
    return key


def key_authenticate(token: str) -> ApiKey:
    """The active key of an active system that `token` is, with its system, agency and account: one query."""
    parts = token.split("_", 2)
    refused = GatewayError(GatewayError.UNAUTHENTICATED, _("Khóa API không hợp lệ hoặc đã hết hiệu lực."), status=401,
                           headers={"WWW-Authenticate": 'Bearer realm="lienthong"'})  # fmt: skip
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        raise refused
    key = (
        ApiKey.objects.select_related("system__agency", "system__account")
        .filter(prefix=parts[1], revoked_at__isnull=True, system__is_active=True)
        .first()
    )
    now = timezone.now()
    if key is None or not hmac.compare_digest(key.hashed, token_hash(token)):
        raise refused
    if key.expires_at is not None and key.expires_at <= now:
        raise refused
    _touch(key, now)
    return key


def _touch(key: ApiKey, now: dt.datetime) -> None:
    """last_used_at, written at most once a minute per key: the cache says whether this minute's write was done."""
    if cache.add(f"gw:used:{key.pk}", 1, timeout=LAST_USED_EVERY):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
