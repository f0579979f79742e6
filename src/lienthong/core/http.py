"""What a request tells about its client, read the same way by every face."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, which a reverse proxy must set to the client's address (docs/configuration.md). An IPv6 client
    usually holds a whole /64, so that is what is counted."""
    raw = request.META.get("REMOTE_ADDR") or "unknown"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw[:64]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def public_url(path: str) -> str:
    """An absolute link to a public page, for a message read outside the site (an e-mail): the deployment's public
    address (LIENTHONG_PUBLIC_URL) and the path."""
    return settings.LIENTHONG_PUBLIC_URL.rstrip("/") + "/" + path.lstrip("/")


def private_response(response: HttpResponse, *, index: bool = False) -> HttpResponse:
    """A page or answer with personal data (a dossier's facts, an account, a draft, a complaint's confirmation):
    no shared cache or back-button cache keeps it and, unless `index`, no search engine lists it."""
    response["Cache-Control"] = "private, no-store"
    if not index:
        response["X-Robots-Tag"] = "noindex"
    return response
