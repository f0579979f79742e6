"""Administration of the messages: every template and its versions, the messages and their status history."""

from django import forms
from django.contrib import admin
from django.template import TemplateSyntaxError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from lienthong.core.admin import ReadOnlyAdmin
from lienthong.notify.constants import MessageChannel
from lienthong.notify.letters import event_of, letter_preview
from lienthong.notify.models import (
    Message,
    MessageStatusChange,
    MessageTemplate,
    OptOut,
)
from lienthong.notify.services import email_template_compile
from lienthong.notify.texts import ZNS_PARAM_LIMITS, ZNS_TEMPLATE_MAX

# -- the one delivery model (issue 15) -----------------------------------------------------------------------------


class MessageTemplateForm(forms.ModelForm):
    """A template that compiles, with ZNS parameters of known kinds and a ZNS text within Zalo's 400 characters."""

    class Meta:
        model = MessageTemplate
        fields = ["kind", "channel", "language", "version", "subject", "body", "params", "zns_template_id", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6, "cols": 100})}

    def clean_body(self) -> str:
        text = self.cleaned_data["body"]
        try:
            email_template_compile(text)
        except TemplateSyntaxError as exc:
            raise forms.ValidationError(_("Mẫu sai cú pháp: %(error)s"), params={"error": exc}) from exc
        return text

    def clean_params(self) -> dict:
        params = self.cleaned_data["params"] or {}
        if not isinstance(params, dict) or any(kind not in ZNS_PARAM_LIMITS for kind in params.values()):
            kinds = ", ".join(ZNS_PARAM_LIMITS)
            raise forms.ValidationError(_("Tham số là {\"tên\": \"loại\"}, loại là một trong: %(kinds)s"),
                                        params={"kinds": kinds})  # fmt: skip
        return params

    def clean(self) -> dict:
        data = super().clean()
        if data.get("channel") == MessageChannel.ZNS:
            if not data.get("zns_template_id"):
                self.add_error("zns_template_id", _("Mẫu Zalo cần mã mẫu ZNS đã được Zalo duyệt."))
            if len(data.get("body") or "") > ZNS_TEMPLATE_MAX:
                self.add_error("body", _("Mẫu Zalo dài tối đa %(n)s ký tự.") % {"n": ZNS_TEMPLATE_MAX})
        return data


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    """Every template of every message, each version kept: checked against its event's placeholders (a letter's,
    notify.letters, or an applicant notice's, notify.notices) when saved; the change page lists those placeholders
    and shows the template filled in."""

    form = MessageTemplateForm
    list_display = ["kind", "channel", "language", "version", "is_active", "zns_template_id", "created_at"]
    list_filter = ["channel", "language", "is_active", "kind"]
    search_fields = ["kind", "subject", "body", "zns_template_id"]
    readonly_fields = ["placeholders", "preview"]

    @admin.display(description=_("biến của sự kiện"))
    def placeholders(self, obj: MessageTemplate) -> str:
        event = event_of(obj.kind) if obj else None
        if event is None:
            return "—"
        lines = []
        for name, p in event.placeholders.items():
            need = _(" — bắt buộc với %(channels)s") % {"channels": ", ".join(p.required)} if p.required else ""
            fields = f" [{', '.join(p.fields)}]" if p.fields else ""
            lines.append(f"{{{{ {name} }}}} ({p.kind}{fields}): {p.label}{need}")
        return format_html_join("", "<div>{}</div>", ((line,) for line in lines))

    @admin.display(description=_("xem trước"))
    def preview(self, obj: MessageTemplate) -> str:
        if obj is None or obj.pk is None or event_of(obj.kind) is None:
            return "—"
        return format_html("<pre style='white-space:pre-wrap'>{}</pre>", letter_preview(obj))


class MessageStatusChangeInline(admin.TabularInline):
    model = MessageStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["at", "status", "source", "detail"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    """A record with its history: messages are written by the sending worker and the providers' reports only."""

    list_display = ["created_at", "dossier", "kind", "channel", "recipient", "status", "error_code", "completed_at"]
    list_filter = ["channel", "status", "kind"]
    search_fields = ["dossier__code", "recipient", "provider_ref"]
    list_select_related = ["dossier"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Message._meta.fields]
    inlines = [MessageStatusChangeInline]


@admin.register(OptOut)
class OptOutAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "recipient"]
    list_filter = ["channel"]
    search_fields = ["recipient"]
    readonly_fields = ["created_at", "channel", "recipient"]
