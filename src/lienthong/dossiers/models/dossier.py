"""The dossier (hồ sơ), its daily code counter, and the table mapping internal statuses to national codes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.catalogue.models import ProcedureVersion
from lienthong.dossiers.constants import NATIONAL_STATUSES, ApplicantKind, Channel, ResultDelivery, Status
from lienthong.org.models import Agency


class Dossier(models.Model):
    """One application for one procedure version, from submission or receipt to return."""

    code = models.CharField(_("mã số hồ sơ"), max_length=60, unique=True, null=True, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan tiếp nhận"), on_delete=models.PROTECT, related_name="received_dossiers"
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("thủ tục (phiên bản)"), on_delete=models.PROTECT, related_name="dossiers"
    )
    channel = models.CharField(_("kênh tiếp nhận"), max_length=20, choices=Channel.choices)
    status = models.CharField(_("trạng thái"), max_length=30, choices=Status.choices, db_index=True)

    applicant_kind = models.CharField(_("loại chủ hồ sơ"), max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("chủ hồ sơ"), max_length=255)
    applicant_name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    applicant_id_number = models.CharField(_("số định danh / hộ chiếu"), max_length=30, blank=True, db_index=True)
    applicant_tax_code = models.CharField(_("mã số thuế"), max_length=20, blank=True)
    applicant_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    # The language of the applicant's notices (notify renders them from that language's templates when it has them).
    applicant_language = models.CharField(_("ngôn ngữ nhận thông báo"), max_length=5, choices=settings.LANGUAGES,
                                          default="vi", db_default="vi")  # fmt: skip
    summary = models.CharField(_("trích yếu"), max_length=500, blank=True)
    form_data = models.JSONField(_("dữ liệu tờ khai"), default=dict, blank=True)
    result_delivery = models.CharField(
        _("hình thức nhận kết quả"), max_length=20, choices=ResultDelivery.choices, default=ResultDelivery.AT_DESK
    )

    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    due_at = models.DateTimeField(_("ngày hẹn trả"), null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField(_("ngày hẹn trả ban đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc xử lý lúc"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    # The due instant of the earliest active step (consultations aside), NULL when no step is active: kept by the
    # event log's writer in the update that moves the chain's head (`record_event`, and the batch and demo history
    # writers), so an inbox sorts and filters by it with an index instead of a subquery per row (issue 18).
    next_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="received_dossiers",
    )
    # The citizen's account that submitted it online; dossiers received at the desk are matched to accounts by
    # the verified contact instead (accounts.selectors), which the two contact indexes below serve.
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản nộp hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citizen_dossiers",
    )
    supplement_count = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    apology_count = models.PositiveSmallIntegerField(_("số lần hẹn lại"), default=0)

    # The head of this dossier's event chain: appending an event locks only this row, so unrelated
    # dossiers never wait for each other.
    event_seq = models.PositiveIntegerField(default=0, editable=False)
    event_head = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = pgettext_lazy("plural", "hồ sơ")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status", "due_at"]),
            models.Index(fields=["status", "due_at"]),
            # Issue 18: the inboxes' deadline, the search's and the registers' dates, the API's cursor order, and
            # the exact look-ups the search makes (docs/performance.md, "Lists and their indexes").
            models.Index(fields=["status", "next_due_at"], name="dossier_status_next_due"),
            models.Index(fields=["received_at", "id"], name="dossier_received_id"),
            models.Index(fields=["agency", "received_at"], name="dossier_agency_received"),
            models.Index(fields=["agency", "submitted_at"], name="dossier_agency_submitted"),
            models.Index(fields=["updated_at", "id"], name="dossier_updated_id"),
            models.Index(fields=["applicant_tax_code"], name="dossier_applicant_tax_code"),
            models.Index(fields=["applicant_phone"], name="dossier_applicant_phone"),
            models.Index(Lower("applicant_email"), name="dossier_applicant_email_lower"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_at__isnull=True) | Q(received_at__isnull=False), name="due_only_after_receipt"
            ),
        ]

    def __str__(self) -> str:
        return self.code or _("Hồ sơ chưa tiếp nhận #%(id)s") % {"id": self.pk}


class DossierCodeCounter(models.Model):
    """The last sequence number issued per receiving agency and day (Circular 01/2018 art. 19: NNNN resets daily).

    Incremented with one INSERT … ON CONFLICT … RETURNING inside the receiving transaction, so a rolled-back
    receipt gives its number back (no gaps) and two receipts never get the same number (no duplicates).
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="one_counter_per_agency_day")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day:%y%m%d} → {self.last}"


class StatusMapping(models.Model):
    """Which national status code (TrangThaiHoSo, 1–10) an internal status is reported as."""

    status = models.CharField(_("trạng thái nội bộ"), max_length=30, choices=Status.choices, unique=True)
    national_code = models.PositiveSmallIntegerField(
        _("mã trạng thái quốc gia"), choices=sorted(NATIONAL_STATUSES.items())
    )

    class Meta:
        verbose_name = _("ánh xạ trạng thái quốc gia")
        verbose_name_plural = pgettext_lazy("plural", "ánh xạ trạng thái quốc gia")
        ordering = ["national_code"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} → {self.national_code}"
