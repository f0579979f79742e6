"""The connector's records in the admin, read-only: they are written by the connector, and a dossier is sent
again with `lienthong national_resync <code>` (or the action below), never by editing a row."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from lienthong.core.admin import ReadOnlyAdmin
from lienthong.national.constants import NationalError
from lienthong.national.models import NationalReceipt, NationalSync
from lienthong.national.services import national_resync


@admin.register(NationalSync)
class NationalSyncAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "state", "synced_national_code", "synced_seq", "target_seq", "attempts",
                    "next_attempt_at", "last_synced_at"]  # fmt: skip
    list_filter = ["state", "dossier__agency__level"]
    search_fields = ["dossier__code"]
    list_select_related = ["dossier"]
    readonly_fields = ["dossier", "state", "target_seq", "synced_seq", "synced_status", "synced_national_code",
                       "attempts", "next_attempt_at", "last_error", "last_synced_at", "updated_at"]  # fmt: skip
    actions = ["resync"]

    @admin.action(description=_("Đồng bộ lại với Cổng DVC quốc gia"))
    def resync(self, request, queryset):
        for sync in queryset.select_related("dossier"):
            try:
                national_resync(code=sync.dossier.code)
            except NationalError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                return
        self.message_user(request, _("Đã gửi lại %(count)d hồ sơ.") % {"count": len(queryset)})


@admin.register(NationalReceipt)
class NationalReceiptAdmin(ReadOnlyAdmin):
    list_display = ["portal_id", "dossier", "state", "received_at", "acknowledged_at"]
    list_filter = ["state"]
    search_fields = ["portal_id", "dossier__code"]
    list_select_related = ["dossier"]
    readonly_fields = ["portal_id", "dossier", "state", "error", "payload", "received_at", "acknowledged_at"]
