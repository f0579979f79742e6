"""A quarter's survey of each commune: one record per commune and quarter; a closed quarter is frozen."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lienthong.org.models import Agency
from lienthong.readiness.constants import Source


class SurveyPeriod(models.Model):
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"))
    closed_at = models.DateTimeField(_("khóa sổ lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("kỳ khảo sát")
        verbose_name_plural = pgettext_lazy("plural", "kỳ khảo sát")
        ordering = ["-year", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["year", "quarter"], name="one_survey_period_per_quarter")]

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def label(self) -> str:
        return _("Quý %(n)s/%(year)s") % {"n": ("I", "II", "III", "IV")[self.quarter - 1], "year": self.year}


class SurveyAnswers(models.Model):
    """The questionnaire's answers (in the version they were given in) and who last wrote them: a commune's record
    and a village's share them, the commune's being its villages' sum where its file is one row per village."""

    version = models.PositiveSmallIntegerField(_("phiên bản bảng hỏi"))
    adults = models.PositiveIntegerField()
    smartphone_owners = models.PositiveIntegerField()
    feature_phone_only = models.PositiveIntegerField()
    households = models.PositiveIntegerField()
    households_broadband = models.PositiveIntegerField()
    vneid_level2 = models.PositiveIntegerField()
    portal_accounts = models.PositiveIntegerField()
    epayment_users = models.PositiveIntegerField()
    poor_without_device = models.PositiveIntegerField()
    team_members = models.PositiveIntegerField()
    people_helped = models.PositiveIntegerField()
    updated_at = models.DateTimeField(_("cập nhật lúc"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        abstract = True


class SurveyRecord(SurveyAnswers):
    period = models.ForeignKey(SurveyPeriod, on_delete=models.PROTECT, related_name="records")
    agency = models.ForeignKey(
        Agency, verbose_name=_("xã, phường"), on_delete=models.CASCADE, related_name="survey_records"
    )
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices)

    class Meta:
        verbose_name = _("phiếu khảo sát sẵn sàng số")
        verbose_name_plural = pgettext_lazy("plural", "phiếu khảo sát sẵn sàng số")
        constraints = [models.UniqueConstraint(fields=["period", "agency"], name="one_survey_record_per_commune")]

    def __str__(self) -> str:
        return f"{self.period} {self.agency_id}"


class VillageRecord(SurveyAnswers):
    """One village's (thôn, tổ dân phố) answers, where the commune's file is one row per village: the commune's
    `SurveyRecord` is their sum, written in the same import. Replaced as a whole when the commune is imported again."""

    period = models.ForeignKey(SurveyPeriod, on_delete=models.PROTECT, related_name="village_records")
    agency = models.ForeignKey(
        Agency, verbose_name=_("xã, phường"), on_delete=models.CASCADE, related_name="village_survey_records"
    )
    village = models.CharField(_("thôn, tổ dân phố"), max_length=150)
    village_key = models.CharField(max_length=150)  # the name folded (no diacritics, case, extra spaces): unique

    class Meta:
        verbose_name = _("phiếu khảo sát của thôn, tổ dân phố")
        verbose_name_plural = pgettext_lazy("plural", "phiếu khảo sát của thôn, tổ dân phố")
        constraints = [
            models.UniqueConstraint(fields=["period", "agency", "village_key"], name="one_survey_record_per_village")
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.agency_id} {self.village}"
