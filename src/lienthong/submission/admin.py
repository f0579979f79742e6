"""Drafts are the citizen's own: the administrator may look (support calls) but never edit them."""

from django.contrib import admin

from lienthong.core.admin import ReadOnlyAdmin
from lienthong.submission.models import Draft


@admin.register(Draft)
class DraftAdmin(ReadOnlyAdmin):
    list_display = ["version", "user", "agency", "updated_at", "submitted_at"]
    list_select_related = ["version", "user", "agency"]
    list_filter = ["submitted_at"]
    search_fields = ["user__username", "version__name"]
    exclude = ["answers"]  # personal data as typed; the dossier it becomes is where officers read it
