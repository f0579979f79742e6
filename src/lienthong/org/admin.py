"""Administration of units, agencies, heads and officers' roles — master data without a developer."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lienthong.org.models import AdministrativeUnit, Agency, HeadAssignment, OfficerRole
from lienthong.org.selectors import agency_list_with_head_on


class InForceFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("yes", _("Đang hiệu lực")), ("no", _("Đã giải thể, sáp nhập"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(valid_to__isnull=True)
        if self.value() == "no":
            return queryset.filter(valid_to__isnull=False)
        return queryset


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "parent", "valid_from", "valid_to", "successor_names"]
    list_filter = ["level", "kind", InForceFilter]
    search_fields = ["code", "name", "name_folded"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["successors"]
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("successors")

    @admin.display(description=_("kế thừa bởi"))
    def successor_names(self, obj: AdministrativeUnit) -> str:
        return ", ".join(unit.name for unit in obj.successors.all()) or "—"


class HeadAssignmentInline(admin.TabularInline):
    model = HeadAssignment
    extra = 0
    fields = ["full_name", "title", "is_acting", "starts_on", "ends_on", "decision", "user"]
    raw_id_fields = ["user"]


class OfficerRoleInline(admin.TabularInline):
    model = OfficerRole
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["identifier_code", "name", "kind", "level", "unit", "head_today", "is_active"]
    list_filter = ["level", "kind", "is_active"]
    search_fields = ["identifier_code", "name", "short_name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit", "parent"]
    inlines = [HeadAssignmentInline, OfficerRoleInline]

    def get_queryset(self, request):
        # One subquery for the whole page instead of a query per row.
        return agency_list_with_head_on(on=timezone.localdate(), queryset=super().get_queryset(request))

    @admin.display(description=_("người đứng đầu hiện nay"))
    def head_today(self, obj: Agency) -> str:
        return obj.head_name_on or "—"


@admin.register(HeadAssignment)
class HeadAssignmentAdmin(admin.ModelAdmin):
    list_display = ["full_name", "title", "agency", "starts_on", "ends_on", "is_acting"]
    list_filter = ["is_acting", "agency__level"]
    search_fields = ["full_name", "agency__name"]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency"]
    raw_id_fields = ["user"]
    date_hierarchy = "starts_on"


@admin.register(OfficerRole)
class OfficerRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "is_active"]
    list_filter = ["role", "is_active", "agency__level"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "agency__name"]
    list_select_related = ["user", "agency"]
    autocomplete_fields = ["agency"]
    raw_id_fields = ["user"]
