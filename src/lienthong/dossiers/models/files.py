"""Files of a dossier: what the applicant submitted (checked against the required documents) and results."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.catalogue.models import RequiredDocument
from lienthong.dossiers.models.dossier import Dossier


def _stored_name(instance: "Attachment", filename: str) -> str:
    # Generated names: an uploaded name is never a path on our disk (DESIGN.md, security baseline).
    return f"dossiers/{instance.dossier_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Thành phần hồ sơ")
        SUPPLEMENT = "supplement", _("Hồ sơ bổ sung")
        RESULT = "result", _("Kết quả giải quyết")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.SUBMITTED)
    required_document = models.ForeignKey(
        RequiredDocument, verbose_name=_("thành phần"), null=True, blank=True, on_delete=models.PROTECT
    )
    # For a supplement: the item of the request this file answers, in the desk's words.
    description = models.CharField(_("nội dung"), max_length=500, blank=True)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    # For a result: its number and notation as issued (số, ký hiệu), the code the national portal lists it by
    # (MaGiayToKetQua); the connector makes one from the dossier's code when the officer gave none.
    result_code = models.CharField(_("số, ký hiệu giấy tờ kết quả"), max_length=100, blank=True)
    file = models.FileField(upload_to=_stored_name, max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    # When a result was digitally signed (PAdES) — written by the signing app through `attachment_result_signed`, so
    # dossiers can tell an electronic result that may be returned without knowing how signing is done.
    signed_at = models.DateTimeField(_("thời điểm ký số"), null=True, blank=True)
    is_paper_checked = models.BooleanField(_("đã kiểm tra bản giấy"), default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = pgettext_lazy("plural", "tệp đính kèm")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.original_name
