"""The messages to applicants, for officers (issue 15 item 7): "Gửi lại" on the dossier's message timeline, and the
IT officer's delivery rates per channel and provider over a period. notify decides (notify.resend, notify.access);
these views parse, call and render."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lienthong.backoffice.views.common import visible_dossier
from lienthong.notify.access import delivery_rates_agencies, delivery_rates_allowed, message_resend_allowed
from lienthong.notify.constants import MessageChannel, MessageStatus
from lienthong.notify.letters import event_of
from lienthong.notify.models import MessageTemplate
from lienthong.notify.resend import ResendError, message_resend
from lienthong.notify.selectors import delivery_rates, message_templates
from lienthong.notify.versions import template_family, template_version_new
from lienthong.org.access import officer_required

# The status columns of the rates: a notice never sent is a column of its own, after the delivered share.
SENT_STATUSES = [(value, label) for value, label in MessageStatus.choices if value != MessageStatus.NOT_SENT]
DEFAULT_DAYS = 30
MAX_DAYS = 366  # a year at most per page: the count stays one bounded query


@require_POST
@officer_required
def message_resend_view(request: HttpRequest, dossier_id: int, message_id: int) -> HttpResponse:
    dossier = visible_dossier(request, dossier_id)
    if not message_resend_allowed(request.scope, agency_id=dossier.agency_id):
        raise PermissionDenied(_("Chỉ cán bộ của cơ quan tiếp nhận hồ sơ mới gửi lại được tin nhắn."))
    try:
        message_resend(message_id=message_id, dossier_id=dossier.pk, by=request.user.get_username())
    except ResendError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã tạo tin nhắn gửi lại; trạng thái hiện trong danh sách tin nhắn."))
    return redirect(reverse("backoffice:dossier", kwargs={"dossier_id": dossier.pk}) + "#h-messages")


class PeriodForm(forms.Form):
    tu = forms.DateField(label=gettext_lazy("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    den = forms.DateField(label=gettext_lazy("Đến ngày"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        until = data.get("den") or today
        since = data.get("tu") or until - dt.timedelta(days=DEFAULT_DAYS - 1)
        if since > until:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước ngày kết thúc."))
        if (until - since).days >= MAX_DAYS:
            raise forms.ValidationError(_("Mỗi lần xem tối đa %(days)d ngày.") % {"days": MAX_DAYS})
        data["tu"], data["den"] = since, until
        return data


@require_GET
@officer_required
def delivery_rates_view(request: HttpRequest) -> HttpResponse:
    if not delivery_rates_allowed(request.scope):
        raise PermissionDenied(_("Trang này dành cho cán bộ công nghệ thông tin."))
    form = PeriodForm(request.GET)  # bound even when empty: the default period is the last 30 days
    if not form.is_valid():
        return render(request, "backoffice/message_rates.html", {"form": form, "rows": []}, status=400)
    zone = timezone.get_current_timezone()
    period = form.cleaned_data
    since = dt.datetime.combine(period["tu"], dt.time.min, tzinfo=zone)
    until = dt.datetime.combine(period["den"] + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    rows = delivery_rates(since=since, until=until, agency_ids=delivery_rates_agencies(request.scope))
    return render(request, "backoffice/message_rates.html", {
        "form": form, "period": period, "rows": rows, "statuses": SENT_STATUSES,
    })  # fmt: skip


@require_GET
@officer_required
def message_templates_view(request: HttpRequest) -> HttpResponse:
    """Every message's template and its versions, each family with a link to write its next version."""
    if not delivery_rates_allowed(request.scope):
        raise PermissionDenied(_("Trang này dành cho cán bộ công nghệ thông tin."))
    return render(request, "backoffice/message_templates.html", {"rows": message_templates()})


class TemplateVersionForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Tiêu đề (thư điện tử)"), max_length=255, required=False)
    body = forms.CharField(label=gettext_lazy("Nội dung"), max_length=20_000,
                           widget=forms.Textarea(attrs={"rows": 14}))  # fmt: skip
    params = forms.JSONField(
        label=gettext_lazy("Tham số Zalo"), required=False,
        help_text=gettext_lazy('Ví dụ {"code": "code", "due": "date", "track_url": "url"}'),
    )  # fmt: skip
    zns_template_id = forms.CharField(label=gettext_lazy("Mã mẫu ZNS đã được Zalo duyệt"), max_length=40,
                                      required=False)  # fmt: skip


@require_http_methods(["GET", "POST"])
@officer_required
def message_template_edit_view(request: HttpRequest, template_id: int) -> HttpResponse:
    """One template's versions and the form that writes its next version (the IT officer only)."""
    if not delivery_rates_allowed(request.scope):
        raise PermissionDenied(_("Trang này dành cho cán bộ công nghệ thông tin."))
    template = get_object_or_404(MessageTemplate, pk=template_id)
    versions = list(template_family(template))
    current = next((t for t in versions if t.is_active), versions[0])
    initial = {"subject": current.subject, "body": current.body, "params": current.params,
               "zns_template_id": current.zns_template_id}  # fmt: skip
    form = TemplateVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = template_version_new(base=current, subject=data["subject"], body=data["body"],
                                       params=data["params"] or {}, zns_template_id=data["zns_template_id"],
                                       by=request.user.get_username())  # fmt: skip
        except ValidationError as error:
            for field, errors in error.message_dict.items() if hasattr(error, "error_dict") else [(None, error)]:
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Đã lưu phiên bản %(version)d; các tin sau dùng phiên bản này.")
                             % {"version": new.version})  # fmt: skip
            return redirect("backoffice:message_template_edit", template_id=new.pk)
    event = event_of(current.kind)
    context = {"template": current, "versions": versions, "form": form, "event_label": event.label if event else "",
               "is_zns": current.channel == MessageChannel.ZNS,
               "is_email": current.channel == MessageChannel.EMAIL}  # fmt: skip
    return render(request, "backoffice/message_template_edit.html", context, status=400 if form.errors else 200)
