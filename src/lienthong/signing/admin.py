"""Signing in the admin, in Vietnamese: the trust store, the officers' certificates (registered through the service,
which opens the key and reads the certificate; the passphrase or PIN is never shown back) and the signed records."""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lienthong.core.admin import ReadOnlyAdmin
from lienthong.signing.models import SignedDocument, SignerCertificate, TrustAnchor
from lienthong.signing.services import SigningError, certificate_register

EXPIRING_DAYS = 30


@admin.register(TrustAnchor)
class TrustAnchorAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "added_at"]
    list_filter = ["is_active"]


class CertificateForm(forms.ModelForm):
    # Empty only for a remote credential its service authorises on the phone alone (no PIN).
    secret = forms.CharField(label=gettext_lazy("mật khẩu / mã PIN"), widget=forms.PasswordInput(render_value=False),
                             required=False)  # fmt: skip

    class Meta:
        model = SignerCertificate
        fields = ["user", "agency", "backend", "pkcs12_path", "pkcs11_module", "token_label", "key_label",
                  "csc_credential_id", "secret"]  # fmt: skip


class ExpiringFilter(admin.SimpleListFilter):
    title = gettext_lazy("thời hạn chứng thư")
    parameter_name = "expiry"

    def lookups(self, request, model_admin):
        return [("soon", gettext_lazy("Hết hạn trong 30 ngày")), ("expired", gettext_lazy("Đã hết hạn"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "soon":
            return queryset.filter(not_after__gt=now, not_after__lte=now + dt.timedelta(days=EXPIRING_DAYS))
        if self.value() == "expired":
            return queryset.filter(not_after__lte=now)
        return queryset


@admin.register(SignerCertificate)
class SignerCertificateAdmin(admin.ModelAdmin):
    """What the unit's IT officer keeps: who signs where with which key, and when each certificate expires."""

    form = CertificateForm
    list_display = ["subject", "user", "agency", "backend", "serial", "not_after", "is_active"]
    list_filter = [ExpiringFilter, "backend", "is_active"]
    list_select_related = ["user", "agency"]
    search_fields = ["subject", "serial", "user__username", "agency__name"]
    autocomplete_fields = ["agency"]
    ordering = ["not_after"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)  # a new key is registered anew

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in CertificateForm.Meta.fields}
        try:
            created = certificate_register(**data)
        except SigningError as error:
            self.message_user(request, str(error.message), messages.ERROR)
            return
        obj.pk = created.pk
        obj._state.adding = False
        expiry = timezone.localtime(created.not_after).strftime("%d/%m/%Y")
        message = _("Đã đăng ký chứng thư %(serial)s, hết hạn %(date)s.") % {"serial": created.serial, "date": expiry}
        self.message_user(request, message, messages.INFO)


@admin.register(SignedDocument)
class SignedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["signed_at", "signer_name", "agency_name", "document_number", "profile", "signer_serial"]
    list_filter = ["profile"]
    search_fields = ["signer_name", "signer_serial", "document_number", "attachment__dossier__code"]
