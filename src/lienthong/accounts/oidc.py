"""Signing in through an external OpenID Connect provider (VNeID, a province's SSO): the interface only.

Nothing here calls the network. A deployment lists its providers in `LIENTHONG_OIDC_PROVIDERS` (JSON, see
docs/accounts.md); each entry names an `adapter` — a class implementing `OidcAdapter` — that does the protocol
work (discovery, the authorization redirect, the code exchange, ID-token validation) with whatever library the
deployment chooses. Liên Thông ships no adapter so that it carries no OIDC dependency it does not use; an entry
without an adapter is listed but never offered on the sign-in page.
"""

import json
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class OidcProvider:
    name: str  # a slug used in URLs: "vneid"
    label: str  # what the sign-in button says: "VNeID"
    issuer: str
    client_id: str
    client_secret: str = field(repr=False, default="")
    scopes: tuple[str, ...] = ("openid", "email", "phone", "profile")
    adapter: str = ""  # dotted path of an OidcAdapter class


@dataclass(frozen=True)
class OidcIdentity:
    """What a provider vouches for; only claims it marked verified may match an account's contact."""

    issuer: str
    subject: str
    full_name: str = ""
    email: str = ""
    email_verified: bool = False
    phone: str = ""
    phone_verified: bool = False


class OidcAdapter(Protocol):
    def begin(self, *, provider: OidcProvider, request: HttpRequest, redirect_uri: str) -> str:
        """The provider's authorization URL; keep state and nonce in `request.session`."""
        ...

    def finish(self, *, provider: OidcProvider, request: HttpRequest, redirect_uri: str) -> OidcIdentity:
        """Exchange the callback's code, validate the ID token against the issuer's keys, return the identity."""
        ...


def oidc_providers_parse(text: str) -> list[OidcProvider]:
    """`[{"name": "vneid", "label": "VNeID", "issuer": "https://…", "client_id": "…", "client_secret": "…",
    "adapter": "myprovince.oidc.VneidAdapter"}]`; empty text means no provider."""
    if not (text or "").strip():
        return []
    try:
        entries = json.loads(text)
        return [
            OidcProvider(**{**entry, "scopes": tuple(entry.get("scopes", OidcProvider.scopes))}) for entry in entries
        ]
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"LIENTHONG_OIDC_PROVIDERS: {error}") from error


def oidc_providers() -> list[OidcProvider]:
    return oidc_providers_parse(settings.LIENTHONG_OIDC_PROVIDERS)


def oidc_providers_offered() -> list[OidcProvider]:
    """Providers the sign-in page may offer: those with an adapter to do the work."""
    return [provider for provider in oidc_providers() if provider.adapter]


def oidc_adapter(provider: OidcProvider) -> OidcAdapter:
    if not provider.adapter:
        raise ImproperlyConfigured(f"OIDC provider {provider.name!r} has no adapter")
    return import_string(provider.adapter)()
