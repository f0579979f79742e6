"""Secrets the province must read back (a webhook's signing secret) are stored encrypted: Fernet (AES-128-CBC and
HMAC-SHA256, from `cryptography`), so a copy of the database or a backup alone does not give them away.

Keys: LIENTHONG_SECRETS_KEY, a comma-separated list of secret strings, the first one encrypting and every one
decrypting (rotation: put the new one first, run `lienthong webhook_secrets_reencrypt`, then drop the old one).
Empty — outside the production profile only (the demo, the tests): keys derived from SECRET_KEY, then from each of
SECRET_KEY_FALLBACKS, so Django's own rotation of SECRET_KEY keeps the stored secrets readable too. In production
nothing is derived from SECRET_KEY: a leaked signing key must not open the database's secrets as well (the system
check lienthong.E003 refuses to start without LIENTHONG_SECRETS_KEY; this module refuses again, in case a process
skipped the checks). Each string is stretched to a Fernet key with HKDF-SHA256.
"""

import base64
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

HKDF_INFO = b"lienthong.secrets.v1"  # a key for this purpose only, never SECRET_KEY itself


def fernet_key(secret: str) -> bytes:
    """The Fernet key for a configured secret string (any length: HKDF stretches or condenses it)."""
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(secret.encode())
    return base64.urlsafe_b64encode(derived)


@cache  # keyed by the keys themselves: a changed setting gets its own
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(fernet_key(key)) for key in keys])


def _keys() -> tuple[str, ...]:
    configured = tuple(settings.LIENTHONG_SECRETS_KEY)
    if configured:
        return configured
    if settings.LIENTHONG_PRODUCTION:
        raise ImproperlyConfigured("LIENTHONG_SECRETS_KEY is required in the production profile (lienthong.E003)")
    return (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)


def secret_encrypt(plain: str) -> str:
    return _fernet(_keys()).encrypt(plain.encode()).decode()


def secret_decrypt(token: str) -> str:
    """The plain text; `InvalidToken` if no configured key opened it (a key dropped too soon, or a wrong one)."""
    return _fernet(_keys()).decrypt(token.encode()).decode()


def secret_reencrypt(token: str) -> str:
    """The same plain text under the first key (MultiFernet.rotate), for rotation."""
    return _fernet(_keys()).rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """Text encrypted in the database and plain in Python. Not searchable (each encryption differs); the empty
    string stays empty ("no secret"). A value no key opens raises `InvalidToken` when read: never silently blank."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return secret_decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return secret_encrypt(value)


__all__ = ["EncryptedTextField", "InvalidToken", "secret_decrypt", "secret_encrypt", "secret_reencrypt"]
