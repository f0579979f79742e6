"""The client: one method per operation of `/api/v1/systems`, JSON in and out, problems raised, calls retried.

Retrying is safe because every POST carries an Idempotency-Key that stays the same across the retries of one
call: if the first attempt was done but its answer lost, the server answers the retry with the stored response
(header `Idempotent-Replayed: true`) and does nothing twice.
"""

from __future__ import annotations

import http.client
import json
import random
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Client", "ProblemError", "Response", "RetryPolicy"]

USER_AGENT = "lienthong-client/0.1 (python urllib)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
STANDARD_MEMBERS = frozenset({"type", "title", "status", "detail", "instance"})
IN_FLIGHT = "urn:lienthong:problem:gateway.idempotency_key_in_flight"  # 409: the same key is still being worked


class ProblemError(Exception):
    """An RFC 9457 problem answered by the server: `type`, `title`, `status`, `detail`, `instance` and any extension
    members (e.g. `required_scope`) in `extensions`. Branch on `type`, never on the wording of `title`/`detail`."""

    def __init__(self, problem: dict[str, Any], *, status: int, headers: dict[str, str] | None = None) -> None:
        self.problem = problem
        self.type: str = problem.get("type", "about:blank")
        self.title: str = problem.get("title", "")
        self.status: int = int(problem.get("status", status))
        self.detail: str | None = problem.get("detail")
        self.instance: str | None = problem.get("instance")
        self.extensions = {k: v for k, v in problem.items() if k not in STANDARD_MEMBERS}
        self.headers = headers or {}
        super().__init__(f"{self.status} {self.type}: {self.detail or self.title}")

    @property
    def code(self) -> str:
        """`gateway.scope_missing` for `urn:lienthong:problem:gateway.scope_missing`."""
        return self.type.rpartition(":")[2]


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    @property
    def replayed(self) -> bool:
        """True when the server answered with the stored response of an earlier call with the same key."""
        return self.headers.get("idempotent-replayed", "").lower() == "true"


@dataclass(frozen=True)
class RetryPolicy:
    """`attempts` in all (1: no retry); waits `base` × 2ⁿ seconds with jitter, at most `cap`; a server's
    Retry-After is honoured up to `max_retry_after` (a longer one is not waited for: the error is raised)."""

    attempts: int = 4
    base: float = 0.5
    cap: float = 10.0
    max_retry_after: float = 60.0

    def delay(self, attempt: int, retry_after: float | None) -> float | None:
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_after else None
        backoff = min(self.cap, self.base * (2**attempt))
        return backoff / 2 + random.uniform(0, backoff / 2)  # noqa: S311 — jitter, not a secret


@dataclass
class Client:
    """`Client("https://lienthong.example", api_key="lt_…")`. Not shared between threads (`last_response`)."""

    base_url: str
    api_key: str
    timeout: float = 30.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    language: str = ""  # "en" for English problem texts; default Vietnamese
    last_response: Response | None = field(default=None, init=False, repr=False)
    sleep: Any = field(default=time.sleep, repr=False)  # replaceable in tests

    def __post_init__(self) -> None:
        scheme = urllib.parse.urlsplit(self.base_url).scheme
        if scheme not in ("http", "https"):
            raise ValueError(f"base_url must be http(s)://…, not {self.base_url!r}")
        self.base_url = self.base_url.rstrip("/")

    # -- catalogue (scope catalogue:read) ----------------------------------------------------------------------
    def catalogue(self, *, field: str = "") -> list[dict[str, Any]]:
        """Procedures in force with their documents and form JSON Schema; `field`: one field's only."""
        return self._get("/catalogue/procedures", {"field": field})

    def procedure(self, code: str) -> dict[str, Any]:
        return self._get(f"/catalogue/procedures/{_segment(code)}")

    # -- dossiers (dossiers:write / dossiers:read) ---------------------------------------------------------------
    def create_dossier(self, *, external_id: str, procedure: str, applicant: dict[str, Any],
                       form_data: dict[str, Any] | None = None, summary: str = "", result_delivery: str = "",
                       idempotency_key: str | None = None) -> dict[str, Any]:  # fmt: skip
        """A dossier received through your channel: answered with it (status `submitted`, its `code`)."""
        body = {"external_id": external_id, "procedure": procedure, "applicant": applicant,
                "form_data": form_data or {}, "summary": summary}  # fmt: skip
        if result_delivery:
            body["result_delivery"] = result_delivery
        return self._post("/dossiers", body, idempotency_key)

    def act(self, code: str, action: str, *, idempotency_key: str | None = None, **fields: Any) -> dict[str, Any]:
        """Report one action (`receive`, `forward`, `complete_step`, `request_supplement`, `supplement_received`,
        `return`, `refuse`, `withdraw`) with its fields (`note`, `reason`, `missing`, `documents_present`,
        `approve`, `step_id`, `delivery`); answered with the dossier as it now is."""
        return self._post(f"/dossiers/{_segment(code)}/actions", {"action": action, **fields}, idempotency_key)

    def attach_result(self, code: str, *, filename: str, content: bytes, content_type: str = "application/pdf",
                      idempotency_key: str | None = None) -> dict[str, Any]:  # fmt: skip
        """An electronic result (PDF, JPEG, PNG or TIFF, checked by content)."""
        boundary = uuid.uuid4().hex
        safe_name = filename.replace('"', "").replace("\r", "").replace("\n", "")
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{safe_name}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self._call("POST", f"/dossiers/{_segment(code)}/results", body=body,
                          content_type=f"multipart/form-data; boundary={boundary}",
                          idempotency_key=idempotency_key or str(uuid.uuid4()))  # fmt: skip

    def bulk_upsert(self, items: list[dict[str, Any]], *, idempotency_key: str | None = None) -> list[dict[str, Any]]:
        """Up to 500 dossiers by your `external_id`, each with its whole `actions` history; per item the outcome
        (`created`, `updated`, `unchanged`, `failed` with its `problem`)."""
        return self._post("/dossiers/bulk", {"items": items}, idempotency_key)["items"]

    def list_dossiers(self, *, cursor: str = "", limit: int = 100, status: str = "", updated_since: str = "",
                      procedure: str = "") -> dict[str, Any]:  # fmt: skip
        """One page: `{"items": [...], "next_cursor": ...}`; `updated_since` is ISO 8601 with an offset."""
        params = {"cursor": cursor, "limit": limit, "status": status, "updated_since": updated_since,
                  "procedure": procedure}  # fmt: skip
        return self._get("/dossiers", params)

    def iter_dossiers(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Every dossier matching the filters, page after page until `next_cursor` is null. To sync incrementally,
        keep the last page's cursor (`list_dossiers`) and resume from it instead."""
        cursor = filters.pop("cursor", "")
        while True:
            page = self.list_dossiers(cursor=cursor, **filters)
            yield from page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                return

    def dossier(self, code: str) -> dict[str, Any]:
        return self._get(f"/dossiers/{_segment(code)}")

    # -- heartbeat and reconciliation --------------------------------------------------------------------------
    def heartbeat(self, *, version: str = "", queue_depth: int = 0, idempotency_key: str | None = None) -> dict:
        """Alive (any valid key): send it every minute or so."""
        return self._post("/heartbeat", {"version": version, "queue_depth": queue_depth}, idempotency_key)

    def reconcile(self, *, day: str, counts: list[dict[str, Any]], idempotency_key: str | None = None) -> dict:
        """The local day's counts (`[{"procedure", "status", "count"}]`) as you see them; answered with where they
        differ from ours. Sending a day again replaces its report."""
        return self._post("/reconciliation", {"day": day, "counts": counts}, idempotency_key)

    def reconciliation(self, day: str) -> dict[str, Any]:
        return self._get(f"/reconciliation/{_segment(day)}")

    # -- transport ---------------------------------------------------------------------------------------------
    def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        query = urllib.parse.urlencode({k: v for k, v in (params or {}).items() if v not in ("", None)})
        return self._call("GET", path + (f"?{query}" if query else ""))

    def _post(self, path: str, body: dict[str, Any], idempotency_key: str | None) -> Any:
        data = json.dumps(body, ensure_ascii=False).encode()
        return self._call("POST", path, body=data, content_type="application/json",
                          idempotency_key=idempotency_key or str(uuid.uuid4()))  # fmt: skip

    def _call(self, method: str, path: str, *, body: bytes | None = None, content_type: str = "",
              idempotency_key: str = "") -> Any:  # fmt: skip
        """One call, retried: the same key on every attempt, so the server does the work at most once."""
        headers = {"Authorization": f"Bearer {self.api_key}", "Accept": "application/json", "User-Agent": USER_AGENT}
        if content_type:
            headers["Content-Type"] = content_type
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        if self.language:
            headers["Accept-Language"] = self.language
        url = f"{self.base_url}/api/v1/systems{path}"
        attempt = 0
        while True:
            try:
                response = self._send(method, url, body, headers)
            except (OSError, http.client.HTTPException):  # refused, reset, timed out, answer cut off
                delay = self.retry.delay(attempt, None)
                if attempt + 1 >= self.retry.attempts:
                    raise
            else:
                self.last_response = response
                if response.status < 400:
                    return response.json()
                error = _problem(response)
                delay = self.retry.delay(attempt, _retry_after(response)) if _retryable(error) else None
                if delay is None or attempt + 1 >= self.retry.attempts:
                    raise error
            attempt += 1
            self.sleep(delay)

    def _send(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> Response:
        request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310 — http(s) only
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310 — checked scheme
                return Response(answer.status, _lower(answer.headers), answer.read())
        except urllib.error.HTTPError as answer:
            with answer:
                return Response(answer.code, _lower(answer.headers), answer.read())
        except urllib.error.URLError as exc:  # unwrap: refused, DNS, timeout are OSErrors underneath
            raise exc.reason if isinstance(exc.reason, OSError) else exc from None


def _segment(value: str) -> str:
    return urllib.parse.quote(str(value), safe="")


def _lower(headers: Any) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def _problem(response: Response) -> ProblemError:
    try:
        problem = response.json()
    except ValueError:
        problem = None
    if not isinstance(problem, dict):  # not a problem document: a proxy's page, say
        problem = {"type": "about:blank", "title": response.body[:200].decode(errors="replace"),
                   "status": response.status}  # fmt: skip
    return ProblemError(problem, status=response.status, headers=response.headers)


def _retryable(error: ProblemError) -> bool:
    return error.status in RETRY_STATUSES or (error.status == 409 and error.type == IN_FLIGHT)


def _retry_after(response: Response) -> float | None:
    """Seconds (an HTTP date is not used by the API); a 409 in flight waits a second."""
    value = response.headers.get("retry-after", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return 1.0 if response.status == 409 else None
