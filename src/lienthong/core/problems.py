"""RFC 9457 problem details, the one error shape of the API."""

from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, JsonResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_response(
    request: HttpRequest, *, status: int, title: str, code: str, detail: str = "", **extensions: Any
) -> JsonResponse:
    """A problem document; `type` is a stable URN per error code so clients can branch on it."""
    body: dict[str, Any] = {
        "type": f"urn:lienthong:problem:{code}",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "instance": request.path,
    }
    if detail:
        body["detail"] = detail
    body.update(extensions)
    return JsonResponse(
        body, status=status, content_type=PROBLEM_CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )
