"""Vocabulary of the national-portal connector (docs/national-portal.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lienthong.core.errors import DomainError

SYNC_TOPIC = "national.sync"  # stored on outbox rows: never rename without migrating them

# Data, not interface: what the portal and the dossier's history are told, in Vietnamese whatever the language.
PORTAL_NAME = "Cổng Dịch vụ công quốc gia"
SYSTEM_ACTOR = "Hệ thống"


class SyncState(models.TextChoices):
    PENDING = "pending", _("Chờ đồng bộ")
    SYNCED = "synced", _("Đã đồng bộ")
    FAILED = "failed", _("Đồng bộ lỗi, cần xử lý")


class ReceiptState(models.TextChoices):
    RECEIVED = "received", _("Đã nhận vào hệ thống")
    REJECTED = "rejected", _("Không nhận được")


class NationalError(DomainError):
    """A request to the connector that cannot be carried out; `code` is stable, `message` is for people."""

    DISABLED = "connector_disabled"
    UNKNOWN_DOSSIER = "unknown_dossier"
    NO_CODE = "dossier_without_code"
