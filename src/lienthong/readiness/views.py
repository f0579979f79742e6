"""Readiness pages: the province's view (ranked communes, chart, assist list, XLSX), the quarter's import and
closing, and a commune's phone form."""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lienthong.core.text import fold
from lienthong.org.access import officer_required
from lienthong.org.models import Agency
from lienthong.readiness.access import readiness_all, readiness_entry
from lienthong.readiness.charts import smartphone_chart
from lienthong.readiness.constants import FIELDS
from lienthong.readiness.exports import readiness_pdf
from lienthong.readiness.forms import ImportForm, RecordForm
from lienthong.readiness.models import SurveyPeriod, SurveyRecord
from lienthong.readiness.selectors import (
    SORTS,
    commune_villages,
    period_current,
    periods_known,
    readiness_rows,
    village_assist,
    village_template,
)
from lienthong.readiness.services import ReadinessError, period_close, period_get, record_save, survey_import
from lienthong.readiness.tilemap import MAP_RATES, communes_map, rate_labels
from lienthong.readiness.xlsx import survey_rows_from_xlsx, survey_xlsx

REFUSED = gettext_lazy("Mức sẵn sàng số của các xã dành cho văn phòng giám sát và lãnh đạo cấp tỉnh.")
PERIOD = re.compile(r"^(\d{4})-Q([1-4])$")
MAX_UPLOAD = 5 * 1024 * 1024
PER_PAGE = 20  # 95 communes on one phone page were ~34,000 px: ranked pages of 20, and a search by name
QUERY_MAX = 100
ASSIST_SHOWN = 10  # the assist list's first ten; the rest behind "xem thêm"


def _guard(request: HttpRequest) -> None:
    if not readiness_all(request.scope):
        raise PermissionDenied(REFUSED)


def _period(request: HttpRequest, *, default_latest: bool) -> SurveyPeriod:
    """The quarter asked (`ky=2026-Q3`), else the latest surveyed (the view) or the current one (entry)."""
    text = request.GET.get("ky") or request.POST.get("ky") or ""
    if match := PERIOD.match(text):
        try:
            return period_get(year=int(match[1]), quarter=int(match[2]))
        except ReadinessError as error:
            raise Http404(error.messages[0]) from error
    if text:
        raise Http404(_("Kỳ khảo sát không hợp lệ (ví dụ 2026-Q3)."))
    if default_latest and (latest := SurveyPeriod.objects.filter(records__isnull=False).first()):
        return latest
    year, quarter = period_current()
    return period_get(year=year, quarter=quarter)


@officer_required
def overview(request: HttpRequest) -> HttpResponse:
    _guard(request)
    period = _period(request, default_latest=True)
    sort = request.GET.get("xep", "smartphone")
    sort = sort if sort in SORTS else "smartphone"
    rows = readiness_rows(period=period, sort=sort)
    query = request.GET.get("q", "")[:QUERY_MAX].strip()
    shown = [r for r in rows if fold(query) in fold(r.name)] if query else rows
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("trang"))
    assist = [r for r in rows if r.assist]
    rate = request.GET.get("ban_do", "smartphone")
    rate = rate if rate in MAP_RATES else "smartphone"
    villages, counts = village_assist(period=period, rows=rows)
    for row in rows:
        row.villages = counts.get(row.agency_id, 0)
    return render(
        request,
        "readiness/overview.html",
        {
            "period": period,
            "rows": rows,
            "page": page,
            "query": query,
            "shown": len(shown),
            "pager_params": urlencode(
                {"ky": period.key, "xep": sort, "ban_do": rate, **({"q": query} if query else {})}
            ),
            "sort": sort,
            "periods": periods_known(),
            "chart": smartphone_chart(rows),
            "map": communes_map(rows, rate=rate),
            "map_rate": rate,
            "map_rates": rate_labels(),
            "answered": sum(1 for r in rows if r.record),
            "assist": assist[:ASSIST_SHOWN],
            "assist_more": assist[ASSIST_SHOWN:],
            "village_assist": villages[:ASSIST_SHOWN],
            "village_assist_more": villages[ASSIST_SHOWN:],
            "import_form": ImportForm(),
        },
    )


@officer_required
def export(request: HttpRequest) -> HttpResponse:
    _guard(request)
    period = _period(request, default_latest=True)
    sort = request.GET.get("xep", "")
    # the template (no `xep`): the answers alone; the export: the ranking with the system's figures too
    rows = readiness_rows(period=period, sort=sort or "name", with_figures=bool(sort))
    records = {r.code: {f: getattr(r.record, f) for f in FIELDS} for r in rows if r.record}
    by_name = sorted(rows, key=lambda r: r.name.casefold())
    villages = village_template(period=period) if request.GET.get("mau") == "thon" else None
    body = survey_xlsx(communes=[(r.code, r.name) for r in by_name], records=records, ranking=rows if sort else None,
                       villages=villages)  # fmt: skip
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"khao-sat-san-sang-so-{'theo-thon-' if villages is not None else ''}{period.key}"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


SORT_LABELS = {  # the PDF is Vietnamese whatever the screen's language
    "smartphone": "tỷ lệ có điện thoại thông minh",
    "online": "tỷ lệ hồ sơ trực tuyến",
    "fully_online": "tỷ lệ hồ sơ trực tuyến toàn trình",
    "vneid": "tỷ lệ có VNeID mức 2",
    "score": "điểm QĐ 766",
    "name": "tên xã",
}


@officer_required
def pdf(request: HttpRequest) -> HttpResponse:
    _guard(request)
    period = _period(request, default_latest=True)
    sort = request.GET.get("xep", "smartphone")
    sort = sort if sort in SORTS else "smartphone"
    rows = readiness_rows(period=period, sort=sort)
    response = HttpResponse(readiness_pdf(period=period, rows=rows, sort_label=SORT_LABELS[sort]),
                            content_type="application/pdf")  # fmt: skip
    response["Content-Disposition"] = f'attachment; filename="san-sang-so-{period.key}.pdf"'
    return response


@officer_required
def upload(request: HttpRequest) -> HttpResponse:
    _guard(request)
    period = _period(request, default_latest=False)
    form = ImportForm(request.POST or None, request.FILES or None)
    result, error = None, ""
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            if upload_file.size > MAX_UPLOAD:
                raise ReadinessError(_("Tệp quá lớn (tối đa 5 MB)."))
            result = survey_import(period=period, rows=survey_rows_from_xlsx(upload_file.read()), by=request.user)
        except ReadinessError as problem:
            error = problem.messages[0]
    status = 400 if error or form.errors else 200
    return render(
        request,
        "readiness/import.html",
        {"period": period, "form": form, "result": result, "error": error},
        status=status,
    )


@require_POST
@officer_required
def close(request: HttpRequest) -> HttpResponse:
    _guard(request)
    period = _period(request, default_latest=False)
    period_close(period=period)
    messages.success(request, _("Đã khóa sổ %(period)s.") % {"period": period.label})
    return redirect(f"{reverse('readiness:view')}?ky={period.key}")


@officer_required
def entry(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = Agency.objects.filter(pk=agency_id, is_active=True).select_related("unit").first()
    if agency is None or not readiness_entry(request.scope, agency_id):
        raise Http404(_("Không tìm thấy xã, phường."))
    period = _period(request, default_latest=False)
    stored = SurveyRecord.objects.filter(period=period, agency=agency).first()
    initial = {f: getattr(stored, f) for f in FIELDS} if stored else None
    form = RecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record_save(period=period, agency=agency, values=form.cleaned_data, by=request.user)
        except ReadinessError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _("Đã lưu khảo sát %(period)s.") % {"period": period.label})
            return redirect(f"{reverse('readiness:entry', args=[agency.pk])}?ky={period.key}")
    return render(
        request,
        "readiness/entry.html",
        {
            "agency": agency,
            "period": period,
            "form": form,
            "closed": period.closed_at is not None,
            "villages": commune_villages(period=period, agency_id=agency.pk),
        },
        status=400 if form.errors else 200,
    )
