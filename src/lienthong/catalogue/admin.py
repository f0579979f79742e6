"""Administration of the procedure catalogue: fields, procedures, their versions and process definitions."""

from functools import partial

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from lienthong.catalogue.admin_xlsx import export_view, import_view
from lienthong.catalogue.models import (
    CompetentAuthority,
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
)
from lienthong.catalogue.selectors import procedure_list_with_current_name


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "procedure_count"]
    search_fields = ["code", "name"]

    @admin.display(description=_("số thủ tục"))
    def procedure_count(self, obj: Field) -> int:
        return obj.procedures.count()


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    extra = 0
    fields = ["decision", "decision_date", "effective_from", "is_current", "name"]
    show_change_link = True


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["national_code", "current_name", "field"]
    list_filter = ["field"]
    search_fields = ["national_code", "versions__name"]
    list_select_related = ["field"]
    inlines = [VersionInline]
    change_list_template = "admin/catalogue/procedure/change_list.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("export-xlsx/", wrap(partial(export_view, self)), name="catalogue_procedure_export_xlsx"),
            path("import-xlsx/", wrap(partial(import_view, self)), name="catalogue_procedure_import_xlsx"),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return procedure_list_with_current_name(queryset=super().get_queryset(request))

    @admin.display(description=_("tên thủ tục"), ordering="current_name")
    def current_name(self, obj: Procedure) -> str:
        return obj.current_name or "—"


class AuthorityInline(admin.TabularInline):
    model = CompetentAuthority
    extra = 0
    autocomplete_fields = ["agency"]


class DocumentInline(admin.StackedInline):
    model = RequiredDocument
    extra = 0
    fields = [
        ("position", "code"),
        "name",
        ("copy_kind", "quantity", "is_mandatory"),
        ("template_name", "template_file"),
        "is_declaration",
    ]


class FeeInline(admin.TabularInline):
    model = Fee
    extra = 0
    fields = ["kind", "code", "name", "amount", "due", "collecting_agency", "description", "exempt_groups",
              "verified", "internal_note"]  # fmt: skip
    autocomplete_fields = ["collecting_agency"]


class StepInline(admin.TabularInline):
    model = ProcessStep
    extra = 0
    fields = ["position", "name", "level", "agency", "agency_kind", "role", "actions", "quota_hours", "parallel_group"]
    autocomplete_fields = ["agency"]


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ["national_code", "name", "decision", "effective_from", "is_current", "time_limit", "online_level"]
    list_filter = ["is_current", "online_level", "time_limit_unit", "time_limit_verified", "procedure__field"]
    search_fields = ["procedure__national_code", "name", "decision"]
    list_select_related = ["procedure"]
    autocomplete_fields = ["procedure"]
    inlines = [AuthorityInline, DocumentInline, FeeInline, StepInline]
    fieldsets = [
        (None, {"fields": ["procedure", "name", ("decision", "decision_date", "effective_from"), "is_current"]}),
        (
            _("Thời hạn giải quyết"),
            {"fields": [("time_limit_value", "time_limit_unit", "time_limit_verified"), "time_limit_note"]},
        ),
        (
            _("Nội dung công bố"),
            {"fields": ["result_type", "online_level", "submission_methods", "applicant_types", "legal_basis"]},
        ),
        (_("Biểu mẫu điện tử"), {"fields": ["form_schema"], "classes": ["collapse"]}),
        (_("Nội bộ"), {"fields": ["internal_note"]}),
    ]

    @admin.display(description=_("mã thủ tục"), ordering="procedure__national_code")
    def national_code(self, obj: ProcedureVersion) -> str:
        return obj.procedure.national_code

    @admin.display(description=_("thời hạn"))
    def time_limit(self, obj: ProcedureVersion) -> str:
        if obj.time_limit_value is None:
            return obj.get_time_limit_unit_display()
        return f"{obj.time_limit_value.normalize():f} {obj.get_time_limit_unit_display().lower()}"
