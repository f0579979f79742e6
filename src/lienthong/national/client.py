"""The HTTP client of the portal's adapter: one JSON POST per service call, with a timeout on every request.

The standard library's urllib is enough for a handful of JSON POSTs and adds no dependency; everything HTTP is in
this module, so another client library would replace only it. Failures come out as two exceptions: the portal is
unavailable for now (network error, timeout, 5xx, 429, its own "busy" code) — try again later; or it rejected
the call (any other error code) — trying again will not help until the data changes.
"""

import email.utils
import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings

from lienthong.national.simulator import contract

RETRIED_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


class PortalUnavailable(Exception):  # noqa: N818 — a condition, not a bug: it reads as what happened
    """The call did not get through, or may have and the answer was lost; `retry_after` in seconds if told."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PortalRejected(Exception):  # noqa: N818
    """The portal answered with an error code: `code`, its `message` and the per-field `errors`."""

    def __init__(self, code: int, message: str, errors: list | None = None) -> None:
        super().__init__(f"[{code}] {message}")
        self.code, self.message, self.errors = code, message, errors or []


@dataclass(frozen=True)
class PortalConfig:
    url: str
    username: str
    password: str
    unit_code: str  # MaDinhDanhDV: the province's QCVN 102 code
    timeout: float

    @classmethod
    def from_settings(cls) -> "PortalConfig":
        return cls(
            url=settings.LIENTHONG_NATIONAL_PORTAL_URL.rstrip("/"),
            username=settings.LIENTHONG_NATIONAL_USERNAME,
            password=settings.LIENTHONG_NATIONAL_PASSWORD,
            unit_code=settings.LIENTHONG_NATIONAL_UNIT_CODE,
            timeout=settings.LIENTHONG_NATIONAL_TIMEOUT,
        )


class PortalClient:
    """Authenticates on first use, and once more if the portal says the token is no longer valid."""

    def __init__(self, config: PortalConfig) -> None:
        if urlsplit(config.url).scheme not in ("http", "https"):
            raise ValueError(f"the national portal URL must be http(s), not {config.url!r}")
        self.config = config
        self._token: str | None = None

    def call(self, service: str, data: list[dict[str, Any]], *, is_updating: bool = False) -> Any:
        """The `result` of a successful call; raises PortalUnavailable or PortalRejected otherwise."""
        envelope = {"service": service, "isUpdating": "True" if is_updating else "False", "data": data}
        # Always sent, empty or not: the portal names the caller by it and refuses a call without it.
        query = f"?{urlencode({'MaDinhDanhDV': self.config.unit_code})}"
        for fresh_token in (False, True):
            status, body = self._post(f"/service{query}", envelope, token=self._authenticated(fresh=fresh_token))
            if status != 401:
                break
        else:
            raise PortalRejected(401, _message(body, "Không xác thực được với Cổng."))
        code = body.get("error_code", contract.OK) if isinstance(body, dict) else None
        if code == contract.OK:
            return body.get("result")
        if code == contract.BUSY:
            raise PortalUnavailable(f"[{code}] {_message(body, '')}")
        if not isinstance(code, int):
            raise PortalUnavailable(f"unreadable answer from the portal: {str(body)[:200]}")
        raise PortalRejected(code, _message(body, ""), body.get("errors"))

    def _authenticated(self, *, fresh: bool) -> str:
        if self._token is None or fresh:
            credentials = {"username": self.config.username, "password": self.config.password}
            status, body = self._post("/auth", credentials)
            if status != 200 or not isinstance(body, dict) or not body.get("access_token"):
                raise PortalRejected(status, _message(body, "Cổng từ chối đăng nhập."))
            self._token = body["access_token"]
        return self._token

    def _post(self, path: str, payload: Any, *, token: str | None = None) -> tuple[int, Any]:
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(  # noqa: S310 — the scheme is checked in __init__
            self.config.url + path, data=json.dumps(payload, ensure_ascii=False).encode(), headers=headers,
            method="POST",
        )  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout) as response:  # noqa: S310
                return response.status, _json(response.read())
        except urllib.error.HTTPError as exc:
            with exc:
                body = _json(exc.read())
            if exc.code in RETRIED_STATUSES:
                retry_after = _retry_after(exc.headers.get("Retry-After"))
                raise PortalUnavailable(f"HTTP {exc.code}", retry_after=retry_after) from exc
            if exc.code == 401:
                return 401, body
            raise PortalRejected(exc.code, _message(body, f"HTTP {exc.code}")) from exc
        except TimeoutError as exc:
            raise PortalUnavailable(f"no answer within {self.config.timeout:g} s") from exc
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
            raise PortalUnavailable(f"{type(exc).__name__}: {exc}") from exc


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw or b"null")
    except ValueError:
        return {"message": raw[:200].decode(errors="replace")}


def _message(body: Any, default: str) -> str:
    return str(body.get("message") or default) if isinstance(body, dict) else default


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
