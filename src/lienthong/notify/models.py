"""The one delivery model of every message the system sends, on every channel (issue 15): versioned templates per
event, channel and language, one message per (event, channel, recipient), its status history, the citizen's opt-outs
and the provider's tokens."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.dossiers.models import Dossier
from lienthong.notify.constants import MessageChannel, MessageStatus


class MessageTemplate(models.Model):
    """The words of one event on one channel, versioned: a new version replaces the active one, the old stays for the
    messages that were rendered from it. `params` types each placeholder and its length limit (ZNS parameters are
    limited per kind, e.g. a name 30, a code 30, an address 200); `body` is the SMS text or e-mail body, and for Zalo
    the text shown to officers while `zns_template_id` names the template Zalo approved."""

    kind = models.CharField(_("sự kiện"), max_length=40)
    channel = models.CharField(_("kênh"), max_length=10, choices=MessageChannel.choices)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    language = models.CharField(_("ngôn ngữ"), max_length=5, choices=settings.LANGUAGES, default="vi")
    subject = models.CharField(
        _("tiêu đề"), max_length=255, blank=True, help_text=_("Thư điện tử: một dòng; dùng các biến như nội dung.")
    )
    body = models.TextField(_("nội dung"))
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    zns_template_id = models.CharField(_("mã mẫu ZNS"), max_length=40, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.CharField(_("người tạo"), max_length=150, blank=True)  # the officer who wrote this version

    class Meta:
        verbose_name = _("mẫu tin nhắn")
        verbose_name_plural = pgettext_lazy("plural", "mẫu tin nhắn")
        ordering = ["kind", "channel", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "channel", "language", "version"], name="notify_template_version_once"
            ),
            models.UniqueConstraint(
                fields=["kind", "channel", "language"],
                condition=models.Q(is_active=True),
                name="notify_template_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.channel}/{self.language} v{self.version}"

    def clean(self) -> None:
        """A template is checked against its event's placeholders (a letter's or an applicant notice's) and its
        channel's limits when it is saved (notify.letters): a placeholder the event lacks, or one the channel needs
        left out, is refused here."""
        from lienthong.notify.letters import event_of, template_check

        if event_of(self.kind) is not None:
            template_check(kind=self.kind, channel=self.channel, body=self.body, subject=self.subject,
                           params=self.params)  # fmt: skip


class Message(models.Model):
    """One message about one event, on one channel, to one recipient: the unique key makes a redelivered event, a
    repeated callback or a worker run twice find the same row, so nothing is sent twice on a channel. Its `uuid` is
    the provider's RequestId / tracking_id."""

    uuid = models.UUIDField(_("mã tin"), default=uuid.uuid4, unique=True, editable=False)
    event_uuid = models.UUIDField(_("mã sự kiện"), editable=False)
    kind = models.CharField(_("sự kiện"), max_length=40)
    channel = models.CharField(_("kênh"), max_length=10, choices=MessageChannel.choices)
    recipient = models.CharField(_("người nhận"), max_length=254)
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="messages", null=True, blank=True
    )
    template = models.ForeignKey(
        MessageTemplate, verbose_name=_("mẫu"), on_delete=models.PROTECT, null=True, blank=True
    )
    body = models.TextField(_("nội dung"), blank=True)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    # The event as delivered (its envelope): what a fallback on the next channel is rendered from.
    event = models.JSONField(_("sự kiện gốc"), default=dict, blank=True, editable=False)
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=MessageStatus.choices, default=MessageStatus.CREATED
    )
    send_after = models.DateTimeField(_("gửi từ"))
    provider_ref = models.CharField(_("mã của nhà cung cấp"), max_length=80, blank=True)
    error_code = models.CharField(_("mã lỗi"), max_length=20, blank=True)
    detail = models.CharField(_("chi tiết"), max_length=500, blank=True)
    fallback_of = models.ForeignKey(
        "self", verbose_name=_("gửi thay cho"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="fallbacks",
    )  # fmt: skip
    resend_of = models.ForeignKey(
        "self", verbose_name=_("gửi lại tin"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="resends",
    )  # fmt: skip
    # Who carried it: the host of the SMS gateway or Zalo's API, the mail server (set when it is handed over).
    provider = models.CharField(_("nhà cung cấp"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    completed_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("tin nhắn")
        verbose_name_plural = pgettext_lazy("plural", "tin nhắn")
        ordering = ["created_at", "id"]
        constraints = [
            # Once per event, channel and recipient; an officer's resend is a message of its own (resend_of), kept to
            # one at a time by notify.resend under the first message's row lock.
            models.UniqueConstraint(
                fields=["event_uuid", "channel", "recipient"],
                condition=models.Q(resend_of__isnull=True),
                name="notify_message_once",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "send_after"], name="notify_message_due"),
            models.Index(fields=["channel", "provider_ref"], name="notify_message_ref"),
            models.Index(fields=["created_at"], name="notify_message_created"),  # the delivery rates' period
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.channel} → {self.recipient} ({self.status})"


class MessageStatusChange(models.Model):
    """Every change of a message's status, with what caused it (a provider's reply, a callback, the timeout)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(_("trạng thái"), max_length=20, choices=MessageStatus.choices)
    source = models.CharField(_("nguồn"), max_length=20)  # send, callback, poll, timeout, fallback
    detail = models.CharField(_("chi tiết"), max_length=500, blank=True)
    at = models.DateTimeField(_("lúc"))

    class Meta:
        verbose_name = _("thay đổi trạng thái tin")
        verbose_name_plural = pgettext_lazy("plural", "thay đổi trạng thái tin")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.status} ({self.source})"


class OptOut(models.Model):
    """A citizen asked not to get messages on this channel at this address (a phone in 84… form, or an e-mail)."""

    channel = models.CharField(_("kênh"), max_length=10, choices=MessageChannel.choices)
    recipient = models.CharField(_("người nhận"), max_length=254)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("từ chối nhận tin")
        verbose_name_plural = pgettext_lazy("plural", "từ chối nhận tin")
        constraints = [models.UniqueConstraint(fields=["channel", "recipient"], name="notify_optout_once")]

    def __str__(self) -> str:
        return f"{self.channel}: {self.recipient}"


class ProviderToken(models.Model):
    """The Zalo OA's access token and its single-use refresh token: each refresh replaces both."""

    provider = models.CharField(max_length=20, unique=True)
    access_token = models.TextField(blank=True)
    refresh_token = models.TextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.provider
