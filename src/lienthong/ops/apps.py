from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations (docs/deployment.md): liveness and readiness probes, Prometheus metrics, one JSON line per request."""

    name = "lienthong.ops"
    verbose_name = _("Vận hành")
