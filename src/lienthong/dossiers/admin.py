"""Dossiers in the admin: read-only (every change goes through a lifecycle service and writes its event),
except the status mapping, which is the administrator's to edit."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lienthong.core.admin import ReadOnlyAdmin
from lienthong.dossiers.models import Dossier, DossierEvent, OutboxMessage, StatusMapping, StepInstance


class EventInline(admin.TabularInline):
    model = DossierEvent
    fields = ["seq", "at", "kind", "actor_label", "status_before", "status_after", "payload"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class StepInline(admin.TabularInline):
    model = StepInstance
    fields = ["name", "kind", "agency", "role", "assignee", "state", "started_at", "due_at", "finished_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ["code", "applicant_name", "procedure_name", "agency", "channel", "status", "received_at", "due_at"]
    list_filter = ["status", "channel", "agency__level"]
    search_fields = ["code", "applicant_name", "applicant_name_folded", "applicant_id_number"]
    list_select_related = ["agency", "procedure_version"]
    date_hierarchy = "received_at"
    inlines = [StepInline, EventInline]
    exclude = ["form_data"]

    @admin.display(description=_("thủ tục"), ordering="procedure_version__name")
    def procedure_name(self, obj: Dossier) -> str:
        return obj.procedure_version.name


@admin.register(StatusMapping)
class StatusMappingAdmin(admin.ModelAdmin):
    list_display = ["status", "national_code"]
    list_editable = ["national_code"]
    list_display_links = None

    def has_add_permission(self, request, obj=None):
        return False  # one row per internal status, seeded

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["topic", "event", "created_at", "attempts", "available_at", "delivered_at", "dead_at"]
    list_filter = ["topic", ("delivered_at", admin.EmptyFieldListFilter), ("dead_at", admin.EmptyFieldListFilter)]
    list_select_related = ["event"]


from lienthong.dossiers import admin_documents  # noqa: E402, F401 - the printed forms' templates
