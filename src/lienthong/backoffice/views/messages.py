"""The messages to applicants, for officers (issue 15 item 7): "Gửi lại" on the dossier's message timeline, and the
IT officer's delivery rates per channel and provider over a period. notify decides (notify.resend, notify.access);
these views parse, call and render."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from lienthong.backoffice.views.common import visible_dossier
from lienthong.notify.access import delivery_rates_agencies, delivery_rates_allowed, message_resend_allowed
from lienthong.notify.constants import MessageStatus
from lienthong.notify.resend import ResendError, message_resend
from lienthong.notify.selectors import delivery_rates, message_templates
from lienthong.org.access import officer_required

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
        "form": form, "period": period, "rows": rows, "statuses": MessageStatus.choices,
    })  # fmt: skip


@require_GET
@officer_required
def message_templates_view(request: HttpRequest) -> HttpResponse:
    """Every message's template and its versions (read-only; the administrator edits them in the admin)."""
    if not delivery_rates_allowed(request.scope):
        raise PermissionDenied(_("Trang này dành cho cán bộ công nghệ thông tin."))
    return render(request, "backoffice/message_templates.html", {"rows": message_templates()})
