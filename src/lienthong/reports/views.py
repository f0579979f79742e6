"""The leaders' dashboard in the back office (issue 12, item 4): the province's Decision 766 score and trend, its
departments and communes ranked with their six groups, one unit's indicators and what to fix, the on-time table by
unit × field × level × month, and the dossiers behind every figure. Every view's filters are in its URL, so a view
can be sent to someone; every view exports as XLSX, the overview and a unit's page also as PDF.
"""

import urllib.parse
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lienthong.catalogue.models import Field
from lienthong.complaints.access import COMPLAINTS_REFUSED, complaints_allowed, complaints_visible
from lienthong.complaints.constants import Status as ComplaintStatus
from lienthong.core.dbrouter import reads_from_replica
from lienthong.core.keyset import Key, KeysetPage, keyset_page
from lienthong.core.text import fold
from lienthong.org.access import officer_required
from lienthong.org.constants import current_level_choices
from lienthong.reports import charts, dashboard, exports, figure_store
from lienthong.reports.access import (
    COMPLAINT_LIST_REFUSED,
    DASHBOARD_REFUSED,
    IMPORT_REFUSED,
    LIST_REFUSED,
    dashboard_allowed,
    dashboard_reach,
    own_unit,
)
from lienthong.reports.index766 import Period
from lienthong.reports.kpi766 import IndicatorScore, load_version
from lienthong.reports.labels import label_of
from lienthong.reports.listing import DOSSIER_ORDER, OVERDUE_ORDER, dossier_rows, figure_label, procedure_names
from lienthong.reports.official import MAX_BYTES, OfficialScoresError
from lienthong.reports.official_store import national_ranks, official_beside_ours, official_import
from lienthong.reports.ontime import GROUPINGS, OVERDUE_NOW, PARAM, counter_list, on_time_table
from lienthong.reports.petition_figures import DOSSIER_LIST, petition_list
from lienthong.reports.petition_listing import (
    LINKED_FIGURES,
    LIST_LABELS,
    ORDER,
    TIMELINESS,
    TIMELINESS_LABELS,
    complaint_facts,
    complaint_rows,
)
from lienthong.reports.units import AgencyTree, UnitKind

COMMUNES_PER_PAGE = 20
ROWS_PER_PAGE = 25  # of the on-time table: 95 communes, one card each on a phone, were 32,000 px
DOSSIERS_PER_PAGE = 50
QUERY_MAX = 100
CURSOR = "sau"  # the keyset cursor of a list behind a figure (core.keyset): the last row's sort key
CURSOR_MAX = 200  # longer than any cursor the lists write; a longer one is cut (then unreadable: the first page)


def _guard(request: HttpRequest) -> AgencyTree:
    if not dashboard_allowed(request.scope):
        raise PermissionDenied(DASHBOARD_REFUSED)
    return AgencyTree()


def _period(request: HttpRequest) -> Period:
    """The period asked (`ky`), or the running month; a period that cannot be read falls back to the running month
    with a message, never an error page: a link cut in a chat still opens."""
    now = timezone.now()
    key = request.GET.get("ky", "")[:10]
    if key:
        try:
            period = Period.parse(key)
            if period.bounds[0] <= now:
                return period
        except ValueError:
            pass
        request.bad_period = key
    return Period.containing("month", now)


def period_choices(now) -> list[tuple[str, list[Period]]]:
    """What the period menu offers (`figure_store.menu_periods`, the periods the worker keeps counted): the last 12
    months, 4 quarters, 2 halves and 3 years, newest first."""
    menu = figure_store.menu_periods(now)
    headings = {"month": _("Tháng"), "quarter": _("Quý"), "half": _("6 tháng"), "year": _("Năm")}
    return [(heading, [p for p in menu if p.kind == kind]) for kind, heading in headings.items()]


def _common(request: HttpRequest, period: Period, tree: AgencyTree) -> dict:
    version = load_version(dashboard.CURRENT_VERSION)
    return {
        "period": period,
        "periods": period_choices(timezone.now()),
        "bad_period": getattr(request, "bad_period", ""),
        "reach": dashboard_reach(request.scope, tree),
        "version": version,
        "groups": version.groups,
    }


def _query(request: HttpRequest, **changes) -> str:
    """The current query string with `changes` (None removes a key): links keep the view's filters."""
    params = {k: v for k, v in request.GET.items()}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return urllib.parse.urlencode(params)


def _national(scores, period: Period) -> dict:
    """The province's rank among the provinces where an imported file of published scores gives it: this period's,
    the change from the last period ranked before it, and the trend."""
    if scores.province is None:
        return {}
    periods = dashboard.periods_back(period, dashboard.TREND_MONTHS)
    ranks = national_ranks(province_code=scores.province.unit.code, periods=periods)
    current = ranks[-1]
    before = next((r for r in reversed(ranks[:-1]) if r is not None), None)
    gain = before.rank - current.rank if current is not None and before is not None else None
    return {
        "national_rank": current,
        "national_rank_before": before if current is not None else None,
        "national_rank_gain": gain,
        "national_rank_fall": None if gain is None else -gain,
        "national_chart": charts.national_rank_trend(ranks),
    }


@reads_from_replica
@officer_required
def overview(request: HttpRequest) -> HttpResponse:
    tree = _guard(request)
    if "ky" not in request.GET and (unit_id := own_unit(request.scope, tree)) is not None:
        return unit(request, unit_id)  # a unit's head lands on their own unit
    period = _period(request)
    scores = dashboard.scores_for(period)
    query = request.GET.get("q", "")[:QUERY_MAX].strip()
    communes = scores.communes
    if query:
        folded = fold(query)
        communes = [r for r in communes if folded in fold(r.unit.name)]
    page = Paginator(communes, COMMUNES_PER_PAGE).get_page(request.GET.get("trang"))
    before = dashboard.scores_for(period.previous())
    context = _common(request, period, tree) | {
        "tab": "overview",
        "scores": scores,
        "province_delta": _delta(scores.province, before),
        "departments": [(r, _delta(r, before)) for r in scores.departments],
        "communes": [(r, _delta(r, before)) for r in page.object_list],
        "province": scores.province,
        "communes_page": page,
        "query": query,
        "pager_params": _query(request, trang=None),
        "export_params": _query(request, trang=None),
        "units_to_fix": dashboard.units_to_fix(scores),
        "indicators_to_fix": dashboard.indicators_to_fix(scores.province.score) if scores.province else [],
        **charts.overview_charts(period, scores),
        **_national(scores, period),
    }
    return render(request, "reports/overview.html", context)


@dataclass(frozen=True)
class FigurePart:
    """One figure a compound numerator adds or subtracts, with the list it opens ("" if none)."""

    sign: str
    label: str
    value: int
    url: str


@dataclass(frozen=True)
class IndicatorRow:
    score: IndicatorScore
    label: str
    numerator_url: str  # the list behind the numerator, when it is a single figure a list can show ("" otherwise)
    denominator_url: str
    parts: tuple[FigurePart, ...] = ()  # a numerator of several figures: each, with its list


def figure_url(figure: str, *, period: Period, unit_id: int | None) -> str:
    """The list a figure opens: its dossiers (`reports:dossiers`), or its complaints (`reports:complaints`) for a
    PAKN figure; "" for a figure no list shows (procedures counted, or PAKN data the system does not hold)."""
    params = {"ky": period.key}
    if figure in LINKED_FIGURES:
        if LINKED_FIGURES[figure]:
            params["han"] = LINKED_FIGURES[figure]
        view = "reports:complaints"
    elif dashboard.drillable(figure) or figure == DOSSIER_LIST:
        params["chi_so"] = figure
        view = "reports:dossiers"
    else:
        return ""
    if unit_id is not None:
        params["don_vi"] = unit_id
    return f"{reverse(view)}?{urllib.parse.urlencode(params)}"


@dataclass(frozen=True)
class GroupRows:
    code: str
    label: str
    points: Decimal
    max_points: Decimal
    rows: list[IndicatorRow]


def indicator_rows(result, version, *, period: Period, unit_id: int | None) -> list[GroupRows]:
    """The unit's indicators by group, each with the lists a leader can open: a numerator or denominator that is
    one figure opens its list; a numerator of several figures shows each beside it, each opening its own."""
    definitions = {i.code: i for i in version.indicators}
    labels = {g.code: label_of(g) for g in version.groups}
    groups = []
    for group in result.score.groups:
        rows = []
        for score in group.indicators:
            definition = definitions[score.code]
            numerator, parts = "", ()
            if len(definition.numerator.add) == 1 and not definition.numerator.subtract:
                numerator = figure_url(definition.numerator.add[0], period=period, unit_id=unit_id)
            else:
                parts = _parts(definition.numerator, result.counts, period=period, unit_id=unit_id)
            denominator = definition.denominator.max_of[0] if len(definition.denominator.max_of) == 1 else ""
            denominator = figure_url(denominator, period=period, unit_id=unit_id) if denominator else ""
            rows.append(IndicatorRow(score, label_of(definition), numerator, denominator, parts))
        groups.append(GroupRows(group.code, labels.get(group.code, group.code), group.points, group.max_points, rows))
    return groups


def _parts(numerator, counts, *, period: Period, unit_id: int | None) -> tuple[FigurePart, ...]:
    signed = [("+", f) for f in numerator.add] + [("−", f) for f in numerator.subtract]
    return tuple(
        FigurePart("" if n == 0 else sign, figure_label(figure), int(counts.get(figure, 0)),
                   figure_url(figure, period=period, unit_id=unit_id))
        for n, (sign, figure) in enumerate(signed)
    )  # fmt: skip


def _delta(result, before) -> Decimal | None:
    """The change of a unit's total since the previous period; None when it was not scored then."""
    if result is None:
        return None
    previous = before.unit(result.unit.id)
    return None if previous is None else result.score.total - previous.score.total


def _unit_or_404(scores, unit_id: int):
    result = scores.unit(unit_id)
    if result is None:
        raise Http404(_("Không có đơn vị này trong tỉnh."))
    return result


def _list_scope(request: HttpRequest, refused: str):
    """What a list behind a figure starts from: (tree, period, reach, unit id or None, the period's scores, the unit's
    result — the province's when no unit is asked for). Refused (`refused`) outside the officer's reach; an unknown
    unit is a 404."""
    tree = _guard(request)
    period = _period(request)
    reach = dashboard_reach(request.scope, tree)
    unit_id = _int(request.GET.get("don_vi"))
    if not reach.covers(unit_id):
        raise PermissionDenied(refused)
    scores = dashboard.scores_for(period)
    result = _unit_or_404(scores, unit_id) if unit_id is not None else scores.province
    return tree, period, reach, unit_id, scores, result


def _list_page(request: HttpRequest, rows, order: tuple[Key, ...]) -> KeysetPage:
    """A page of a list behind a figure (dossiers or complaints): keyset pages of `DOSSIERS_PER_PAGE` after the
    cursor in `sau`, so the last page of a figure of a million dossiers costs what the first does (an OFFSET reads
    and throws away every row before it); a cursor that cannot be read opens the first page."""
    cursor = request.GET.get(CURSOR, "")[:CURSOR_MAX]
    return keyset_page(rows, order, cursor=cursor, size=DOSSIERS_PER_PAGE)


@reads_from_replica
@officer_required
def unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    tree = _guard(request)
    period = _period(request)
    scores = dashboard.scores_for(period)
    result = _unit_or_404(scores, unit_id)
    is_province = result.unit.kind == UnitKind.PROVINCE
    list_unit = None if is_province else result.unit.id
    previous = dashboard.scores_for(period.previous()).unit(unit_id)
    peers = scores.departments if result.unit.kind == UnitKind.DEPARTMENT else scores.communes
    context = _common(request, period, tree) | {
        "tab": "unit",
        "scores": scores,
        "result": result,
        "indicator_groups": indicator_rows(result, load_version(scores.version), period=period, unit_id=list_unit),
        "is_province": is_province,
        "list_unit": list_unit,
        "peers": len(peers),
        "previous": previous,
        "delta": None if previous is None else result.score.total - previous.score.total,
        "indicators_to_fix": dashboard.indicators_to_fix(result.score),
        "procedures_to_fix": procedure_names(dashboard.procedures_to_fix(result, scores, unit_id=list_unit)),
        "units_to_fix": dashboard.units_to_fix(scores) if is_province else [],
        "open_to_fix": dossier_rows(dashboard.open_dossiers_to_fix(unit_id=list_unit, now=timezone.now())),
        "export_params": _query(request),
        **charts.unit_charts(result, period),
    }
    context["reach_here"] = context["reach"].covers(list_unit)
    return render(request, "reports/unit.html", context)


@reads_from_replica
@officer_required
def dossiers(request: HttpRequest) -> HttpResponse:
    """The dossiers behind one figure: a 766 figure (`chi_so`) of a unit (`don_vi`, none for the province), or an
    on-time counter (`so_lieu`) of a row of the on-time table. Its length is the figure (a property test)."""
    tree, period, reach, unit_id, scores, result = _list_scope(request, LIST_REFUSED)
    figure = request.GET.get("chi_so", "")[:60]
    counter = request.GET.get("so_lieu", "")[:60]
    if figure and dashboard.drillable(figure):
        facts = dashboard.figure_list(scores=scores, unit_id=unit_id, figure=figure)
        label = figure_label(figure)
    elif figure == DOSSIER_LIST:  # counted with the complaints and ratings (petition_figures)
        start, end = period.bounds
        facts = petition_list(figure=figure, unit=result.unit, period_start=start, period_end=end, at=scores.judged_at)
        label = figure_label(figure)
    elif counter:
        try:
            facts, label = counter_list(request.GET, period=period, unit_id=unit_id, reach=reach)
        except (ValueError, PermissionError) as error:
            raise Http404(_("Không có số liệu này.")) from error
    else:
        raise Http404(_("Không có số liệu này."))
    page = _list_page(request, facts, OVERDUE_ORDER if counter == OVERDUE_NOW else DOSSIER_ORDER)
    context = _common(request, period, tree) | {
        "unit": result,
        "label": label,
        "page": page,
        "rows": dossier_rows(page.object_list),
        "export_params": _query(request, **{CURSOR: None}),
    }
    if request.GET.get("xuat") == "xlsx":
        return exports.xlsx_response(exports.dossiers_xlsx(context, facts), f"ho-so-{period.key}.xlsx")
    return render(request, "reports/dossiers.html", context)


@reads_from_replica
@officer_required
def complaints(request: HttpRequest) -> HttpResponse:
    """The complaints and recommendations behind a PAKN figure of a unit (`don_vi`, none for the province) and a
    period (`ky`): every one of the period's, or those answered on time or late (`han`), in a state now
    (`trang_thai`) if asked; each opens the complaint's page. With no state chosen its length is the figure."""
    if not complaints_allowed(request.scope):  # the complaints' pages are not theirs: neither is their list
        raise PermissionDenied(COMPLAINTS_REFUSED)
    tree, period, _reach, unit_id, scores, result = _list_scope(request, COMPLAINT_LIST_REFUSED)
    if result is None:
        raise Http404(_("Không có đơn vị này trong tỉnh."))
    timeliness = request.GET.get("han", "") if request.GET.get("han", "") in TIMELINESS else ""
    status = request.GET.get("trang_thai", "") if request.GET.get("trang_thai", "") in ComplaintStatus.values else ""
    start, end = period.bounds
    facts = complaint_facts(unit=result.unit, period_start=start, period_end=end, at=scores.judged_at,
                            visible=complaints_visible(request.scope), timeliness=timeliness,
                            status=status)  # fmt: skip
    page = _list_page(request, facts, ORDER)
    context = _common(request, period, tree) | {
        "unit": result if unit_id is not None else None,
        "unit_id": unit_id,
        "label": LIST_LABELS[timeliness],
        "page": page,
        "rows": complaint_rows(page.object_list, at=scores.judged_at),
        "timeliness": timeliness,
        "timeliness_choices": list(TIMELINESS_LABELS.items()),
        "status": status,
        "statuses": ComplaintStatus.choices,
        "keep": [("don_vi", unit_id)] if unit_id is not None else [],
        "judged_at": scores.judged_at,
        "export_params": _query(request, **{CURSOR: None}, xuat="xlsx"),
    }
    if request.GET.get("xuat") == "xlsx":
        return exports.xlsx_response(exports.complaints_xlsx(context, facts), f"phan-anh-{period.key}.xlsx")
    return render(request, "reports/complaints.html", context)


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


@reads_from_replica
@officer_required
def on_time(request: HttpRequest) -> HttpResponse:
    tree = _guard(request)
    period = _period(request)
    reach = dashboard_reach(request.scope, tree)
    grouping = request.GET.get("theo", "unit")
    if grouping not in GROUPINGS:
        grouping = "unit"
    try:
        table = on_time_table(
            period=period, grouping=grouping, reach=reach, tree=tree,
            level=request.GET.get("cap", "")[:10], field_id=_int(request.GET.get("linh_vuc")),
            unit_id=_int(request.GET.get("don_vi")),
        )  # fmt: skip
    except PermissionError as error:
        raise PermissionDenied(LIST_REFUSED) from error
    page = Paginator(table.rows, ROWS_PER_PAGE).get_page(request.GET.get("trang"))
    context = _common(request, period, tree) | {
        "tab": "on_time",
        "table": table,
        "page": page,
        "rows": page.object_list,
        "pager_params": _query(request, trang=None),
        "grouping": grouping,
        "groupings": GROUPINGS,
        "export_params": _query(request),
        "chart": charts.on_time_bars(table),
        "keep": [(k, request.GET[k]) for k in ("theo", "cap", "linh_vuc", "don_vi") if request.GET.get(k)],
        "levels": current_level_choices(),
        "fields": Field.objects.order_by("name").values_list("pk", "name"),
        "unit_filter": _int(request.GET.get("don_vi")),
        "unit_name": tree.by_id[_int(request.GET.get("don_vi"))].name
        if _int(request.GET.get("don_vi")) in tree.by_id
        else "",
        "row_param": PARAM[grouping],
        "grouping_label": GROUPINGS[grouping],
        "row_query": "".join(
            f"&{k}={urllib.parse.quote(request.GET[k])}" for k in ("cap", "linh_vuc", "don_vi") if request.GET.get(k)
        ),
    }
    if request.GET.get("xuat") == "xlsx":
        return exports.xlsx_response(exports.on_time_xlsx(context), f"dung-han-{period.key}.xlsx")
    return render(request, "reports/on_time.html", context)


@reads_from_replica
@officer_required
def overview_export(request: HttpRequest, fmt: str) -> HttpResponse:
    tree = _guard(request)
    period = _period(request)
    scores = dashboard.scores_for(period)
    context = _common(request, period, tree) | {"scores": scores, "now": timezone.now()}
    if fmt == "xlsx":
        return exports.xlsx_response(exports.overview_xlsx(scores), f"chi-so-766-{period.key}.xlsx")
    if fmt == "pdf":
        with translation.override(exports.LANGUAGE):  # a Vietnamese document, its charts too
            context |= charts.overview_charts(period, scores)
        return exports.pdf_response("reports/overview_pdf.html", context, f"chi-so-766-{period.key}.pdf")
    raise Http404(_("Không có định dạng này."))


@reads_from_replica
@officer_required
def unit_export(request: HttpRequest, unit_id: int, fmt: str) -> HttpResponse:
    tree = _guard(request)
    period = _period(request)
    scores = dashboard.scores_for(period)
    result = _unit_or_404(scores, unit_id)
    if fmt == "xlsx":
        return exports.xlsx_response(exports.unit_xlsx(result, scores), f"chi-so-766-{unit_id}-{period.key}.xlsx")
    if fmt == "pdf":
        with translation.override(exports.LANGUAGE):
            context = _common(request, period, tree) | {
                "result": result, "now": timezone.now(), "groups_chart": charts.group_shares(result),
                "indicators_to_fix": dashboard.indicators_to_fix(result.score), **charts.unit_charts(result, period),
            }  # fmt: skip
        return exports.pdf_response("reports/unit_pdf.html", context, f"chi-so-766-{unit_id}-{period.key}.pdf")
    raise Http404(_("Không có định dạng này."))


@reads_from_replica
@officer_required
def beside_national(request: HttpRequest) -> HttpResponse:
    """Our scores beside those the national dashboard published for the period, Δ per unit, group and indicator;
    the province's monitoring office imports the published file here (XLSX or the JSON the portal answers)."""
    tree = _guard(request)
    period = _period(request)
    reach = dashboard_reach(request.scope, tree)
    error = ""
    if request.method == "POST":
        if not reach.everything:
            raise PermissionDenied(IMPORT_REFUSED)
        upload = request.FILES.get("tep")
        if upload is None:
            error = _("Hãy chọn tệp điểm đã công bố (XLSX hoặc JSON).")
        else:
            try:
                official_import(source=upload.read(MAX_BYTES + 1), filename=upload.name, period=period,
                                user=request.user)  # fmt: skip
            except OfficialScoresError as refused:
                error = str(refused)
            else:
                messages.success(request, _("Đã nhập điểm công bố của %(period)s.") % {"period": period.label})
                return redirect(f"{request.path}?ky={period.key}")
    beside = official_beside_ours(period=period)
    context = _common(request, period, tree) | {
        "tab": "national",
        "beside": beside,
        "error": error,
        "can_import": reach.everything,
    }
    return render(request, "reports/beside_national.html", context, status=400 if error else 200)
