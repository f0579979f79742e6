"""Where a webhook may be sent: to addresses on the public internet only, unless the operator allows a range.

A subscription's URL is chosen by a connected system. Unchecked, whoever holds a system's key could make the
province's servers POST to their own network — the cloud's metadata service at 169.254.169.254, an admin page on
10.x, a service on localhost — and read the answers back in the dead letters (server-side request forgery). So an
address is refused when it is not globally reachable (private, loopback, link-local, shared, reserved, unspecified,
documentation, multicast, the IPv6 equivalents, and IPv6 forms that carry such an IPv4 address), unless it lies in
`LIENTHONG_WEBHOOK_ALLOWED_NETWORKS` (CIDRs; empty by default).

It is checked twice: when the URL is subscribed (a literal address, or every address its name resolves to then) and
on every delivery, on each address the connection is about to use (`connect`), because a name may resolve elsewhere
by then (DNS rebinding). Through an HTTP(S) proxy of the environment the proxy connects, so the name is resolved and
checked just before the request instead.
"""

import functools
import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the last 32 bits are an IPv4 address


class AddressRefusedError(OSError):
    """The connection would go to an address that is not allowed; raised instead of connecting."""


def allowed_networks() -> tuple[Network, ...]:
    return _parse_networks(tuple(_entries(settings.LIENTHONG_WEBHOOK_ALLOWED_NETWORKS)))


def _entries(value: str | list[str]) -> list[str]:
    items = value.split(",") if isinstance(value, str) else value
    return [item.strip() for item in items if item.strip()]


@functools.cache
def _parse_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
    except ValueError as exc:
        raise ImproperlyConfigured(f"LIENTHONG_WEBHOOK_ALLOWED_NETWORKS: {exc} (CIDRs, e.g. 10.20.0.0/16)") from exc


@checks.register
def allowed_networks_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A mistyped range stops `lienthong start` (its checks) rather than failing each subscription."""
    try:
        allowed_networks()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="gateway.E001")]
    return []


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_allowed(address: Address) -> bool:
    """A webhook may go to `address`: the operator allows its range, or it is a public unicast address."""
    if any(address.version == network.version and address in network for network in allowed_networks()):
        return True
    if isinstance(address, ipaddress.IPv6Address):
        if (embedded := _embedded_ipv4(address)) is not None:
            return address_allowed(embedded)
        if address.is_site_local:
            return False
    return address.is_global and not (address.is_multicast or address.is_reserved)


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]").partition("%")[0])
    except ValueError:
        return None


def resolve(host: str, port: int) -> list[tuple[int, int, int, tuple]]:
    """getaddrinfo for a stream socket (one place, so tests can answer for a name without DNS)."""
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def url_refused_address(url: str) -> Address | None:
    """The first address of the URL's host that is not allowed, or None. A name that does not resolve now is not
    refused here: it is checked again when a delivery connects."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    if (literal := _literal(host)) is not None:
        return None if address_allowed(literal) else literal
    try:
        found = resolve(host, port)
    except (OSError, UnicodeError):
        return None
    for *_kind, sockaddr in found:
        address = _literal(sockaddr[0])
        if address is not None and not address_allowed(address):
            return address
    return None


def connect(address: tuple[str, int], timeout: float | None = None, source_address=None, **_ignored) -> socket.socket:
    """`socket.create_connection` that connects only to allowed addresses of the host (http.client's hook)."""
    host, port = address[0], address[1]
    error: OSError | None = None
    for family, kind, proto, _canonical, sockaddr in resolve(host, port):
        target = _literal(sockaddr[0])
        if target is None or not address_allowed(target):
            error = AddressRefusedError(f"refused: {host} is {sockaddr[0]}, not a public address "
                                        "(LIENTHONG_WEBHOOK_ALLOWED_NETWORKS)")  # fmt: skip
            continue
        sock = socket.socket(family, kind, proto)
        try:
            if isinstance(timeout, int | float):
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
        except OSError as exc:
            sock.close()
            error = exc
            continue
        return sock
    raise error or OSError(f"{host}: no address")
