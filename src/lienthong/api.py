"""The NinjaAPI that mounts each app's router under /api/v1/ (its OpenAPI document is committed: docs/openapi.json)."""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError, ValidationError

import lienthong
from lienthong.core.api_openapi import ContractAPI
from lienthong.core.api_parser import StorableTextParser
from lienthong.core.problems import problem_response

api = ContractAPI(
    # Without diacritics: client generators derive a package name from the title ("lien-thong-api-client").
    title="Lien Thong API",
    version="1",
    description=(
        "Liên Thông — API v1 của hệ thống thông tin giải quyết thủ tục hành chính cấp tỉnh. "
        "Errors are RFC 9457 problem details (application/problem+json)."
    ),
    urls_namespace="api-v1",
    parser=StorableTextParser(),
    openapi_extra={"info": {"license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"}}},
)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problem_response(
        request, status=422, title=_("Dữ liệu không hợp lệ"), code="validation_error", errors=exc.errors
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja turns any failure of the body parser into 400 "Cannot parse request body": say which.
    if isinstance(exc.__cause__, ValidationError):  # the body is JSON but holds what cannot be stored
        return _validation_error(request, exc.__cause__)
    if isinstance(exc.__cause__, ValueError):  # not JSON at all (json.JSONDecodeError, UnicodeDecodeError)
        return problem_response(request, status=400, title=_("Nội dung yêu cầu không phải JSON hợp lệ"),
                                code="malformed_json")  # fmt: skip
    return problem_response(request, status=exc.status_code, title=str(exc), code="http_error")


class HealthOut(Schema):
    status: Literal["ok"]
    version: str = Field(examples=["0.1.0"])


@api.get("/health", response=HealthOut, tags=["system"], summary="Liveness and version", operation_id="health",
         url_name="health")  # fmt: skip
def health(request: HttpRequest) -> dict:
    return {"status": "ok", "version": lienthong.__version__}


def _mount_routers() -> None:
    from lienthong.catalogue.api import router as catalogue_router
    from lienthong.core.api import router as calendar_router
    from lienthong.portal.api import router as track_router

    api.add_router("/calendar", calendar_router)
    api.add_router("/catalogue", catalogue_router)
    api.add_router("/track", track_router)

    # Connected systems (docs/integration.md): Bearer API keys; their refusals are problems like every error.
    from lienthong.gateway.api import GatewayError, gateway_error_handler
    from lienthong.gateway.api import router as gateway_router

    api.add_router("/systems", gateway_router)
    api.add_exception_handler(GatewayError, gateway_error_handler)

    # The connection board as data (docs/connection-board.md): a provincial system's key or a board officer's session.
    from lienthong.board.api import router as board_router

    api.add_router("/board", board_router)


_mount_routers()
