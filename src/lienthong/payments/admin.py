"""Payments in the admin, read-only: written by the services and the gateway's callbacks, never by editing a row.
The callbacks' list is what the IT officer reads when a payment is disputed (a refused signature or amount). What is
configuration is edited here: each collecting agency's receipt template and series, and its online channel."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lienthong.core.admin import ReadOnlyAdmin
from lienthong.org.constants import Role
from lienthong.payments.models import (
    AgencyPaymentChannel,
    BeneficiaryAccount,
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


@admin.register(BeneficiaryAccount)
class BeneficiaryAccountAdmin(admin.ModelAdmin):
    """Each collecting agency's beneficiary account (tài khoản thụ hưởng): the admin enters any agency's, an IT
    officer (Cán bộ công nghệ thông tin, staff) those of the agencies they hold that role in."""

    list_display = ["agency", "bank_code", "bank_name", "account_number", "account_name"]
    search_fields = ["agency__name", "account_number", "account_name"]

    def _it_agencies(self, request) -> list[int]:
        user = request.user
        if not (user.is_active and user.is_staff):
            return []
        return list(user.officer_roles.filter(role=Role.IT_OFFICER, is_active=True).values_list("agency_id",
                                                                                              flat=True))  # fmt: skip

    def _allowed(self, request, perm: str, obj=None) -> bool:
        if request.user.has_perm(f"payments.{perm}_beneficiaryaccount"):
            return True
        agencies = self._it_agencies(request)
        return bool(agencies) and (obj is None or obj.agency_id in agencies)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or bool(self._it_agencies(request))

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, "view", obj) or self._allowed(request, "change", obj)

    def has_add_permission(self, request):
        return self._allowed(request, "add")

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, "change", obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("agency")
        if request.user.has_perm("payments.view_beneficiaryaccount") or request.user.has_perm(
            "payments.change_beneficiaryaccount"
        ):
            return queryset
        return queryset.filter(agency_id__in=self._it_agencies(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency" and not request.user.has_perm("payments.change_beneficiaryaccount"):
            from lienthong.org.models import Agency

            kwargs["queryset"] = Agency.objects.filter(pk__in=self._it_agencies(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
