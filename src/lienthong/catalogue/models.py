"""The procedure catalogue. A `Procedure` is the stable national code; its content lives in versions keyed
by the announcing decision, so a dossier keeps the version it was received under."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.catalogue.constants import DocumentCopyKind, FeeDue, FeeKind, OnlineLevel, StepAction, TimeUnit
from lienthong.core.text import fold
from lienthong.org.constants import AgencyKind, Level, Role
from lienthong.org.models import Agency


class Field(models.Model):
    """A field (lĩnh vực), e.g. Hộ tịch, with the code from the national list (Circular 01/2018 art. 20)."""

    code = models.CharField(_("mã lĩnh vực"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = pgettext_lazy("plural", "lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """An administrative procedure (thủ tục hành chính) known by its national code, e.g. 1.001193."""

    national_code = models.CharField(_("mã thủ tục (CSDLQG)"), max_length=30, unique=True)
    field = models.ForeignKey(Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="procedures")

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = pgettext_lazy("plural", "thủ tục hành chính")
        ordering = ["national_code"]

    def __str__(self) -> str:
        # Never a query here: lists call str() per row. The name is there when a selector annotated it
        # (catalogue.selectors.procedure_list_with_current_name).
        name = getattr(self, "current_name", None)
        return f"{self.national_code} — {name}" if name else self.national_code

    @property
    def current_version(self) -> "ProcedureVersion | None":
        return self.versions.filter(is_current=True).first()


class ProcedureVersion(models.Model):
    """The content of a procedure as announced by one decision (quyết định công bố)."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="versions"
    )
    decision = models.CharField(_("quyết định công bố"), max_length=150)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    effective_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    is_current = models.BooleanField(_("phiên bản đang áp dụng"), default=True)
    name = models.CharField(_("tên thủ tục"), max_length=500)
    # The name lower-cased without diacritics (core.text.fold), so the public search ignores them in the database;
    # derived from `name` on every save and by the bulk import (catalogue.services.write).
    name_folded = models.CharField(max_length=500, editable=False, default="")
    time_limit_value = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    time_limit_unit = models.CharField(_("đơn vị thời hạn"), max_length=20, choices=TimeUnit.choices)
    time_limit_note = models.TextField(_("ghi chú thời hạn"), blank=True)
    time_limit_verified = models.BooleanField(
        _("thời hạn đã đối chiếu văn bản"), default=False, help_text=_("Bỏ chọn nếu thời hạn chưa được kiểm chứng.")
    )
    result_type = models.CharField(_("kết quả thực hiện"), max_length=500, blank=True)
    online_level = models.CharField(_("mức độ trực tuyến"), max_length=10, choices=OnlineLevel.choices)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    submission_methods = models.TextField(_("cách thức thực hiện"), blank=True)
    applicant_types = models.CharField(_("đối tượng thực hiện"), max_length=255, blank=True)
    form_schema = models.JSONField(_("biểu mẫu điện tử (JSON Schema)"), default=dict, blank=True)
    # What officials still have to check (a value not yet compared with the announcing decision, a doubtful source):
    # shown in the back office, never on a public page.
    internal_note = models.TextField(
        _("ghi chú nội bộ"),
        blank=True,
        help_text=_("Không hiển thị cho công dân: việc cần rà soát, nguồn chưa đối chiếu."),
    )

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = pgettext_lazy("plural", "phiên bản thủ tục")
        ordering = ["procedure__national_code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "decision"], name="version_unique_per_decision"),
            models.UniqueConstraint(
                fields=["procedure"], condition=Q(is_current=True), name="one_current_version_per_procedure"
            ),
            models.CheckConstraint(
                condition=Q(time_limit_value__isnull=True) | Q(time_limit_value__gte=0), name="time_limit_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.national_code} — {self.name} ({self.decision})"

    def save(self, *args, **kwargs) -> None:
        # Derived data, not a rule: kept here so the admin, its inlines and any single-row write stay in step.
        self.name_folded = fold(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_folded"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from lienthong.catalogue.validation import check_form_schema

        if self.time_limit_unit != TimeUnit.IMMEDIATE and self.time_limit_value is None:
            raise ValidationError({"time_limit_value": _("Cần nhập thời hạn giải quyết.")})
        errors = check_form_schema(self.form_schema)
        if errors:
            raise ValidationError({"form_schema": errors})


class CompetentAuthority(models.Model):
    """Who is competent at a level: one named agency (Sở Tư pháp), or every agency of a kind (UBND cấp xã)."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="authorities"
    )
    level = models.CharField(_("cấp thực hiện"), max_length=10, choices=Level.choices)
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT)
    agency_kind = models.CharField(_("loại cơ quan"), max_length=30, choices=AgencyKind.choices, blank=True)

    class Meta:
        verbose_name = _("cơ quan có thẩm quyền")
        verbose_name_plural = pgettext_lazy("plural", "cơ quan có thẩm quyền")
        constraints = [
            models.CheckConstraint(
                condition=(Q(agency__isnull=False) & Q(agency_kind="")) | (Q(agency__isnull=True) & ~Q(agency_kind="")),
                name="authority_is_agency_or_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.agency or self.get_agency_kind_display()}"


class RequiredDocument(models.Model):
    """A document in the dossier's composition (thành phần hồ sơ), with its downloadable form if any."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="documents"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    code = models.CharField(_("mã thành phần"), max_length=40, blank=True)
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    copy_kind = models.CharField(_("loại bản"), max_length=20, choices=DocumentCopyKind.choices)
    quantity = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    is_mandatory = models.BooleanField(_("bắt buộc"), default=True)
    template_name = models.CharField(_("tên mẫu đơn, tờ khai"), max_length=255, blank=True)
    template_file = models.FileField(_("tệp mẫu"), upload_to="catalogue/templates/", blank=True)
    # The declaration (tờ khai, đơn) whose content is the procedure's electronic form: filled in online, it is this
    # document, so online submission does not ask for a scan of it, and without an uploaded template the public
    # page offers it printable, generated from the form (catalogue/declaration.py).
    is_declaration = models.BooleanField(
        _("là tờ khai điện tử"),
        default=False,
        help_text=_(
            "Thành phần này là tờ khai có nội dung là biểu mẫu điện tử của thủ tục: khi nộp trực tuyến, công dân "
            "điền tờ khai thay cho tải tệp lên; khi chưa có tệp mẫu, trang thủ tục cho tải bản in tạo từ biểu mẫu."
        ),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = pgettext_lazy("plural", "thành phần hồ sơ")
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="document_position_unique")]

    def __str__(self) -> str:
        return self.name


class Fee(models.Model):
    """A fee or charge (phí, lệ phí); amounts not yet verified against the legal text are flagged."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="fees"
    )
    name = models.CharField(_("tên phí, lệ phí"), max_length=255)
    amount = models.PositiveBigIntegerField(_("mức thu (đồng)"), null=True, blank=True)
    description = models.TextField(_("mô tả, miễn giảm"), blank=True, help_text=_("Công khai cho công dân."))
    verified = models.BooleanField(
        _("đã đối chiếu văn bản"),
        default=False,
        help_text=_("Chưa đối chiếu: trang công khai ghi mức thu là tham khảo, số tiền được thông báo khi tiếp nhận."),
    )
    internal_note = models.TextField(_("ghi chú nội bộ"), blank=True, help_text=_("Không hiển thị cho công dân."))
    kind = models.CharField(_("loại"), max_length=10, choices=FeeKind.choices, default=FeeKind.CHARGE)
    code = models.CharField(_("mã phí, lệ phí"), max_length=40, blank=True)
    due = models.CharField(_("thời điểm thu"), max_length=12, choices=FeeDue.choices, default=FeeDue.AT_RECEIPT)
    # Empty: the agency that receives the dossier collects (the usual case at a one-stop desk).
    collecting_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan thu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: cơ quan tiếp nhận hồ sơ thu."),
    )
    exempt_groups = models.TextField(
        _("đối tượng miễn, giảm"), blank=True, help_text=_("Công khai cho công dân; mỗi đối tượng một dòng.")
    )

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = pgettext_lazy("plural", "phí, lệ phí")
        ordering = ["version", "id"]

    def __str__(self) -> str:
        return self.name


class ProcessStep(models.Model):
    """One step of the process definition (quy trình nội bộ): who acts, what they may do, and in how long.

    The actor is a named agency or, for steps done where the dossier was received, a kind of agency at a level;
    steps sharing a `parallel_group` run at the same time (Decree 61 art. 19(6), electronic liên thông).
    """

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=255)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan thực hiện"), null=True, blank=True, on_delete=models.PROTECT
    )
    agency_kind = models.CharField(_("loại cơ quan thực hiện"), max_length=30, choices=AgencyKind.choices, blank=True)
    role = models.CharField(_("vai trò thực hiện"), max_length=20, choices=Role.choices)
    actions = models.JSONField(_("thao tác được phép"), default=list)
    quota_hours = models.DecimalField(_("thời gian (giờ làm việc)"), max_digits=7, decimal_places=2)
    parallel_group = models.PositiveSmallIntegerField(_("nhóm song song"), null=True, blank=True)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = pgettext_lazy("plural", "bước xử lý")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="step_position_unique"),
            models.CheckConstraint(condition=Q(quota_hours__gte=0), name="step_quota_not_negative"),
            models.CheckConstraint(
                condition=(Q(agency__isnull=False) & Q(agency_kind="")) | (Q(agency__isnull=True) & ~Q(agency_kind="")),
                name="step_actor_is_agency_or_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

    def clean(self) -> None:
        unknown = sorted(set(self.actions or []) - set(StepAction.values))
        if unknown:
            raise ValidationError({"actions": _("Thao tác không hợp lệ: %(a)s") % {"a": ", ".join(unknown)}})
