"""A system's webhook subscriptions, the deliveries the outbox fans out to them, and every HTTP attempt."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.core.encryption import EncryptedTextField
from lienthong.gateway.webhooks.constants import DeliveryState


class WebhookSubscription(models.Model):
    """Where a system wants its agency's dossier events, and the secret they are signed with.

    The secret is stored encrypted (core/encryption.py), not hashed as an API key is: the province computes an
    HMAC with it on every delivery, and a hash cannot sign. It is shown to the system once (on creation or
    rotation) and never again; the admin does not show it. After a rotation the previous secret also signs for
    `LIENTHONG_WEBHOOK_SECRET_OVERLAP` seconds, so the receiver can switch without losing a delivery.
    """

    system = models.ForeignKey("gateway.ConnectedSystem", verbose_name=_("hệ thống kết nối"),
                               on_delete=models.CASCADE, related_name="webhook_subscriptions")  # fmt: skip
    url = models.URLField(_("địa chỉ nhận"), max_length=500)
    secret = EncryptedTextField(editable=False)
    previous_secret = EncryptedTextField(blank=True, editable=False)
    previous_secret_until = models.DateTimeField(null=True, blank=True, editable=False)
    kinds = models.JSONField(_("loại sự kiện"), default=list, blank=True, help_text=_("Để trống: mọi loại."))
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đăng ký webhook")
        verbose_name_plural = pgettext_lazy("plural", "đăng ký webhook")
        ordering = ["system", "id"]

    def __str__(self) -> str:
        return self.url


class WebhookNotice(models.Model):
    """A notice about a dossier that is not one of its events — a message to the applicant changed status (notify) —
    for the subscriptions that name its kind. Written once with its deliveries; its `uuid` is their webhook-id and
    `data` the body's data, the same bytes on every attempt."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("loại"), max_length=40)
    dossier = models.ForeignKey("dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.PROTECT,
                                related_name="+")  # fmt: skip
    at = models.DateTimeField(_("lúc"))
    data = models.JSONField(_("dữ liệu"), default=dict)

    class Meta:
        verbose_name = _("thông báo webhook")
        verbose_name_plural = pgettext_lazy("plural", "thông báo webhook")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.uuid}"


class WebhookDelivery(models.Model):
    """One event (or notice) for one subscription. Its uuid is the webhook-id: every attempt and replay carries it."""

    subscription = models.ForeignKey(WebhookSubscription, verbose_name=_("đăng ký webhook"),
                                     on_delete=models.CASCADE, related_name="deliveries")  # fmt: skip
    event = models.ForeignKey("dossiers.DossierEvent", verbose_name=_("sự kiện"), on_delete=models.PROTECT,
                              related_name="+", null=True, blank=True)  # fmt: skip
    notice = models.ForeignKey(WebhookNotice, verbose_name=_("thông báo"), on_delete=models.PROTECT,
                               related_name="deliveries", null=True, blank=True)  # fmt: skip
    dossier_id = models.BigIntegerField(db_index=True)  # the event's, copied: deliveries keep order per dossier
    state = models.CharField(_("trạng thái"), max_length=20, choices=DeliveryState.choices,
                             default=DeliveryState.PENDING)  # fmt: skip
    attempts = models.PositiveIntegerField(_("số lần thử"), default=0)
    available_at = models.DateTimeField(_("gửi từ lúc"))
    delivered_at = models.DateTimeField(_("gửi được lúc"), null=True, blank=True)
    dead_at = models.DateTimeField(_("thành thư chết lúc"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("mã HTTP gần nhất"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt gửi webhook")
        verbose_name_plural = pgettext_lazy("plural", "lượt gửi webhook")
        ordering = ["-id"]
        indexes = [models.Index(fields=["state", "available_at"])]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"], name="one_delivery_per_subscription_event"),
            models.UniqueConstraint(fields=["subscription", "notice"], name="one_delivery_per_subscription_notice"),
            models.CheckConstraint(
                condition=models.Q(event__isnull=False, notice__isnull=True)
                | models.Q(event__isnull=True, notice__isnull=False),
                name="webhook_delivery_of_an_event_or_a_notice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id} ← {self.event_id or f'n{self.notice_id}'} {self.state}"

    # What a delivery sends, whichever it carries (the lists select_related both, "event__dossier", "notice__dossier").
    @property
    def webhook_id(self) -> str:
        return str(self.event.uuid if self.event_id else self.notice.uuid)

    @property
    def kind(self) -> str:
        return self.event.kind if self.event_id else self.notice.kind

    @property
    def kind_label(self) -> str:
        return str(self.event.get_kind_display()) if self.event_id else str(_("Trạng thái tin nhắn gửi người nộp"))

    @property
    def dossier_code(self) -> str:
        return (self.event.dossier if self.event_id else self.notice.dossier).code or ""


class WebhookAttempt(models.Model):
    """One HTTP POST of a delivery: the status (none on a network error), how long it took, what went wrong."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(_("lúc"))
    status = models.PositiveSmallIntegerField(_("mã trạng thái HTTP"), null=True, blank=True)
    latency_ms = models.PositiveIntegerField(_("thời gian (ms)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("lần gửi webhook")
        verbose_name_plural = pgettext_lazy("plural", "lần gửi webhook")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.status or '-'}"
