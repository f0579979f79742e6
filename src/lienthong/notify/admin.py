"""Administration of applicant email: the templates (editable without a developer) and the delivery record."""

from django import forms
from django.contrib import admin
from django.template import TemplateSyntaxError
from django.utils.translation import gettext_lazy as _

from lienthong.core.admin import ReadOnlyAdmin
from lienthong.notify.models import EmailDelivery, EmailTemplate
from lienthong.notify.services import email_template_compile


class EmailTemplateForm(forms.ModelForm):
    """Refuses a template Django cannot compile, so a typo is caught here and not by the applicant's email."""

    class Meta:
        model = EmailTemplate
        fields = ["kind", "subject", "body", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 20, "cols": 100})}

    def _compiled(self, field: str) -> str:
        text = self.cleaned_data[field]
        try:
            email_template_compile(text)
        except TemplateSyntaxError as exc:
            raise forms.ValidationError(_("Mẫu sai cú pháp: %(error)s"), params={"error": exc}) from exc
        return text

    def clean_subject(self) -> str:
        return self._compiled("subject")

    def clean_body(self) -> str:
        return self._compiled("body")


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    form = EmailTemplateForm
    list_display = ["kind", "subject", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["subject", "body"]


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(ReadOnlyAdmin):
    """A record, not a form: deliveries are written by the sending task only."""

    list_display = ["created_at", "dossier", "kind", "to", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["dossier__code", "to"]
    list_select_related = ["dossier"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in EmailDelivery._meta.fields]
