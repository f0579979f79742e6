"""Payments in the admin, read-only: written by the services and the gateway's callbacks, never by editing a row.
The callbacks' list is what the IT officer reads when a payment is disputed (a refused signature or amount)."""

from django.contrib import admin

from lienthong.core.admin import ReadOnlyAdmin
from lienthong.payments.models import EReceipt, FeeDemand, PaymentCallback, PaymentTransaction


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
