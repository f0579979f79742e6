"""The gateway in the admin, in Vietnamese: systems and their duties; keys, call statistics and heartbeats are
records written by services (a key's token is shown once, in the message after creation or rotation)."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lienthong.core.admin import ReadOnlyAdmin
from lienthong.gateway.constants import Scope
from lienthong.gateway.models import (
    ApiKey,
    CallStat,
    ConnectedSystem,
    CredentialEvent,
    FailedCall,
    Heartbeat,
    ReconciliationReport,
    SystemDuty,
)
from lienthong.gateway.services.credentials import key_create, key_revoke, key_rotate, system_create, system_update

EDITABLE = ["name", "vendor", "kind", "contact_name", "contact_email", "contact_phone", "is_active"]


class SystemDutyInline(admin.TabularInline):
    model = SystemDuty
    extra = 0
    autocomplete_fields = ["procedure"]


@admin.register(ConnectedSystem)
class ConnectedSystemAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "kind", "is_active", "last_heartbeat_at"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["agency"]
    search_fields = ["name", "vendor", "agency__name", "agency__identifier_code"]
    autocomplete_fields = ["agency"]
    readonly_fields = ["last_heartbeat_at", "created_at", "updated_at"]
    inlines = [SystemDutyInline]
    actions = ["issue_key"]

    def get_readonly_fields(self, request, obj=None):
        # The agency is fixed once created: the system's account holds its roles there.
        return [*self.readonly_fields, "agency"] if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            system_update(system=obj, **{name: form.cleaned_data[name] for name in EDITABLE})
            return
        created = system_create(agency=form.cleaned_data["agency"], **{
            name: form.cleaned_data[name] for name in EDITABLE if name != "is_active"})  # fmt: skip
        obj.pk, obj.account_id = created.pk, created.account_id
        obj._state.adding = False

    @admin.action(description=gettext_lazy("Cấp khóa API (mọi phạm vi)"))
    def issue_key(self, request, queryset):
        for system in queryset:
            issued = key_create(system=system, scopes=Scope.values, actor=request.user)
            self.message_user(
                request,
                _("Khóa API của %(system)s (chỉ hiện một lần): %(token)s") % {"system": system, "token": issued.token},
                messages.WARNING,
            )


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyAdmin):
    list_display = ["prefix", "system", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_select_related = ["system"]
    list_filter = ["system__kind"]
    search_fields = ["prefix", "system__name"]
    exclude = ["hashed"]
    actions = ["rotate", "revoke"]

    @admin.action(description=gettext_lazy("Xoay vòng khóa"))
    def rotate(self, request, queryset):
        for key in queryset:
            issued = key_rotate(key=key, actor=request.user)
            self.message_user(
                request,
                _("Khóa mới thay %(old)s (chỉ hiện một lần): %(token)s") % {"old": key.prefix, "token": issued.token},
                messages.WARNING,
            )

    @admin.action(description=gettext_lazy("Thu hồi khóa"))
    def revoke(self, request, queryset):
        for key in queryset:
            key_revoke(key=key, actor=request.user)
        self.message_user(request, _("Đã thu hồi %(count)s khóa.") % {"count": queryset.count()})

    def has_change_permission(self, request, obj=None):
        return obj is None and request.user.has_perm("gateway.change_apikey")  # the list, for its actions


@admin.register(CredentialEvent)
class CredentialEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "system", "key", "kind", "actor_label"]
    list_select_related = ["system", "key"]
    list_filter = ["kind"]


@admin.register(CallStat)
class CallStatAdmin(ReadOnlyAdmin):
    list_display = ["minute", "system", "operation", "count", "errors", "total_ms", "max_ms"]
    list_select_related = ["system"]
    list_filter = ["operation"]
    date_hierarchy = "minute"


@admin.register(FailedCall)
class FailedCallAdmin(ReadOnlyAdmin):
    list_display = ["at", "system", "operation", "status", "problem", "latency_ms"]
    list_select_related = ["system"]
    list_filter = ["status"]


@admin.register(Heartbeat)
class HeartbeatAdmin(ReadOnlyAdmin):
    list_display = ["at", "system", "version", "queue_depth"]
    list_select_related = ["system"]


@admin.register(ReconciliationReport)
class ReconciliationReportAdmin(ReadOnlyAdmin):
    list_display = ["day", "system", "received_at"]
    list_select_related = ["system"]


from lienthong.gateway.webhooks import admin as webhooks_admin  # noqa: E402, F401 — registers the webhooks' admin
