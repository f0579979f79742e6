"""/healthz, /readyz and /metrics: for load balancers, orchestrators and Prometheus, not for people. JSON (or the
Prometheus text format), no personal data, no session, no template; exempt from the HTTPS redirect."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

import lienthong
from lienthong.ops.metrics import metrics_exposition
from lienthong.ops.readiness import OK, readiness


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. No I/O, so a slow database never gets a live node restarted."""
    return JsonResponse({"status": "ok", "version": lienthong.__version__})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when everything this node needs answers, else 503 naming what does not."""
    checks = readiness()
    ready = all(verdict == OK for verdict in checks.values())
    return JsonResponse({"status": "ready" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics, for a bearer of LIENTHONG_METRICS_TOKEN or a caller in LIENTHONG_METRICS_ALLOWED_NETWORKS."""
    if not metrics_allowed(request):
        return JsonResponse({"status": "forbidden"}, status=403)
    return HttpResponse(metrics_exposition(), content_type=CONTENT_TYPE_LATEST)


def metrics_allowed(request: HttpRequest) -> bool:
    token = settings.LIENTHONG_METRICS_TOKEN
    given = request.META.get("HTTP_AUTHORIZATION", "")
    if token and given.startswith("Bearer ") and constant_time_compare(given.removeprefix("Bearer "), token):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(net, strict=False) for net in settings.LIENTHONG_METRICS_ALLOWED_NETWORKS
    )
