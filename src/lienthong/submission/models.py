"""A citizen's online application before it is submitted (hồ sơ nháp): kept on the server, not in the browser, so
it resumes on any device the citizen signs in on."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.catalogue.models import ProcedureVersion, RequiredDocument
from lienthong.dossiers.constants import ResultDelivery
from lienthong.dossiers.models import Dossier
from lienthong.org.models import Agency


class Draft(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="drafts"
    )
    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("thủ tục (phiên bản)"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("nơi nộp"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the citizen typed, as typed (strings keyed by the form's field names): a draft may be incomplete or
    # wrong; it is checked on review and again on submission.
    answers = models.JSONField(_("nội dung đã khai"), default=dict, blank=True)
    result_delivery = models.CharField(
        _("hình thức nhận kết quả"), max_length=20, choices=ResultDelivery.choices, default=ResultDelivery.ELECTRONIC
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("lưu lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    dossier = models.OneToOneField(
        Dossier, verbose_name=_("hồ sơ"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("hồ sơ nháp")
        verbose_name_plural = pgettext_lazy("plural", "hồ sơ nháp")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["user", "submitted_at", "-updated_at"], name="draft_user_open")]
        constraints = [
            # One open draft per person and procedure: "Nộp hồ sơ" on another device resumes it.
            models.UniqueConstraint(
                fields=["user", "version"], condition=Q(submitted_at__isnull=True), name="one_open_draft_per_procedure"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} — {self.user}"


class DraftFile(models.Model):
    """A scan uploaded to a draft, checked by content; at submission the dossier adopts it as an attachment."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files")
    # A catalogue update that removes the document takes its draft scans along: a citizen's draft must never
    # block the province's catalogue, and a scan of a document no longer required has nothing to answer.
    required_document = models.ForeignKey(
        RequiredDocument, verbose_name=_("thành phần"), on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(max_length=255)  # stored by dossiers.services.upload_store under a generated name
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp của hồ sơ nháp")
        verbose_name_plural = pgettext_lazy("plural", "tệp của hồ sơ nháp")
        ordering = ["draft", "id"]

    def __str__(self) -> str:
        return self.original_name
