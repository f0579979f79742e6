"""Payments in the admin, read-only: written by the services and the gateway's callbacks, never by editing a row.
The callbacks' list is what the IT officer reads when a payment is disputed (a refused signature or amount). What is
configuration is edited here: each collecting agency's receipt template and series, and its online channel."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lienthong.core.admin import ReadOnlyAdmin
from lienthong.payments.models import (
    AgencyPaymentChannel,
    EReceipt,
    FeeDemand,
    PaymentCallback,
    PaymentTransaction,
    ReceiptSeries,
)
from lienthong.payments.services import PaymentError, payment_refund


@admin.register(FeeDemand)
class FeeDemandAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "state", "total", "created_at", "paid_at"]
    list_filter = ["state"]
    search_fields = ["dossier__code"]
    list_select_related = ["dossier"]


@admin.register(PaymentTransaction)
class PaymentTransactionAdmin(ReadOnlyAdmin):
    list_display = ["reference", "demand", "provider", "amount", "state", "surplus", "created_at", "paid_at"]
    list_filter = ["state", "provider", "surplus"]
    search_fields = ["reference", "provider_transaction", "demand__dossier__code"]
    list_select_related = ["demand__dossier"]
    actions = ["refund"]

    @admin.action(description=gettext_lazy("Hoàn trả giao dịch đã chọn"))
    def refund(self, request, queryset):
        """Through `payment_refund`: the provider asked (a desk payment is given back at the desk), the dossier's
        history told; each refusal is said, the others still go."""
        for tx in queryset.order_by("id")[:50]:
            try:
                payment_refund(transaction_id=tx.pk, by=request.user.get_username()[:40], actor=request.user)
            except PaymentError as error:
                self.message_user(request, f"{tx.reference}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, _("Đã hoàn trả %(reference)s.") % {"reference": tx.reference})

    def has_change_permission(self, request, obj=None):
        return obj is None and request.user.has_perm("payments.change_paymenttransaction")  # the list's action


@admin.register(PaymentCallback)
class PaymentCallbackAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "provider", "reference", "outcome"]
    list_filter = ["outcome", "provider"]
    search_fields = ["reference"]


@admin.register(EReceipt)
class EReceiptAdmin(ReadOnlyAdmin):
    list_display = ["key", "series", "number", "issued_on", "amount", "state", "error", "attempts"]
    list_filter = ["state"]
    search_fields = ["key", "number", "transaction__demand__dossier__code"]
    list_select_related = ["transaction"]


@admin.register(ReceiptSeries)
class ReceiptSeriesAdmin(admin.ModelAdmin):
    """An agency's registration with the tax office, effective-dated; saving one asks again, at once, for the
    receipts that waited for it (NO_SERIES)."""

    list_display = ["agency", "template_code", "series", "valid_from"]
    list_filter = ["valid_from"]
    search_fields = ["agency__name", "template_code", "series"]
    autocomplete_fields = ["agency"]
    date_hierarchy = "valid_from"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from lienthong.payments.tasks import payments_receipts_due

        transaction.on_commit(lambda: payments_receipts_due.enqueue())


@admin.register(AgencyPaymentChannel)
class AgencyPaymentChannelAdmin(admin.ModelAdmin):
    list_display = ["agency", "provider"]
    list_filter = ["provider"]
    search_fields = ["agency__name"]
    autocomplete_fields = ["agency"]
