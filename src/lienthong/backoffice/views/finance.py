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
from django.utils.translation import gettext_lazy, pgettext_lazy

from lienthong.core.errors import DomainError
from lienthong.org.access import officer_required
from lienthong.org.constants import Role
from lienthong.payments.access import finance_allowed
from lienthong.payments.constants import Provider
from lienthong.payments.models import Reconciliation
from lienthong.payments.reconciling import reconcile_with_provider, reconcile_with_statement
from lienthong.payments.selectors import collections

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
    collections_form = CollectionsForm(initial={"period": "day", "day": timezone.localdate()}, auto_id="id_c_%s")
    return render(request, "backoffice/reconciliation.html",
                  {"form": form, "runs": runs, "collections_form": collections_form}, status=status)  # fmt: skip


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


class CollectionsForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Kỳ báo cáo"),
                               choices=[("day", pgettext_lazy("period", "Ngày")),
                                        ("month", pgettext_lazy("period", "Tháng"))])  # fmt: skip
    day = forms.DateField(label=gettext_lazy("Ngày (trong tháng, nếu báo cáo tháng)"),
                          widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip


@officer_required
def collections_report(request: HttpRequest) -> HttpResponse:
    """The fees collected per collecting agency, day and channel, for a day or a month, as XLSX: for a finance
    officer, the lines their agencies collect or received (a superuser: every agency)."""
    _guard(request)
    form = CollectionsForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Chọn kỳ báo cáo và ngày."))
        return redirect("backoffice:reconciliation")
    day, period = form.cleaned_data["day"], form.cleaned_data["period"]
    if period == "month":
        start = day.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        label = f"{start:%m/%Y}"
    else:
        start = end = day
        label = f"{day:%d/%m/%Y}"
    scope = request.scope
    agencies = None if scope.is_superuser else sorted(scope.agencies(Role.FINANCE))
    rows = collections(start=start, end=end, agency_ids=agencies)
    response = HttpResponse(_collections_xlsx(label, rows), content_type=XLSX)
    name = f"thu-phi-{start:%Y%m%d}" + ("" if period == "day" else f"-{end:%Y%m%d}")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _collections_xlsx(label: str, rows: list) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "ThuPhiLePhi"
    sheet.append([_("Tổng hợp thu phí, lệ phí: %(period)s") % {"period": label}])
    sheet.append([_("Cơ quan thu"), _("Ngày thu"), _("Hình thức"), _("Số giao dịch"), _("Số tiền đã thu (đồng)"),
                  _("Đã hoàn trả (đồng)")])  # fmt: skip
    for row in rows:
        how = str(Provider(row.provider).label) if row.provider in Provider.values else row.provider
        sheet.append([row.agency, row.day, how, row.payments, row.amount, row.refunded])
        sheet.cell(sheet.max_row, 2).number_format = "DD/MM/YYYY"
    sheet.append([_("Tổng cộng"), None, None, sum(r.payments for r in rows), sum(r.amount for r in rows),
                  sum(r.refunded for r in rows)])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
