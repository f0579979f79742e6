"""Administrative units (effective-dated), agencies, their heads over time, and officers' roles."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.org.constants import AgencyKind, Level, Role, UnitKind


class AdministrativeUnit(models.Model):
    """A province, district or commune as it stood between `valid_from` and `valid_to`.

    GSO codes are reused across reforms (a new ward may carry an old ward's code), so a code is unique only
    together with the date it took effect. Successor links carry a dissolved unit's history forward.
    """

    code = models.CharField(_("mã đơn vị hành chính (TCTK)"), max_length=10)
    name = models.CharField(_("tên"), max_length=150)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True, help_text=_("Để trống nếu còn hiệu lực."))
    successors = models.ManyToManyField(
        "self", verbose_name=_("đơn vị kế thừa"), symmetrical=False, blank=True, related_name="predecessors"
    )
    name_folded = models.CharField(max_length=150, editable=False, db_index=True)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị hành chính")
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code", "valid_from"], name="unit_code_unique_per_period"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")), name="unit_period_ordered"
            ),
        ]
        indexes = [models.Index(fields=["parent", "valid_to"])]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """A body that receives or handles dossiers (cơ quan/đơn vị), known nationally by its QCVN 102 code."""

    identifier_code = models.CharField(
        _("mã định danh (QCVN 102:2016)"),
        max_length=40,
        unique=True,
        help_text=_("Dùng làm tiền tố của mã số hồ sơ, ví dụ 000.00.01.H22."),
    )
    name = models.CharField(_("tên cơ quan/đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    kind = models.CharField(_("loại"), max_length=30, choices=AgencyKind.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan chủ quản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị hành chính"), on_delete=models.PROTECT, related_name="agencies"
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ quan/đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "cơ quan/đơn vị")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class HeadAssignment(models.Model):
    """Who headed an agency, and when — the person accountable if its software is not connected."""

    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan/đơn vị"), on_delete=models.CASCADE, related_name="heads")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    title = models.CharField(_("chức danh"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="head_assignments",
    )
    is_acting = models.BooleanField(_("phụ trách / quyền"), default=False)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến hết ngày"), null=True, blank=True, help_text=_("Để trống nếu đang đương nhiệm."))
    decision = models.CharField(_("quyết định bổ nhiệm"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("người đứng đầu")
        verbose_name_plural = pgettext_lazy("plural", "người đứng đầu")
        ordering = ["agency", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="head_term_ordered"
            ),
        ]
        indexes = [models.Index(fields=["agency", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.title} {self.full_name}"


class OfficerRole(models.Model):
    """A role an officer (a Django user) holds in one agency; an officer may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="officer_roles"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan/đơn vị"), on_delete=models.CASCADE, related_name="officer_roles"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)

    class Meta:
        verbose_name = _("vai trò cán bộ")
        verbose_name_plural = pgettext_lazy("plural", "vai trò cán bộ")
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="officer_role_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"
