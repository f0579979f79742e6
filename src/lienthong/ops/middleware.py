"""First of the middleware: a request id for every request (X-Request-ID, taken from the load balancer when it is a
plain token, else made), its latency and status counted for Prometheus by route name, and with
LIENTHONG_LOG_FORMAT=json one log line per request — route, method, status, duration, request id; never the path,
query string, client address or any identity (docs/deployment.md, "What to watch")."""

import logging
import re
import time
import uuid

from django.conf import settings

from lienthong.core.logjson import REQUEST_ID
from lienthong.ops.metrics import request_observe

log = logging.getLogger("lienthong.request")
HEADER = "X-Request-ID"
VALID_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")  # what a proxy makes (a UUID, a hex string); anything else is replaced
UNMATCHED = "unmatched"  # a URL that names no route: one label, whatever was asked for
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}  # any other token: one label, "other"


class RequestObservedMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = given if VALID_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
        seconds = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        route = match.view_name if match is not None else UNMATCHED
        response[HEADER] = request_id
        method = request.method if request.method in METHODS else "other"
        request_observe(route=route, method=method, status=response.status_code, seconds=seconds)
        if settings.LIENTHONG_LOG_FORMAT == "json":
            log.info(
                "request",
                extra={"request_id": request_id, "method": method, "route": route,
                       "status": response.status_code, "duration_ms": round(seconds * 1000, 1)},
            )  # fmt: skip
        return response
