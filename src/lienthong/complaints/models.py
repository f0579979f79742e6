"""Complaints and recommendations (PAKN) from citizens and businesses and their history (the e-mails they cause go
through notify's delivery model)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.complaints.constants import (
    NAME_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    EventKind,
    Kind,
    Status,
)
from lienthong.org.models import Agency


class Complaint(models.Model):
    """One phản ánh or kiến nghị. Written only by `complaints.services`, each change with its `ComplaintEvent`.

    The sender's name, phone, email and address are personal data: never shown on a public page. `due_at` is the
    deadline of what is expected next (decide, answer, publish), kept by the services so lists sort by urgency.
    """

    code = models.CharField(_("mã phản ánh, kiến nghị"), max_length=30, unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    sender_name = models.CharField(_("họ tên người gửi"), max_length=NAME_MAX_LENGTH)
    sender_phone = models.CharField(_("điện thoại người gửi"), max_length=PHONE_MAX_LENGTH, blank=True)
    sender_email = models.EmailField(_("thư điện tử người gửi"), blank=True)
    sender_address = models.CharField(_("địa chỉ người gửi"), max_length=255, blank=True)
    concerned_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan bị phản ánh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Cơ quan người gửi chọn; để trống nếu không chọn."),
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan xử lý"), on_delete=models.PROTECT, related_name="complaints"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dossier_code = models.CharField(_("mã số hồ sơ liên quan"), max_length=60, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=TITLE_MAX_LENGTH)
    content = models.TextField(_("nội dung"))
    received_at = models.DateTimeField(_("tiếp nhận lúc"), db_index=True)
    refusal_due_at = models.DateTimeField(_("hạn từ chối tiếp nhận"))
    answer_due_at = models.DateTimeField(_("hạn trả lời"))
    due_at = models.DateTimeField(_("hạn việc tiếp theo"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("nhận xử lý lúc"), null=True, blank=True)
    refused_at = models.DateTimeField(_("từ chối lúc"), null=True, blank=True)
    refusal_reason = models.TextField(_("lý do từ chối"), blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True, db_index=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publish_due_at = models.DateTimeField(_("hạn công khai"), null=True, blank=True)
    published = models.BooleanField(_("đã công khai"), default=False)
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True, db_index=True)
    public_content = models.TextField(
        _("nội dung công khai"), blank=True, help_text=_("Nội dung phản ánh đã lược bỏ thông tin cá nhân.")
    )
    search_folded = models.TextField(editable=False, blank=True)  # core.text.fold of what is public

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = pgettext_lazy("plural", "phản ánh, kiến nghị")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status", "due_at"]),
            models.Index(fields=["published", "-published_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    @property
    def on_time(self) -> bool | None:
        """Answered by the answer deadline (Decision 766); None while not answered."""
        return None if self.answered_at is None else self.answered_at <= self.answer_due_at


class ComplaintEvent(models.Model):
    """Who did what to a complaint, and when. Append-only, written in the transaction of the change."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("phản ánh, kiến nghị"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("sự kiện"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(_("lúc"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("người thực hiện"), max_length=255, blank=True)
    status_before = models.CharField(_("trạng thái trước"), max_length=20, choices=Status.choices, blank=True)
    status_after = models.CharField(_("trạng thái sau"), max_length=20, choices=Status.choices)
    payload = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        verbose_name = _("nhật ký phản ánh, kiến nghị")
        verbose_name_plural = pgettext_lazy("plural", "nhật ký phản ánh, kiến nghị")
        ordering = ["complaint", "at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}"
