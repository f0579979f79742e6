"""The finance officer's reconciliation page (issue 13 item 3): each day's comparison of our attempts with the
gateway's own list (nightly) and with a bank statement the officer uploads, the mismatches listed and exported."""

import datetime as dt
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lienthong.core.errors import DomainError
from lienthong.org.access import officer_required
from lienthong.payments.access import finance_allowed
from lienthong.payments.models import Reconciliation
from lienthong.payments.reconciling import reconcile_with_provider, reconcile_with_statement

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN = 60


class ReconcileForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("Ngày giao dịch"), widget=forms.DateInput(attrs={"type": "date"}))
    statement = forms.FileField(label=gettext_lazy("Sao kê ngân hàng (XLSX), nếu đối chiếu với sao kê"),
                                required=False)  # fmt: skip

    def clean_day(self) -> dt.date:
        day, today = self.cleaned_data["day"], timezone.localdate()
        if day > today or day < today - dt.timedelta(days=400):
            raise forms.ValidationError(_("Chọn một ngày trong 400 ngày qua."))
        return day


def _guard(request: HttpRequest) -> None:
    if not finance_allowed(request.scope):
        raise PermissionDenied(_("Trang dành cho cán bộ tài chính, kế toán."))


@officer_required
def reconciliation_list(request: HttpRequest) -> HttpResponse:
    _guard(request)
    form = ReconcileForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if form.cleaned_data["statement"]:
                    run = reconcile_with_statement(day=form.cleaned_data["day"], by=request.user,
                                                   upload=form.cleaned_data["statement"])  # fmt: skip
                else:
                    run = reconcile_with_provider(day=form.cleaned_data["day"])
            except DomainError as error:
                messages.error(request, error.message)
                for line in error.details.get("errors", []):
                    messages.error(request, line)
                status = 400
            else:
                messages.success(request, _("Đã đối chiếu ngày %(day)s.") % {"day": f"{run.day:%d/%m/%Y}"})
                return redirect("backoffice:reconciliation_detail", run_id=run.pk)
        else:
            status = 400
    runs = Reconciliation.objects.annotate(found=Count("mismatches")).order_by("-day", "source")[:SHOWN]
    return render(request, "backoffice/reconciliation.html", {"form": form, "runs": runs}, status=status)


@officer_required
def reconciliation_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    _guard(request)
    run = get_object_or_404(Reconciliation, pk=run_id)
    mismatches = list(run.mismatches.all())
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(_xlsx(run, mismatches), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="doi-chieu-{run.day:%Y%m%d}-{run.source}.xlsx"'
        return response
    return render(request, "backoffice/reconciliation_detail.html", {"run": run, "mismatches": mismatches})


def _xlsx(run: Reconciliation, mismatches: list) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "DoiChieu"
    sheet.append([_("Đối chiếu ngày %(day)s với %(source)s") % {"day": f"{run.day:%d/%m/%Y}",
                                                                 "source": run.get_source_display()}])  # fmt: skip
    sheet.append([_("Loại chênh lệch"), _("Mã tham chiếu"), _("Số tiền ở hệ thống"), _("Số tiền ở đối tác"),
                  _("Trạng thái ở hệ thống"), _("Trạng thái ở đối tác")])  # fmt: skip
    for m in mismatches:
        sheet.append([m.get_kind_display(), m.reference, m.ours_amount, m.theirs_amount, m.ours_state,
                      m.theirs_state])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
