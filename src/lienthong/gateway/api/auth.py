"""How a system's call is let in, measured and answered: the Bearer key (scope, rate), problems, the record.

Order of a call: ninja runs `SystemKey` (key, then rate, then scope — before the body is even parsed, so a
refused call costs one indexed read and two cache calls), then validates the input, then the handler runs
inside `operation`, which maps domain errors to RFC 9457 problems, runs POSTs under their Idempotency-Key and
counts the call (services/calls.py: cache only).
"""

import functools
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.security import HttpBearer
from pydantic import BaseModel

from lienthong.core.problems import problem_response
from lienthong.core.ratelimit import rate_parse, window_hit
from lienthong.dossiers.services import DossierError
from lienthong.gateway.errors import GatewayError
from lienthong.gateway.models import ApiKey
from lienthong.gateway.services.calls import Call, call_record
from lienthong.gateway.services.credentials import key_authenticate
from lienthong.gateway.services.idempotency import idempotent_run, request_fingerprint

TITLES = {
    401: gettext_lazy("Chưa xác thực"),
    403: gettext_lazy("Không đủ quyền"),
    404: gettext_lazy("Không tìm thấy"),
    409: gettext_lazy("Xung đột"),
    422: gettext_lazy("Dữ liệu không hợp lệ"),
    429: gettext_lazy("Quá nhiều yêu cầu"),
}
DOSSIER_ERROR_STATUS = {DossierError.NOT_PERMITTED: 403, DossierError.NOT_ALLOWED_IN_STATUS: 409}


class SystemKey(HttpBearer):
    """`Authorization: Bearer lt_<prefix>_<secret>`, holding `scope` (None: any valid key)."""

    def __init__(self, scope: str | None) -> None:
        super().__init__()
        self.scope = scope

    def __call__(self, request: HttpRequest) -> ApiKey:
        request.gateway_started = time.perf_counter()
        scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise GatewayError(GatewayError.UNAUTHENTICATED, _("Thiếu khóa API (Authorization: Bearer …)."),
                               status=401, headers={"WWW-Authenticate": 'Bearer realm="lienthong"'})  # fmt: skip
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey:
        key = key_authenticate(token)
        request.gateway_key = key
        rate = rate_parse(key.rate or settings.LIENTHONG_GATEWAY_KEY_RATE)
        if rate is not None and not (verdict := window_hit(f"gw:key:{key.pk}", rate)).allowed:
            raise GatewayError(
                GatewayError.RATE_LIMITED, _("Vượt giới hạn gọi của khóa API."), status=429,
                headers={"Retry-After": str(verdict.retry_after)},
            )  # fmt: skip
        if self.scope is not None and self.scope not in key.scopes:
            raise GatewayError(
                GatewayError.SCOPE_MISSING,
                _("Khóa API không có phạm vi %(scope)s.") % {"scope": self.scope},
                status=403,
                required_scope=self.scope,
            )
        return key


def gateway_problem(request: HttpRequest, exc: GatewayError) -> HttpResponse:
    response = problem_response(request, status=exc.status, title=str(TITLES.get(exc.status, "")),
                                code=f"gateway.{exc.code}", detail=exc.message, **exc.details)  # fmt: skip
    for name, value in exc.headers.items():
        response[name] = value
    return response


def gateway_error_handler(request: HttpRequest, exc: GatewayError) -> HttpResponse:
    """Registered on the API: refusals raised before the handler (key, rate, scope). A known key's are counted."""
    response = gateway_problem(request, exc)
    if (key := getattr(request, "gateway_key", None)) is not None:
        operation_name = getattr(getattr(request, "resolver_match", None), "url_name", "") or "unknown"
        _count(request, key, operation_name, response)
    return response


def dossier_problem(request: HttpRequest, exc: DossierError) -> HttpResponse:
    status = DOSSIER_ERROR_STATUS.get(exc.code, 422)
    return problem_response(request, status=status, title=str(TITLES[status]), code=f"dossier.{exc.code}",
                            detail=str(exc.message), **_plain(exc.details))  # fmt: skip


def _plain(details: dict[str, Any]) -> dict[str, Any]:
    return {name: value if isinstance(value, (str, int, list, dict)) else str(value) for name, value in details.items()}


def json_out(data: BaseModel | list[BaseModel], *, status: int = 200) -> JsonResponse:
    """The handler's answer, serialised here (not by ninja) so an idempotent POST can store exactly these bytes."""
    body = [item.model_dump(mode="json") for item in data] if isinstance(data, list) else data.model_dump(mode="json")
    return JsonResponse(body, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _guarded(view: Callable[..., HttpResponse], request: HttpRequest, args, kwargs) -> HttpResponse:
    try:
        return view(request, *args, **kwargs)
    except GatewayError as exc:
        return gateway_problem(request, exc)
    except DossierError as exc:
        return dossier_problem(request, exc)


def _count(request: HttpRequest, key: ApiKey, operation_name: str, response: HttpResponse) -> None:
    started = getattr(request, "gateway_started", time.perf_counter())
    problem = ""
    if response.status_code >= 400 and response.get("Content-Type", "").startswith("application/problem+json"):
        problem = response.content[:400].decode(errors="replace").partition('"type": "')[2].partition('"')[0]
    call_record(Call(system_id=key.system_id, operation=operation_name, status=response.status_code,
                     latency_ms=int((time.perf_counter() - started) * 1000), problem=problem))  # fmt: skip


def operation(name: str, *, idempotent: bool = False) -> Callable:
    """Wrap a handler: problems for domain errors, the Idempotency-Key for a POST, the call counted."""

    def wrap(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def handler(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            key = request.auth  # an ApiKey; the board's reads also admit a signed-in officer (not counted)
            if idempotent:
                fingerprint = request_fingerprint(
                    method=request.method, path=request.path, body=_body(request),
                    content_type=request.content_type or "", post=request.POST, files=request.FILES,
                )  # fmt: skip
                try:
                    response = idempotent_run(system=key.system, key=kwargs["idempotency_key"],
                                              fingerprint=fingerprint,
                                              work=lambda: _guarded(view, request, args, kwargs))  # fmt: skip
                except GatewayError as exc:
                    response = gateway_problem(request, exc)
            else:
                response = _guarded(view, request, args, kwargs)
            if isinstance(key, ApiKey):
                _count(request, key, name, response)
            return response

        return handler

    return wrap


def _body(request: HttpRequest) -> bytes:
    if (request.content_type or "").startswith("multipart/"):
        return b""  # read as parsed fields and files (the raw body is gone once they are parsed)
    return request.body
