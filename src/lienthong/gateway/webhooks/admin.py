"""Webhooks in the admin: subscriptions (the secret never shown: it is given once, to the system), deliveries
with their attempts, visible to the unit's IT officer for the agency's systems, and replay of dead letters."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lienthong.core.admin import ReadOnlyAdmin
from lienthong.gateway.errors import GatewayError
from lienthong.gateway.webhooks.constants import DeliveryState
from lienthong.gateway.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from lienthong.gateway.webhooks.selectors import deliveries_visible_to
from lienthong.gateway.webhooks.services import delivery_replay, subscription_rotate_secret
from lienthong.org.constants import Role


def _it_officer(user) -> bool:
    return user.is_active and user.is_staff and user.officer_roles.filter(role=Role.IT_OFFICER, is_active=True).exists()


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["url", "system", "is_active", "created_at"]
    list_select_related = ["system"]
    list_filter = ["is_active"]
    search_fields = ["url", "system__name"]
    fields = ["system", "url", "kinds", "is_active", "created_at"]
    readonly_fields = ["system", "url", "kinds", "created_at"]
    actions = ["rotate_secret"]

    def has_add_permission(self, request, obj=None):
        return False  # created by the system through the API, which shows the secret once

    @admin.action(description=gettext_lazy("Đổi khóa ký"))
    def rotate_secret(self, request, queryset):
        for subscription in queryset:
            rotated = subscription_rotate_secret(subscription=subscription)
            self.message_user(request, _("Khóa ký mới của %(url)s (chỉ hiện một lần): %(secret)s")
                              % {"url": rotated.url, "secret": rotated.secret}, messages.WARNING)  # fmt: skip


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    fields = ["at", "status", "latency_ms", "error"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["id", "subscription", "event", "notice", "state", "attempts", "last_status", "available_at",
                    "dead_at"]  # fmt: skip
    list_select_related = ["subscription", "event", "notice"]
    list_filter = ["state"]
    readonly_fields = ["subscription", "event", "notice", "state", "attempts", "available_at", "delivered_at",
                       "dead_at", "last_status", "last_error", "created_at"]  # fmt: skip
    exclude = ["dossier_id"]
    inlines = [WebhookAttemptInline]
    actions = ["replay"]

    def get_queryset(self, request):
        return deliveries_visible_to(user=request.user, queryset=super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or _it_officer(request.user)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or _it_officer(request.user)

    def has_change_permission(self, request, obj=None):
        # The list only, for its replay action: a delivery itself is never edited.
        return obj is None and (request.user.has_perm("gateway.change_webhookdelivery") or _it_officer(request.user))

    @admin.action(description=gettext_lazy("Gửi lại (thư chết)"))
    def replay(self, request, queryset):
        replayed = 0
        for delivery in queryset.filter(state=DeliveryState.DEAD):
            try:
                delivery_replay(delivery=delivery)
            except GatewayError:
                continue
            replayed += 1
        self.message_user(request, _("Đã xếp lịch gửi lại %(count)s lượt.") % {"count": replayed})
