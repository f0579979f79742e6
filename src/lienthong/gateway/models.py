"""Connected systems, their credentials, their links to dossiers, and what the gateway records of their calls.

`ConnectedSystem` is the extension point of the gateway: webhooks, the national-portal connector and the
connection board hang their own rows on it (a ForeignKey), as the models below do.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.catalogue.models import Procedure
from lienthong.dossiers.models import Dossier
from lienthong.gateway.constants import CredentialEventKind, IdempotencyState, SystemKind
from lienthong.org.models import Agency


class ConnectedSystem(models.Model):
    """A piece of software of one agency that must connect (Decision 766 metric 1.4; DESIGN.md, gateway)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan/đơn vị"), on_delete=models.PROTECT, related_name="connected_systems"
    )
    name = models.CharField(_("tên hệ thống"), max_length=255)
    vendor = models.CharField(_("đơn vị cung cấp"), max_length=255, blank=True)
    kind = models.CharField(_("loại hệ thống"), max_length=30, choices=SystemKind.choices)
    contact_name = models.CharField(_("người liên hệ"), max_length=150, blank=True)
    contact_email = models.EmailField(_("thư điện tử liên hệ"), blank=True)
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=30, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # The account the lifecycle services see as the actor: it holds the desk's and the steps' roles at the agency
    # (constants.SYSTEM_ROLES) and cannot sign in (no usable password).
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản hệ thống"), on_delete=models.PROTECT,
        related_name="connected_system", editable=False,
    )  # fmt: skip
    last_heartbeat_at = models.DateTimeField(_("tín hiệu gần nhất"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hệ thống kết nối")
        verbose_name_plural = pgettext_lazy("plural", "hệ thống kết nối")
        ordering = ["agency__name", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="system_name_unique_per_agency")]

    def __str__(self) -> str:
        return self.name


class SystemDuty(models.Model):
    """A procedure the system must keep in sync, and how fresh (the board compares it with what it sees)."""

    system = models.ForeignKey(ConnectedSystem, on_delete=models.CASCADE, related_name="duties")
    procedure = models.ForeignKey(Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="+")
    max_lag_minutes = models.PositiveIntegerField(_("độ trễ tối đa (phút)"), default=15)

    class Meta:
        verbose_name = _("nhiệm vụ đồng bộ")
        verbose_name_plural = pgettext_lazy("plural", "nhiệm vụ đồng bộ")
        constraints = [models.UniqueConstraint(fields=["system", "procedure"], name="duty_unique_per_procedure")]

    def __str__(self) -> str:
        return f"{self.system_id} → {self.procedure_id} ({self.max_lag_minutes}′)"


class ApiKey(models.Model):
    """A credential of a system: `prefix` identifies it in lists and logs, only the token's hash is kept."""

    system = models.ForeignKey(ConnectedSystem, on_delete=models.CASCADE, related_name="keys")
    prefix = models.CharField(_("tiền tố"), max_length=16, unique=True)
    # sha256 of the whole token (services/credentials.py says why a fast hash is right here).
    hashed = models.CharField(max_length=64)
    scopes = models.JSONField(_("phạm vi"), default=list)
    rate = models.CharField(
        _("giới hạn gọi"), max_length=30, blank=True, help_text=_("Ví dụ 600/60; để trống: mặc định.")
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng gần nhất"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", verbose_name=_("thay bằng"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = pgettext_lazy("plural", "khóa API")
        ordering = ["system", "-created_at"]

    def __str__(self) -> str:
        return self.prefix


class CredentialEvent(models.Model):
    """Who created, rotated or revoked a key, and when (append-only)."""

    system = models.ForeignKey(ConnectedSystem, on_delete=models.CASCADE, related_name="credential_events")
    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=20, choices=CredentialEventKind.choices)
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    actor_label = models.CharField(_("người thực hiện"), max_length=255, blank=True)
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("nhật ký khóa API")
        verbose_name_plural = pgettext_lazy("plural", "nhật ký khóa API")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.key_id} {self.kind}"


class SystemDossier(models.Model):
    """A dossier as the system knows it: its own id for it, and how many of its reported actions were applied."""

    system = models.ForeignKey(ConnectedSystem, on_delete=models.CASCADE, related_name="dossier_links")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="system_links")
    external_id = models.CharField(_("mã hồ sơ ở hệ thống"), max_length=100)
    actions_applied = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hồ sơ của hệ thống")
        verbose_name_plural = pgettext_lazy("plural", "hồ sơ của hệ thống")
        constraints = [
            models.UniqueConstraint(fields=["system", "external_id"], name="external_id_unique_per_system"),
            models.UniqueConstraint(fields=["system", "dossier"], name="one_link_per_system_dossier"),
        ]

    def __str__(self) -> str:
        return self.external_id


class Heartbeat(models.Model):
    system = models.ForeignKey(ConnectedSystem, on_delete=models.CASCADE, related_name="heartbeats")
    at = models.DateTimeField(_("lúc"))
    version = models.CharField(_("phiên bản"), max_length=60, blank=True)
    queue_depth = models.PositiveIntegerField(_("số việc chờ"), default=0)

    class Meta:
        verbose_name = _("tín hiệu hoạt động")
        verbose_name_plural = pgettext_lazy("plural", "tín hiệu hoạt động")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["system", "-at"])]

    def __str__(self) -> str:
        return f"{self.system_id} {self.at:%Y-%m-%d %H:%M}"


class CallStat(models.Model):
    """Calls of one operation by one system in one minute, moved here from the cache by `call_stats_flush`."""

    system = models.ForeignKey(ConnectedSystem, on_delete=models.CASCADE, related_name="call_stats")
    operation = models.CharField(_("thao tác"), max_length=60)
    minute = models.DateTimeField(_("phút"))
    count = models.PositiveIntegerField(_("số lần gọi"), default=0)
    errors = models.PositiveIntegerField(_("số lỗi"), default=0)
    total_ms = models.PositiveBigIntegerField(_("tổng thời gian (ms)"), default=0)
    max_ms = models.PositiveIntegerField(_("lâu nhất (ms)"), default=0)

    class Meta:
        verbose_name = _("thống kê lượt gọi")
        verbose_name_plural = pgettext_lazy("plural", "thống kê lượt gọi")
        ordering = ["-minute", "system", "operation"]
        constraints = [
            models.UniqueConstraint(fields=["system", "operation", "minute"], name="one_stat_per_system_op_minute")
        ]

    def __str__(self) -> str:
        return f"{self.system_id} {self.operation} {self.minute:%Y-%m-%d %H:%M}"


class FailedCall(models.Model):
    """A recent failed call, for drill-down; the most recent FAILED_CALLS_KEPT per system are kept."""

    system = models.ForeignKey(ConnectedSystem, on_delete=models.CASCADE, related_name="failed_calls")
    at = models.DateTimeField(_("lúc"))
    operation = models.CharField(_("thao tác"), max_length=60)
    status = models.PositiveSmallIntegerField(_("mã trạng thái HTTP"))
    problem = models.CharField(_("loại lỗi"), max_length=120, blank=True)
    latency_ms = models.PositiveIntegerField(_("thời gian (ms)"), default=0)

    class Meta:
        verbose_name = _("lượt gọi lỗi")
        verbose_name_plural = pgettext_lazy("plural", "lượt gọi lỗi")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["system", "-at"])]

    def __str__(self) -> str:
        return f"{self.system_id} {self.operation} {self.status}"


class IdempotencyRecord(models.Model):
    """One POST of a system under its Idempotency-Key: the request's hash, then the response to replay."""

    system = models.ForeignKey(ConnectedSystem, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=20, choices=IdempotencyState.choices, default=IdempotencyState.IN_FLIGHT)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    response_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["system", "key"], name="one_record_per_system_key")]

    def __str__(self) -> str:
        return f"{self.system_id} {self.key} {self.state}"


class ReconciliationReport(models.Model):
    """The counts a system reports for one day, by procedure and status, as the unit sees them."""

    system = models.ForeignKey(ConnectedSystem, on_delete=models.CASCADE, related_name="reconciliations")
    day = models.DateField(_("ngày"))
    counts = models.JSONField(_("số liệu"), default=list)  # [{"procedure": code, "status": s, "count": n}]
    received_at = models.DateTimeField(_("nhận lúc"))

    class Meta:
        verbose_name = _("báo cáo đối soát")
        verbose_name_plural = pgettext_lazy("plural", "báo cáo đối soát")
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["system", "day"], name="one_reconciliation_per_day")]

    def __str__(self) -> str:
        return f"{self.system_id} {self.day}"


# Outbound webhooks live in their own sub-package; imported here so that Django sees their models.
from lienthong.gateway.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription  # noqa: E402

__all__ = ["WebhookAttempt", "WebhookDelivery", "WebhookSubscription"]
