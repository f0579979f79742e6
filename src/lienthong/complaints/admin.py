"""Complaints in the admin: a record to read; handling happens in the back office through the services."""

from django.contrib import admin

from lienthong.complaints.models import Complaint, ComplaintEvent
from lienthong.core.admin import ReadOnlyAdmin


class ComplaintEventInline(admin.TabularInline):
    model = ComplaintEvent
    fields = ["at", "kind", "actor_label", "status_before", "status_after", "payload"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["code", "kind", "title", "agency", "status", "received_at", "answer_due_at", "answered_at"]
    list_filter = ["status", "kind", "published"]
    list_select_related = ["agency"]
    search_fields = ["code", "title", "sender_name"]
    date_hierarchy = "received_at"
    inlines = [ComplaintEventInline]
