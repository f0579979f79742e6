"""The pages a person meets when something goes wrong: 400, 403, 404, 500 and a refused form (CSRF), styled like
the site, in the language they chose, each saying what to do next (issue 11, item 3).

Under /backoffice/ (and /admin/) the page wears the back office's layout, with the menu of what this officer may
open; elsewhere the public layout. Under /api/ the answer stays an RFC 9457 problem, as every API error is.
The 500 page is rendered without the request's context: the database or the session may be what failed.
Wired in urls.py (handler400 … handler500) and settings.CSRF_FAILURE_VIEW.
"""

import logging
import re

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from lienthong.core.middleware import API_PREFIX, OFFICERS_PREFIXES
from lienthong.core.problems import problem_response

logger = logging.getLogger(__name__)

# get_object_or_404's own message names a model in English ("No Agency matches the given query."): not for people.
DJANGO_DEFAULT_404 = re.compile(r"^No \w+ matches the given query\.$")


def _for_officers(request: HttpRequest) -> bool:
    return request.path.startswith(OFFICERS_PREFIXES)


def _layout(request: HttpRequest) -> str:
    return "errors/backoffice.html" if _for_officers(request) else "errors/public.html"


def _said(exception: BaseException | None) -> str:
    """The reason a view gave in words (ours are Vietnamese, translated), or "" when there is none to show: none,
    a resolver's dictionary, or Django's English default."""
    message = exception.args[0] if exception is not None and exception.args else ""
    message = str(message) if isinstance(message, str | Promise) else ""
    return "" if DJANGO_DEFAULT_404.match(message) else message


def _page(request: HttpRequest, template: str, status: int, **context) -> HttpResponse:
    context |= {"layout": _layout(request), "status": status, "for_officers": _for_officers(request)}
    body = loader.render_to_string(template, context, request=request)
    return HttpResponse(body, status=status)


def _api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    if _api(request):
        return problem_response(request, status=400, title=_("Yêu cầu không hợp lệ"), code="bad_request")
    return _page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    if _api(request):
        return problem_response(request, status=403, title=_("Không có quyền truy cập"), code="forbidden",
                                detail=_said(exception))  # fmt: skip
    return _page(request, "403.html", 403, reason=_said(exception))


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    if _api(request):
        return problem_response(request, status=404, title=_("Không tìm thấy"), code="not_found",
                                detail=_said(exception))  # fmt: skip
    return _page(request, "404.html", 404, reason=_said(exception))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page kept open too long, after signing in or out elsewhere, or without cookies: the
    technical reason goes to the log, the person reads what to do."""
    logger.warning("CSRF refused %s %s: %s", request.method, request.path, reason)
    if _api(request):
        return problem_response(request, status=403, title=_("Biểu mẫu đã hết hạn"), code="csrf_failed")
    return _page(request, "403_csrf.html", 403)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered from the template alone — no context processor, no user, no session, no query — so that it shows
    even when the database is what failed."""
    if _api(request):
        return problem_response(request, status=500, title=_("Lỗi hệ thống"), code="server_error")
    body = loader.get_template("500.html").render({"for_officers": _for_officers(request)})
    return HttpResponse(body, status=500)
