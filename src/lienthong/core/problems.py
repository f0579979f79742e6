"""RFC 9457 problem details, the one error shape of the API: the response and its documented schema."""

from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Field, Schema

PROBLEM_CONTENT_TYPE = "application/problem+json"


class Problem(Schema):
    """RFC 9457 problem details (application/problem+json); `type` is urn:lienthong:problem:<code>. Other members
    are extensions of that type (e.g. `required_scope`)."""

    type: str = Field(examples=["urn:lienthong:problem:gateway.scope_missing"])
    title: str
    status: int
    instance: str
    detail: str | None = None
    errors: list[Any] | None = Field(
        None,
        description="What is invalid: for `validation_error` one object per input with `loc` (where, e.g. "
        '["body", "url"]), `msg` (why, in the language asked for) and `type`; for `dossier.invalid_form_data` '
        "one line per fault of the form.",
    )


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
