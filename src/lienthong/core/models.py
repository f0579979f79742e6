"""Data the administrator edits without a developer: rule values and calendar exceptions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Rule(models.Model):
    """A rule the law or the province may change, stored as JSON; absent rows fall back to the coded default."""

    key = models.CharField(_("mã quy tắc"), max_length=100, unique=True)
    value = models.JSONField(_("giá trị"))
    note = models.TextField(_("ghi chú / căn cứ"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("quy tắc nghiệp vụ")
        verbose_name_plural = pgettext_lazy("plural", "quy tắc nghiệp vụ")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class CalendarException(models.Model):
    """An administrator's override of the holiday package: an extra day off or a make-up working day."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc bù")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("lý do / văn bản"), max_length=255)

    class Meta:
        verbose_name = _("ngày nghỉ / làm bù điều chỉnh")
        verbose_name_plural = pgettext_lazy("plural", "ngày nghỉ / làm bù điều chỉnh")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"


class ScheduledTask(models.Model):
    """When `lienthong scheduler` last enqueued a periodic task (launch/schedule.py): the row two schedulers race
    for with a conditional UPDATE, so that each interval's run is enqueued once."""

    name = models.CharField(_("tác vụ"), max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField(_("đưa vào hàng đợi lần cuối lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tác vụ định kỳ")
        verbose_name_plural = pgettext_lazy("plural", "tác vụ định kỳ")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
