"""Roadmap items owned by a unit (agency), their milestones and the escalations sent for them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.gateway.models import ConnectedSystem
from lienthong.org.models import Agency
from lienthong.roadmaps.constants import EvidenceKind, ItemKind, ItemStatus, Source


class Plan(models.Model):
    """A plan of the province issued to many units at once (e.g. to every commune): each gets its own item."""

    title = models.CharField(_("tên kế hoạch"), max_length=255)
    legal_basis = models.CharField(_("căn cứ"), max_length=255)
    issued_at = models.DateTimeField(_("ban hành lúc"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("kế hoạch lộ trình")
        verbose_name_plural = pgettext_lazy("plural", "kế hoạch lộ trình")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.title


class RoadmapItem(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan/đơn vị"), on_delete=models.CASCADE, related_name="roadmap_items"
    )
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="items")
    source = models.CharField(_("nguồn"), max_length=12, choices=Source.choices, default=Source.UNIT)
    title = models.CharField(_("nhiệm vụ"), max_length=255)
    kind = models.CharField(_("loại"), max_length=30, choices=ItemKind.choices)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    owner = models.CharField(_("người phụ trách"), max_length=150, blank=True)
    due_on = models.DateField(_("hạn hoàn thành"))
    due_note = models.TextField(_("cách tính hạn"), blank=True)
    evidence_kind = models.CharField(_("minh chứng"), max_length=20, choices=EvidenceKind.choices)
    # connected: {"system_id": id or absent}; indicator: {"indicator": "total" | "1.4", "threshold": 80};
    # online_dossiers: {"count": 100}
    evidence_params = models.JSONField(_("tham số minh chứng"), default=dict, blank=True)
    evidence_file = models.FileField(_("tệp minh chứng"), upload_to="roadmaps/%Y/%m/", blank=True)
    evidence_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    evidence_met = models.BooleanField(_("minh chứng đạt"), default=False)
    evidence_note = models.CharField(_("kết quả kiểm tra"), max_length=255, blank=True)
    evidence_checked_at = models.DateTimeField(_("kiểm tra lúc"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.ON_TRACK)
    status_since = models.DateTimeField(_("trạng thái từ"))
    done_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    system = models.ForeignKey(ConnectedSystem, null=True, blank=True, on_delete=models.SET_NULL)
    # An item made by the system itself carries a key that says what made it, so it is made once.
    auto_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhiệm vụ lộ trình")
        verbose_name_plural = pgettext_lazy("plural", "nhiệm vụ lộ trình")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["agency", "status"], name="roadmap_item_agency_status"),
            models.Index(fields=["status", "due_on"], name="roadmap_item_status_due"),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    item = models.ForeignKey(RoadmapItem, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("mốc"), max_length=255)
    due_on = models.DateField(_("hạn"))
    done_on = models.DateField(_("hoàn thành ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("mốc tiến độ")
        verbose_name_plural = pgettext_lazy("plural", "mốc tiến độ")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class ItemEscalation(models.Model):
    """An overdue item reported to its unit's head, once per item and step (the unique constraint)."""

    item = models.ForeignKey(RoadmapItem, on_delete=models.CASCADE, related_name="escalations")
    step = models.CharField(_("bước"), max_length=20)
    sent_at = models.DateTimeField(_("gửi lúc"))
    recipients = models.JSONField(_("người nhận"), default=list)
    head_name = models.CharField(_("người đứng đầu"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("cảnh báo nhiệm vụ quá hạn")
        verbose_name_plural = pgettext_lazy("plural", "cảnh báo nhiệm vụ quá hạn")
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["item", "step"], name="one_escalation_per_item_step")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.step}"
