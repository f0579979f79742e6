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
    # A paper document converted at the desk (a scan certified as an electronic copy of the original and signed by the
    # agency): when and by whom — the converter's identity the copy carries (`services.store`).
    digitised_at = models.DateTimeField(_("thời điểm số hóa"), null=True, blank=True)
    digitised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người số hóa"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")  # fmt: skip
    # Taken from the applicant's store of digitised documents instead of being asked for again.
    reused_from = models.ForeignKey("dossiers.StoredDocument", verbose_name=_("dùng lại từ kho"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="reuses")  # fmt: skip
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = pgettext_lazy("plural", "tệp đính kèm")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.original_name


def _store_name(instance: "StoredDocument", filename: str) -> str:
    return f"store/{uuid.uuid4().hex}"


class StoredDocument(models.Model):
    """A digitised document in an applicant's store (kho giấy tờ đã số hóa), keyed by their identity number and the
    kind of document: the certified electronic copy — or the signed result of a returned dossier (`source` is then
    that result, `digitised_at` its signing time) — a later dossier of the same person reuses instead of asking for
    the paper again (docs/signing.md, "Digitised documents"). Written only by `services.store`."""

    identity_number = models.CharField(_("số định danh"), max_length=30, db_index=True)
    # The document's kind across procedures: its code in the catalogue (mã thành phần), else its name folded without
    # what brackets qualify; a result's, the procedure's "Kết quả thực hiện" read the same way (services.store).
    document_kind = models.CharField(_("loại giấy tờ"), max_length=200)
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    file = models.FileField(upload_to=_store_name, max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    source = models.ForeignKey(Attachment, verbose_name=_("từ tệp"), null=True, on_delete=models.SET_NULL,
                               related_name="+")  # fmt: skip
    agency = models.ForeignKey("org.Agency", verbose_name=_("cơ quan số hóa"), on_delete=models.PROTECT)
    digitised_at = models.DateTimeField(_("thời điểm số hóa"))
    digitised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người số hóa"), null=True,
                                     on_delete=models.PROTECT, related_name="+")  # fmt: skip
    signer_serial = models.CharField(_("số hiệu chứng thư"), max_length=64, blank=True)
    valid_until = models.DateField(_("có giá trị đến"), null=True, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("giấy tờ đã số hóa")
        verbose_name_plural = pgettext_lazy("plural", "giấy tờ đã số hóa")
        indexes = [models.Index(fields=["identity_number", "document_kind", "is_active"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.identity_number})"
