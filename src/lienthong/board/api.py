"""`/api/v1/board/…`: the connection board as data, for the province's monitoring tools (e.g. an operations centre's
wall screen) and for leaders' own reports.

Two ways in, both read-only: a connected system of a province-level agency whose key holds `board:read`, or a
signed-in officer whom the board page admits (`board.access.board_allowed`: province leaders and monitors,
administrators). A commune's or a department's system, even with the scope, is refused: the board names every unit's
failures and heads, and that view belongs to the province.
"""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.security import HttpBearer

from lienthong.board.access import board_allowed
from lienthong.board.constants import ConnectionState
from lienthong.board.drilldown import (
    board_system_failures,
    board_system_heartbeats,
    board_system_operations,
    board_system_undelivered,
)
from lienthong.board.selectors import (
    AgencyState,
    BoardFilters,
    SystemState,
    board_agencies,
    board_counts,
    board_counts_by_level,
    board_shown,
    board_system,
)
from lienthong.core.api_params import row_id
from lienthong.core.problems import Problem
from lienthong.gateway.api.auth import SystemKey, json_out, operation
from lienthong.gateway.constants import Scope
from lienthong.gateway.errors import GatewayError
from lienthong.org.access import officer_scope
from lienthong.org.constants import Level

router = Router(tags=["board"])
REFUSALS = {401: Problem, 403: Problem, 429: Problem}


class BoardReader(HttpBearer):
    """A provincial system's Bearer key with `board:read`, else the signed-in officer's session."""

    _key = SystemKey(Scope.BOARD_READ)

    def __call__(self, request: HttpRequest):
        if request.headers.get("Authorization"):
            key = self._key(request)
            if key.system.agency.level != Level.PROVINCE:
                raise GatewayError(GatewayError.SCOPE_MISSING, _("Chỉ hệ thống của cơ quan cấp tỉnh được đọc bảng "
                                   "theo dõi kết nối."), status=403, required_scope=Scope.BOARD_READ)  # fmt: skip
            return key
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            raise GatewayError(GatewayError.UNAUTHENTICATED,
                               _("Cần đăng nhập hoặc khóa API (Authorization: Bearer …)."), status=401,
                               headers={"WWW-Authenticate": 'Bearer realm="lienthong"'})  # fmt: skip
        if not board_allowed(officer_scope(user)):
            raise GatewayError(GatewayError.SCOPE_MISSING, _("Tài khoản không có quyền xem bảng theo dõi kết nối."),
                               status=403)  # fmt: skip
        return user

    def authenticate(self, request: HttpRequest, token: str):  # pragma: no cover — __call__ does the work
        return None


READER = BoardReader()


# -- output -------------------------------------------------------------------------------------------------------


class HeadOut(Schema):
    name: str
    title: str | None
    since: dt.date | None = Field(description="The day the head's current term or acting assignment began.")
    acting: bool


class UndeliveredOut(Schema):
    failing: int = Field(description="Webhook deliveries still retried after a failed attempt.")
    dead: int = Field(description="Dead-lettered deliveries, waiting for the unit's IT officer to replay them.")


class SystemOut(Schema):
    id: int
    name: str
    kind: str
    vendor: str
    state: ConnectionState
    last_heartbeat_at: dt.datetime | None
    last_success_at: dt.datetime | None = Field(description="The last minute with a successful call.")
    calls_last_hour: int
    errors_last_hour: int
    error_rate: float | None
    backlog: int | None = Field(description="The queue depth the system reported with its latest heartbeat.")
    reconciliation_day: dt.date | None
    reconciliation_gaps: int | None = Field(description="(procedure, status) lines of that day's report that differ.")
    undelivered: UndeliveredOut


class NationalOut(Schema):
    received: int = Field(description="Dossiers received in the sync-share period (rule board.sync_share_days).")
    synced: int
    share: float | None = Field(description="Decision 766 metric 1.4: synced / received; null when none received.")
    points: float | None = Field(
        description="Decision 766 indicator 1.4's points for that share, as the 766 engine scores it (out of "
        "`max_points`); null when none received."
    )
    max_points: float | None
    backlog: int = Field(description="Dossiers waiting to be synced to the national portal.")


class BoardAgencyOut(Schema):
    id: int
    name: str
    level: str
    state: ConnectionState = Field(description="The worst state of its systems; `never` when it has none.")
    head: HeadOut | None
    national: NationalOut
    systems: list[SystemOut]


class BoardOut(Schema):
    generated_at: dt.datetime
    total: int = Field(description="Active agencies of the province, before filters.")
    counts: dict[str, int] = Field(description="Agencies in each state, before filters.")
    counts_by_level: dict[str, dict[str, int]] = Field(
        description="Agencies of each level (province, commune) in each state, before filters: the board's summary; "
        "`?level=…&state=…` lists them."
    )
    agencies: list[BoardAgencyOut] = Field(description="Those that need a call first (never, disconnected, degraded).")


class FailedCallOut(Schema):
    at: dt.datetime
    operation: str
    status: int
    problem: str
    latency_ms: int


class BoardHeartbeatOut(Schema):
    at: dt.datetime
    version: str
    queue_depth: int


class OperationOut(Schema):
    operation: str
    calls: int
    errors: int
    mean_ms: int
    max_ms: int


class UndeliveredEventOut(Schema):
    delivery_id: int
    webhook_id: str = Field(description="The event's id, as the receiver sees it in the webhook-id header.")
    kind: str
    dossier_code: str | None
    state: str
    attempts: int
    last_status: int | None
    last_error: str
    next_attempt_at: dt.datetime | None
    dead_at: dt.datetime | None


class SystemDetailOut(Schema):
    agency: BoardAgencyOut
    system: SystemOut
    operations_last_day: list[OperationOut]
    failed_calls: list[FailedCallOut]
    heartbeats: list[BoardHeartbeatOut]
    undelivered_events: list[UndeliveredEventOut]


class BoardQuery(Schema):
    state: ConnectionState | None = None
    level: Level | None = None
    q: str = Field("", max_length=100, description="Part of the agency's name, with or without diacritics.")


def _system_out(s: SystemState) -> SystemOut:
    return SystemOut(
        id=s.id, name=s.name, kind=s.kind, vendor=s.vendor, state=s.state, last_heartbeat_at=s.last_heartbeat_at,
        last_success_at=s.last_success_at, calls_last_hour=s.calls_last_hour, errors_last_hour=s.errors_last_hour,
        error_rate=s.error_rate, backlog=s.backlog, reconciliation_day=s.reconciliation_day,
        reconciliation_gaps=s.reconciliation_gaps,
        undelivered=UndeliveredOut(failing=s.undelivered.failing, dead=s.undelivered.dead),
    )  # fmt: skip


def _agency_out(a: AgencyState) -> BoardAgencyOut:
    head = (
        HeadOut(name=a.head_name, title=a.head_title, since=a.head_since, acting=a.head_acting) if a.head_name else None
    )
    return BoardAgencyOut(
        id=a.id, name=a.name, level=a.level, state=a.state, head=head,
        national=NationalOut(
            received=a.received, synced=a.synced, share=a.sync_share, backlog=a.national_backlog,
            points=float(a.sync.points) if a.sync else None, max_points=float(a.sync.max_points) if a.sync else None,
        ),
        systems=[_system_out(s) for s in a.systems],
    )  # fmt: skip


def _not_found() -> GatewayError:
    return GatewayError(GatewayError.NOT_FOUND, _("Không tìm thấy."), status=404)


@router.get(
    "/", auth=READER, response={200: BoardOut, 422: Problem, **REFUSALS}, operation_id="board_list",
    url_name="board-list", summary="Every agency of the province, its systems' state and its head in office",
)  # fmt: skip
@operation("board_list")
def board_list(request: HttpRequest, filters: Query[BoardQuery]) -> HttpResponse:
    everyone = board_agencies()
    shown = board_shown(everyone, BoardFilters(state=filters.state or "", level=filters.level or "", name=filters.q))
    return json_out(BoardOut(generated_at=timezone.now(), total=len(everyone), counts=board_counts(everyone),
                             counts_by_level=board_counts_by_level(everyone),
                             agencies=[_agency_out(a) for a in shown]))  # fmt: skip


@router.get(
    "/agencies/{agency_id}", auth=READER, response={200: BoardAgencyOut, 404: Problem, 422: Problem, **REFUSALS},
    operation_id="board_agency", url_name="board-agency", summary="One agency: its systems' state and its head",
)  # fmt: skip
@operation("board_agency")
def board_agency(request: HttpRequest, agency_id: int = row_id()) -> HttpResponse:
    found = board_agencies(agency_ids=[agency_id])
    if not found:
        raise _not_found()
    return json_out(_agency_out(found[0]))


@router.get(
    "/systems/{system_id}", auth=READER, response={200: SystemDetailOut, 404: Problem, 422: Problem, **REFUSALS},
    operation_id="board_system", url_name="board-system",
    summary="One system in detail: calls by operation, failed calls, heartbeats, undelivered webhook events",
)  # fmt: skip
@operation("board_system")
def board_system_detail(request: HttpRequest, system_id: int = row_id()) -> HttpResponse:
    found = board_system(system_id=system_id)
    if found is None:
        raise _not_found()
    agency, state = found
    return json_out(SystemDetailOut(
        agency=_agency_out(agency), system=_system_out(state),
        operations_last_day=[OperationOut(**vars(o)) for o in board_system_operations(system_id=system_id)],
        failed_calls=[FailedCallOut(at=c.at, operation=c.operation, status=c.status, problem=c.problem,
                                    latency_ms=c.latency_ms)
                      for c in board_system_failures(system_ids=[system_id]).get(system_id, [])],
        heartbeats=[BoardHeartbeatOut(at=b.at, version=b.version, queue_depth=b.queue_depth)
                    for b in board_system_heartbeats(system_ids=[system_id]).get(system_id, [])],
        undelivered_events=[_undelivered_out(d) for d in board_system_undelivered(system_id=system_id)],
    ))  # fmt: skip


def _undelivered_out(d) -> UndeliveredEventOut:
    return UndeliveredEventOut(
        delivery_id=d.pk, webhook_id=d.webhook_id, kind=d.kind, dossier_code=d.dossier_code or None,
        state=d.state, attempts=d.attempts, last_status=d.last_status, last_error=d.last_error,
        next_attempt_at=None if d.dead_at else d.available_at, dead_at=d.dead_at,
    )  # fmt: skip
