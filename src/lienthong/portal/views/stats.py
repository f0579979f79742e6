"""Public statistics (issue 12, item 5): the province's Decision 766 service index for a month, quarter or year —
its total, six groups and 12-month trend, with charts — and every unit (department, commune) ranked by its index,
with its dossiers received, finished, on time, open past due and its applicants' satisfaction — a page of 20 at a
time, searchable by name without diacritics, filtered by level. A GET form, no script; the same table as CSV or
XLSX. The numbers: `portal.statistics`, from the reporting read model."""

import csv
import io
from functools import cached_property

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lienthong.core import charts
from lienthong.org.constants import Level, current_level_choices
from lienthong.portal.periods import ROMAN, Period, period_parse, periods_offered
from lienthong.portal.statistics import (
    STATS_TTL,
    GroupPoints,
    StatsRow,
    StatsTable,
    public_statistics,
    public_trend,
    table_for_units,
)
from lienthong.reports.kpi766 import load_version

PAGE_SIZE = 20
TOP_UNITS = 10
KIND_LABELS = {"month": gettext_lazy("Tháng"), "quarter": gettext_lazy("Quý"), "year": gettext_lazy("Năm")}


class StatsForm(forms.Form):
    ky = forms.ChoiceField(
        label=gettext_lazy("Kỳ thống kê"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Kỳ thống kê không hợp lệ: hãy chọn một tháng, quý hoặc năm "
                                                       "trong danh sách. Đang hiển thị tháng hiện tại.")},
    )  # fmt: skip
    cap = forms.ChoiceField(
        label=gettext_lazy("Cấp"),
        required=False,
        choices=[("", gettext_lazy("Tất cả các cấp")), *current_level_choices()],
        error_messages={"invalid_choice": gettext_lazy("Cấp không hợp lệ: hãy chọn trong danh sách.")},
    )
    co_quan = forms.CharField(label=gettext_lazy("Tên đơn vị (có dấu hoặc không dấu)"), required=False, max_length=100)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self.periods = periods_offered(self.today)
        groups: dict[str, list] = {}
        for period in self.periods:
            groups.setdefault(period.kind, []).append((period.key, _display(period)))
        self.fields["ky"].choices = [(KIND_LABELS[kind], choices) for kind, choices in groups.items()]

    def chosen(self) -> tuple[Period, str, str]:
        """(period, level, name searched): what was asked where valid, else the current month, every level."""
        period, level, query = self.periods[0], "", ""
        if not self.is_bound:
            return period, level, query
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("ky"):
            period = period_parse(data["ky"], today=self.today) or period
        return period, data.get("cap", ""), data.get("co_quan", "")


def _display(period: Period) -> str:
    if period.kind == "month":
        return f"{period.number:02d}/{period.year}"
    if period.kind == "quarter":
        return _("Quý %(quarter)s/%(year)d") % {
            "quarter": ROMAN[period.number - 1],
            "year": period.year,
        }
    return str(period.year)


class StatsCharts:
    """Drawn only when the page's chart fragments are not already cached (portal/stats.html): each property reads its
    numbers (cached) and its SVG (cached by data and language) on first use."""

    def __init__(self, *, period: Period, level: str, table: StatsTable) -> None:
        self.period, self.level, self.table = period, level, table

    @cached_property
    def groups(self) -> list[tuple[str, GroupPoints]]:
        """(label in the language shown, points) of the province's six groups, as the index's version names them."""
        index = self.table.index
        if index is None:
            return []
        english = (get_language() or "").startswith("en")
        names = {g.code: (g.label_en if english else g.label_vi) for g in load_version(index.version).groups}
        return [(names.get(group.code, group.code), group) for group in index.groups]

    @cached_property
    def group_shares(self) -> charts.Chart | None:
        if not self.groups:
            return None
        # The names alone: the points stand in the figures above the chart, and a phone's labels are short
        labels = [name for name, _group in self.groups]
        values = [float(g.points / g.max_points * 100) if g.max_points else 0.0 for _name, g in self.groups]
        return charts.ranked_bars(
            title=_("Điểm của toàn tỉnh theo nhóm chỉ số"),
            desc=_("Điểm đạt của mỗi nhóm chỉ số so với điểm tối đa của nhóm, %(period)s; cao nhất ở trên.")
            % {"period": self.period.label()},
            labels=labels, values=values, x_label=_("Tỷ lệ điểm đạt (%)"), percent=True,
        )  # fmt: skip

    @cached_property
    def trend(self) -> charts.Chart:
        months = public_trend(period=self.period)
        labels = [f"{month.month:02d}/{month.year}" for month in months]
        return charts.trend(
            title=_("Chỉ số phục vụ của toàn tỉnh theo tháng"),
            desc=_("Tổng điểm Chỉ số phục vụ người dân, doanh nghiệp của toàn tỉnh trên thang 100, từng tháng từ "
                   "%(first)s đến %(last)s.") % {"first": labels[0], "last": labels[-1]},
            labels=labels,
            values=[None if month.total is None else float(month.total) for month in months],
            y_label=_("điểm / 100"),
            y_max=100,
        )  # fmt: skip

    @cached_property
    def top(self) -> charts.Chart | None:
        rows = [row for row in self.table.rows if row.index_total is not None][:TOP_UNITS]
        if not rows:
            return None
        return charts.ranked_bars(
            title=_("Các đơn vị có điểm Chỉ số phục vụ cao nhất"),
            desc=_("%(count)d đơn vị đứng đầu theo tổng điểm Chỉ số phục vụ trên thang 100, %(period)s.")
            % {"count": len(rows), "period": self.period.label()},
            labels=[_abbreviated(row.name) for row in rows],
            values=[float(row.index_total) for row in rows],
            x_label=_("điểm / 100"),
        )


def _abbreviated(name: str) -> str:
    """A chart's label as Vietnamese write it when space is short ("UBND xã …"): a phone's labels are cut past 28
    characters, and most units' names begin with "Ủy ban nhân dân". The table below has the names in full."""
    return name.replace("Ủy ban nhân dân", "UBND").replace("Uỷ ban nhân dân", "UBND")


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    form = StatsForm(request.GET or None)
    period, level, query = form.chosen()
    table = public_statistics(period=period, level=level)
    shown = table_for_units(table, query)
    export = request.GET.get("xuat")
    if export in ("csv", "xlsx") and not form.errors:
        return _csv(shown) if export == "csv" else _xlsx(shown, period)
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("xuat", None)
    context = {
        "form": form,
        "period": period,
        "period_label": period.label(),
        "level": level,
        "level_label": Level(level).label if level else "",
        "table": table,
        "shown": shown,
        "searched": bool(query.strip()),
        "page": Paginator(shown.rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "params": params.urlencode(),
        "charts": StatsCharts(period=period, level=level, table=table),
        "version": table.computed_at.timestamp(),
        "fragment_ttl": STATS_TTL,
    }
    return render(request, "portal/stats.html", context, status=400 if form.errors else 200)


def _number(value) -> str:
    return "" if value is None else formats.number_format(value, decimal_pos=1)


def _headings() -> list[str]:
    return [_("Hạng"), _("Đơn vị"), _("Điểm Chỉ số phục vụ (/100)"), pgettext("stats", "Tiếp nhận"),
            _("Đã giải quyết"), _("Đúng hạn"), _("Quá hạn"), _("Tỷ lệ đúng hạn (%)"), _("Đang quá hạn"),
            _("Lượt đánh giá"), _("Mức độ hài lòng (/5)")]  # fmt: skip


def _values(row: StatsRow, name: str) -> list:
    return [row.rank or None, name, row.index_total, row.received, row.finished, row.on_time, row.late,
            row.on_time_rate, row.overdue_open, row.ratings, row.satisfaction]  # fmt: skip


def _csv(table: StatsTable) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="thong-ke-{table.period}.csv"'
    response.write("\ufeff")  # so a spreadsheet opens the Vietnamese names as UTF-8
    writer = csv.writer(response)
    writer.writerow(_headings())
    for row in [*table.rows, None]:
        values = _values(row, row.name) if row else _values(table.total, _("Tổng cộng"))
        values[2] = "" if values[2] is None else formats.number_format(values[2], decimal_pos=2)
        values[7], values[10] = _number(values[7]), _number(values[10])
        writer.writerow(values)
    return response


def _xlsx(table: StatsTable, period: Period) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = table.period
    sheet.append([_("Thống kê giải quyết hồ sơ, %(period)s") % {"period": period.label()}])
    sheet["A1"].font = Font(bold=True)
    sheet.append(_headings())
    for row in table.rows:
        sheet.append(_values(row, row.name))
    sheet.append(_values(table.total, _("Tổng cộng")))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["B"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="thong-ke-{table.period}.xlsx"'
    return response
