"""The province's own wording of the printed forms: an HTML template per form, checked before it is saved.

Deleting a row goes back to the shipped template; a new row starts from the shipped template's text.
"""

from django import forms
from django.contrib import admin
from django.template import TemplateSyntaxError
from django.utils.translation import gettext_lazy as _

from lienthong.dossiers.documents.templates import document_template_compile, document_template_default
from lienthong.dossiers.models import DocumentTemplate
from lienthong.dossiers.models.documents import DocumentKind


class DocumentTemplateForm(forms.ModelForm):
    """Refuses HTML Django cannot compile, so a typo shows here and not on the applicant's receipt."""

    class Meta:
        model = DocumentTemplate
        fields = ["kind", "html", "is_active"]
        widgets = {"html": forms.Textarea(attrs={"rows": 40, "cols": 120, "spellcheck": "false"})}

    def clean_html(self) -> str:
        html = self.cleaned_data["html"]
        try:
            document_template_compile(html)
        except TemplateSyntaxError as exc:
            raise forms.ValidationError(_("Mẫu sai cú pháp: %(error)s"), params={"error": exc}) from exc
        return html


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    form = DocumentTemplateForm
    list_display = ["kind", "is_active", "updated_at"]
    list_filter = ["is_active"]

    def get_changeform_initial_data(self, request) -> dict:
        """A new template starts from the shipped one of the kind asked for (?kind=01), or of Mẫu 01."""
        initial = super().get_changeform_initial_data(request)
        kind = initial.get("kind") if initial.get("kind") in DocumentKind.values else DocumentKind.RECEIPT
        return initial | {"kind": kind, "html": document_template_default(kind)}
