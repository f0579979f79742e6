from django.db import models
from django.utils.translation import gettext_lazy as _


class ConnectionState(models.TextChoices):
    """Worst first: an agency shows the worst state of its systems."""

    NEVER = "never", _("Chưa kết nối")
    DISCONNECTED = "disconnected", _("Mất kết nối")
    DEGRADED = "degraded", _("Kết nối không ổn định")
    CONNECTED = "connected", _("Đang kết nối")


SEVERITY = {state: rank for rank, state in enumerate(ConnectionState.values)}
FAILED_CALLS_SHOWN = 50
HEARTBEATS_SHOWN = 20
UNDELIVERED_SHOWN = 50
