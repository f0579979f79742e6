"""Work on a dossier: step instances of its process definition (and consultations), and clock suspensions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.catalogue.models import ProcessStep
from lienthong.dossiers.constants import Status, StepKind, StepState, SuspensionReason
from lienthong.dossiers.models.dossier import Dossier
from lienthong.org.constants import Role
from lienthong.org.models import Agency


class StepInstance(models.Model):
    """A step being done by an agency (and perhaps an assigned officer), with its own due instant."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="steps")
    step = models.ForeignKey(
        ProcessStep, verbose_name=_("bước quy trình"), null=True, blank=True, on_delete=models.PROTECT
    )
    kind = models.CharField(_("loại"), max_length=20, choices=StepKind.choices, default=StepKind.STEP)
    name = models.CharField(_("tên bước"), max_length=255)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    parallel_group = models.PositiveSmallIntegerField(null=True, blank=True)
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan thực hiện"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("vai trò thực hiện"), max_length=20, choices=Role.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ được giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(_("tình trạng"), max_length=20, choices=StepState.choices, default=StepState.ACTIVE)
    started_at = models.DateTimeField(_("bắt đầu"))
    due_at = models.DateTimeField(_("hạn xử lý"))
    finished_at = models.DateTimeField(_("hoàn thành"), null=True, blank=True)
    note = models.TextField(_("ý kiến xử lý"), blank=True)

    class Meta:
        verbose_name = _("bước xử lý của hồ sơ")
        verbose_name_plural = pgettext_lazy("plural", "bước xử lý của hồ sơ")
        ordering = ["dossier", "started_at", "position", "id"]
        indexes = [
            models.Index(fields=["agency", "state", "due_at"]),
            models.Index(fields=["assignee", "state", "due_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} — {self.name}"


class Suspension(models.Model):
    """A period the dossier's clock is stopped: waiting for a supplement or a financial obligation."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="suspensions")
    reason = models.CharField(_("lý do"), max_length=30, choices=SuspensionReason.choices)
    started_at = models.DateTimeField(_("từ"))
    ended_at = models.DateTimeField(_("đến"), null=True, blank=True)
    resume_status = models.CharField(_("trạng thái khi tiếp tục"), max_length=30, choices=Status.choices)

    class Meta:
        verbose_name = _("tạm dừng tính thời hạn")
        verbose_name_plural = pgettext_lazy("plural", "tạm dừng tính thời hạn")
        ordering = ["dossier", "started_at"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.started_at:%d/%m/%Y %H:%M}"
