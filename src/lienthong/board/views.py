"""The connection board in the back office: the province's agencies, their systems' state and heads; drill-down."""

import functools
import urllib.parse
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.board.access import BOARD_REFUSED, board_allowed
from lienthong.board.compliance import (
    ComplianceReport,
    MonthError,
    compliance_month,
    last_month,
    month_bounds,
    month_parse,
)
from lienthong.board.constants import ConnectionState
from lienthong.board.drilldown import (
    board_system_failures,
    board_system_heartbeats,
    board_system_operations,
    board_system_record,
    board_system_undelivered,
)
from lienthong.board.exports import compliance_pdf, compliance_xlsx
from lienthong.board.extensions import board_notes
from lienthong.board.selectors import BoardFilters, board_agencies, board_counts, board_shown, board_system
from lienthong.board.summary import RESULTS, compliance_summary, level_state_summary, result_of
from lienthong.core.dbrouter import reads_from_replica
from lienthong.national.selectors import national_sync_failures
from lienthong.org.access import officer_required
from lienthong.org.constants import Level, current_level_choices

AGENCIES_PER_PAGE = 25
FAILED_SHOWN = 50  # failed national syncs listed on an agency's page, newest first (the count says how many in all)
# As the badges write them (board/_state.html): a symbol beside the colour, on the chart's legend too.
STATE_SYMBOLS = {"connected": "✓", "degraded": "!", "disconnected": "✕", "never": "○"}


def _state_columns() -> list[tuple[str, str]]:
    return [(value, f"{STATE_SYMBOLS[value]} {label}") for value, label in ConnectionState.choices]


def _guard(request: HttpRequest) -> None:
    """A 403 that says whom the board is for: the door is no secret (the menu shows it to those it admits), and a
    "not found" would send the officer looking for a page that exists (issue 11, item 3)."""
    if not board_allowed(request.scope):
        raise PermissionDenied(BOARD_REFUSED)


def _filters(request: HttpRequest) -> BoardFilters:
    state = request.GET.get("state", "")
    level = request.GET.get("level", "")
    return BoardFilters(
        state=state if state in ConnectionState.values else "",
        level=level if level in Level.values else "",
        name=request.GET.get("q", "")[:100],
    )


def _notes_attach(agencies) -> None:
    """The notes other apps add (the roadmap's status) for the agencies shown: a fixed number of queries."""
    notes = board_notes(agency_ids=[a.id for a in agencies], on=timezone.localdate())
    for agency in agencies:
        agency.notes = notes.get(agency.id, [])


@reads_from_replica
@officer_required
def board(request: HttpRequest) -> HttpResponse:
    _guard(request)
    filters = _filters(request)
    everyone = board_agencies()
    shown = board_shown(everyone, filters)
    summary = level_state_summary(
        everyone, states=_state_columns(), state_of=lambda agency: agency.state,
        current=(filters.level, filters.state),
        title=_("Cơ quan, đơn vị theo cấp và trạng thái kết nối"),
        desc=_("Số cơ quan, đơn vị của mỗi cấp theo trạng thái kết nối của hệ thống kém nhất."),
    )  # fmt: skip
    # A page at a time: a province's 300 units, one card each, were 150,000 px on a phone (the worst come first).
    page = Paginator(shown, AGENCIES_PER_PAGE).get_page(request.GET.get("trang"))
    _notes_attach(page.object_list)
    params = urllib.parse.urlencode({k: v for k, v in request.GET.items() if k != "trang"})
    return render(request, "board/board.html", {
        "agencies": page.object_list, "page": page, "shown": len(shown), "pager_params": params,
        "counts": board_counts(everyone), "filters": filters, "total": len(everyone),
        "states": ConnectionState.choices, "levels": current_level_choices(), "now": timezone.now(), "summary": summary,
    })  # fmt: skip


@reads_from_replica
@officer_required
def agency(request: HttpRequest, agency_id: int) -> HttpResponse:
    _guard(request)
    found = board_agencies(agency_ids=[agency_id])
    if not found:
        raise Http404(_("Không tìm thấy cơ quan."))
    _notes_attach(found)
    failed = national_sync_failures(agency_id=agency_id).order_by("-updated_at")[:FAILED_SHOWN]
    return render(request, "board/agency.html", {"agency": found[0], "national_failures": failed,
                                                 "failures_shown": FAILED_SHOWN})  # fmt: skip


@reads_from_replica
@officer_required
def system(request: HttpRequest, system_id: int) -> HttpResponse:
    """One system in detail: its facts and duties, calls by operation, failed calls, heartbeats, undelivered events."""
    _guard(request)
    found = board_system(system_id=system_id)
    record = board_system_record(system_id=system_id) if found else None
    if found is None or record is None:
        raise Http404(_("Không tìm thấy hệ thống."))
    agency, state = found
    return render(request, "board/system.html", {
        "agency": agency, "s": state, "record": record, "operations": board_system_operations(system_id=system_id),
        "failures": board_system_failures(system_ids=[system_id]).get(system_id, []),
        "heartbeats": board_system_heartbeats(system_ids=[system_id]).get(system_id, []),
        "undelivered": board_system_undelivered(system_id=system_id),
    })  # fmt: skip


# The monthly compliance report (docs/connection-board.md, "Monthly compliance report"): page, XLSX and PDF.


def _month_missing(request: HttpRequest, error: MonthError) -> HttpResponse:
    """A 404 page saying in words what is wrong with the month asked for."""
    return render(request, "board/compliance_missing.html", {"message": str(error)}, status=404)


def _compliance_view(answer: Callable[[HttpRequest, ComplianceReport, str], HttpResponse]):
    """A view of one month's report (page, XLSX, PDF): the board's guard, the month read from the URL, the report."""

    @reads_from_replica
    @officer_required
    @functools.wraps(answer)
    def view(request: HttpRequest, month: str) -> HttpResponse:
        _guard(request)
        try:
            report = compliance_month(*month_parse(month))
        except MonthError as error:
            return _month_missing(request, error)
        return answer(request, report, month)

    return view


@reads_from_replica
@officer_required
def compliance_index(request: HttpRequest) -> HttpResponse:
    """The month picker's target: the month chosen (`?thang=yyyy-mm`), else last month."""
    _guard(request)
    try:
        year, month = month_parse(request.GET["thang"]) if request.GET.get("thang") else last_month()
        month_bounds(year, month)
    except MonthError as error:
        return _month_missing(request, error)
    return redirect("board:compliance", month=f"{year:04d}-{month:02d}")


@_compliance_view
def compliance(request: HttpRequest, report: ComplianceReport, month: str) -> HttpResponse:
    """The month's report; `?level=` and `?result=` narrow the list to what one count of the summary counts."""
    level = request.GET.get("level", "")
    level = level if level in Level.values else ""
    result = request.GET.get("result", "")
    result = result if result in RESULTS else ""
    shown = [line for line in report.lines
             if (not level or line.level == level) and (not result or result_of(line) == result)]  # fmt: skip
    return render(request, "board/compliance.html", {
        "report": report, "month": month, "lines": shown, "filtered": bool(level or result),
        "summary": compliance_summary(report.lines, month_label=report.label, current=(level, result)),
    })  # fmt: skip


@_compliance_view
def compliance_xlsx_download(request: HttpRequest, report: ComplianceReport, month: str) -> HttpResponse:
    response = HttpResponse(
        compliance_xlsx(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="bao-cao-tuan-thu-ket-noi-{month}.xlsx"'
    return response


@_compliance_view
def compliance_pdf_download(request: HttpRequest, report: ComplianceReport, month: str) -> HttpResponse:
    response = HttpResponse(compliance_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bao-cao-tuan-thu-ket-noi-{month}.pdf"'
    return response
