"""The connection board in the back office: the province's agencies, their systems' state and heads; drill-down."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.backoffice.views.common import officer_required
from lienthong.board.access import board_allowed
from lienthong.board.constants import SEVERITY, ConnectionState
from lienthong.board.selectors import (
    BoardFilters,
    board_agencies,
    board_counts,
    board_system_failures,
    board_system_heartbeats,
)
from lienthong.org.constants import Level


def _guard(request: HttpRequest) -> None:
    if not board_allowed(request.scope):
        raise Http404(_("Không tìm thấy trang."))


def _filters(request: HttpRequest) -> BoardFilters:
    state = request.GET.get("state", "")
    level = request.GET.get("level", "")
    return BoardFilters(
        state=state if state in ConnectionState.values else "",
        level=level if level in Level.values else "",
        name=request.GET.get("q", "")[:100],
    )


@officer_required
def board(request: HttpRequest) -> HttpResponse:
    _guard(request)
    filters = _filters(request)
    everyone = board_agencies()
    # The units that need a call first (never / disconnected / degraded), then the rest; by level and name within.
    shown = sorted((a for a in everyone if filters.keep(a)), key=lambda a: SEVERITY[a.state])
    return render(request, "board/board.html", {
        "agencies": shown, "counts": board_counts(everyone), "filters": filters, "total": len(everyone),
        "states": ConnectionState.choices, "levels": Level.choices, "now": timezone.now(),
    })  # fmt: skip


@officer_required
def agency(request: HttpRequest, agency_id: int) -> HttpResponse:
    _guard(request)
    found = board_agencies(agency_ids=[agency_id])
    if not found:
        raise Http404(_("Không tìm thấy cơ quan."))
    ids = [s.id for s in found[0].systems]
    return render(request, "board/agency.html", {
        "agency": found[0], "failures": board_system_failures(system_ids=ids),
        "heartbeats": board_system_heartbeats(system_ids=ids),
    })  # fmt: skip
