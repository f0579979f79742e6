"""The HTTP POST of a delivery: urllib (no dependency), a timeout, no redirects followed, only to allowed addresses
(addresses.py), and the outcome as data (a status or an error) rather than exceptions, so the caller records every
attempt the same way."""

import email.utils
import http.client
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from lienthong.gateway.webhooks import addresses


@dataclass(frozen=True)
class Answer:
    status: int | None  # None: no HTTP answer (refused, reset, timeout)
    latency_ms: int
    error: str = ""
    retry_after: float | None = None  # seconds, from a 429's or 503's Retry-After
    refused: bool = False  # not sent: the address is not allowed (waiting would not change the rule)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx is an answer of its own: the subscription names the endpoint


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = addresses.connect  # the socket goes only to an allowed address


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = addresses.connect  # TLS then checks the certificate against the URL's name


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_GuardedHTTPConnection, req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_GuardedHTTPSConnection, req, context=self._context)


# Direct: no proxy, each connection checked. Through the environment's proxy (HTTPS_PROXY…): the proxy connects, so
# the name is checked just before (a name re-pointed in between reaches the proxy's own rules, not ours).
_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect, _GuardedHTTPHandler,
                                      _GuardedHTTPSHandler)  # fmt: skip


def _opener_for(url: str) -> urllib.request.OpenerDirector | None:
    """The proxied opener when the environment sends this URL through a proxy (read now, as urllib would), else
    None. The decision and the proxies used are one reading, so a proxied request is never sent unchecked."""
    proxies, host = urllib.request.getproxies(), urlsplit(url).hostname or ""
    if urlsplit(url).scheme not in proxies or urllib.request.proxy_bypass(host):
        return None
    return urllib.request.build_opener(urllib.request.ProxyHandler(proxies), _NoRedirect)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> Answer:
    started = time.perf_counter()
    proxied = _opener_for(url)
    if proxied is not None and (refused := addresses.url_refused_address(url)) is not None:
        return Answer(None, _ms(started), f"refused: {urlsplit(url).hostname} is {refused}, not a public address "
                      "(LIENTHONG_WEBHOOK_ALLOWED_NETWORKS)", refused=True)  # fmt: skip
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 — http(s) only, checked on subscribe
    try:
        with (proxied or _direct).open(request, timeout=timeout) as response:
            response.read(65536)
            return Answer(response.status, _ms(started))
    except urllib.error.HTTPError as exc:
        snippet = exc.read(500).decode(errors="replace")
        return Answer(exc.code, _ms(started), f"HTTP {exc.code}: {snippet}".strip(), _retry_after(exc.headers))
    except (OSError, ValueError) as exc:  # URLError, timeouts, resets are OSErrors
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, addresses.AddressRefusedError):
            return Answer(None, _ms(started), str(reason), refused=True)
        return Answer(None, _ms(started), f"{type(exc).__name__}: {exc}")


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


def _retry_after(headers) -> float | None:
    value = (headers.get("Retry-After") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds()) if when.tzinfo else None
