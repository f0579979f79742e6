"""Public statistics (issue 4, item 5): per agency and month, the numbers the province's leaders see; a GET form,
a table that stacks into cards on a phone, and the same table as CSV."""

import csv

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET

from lienthong.org.constants import Level
from lienthong.portal.statistics import StatsRow, StatsTable, months_offered, public_statistics, table_for_agencies


class StatsForm(forms.Form):
    thang = forms.ChoiceField(label=gettext_lazy("Tháng"), required=False)
    cap = forms.ChoiceField(
        label=gettext_lazy("Cấp"), required=False, choices=[("", gettext_lazy("Tất cả các cấp")), *Level.choices]
    )
    co_quan = forms.CharField(label=gettext_lazy("Tên cơ quan (có dấu hoặc không dấu)"), required=False, max_length=100)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.months = months_offered(timezone.localdate())
        self.fields["thang"].choices = [(f"{y:04d}-{m:02d}", f"{m:02d}/{y:04d}") for y, m in self.months]

    def chosen(self) -> tuple[int, int, str]:
        """(year, month, level): what was asked if valid, else the current month at every level."""
        year, month = self.months[0]
        if not self.is_valid():
            return year, month, ""
        if self.cleaned_data["thang"]:
            year, month = map(int, self.cleaned_data["thang"].split("-"))
        return year, month, self.cleaned_data["cap"]


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    form = StatsForm(request.GET or None)
    year, month, level = form.chosen()
    table = public_statistics(year=year, month=month, level=level)
    if form.is_bound and form.is_valid():
        table = table_for_agencies(table, form.cleaned_data["co_quan"])
    if request.GET.get("xuat") == "csv" and not form.errors:
        return _csv(table)
    context = {
        "form": form,
        "table": table,
        "month_label": f"{month:02d}/{year:04d}",
        "level_label": Level(level).label if level else "",
    }
    return render(request, "portal/stats.html", context, status=400 if form.errors else 200)


def _number(value) -> str:
    return "" if value is None else formats.number_format(value, decimal_pos=1)


def _csv_row(row: StatsRow, name: str) -> list:
    return [name, row.received, row.finished, row.on_time, row.late, _number(row.on_time_rate), row.overdue_open,
            row.ratings, _number(row.satisfaction)]  # fmt: skip


def _csv(table: StatsTable) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="thong-ke-{table.month}.csv"'
    response.write("\ufeff")  # so a spreadsheet opens the Vietnamese names as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [_("Cơ quan tiếp nhận"), pgettext("stats", "Tiếp nhận"), _("Đã giải quyết"), _("Đúng hạn"), _("Quá hạn"),
         _("Tỷ lệ đúng hạn (%)"), _("Đang quá hạn"), _("Lượt đánh giá"), _("Mức độ hài lòng (/5)")]
    )  # fmt: skip
    for row in table.rows:
        writer.writerow(_csv_row(row, row.agency_name))
    writer.writerow(_csv_row(table.total, _("Tổng cộng")))
    return response
