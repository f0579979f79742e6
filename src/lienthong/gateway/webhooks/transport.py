"""The HTTP POST of a delivery: urllib (no dependency), a timeout, no redirects followed, and the outcome as data
(a status or an error) rather than exceptions, so the caller records every attempt the same way."""

import email.utils
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Answer:
    status: int | None  # None: no HTTP answer (refused, reset, timeout)
    latency_ms: int
    error: str = ""
    retry_after: float | None = None  # seconds, from a 429's or 503's Retry-After


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx is an answer of its own: the subscription names the endpoint


_opener = urllib.request.build_opener(_NoRedirect)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> Answer:
    started = time.perf_counter()
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 — http(s) only, checked on subscribe
    try:
        with _opener.open(request, timeout=timeout) as response:
            response.read(65536)
            return Answer(response.status, _ms(started))
    except urllib.error.HTTPError as exc:
        snippet = exc.read(500).decode(errors="replace")
        return Answer(exc.code, _ms(started), f"HTTP {exc.code}: {snippet}".strip(), _retry_after(exc.headers))
    except (OSError, ValueError) as exc:  # URLError, timeouts, resets are OSErrors
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
