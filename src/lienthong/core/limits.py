"""Bounds on what one request may cost (issue 11 §14, §16; docs/limits.md).

- `RequestLimitsMiddleware` refuses a body whose declared length is past `LIENTHONG_REQUEST_MAX_BYTES` before a
  byte of it is read (413), and puts `BoundedUploadHandler` first, so a file past `LIENTHONG_UPLOAD_MAX_BYTES` is
  cut off while it streams in instead of being spooled to disk in full.
- `DatabaseBusyMiddleware` answers a statement or lock that ran out of time (PostgreSQL's `statement_timeout` and
  `lock_timeout`, set per connection by `dbconfig`; SQLite's busy timeout) or a deadlock with 503 and Retry-After:
  an RFC 9457 problem under /api/, a short Vietnamese page elsewhere — not gunicorn's 500. So does a database that
  cannot be reached at all (PgBouncer or PostgreSQL restarting, a failover): the node's /readyz says so too, and the
  load balancer stops sending it requests within two checks.
"""

import logging

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from lienthong.core.middleware import API_PREFIX, OFFICERS_PREFIXES
from lienthong.core.problems import problem_response
from lienthong.core.uploads import UNBOUNDED_PREFIXES, BoundedUploadHandler

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# query_canceled (statement_timeout), lock_not_available (lock_timeout), deadlock_detected, cannot_connect_now
BUSY_SQLSTATES = frozenset({"57014", "55P03", "40P01", "57P03"})
BUSY_SQLITE_MESSAGES = ("database is locked", "database table is locked")


class RequestLimitsMiddleware:
    """Placed before anything reads the body (CSRF reads the form): the declared length, then the streaming bound."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and _declared_length(request) > limit:
            return _too_large(request, limit)
        if request.content_type == "multipart/form-data" and not request.path.startswith(UNBOUNDED_PREFIXES):
            request.upload_handlers.insert(0, BoundedUploadHandler(request))  # only a multipart body carries files
        return self.get_response(request)


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # as Django reads it: an unreadable length is an empty body


def _too_large(request: HttpRequest, limit: int) -> HttpResponse:
    title = _("Yêu cầu quá lớn")
    detail = _("Dữ liệu gửi lên lớn hơn giới hạn %(limit)s của mỗi lần gửi; hãy gửi ít tệp hơn hoặc tệp nhỏ hơn.") % {
        "limit": filesizeformat(limit)
    }
    if request.path.startswith(API_PREFIX):
        return problem_response(request, status=413, title=title, code="request_too_large", detail=detail,
                                limit_bytes=limit)  # fmt: skip
    return _page(request, "413.html", status=413, title=title, detail=detail)


class DatabaseBusyMiddleware:
    """A request the database could not serve in time: 503 with Retry-After, the same shape as every other error."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not (database_busy(exception) or database_unreachable(exception)):
            return None
        logger.warning("Database busy on %s %s: %s", request.method, request.path, exception)
        title = _("Hệ thống đang bận")
        detail = _("Cơ sở dữ liệu chưa trả lời kịp; xin thử lại sau %(seconds)d giây.") % {
            "seconds": RETRY_AFTER_SECONDS
        }
        if request.path.startswith(API_PREFIX):
            response = problem_response(request, status=503, title=title, code="database_busy", detail=detail)
        else:
            response = _page(request, "503.html", status=503, title=title, detail=detail)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


def store_unavailable(request: HttpRequest) -> HttpResponse:
    """The object store holding the files did not answer: 503 with Retry-After (core/storedfiles.py)."""
    title = _("Kho lưu trữ tệp đang bận")
    detail = _("Kho lưu trữ tệp chưa trả lời; xin thử lại sau %(seconds)d giây.") % {"seconds": RETRY_AFTER_SECONDS}
    if request.path.startswith(API_PREFIX):
        response = problem_response(request, status=503, title=title, code="file_store_unavailable", detail=detail)
    else:
        response = _page(request, "503.html", status=503, title=title, detail=detail)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def database_busy(exception: BaseException) -> bool:
    """A statement or lock past its timeout, a deadlock, or a database not taking connections yet."""
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    if getattr(cause, "sqlstate", None) in BUSY_SQLSTATES:
        return True
    return str(exception).startswith(BUSY_SQLITE_MESSAGES)


def database_unreachable(exception: BaseException) -> bool:
    """No connection could be made, or the one in use was lost (the pooler or the server went away): the driver's
    error carries no SQLSTATE then, or one of class 08 (connection exception)."""
    if not isinstance(exception, OperationalError) or exception.__cause__ is None:
        return False
    sqlstate = getattr(exception.__cause__, "sqlstate", None)
    if sqlstate is None:
        return type(exception.__cause__).__module__.startswith("psycopg")
    return sqlstate.startswith("08")


def _page(request: HttpRequest, template: str, *, status: int, title: str, detail: str) -> HttpResponse:
    # Rendered without the request: no context processor, so no query — the database may be the one that is stuck.
    context = {"title": title, "detail": detail, "for_officers": request.path.startswith(OFFICERS_PREFIXES)}
    return HttpResponse(render_to_string(template, context), status=status)
