"""Ratings as a record: listed, filtered by receiving agency and month, never added, changed or deleted here."""

import datetime as dt

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lienthong.core.admin import ReadOnlyAdmin
from lienthong.feedback.models import Rating, RatingAnswer

MONTHS_LISTED = 12


def _month_start(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, 1, tzinfo=timezone.get_current_timezone())


class MonthFilter(admin.SimpleListFilter):
    """The last twelve months by the local calendar, built without a query (a date hierarchy costs one per level)."""

    title = _("tháng")
    parameter_name = "thang"

    def lookups(self, request, model_admin):
        year, month = timezone.localdate().year, timezone.localdate().month
        choices = []
        for _n in range(MONTHS_LISTED):
            choices.append((f"{year:04d}-{month:02d}", f"{month:02d}/{year:04d}"))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            start = dt.date.fromisoformat(self.value() + "-01")
        except ValueError:
            return queryset.none()
        end = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return queryset.filter(rated_at__gte=_month_start(start), rated_at__lt=_month_start(end))


class RatingAnswerInline(admin.TabularInline):
    model = RatingAnswer
    fields = ["criterion", "score"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["rated_at", "dossier", "agency", "average", "comment"]
    list_filter = [("agency", admin.RelatedOnlyFieldListFilter), MonthFilter]
    list_select_related = ["dossier", "agency"]
    search_fields = ["dossier__code"]
    readonly_fields = ["dossier", "agency", "average", "comment", "rated_at"]
    fields = readonly_fields
    inlines = [RatingAnswerInline]
