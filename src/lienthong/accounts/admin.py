from django.contrib import admin

from lienthong.accounts.models import CitizenProfile


@admin.register(CitizenProfile)
class CitizenProfileAdmin(admin.ModelAdmin):
    """Read-mostly: an administrator looks an account up to help a citizen; the citizen changes it."""

    list_display = ["full_name", "contact_kind", "email", "phone", "verified_at", "created_at"]
    list_filter = ["contact_kind"]
    search_fields = ["full_name", "email", "phone"]
    readonly_fields = ["user", "contact_kind", "email", "phone", "verified_at", "created_at"]
    list_select_related = ["user"]
