"""Reads of the dossiers app."""

from collections.abc import Iterable

from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lienthong.catalogue.models import Fee, RequiredDocument
from lienthong.core.keyset import Key, keyset_order
from lienthong.core.text import fold
from lienthong.dossiers.access import DESK_ROLES, dossiers_visible
from lienthong.dossiers.constants import (
    CLOCK_STOPPED_STATUSES,
    DEFAULT_NATIONAL_STATUS,
    TERMINAL_STATUSES,
    EventKind,
    Status,
    StepState,
)
from lienthong.dossiers.models import Attachment, ChainDigest, Dossier, DossierEvent, StatusMapping, StepInstance
from lienthong.dossiers.urgency import dossier_urgency_condition
from lienthong.org.access import OfficerScope
from lienthong.org.constants import Role


def national_status_map() -> dict[str, int]:
    """Internal status → national code (TrangThaiHoSo): the administrator's table over the defaults."""
    mapping = {str(status): code for status, code in DEFAULT_NATIONAL_STATUS.items()}
    mapping.update(StatusMapping.objects.values_list("status", "national_code"))
    return mapping


def national_status_code(status: str) -> int:
    return national_status_map()[Status(status)]


def event_envelope(event: DossierEvent) -> dict:
    """What a subscriber receives: the event's stable id for de-duplication, and enough to act on it."""
    dossier = event.dossier
    return {
        "id": str(event.uuid),
        "kind": event.kind,
        "seq": event.seq,
        "at": event.at.isoformat(),
        "dossier_id": dossier.pk,
        "dossier_code": dossier.code,
        "agency_id": dossier.agency_id,
        "status_before": event.status_before,
        "status_after": event.status_after,
        "national_status": national_status_code(event.status_after),
        "actor": event.actor_label,
        "payload": event.payload,
    }


def dossier_events(*, dossier_id: int) -> QuerySet[DossierEvent]:
    return DossierEvent.objects.filter(dossier_id=dossier_id).order_by("seq")


# Events that close a step, and the key of their payload naming it: the officer who acted handled that step (a step
# row keeps only its assignee, and one taken from a role's pool has none).
STEP_CLOSING_EVENTS = {
    EventKind.STEP_COMPLETED: "step",
    EventKind.APPROVED: "step",
    EventKind.CONSULTATION_ANSWERED: "consultation",
    EventKind.TRANSFERRED: "from",
    EventKind.RETURNED: "return_steps",
}


def step_handlers(events: Iterable[DossierEvent]) -> dict[int, DossierEvent]:
    """Step instance id → the event by which an officer closed it, from a dossier's events (read or prefetched)."""
    handlers = {}
    for event in events:
        key = STEP_CLOSING_EVENTS.get(event.kind)
        named = (event.payload or {}).get(key) if key else None
        for step in named if isinstance(named, list) else [named]:
            if isinstance(step, dict) and step.get("id") is not None:
                handlers[step["id"]] = event
    return handlers


def financial_obligation_of(events: Iterable[DossierEvent]) -> dict | None:
    """The latest financial obligation notified on the dossier (items, total in đồng) and whether it was met, from
    its events (read or prefetched); None if there was none."""
    state = None
    for event in events:
        payload = event.payload or {}
        if event.kind == EventKind.FINANCIAL_OBLIGATION_SET:
            state = {"items": payload.get("items") or [], "total": payload.get("total"), "met": False,
                     "receipt_reference": ""}  # fmt: skip
        elif event.kind == EventKind.FINANCIAL_OBLIGATION_MET and state is not None:
            state |= {"met": True, "receipt_reference": payload.get("receipt_reference") or ""}
    return state


def dossier_active_steps(*, dossier_id: int, kind: str | None = None) -> QuerySet[StepInstance]:
    """The dossier's steps (or consultations, by `kind`) still being worked on."""
    active = StepInstance.objects.filter(dossier_id=dossier_id, state=StepState.ACTIVE)
    return active if kind is None else active.filter(kind=kind)


# -- the back office's lists ---------------------------------------------------------------------------------------


class Box(models.TextChoices):
    """The inboxes of the back office (issue 3, item 5)."""

    MINE = "mine", _("Việc của tôi")
    AGENCY = "agency", _("Của đơn vị")
    MONITOR = "monitor", _("Theo dõi")


OPEN_STATUSES = [status for status in Status if status not in TERMINAL_STATUSES]
# The lists' orders, as keys their pages follow (`core.keyset`): an inbox by urgency, the search latest first.
INBOX_ORDER = (Key("clock_stopped"), Key("work_due", nulls_first=True), Key("received_at"), Key("id"))
SEARCH_ORDER = (Key("received_at", descending=True, nulls_first=True), Key("id", descending=True))
DESK_WAITING = [Status.SUBMITTED, Status.RECEIVED, Status.SUPPLEMENT_REQUESTED, Status.FINANCIAL_OBLIGATION]


def _my_steps(scope: OfficerScope) -> Q:
    """Active steps this officer can take: assigned to them, or unassigned at an agency where they hold its role."""
    mine = Q(assignee_id=scope.user_id)
    for role, agencies in scope.roles.items():
        mine |= Q(assignee__isnull=True, role=role, agency_id__in=agencies)
    return mine


def _box_filter(scope: OfficerScope, box: str) -> Q | None:
    if box == Box.MINE:
        steps = StepInstance.objects.filter(_my_steps(scope), dossier=OuterRef("pk"), state=StepState.ACTIVE)
        desk = Q(agency_id__in=scope.agencies(Role.RECEIVER), status__in=DESK_WAITING)
        return Q(Exists(steps)) | desk
    if box == Box.AGENCY:
        working = scope.agencies(Role.SPECIALIST, Role.LEADER, Role.RECEIVER)
        steps = StepInstance.objects.filter(dossier=OuterRef("pk"), state=StepState.ACTIVE, agency_id__in=working)
        return Q(Exists(steps)) | Q(agency_id__in=scope.agencies(*DESK_ROLES))
    return None  # the monitor's box: everything open in scope


def dossier_list_for_inbox(*, scope: OfficerScope, box: str, urgency: str = "") -> QuerySet[Dossier]:
    """Open dossiers of one inbox, most urgent first (late, then due soonest; unreceived submissions on top), with
    everything a row shows in three queries whatever the page size."""
    queryset = dossiers_visible(scope, Dossier.objects.filter(status__in=OPEN_STATUSES))
    if (condition := _box_filter(scope, box)) is not None:
        queryset = queryset.filter(condition)
    # A ready result is judged by its appointment (dossiers.urgency), not by the desk's return step; and a dossier
    # waiting for the applicant, its clock stopped, goes after everything whose clock runs. `next_due_at` is kept on
    # the row (the earliest active step's due instant): no subquery per row (issue 18).
    queryset = queryset.annotate(
        work_due=Case(When(status=Status.RESULT_READY, then=F("due_at")), default=Coalesce("next_due_at", "due_at")),
        clock_stopped=Case(When(status__in=CLOCK_STOPPED_STATUSES, then=1), default=0),
    )
    if (condition := dossier_urgency_condition(urgency, now=timezone.now(), due_field="work_due")) is not None:
        queryset = queryset.filter(condition)
    return _with_row_data(queryset).order_by(*keyset_order(INBOX_ORDER))


def _with_row_data(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    active = StepInstance.objects.filter(state=StepState.ACTIVE).select_related("agency", "assignee")
    return queryset.select_related("agency", "procedure_version__procedure").prefetch_related(
        Prefetch("steps", queryset=active.order_by("position", "id"), to_attr="active_steps")
    )


def dossier_search(*, scope: OfficerScope, query: str) -> QuerySet[Dossier]:
    """By code, identity or tax number, or applicant name with or without diacritics, in any state."""
    query = " ".join(query.split())
    if not query:
        return Dossier.objects.none()
    folded = fold(query)
    # Every branch is an index look-up (issue 18): codes are upper case (an agency's identifier and digits), so the
    # code as typed or upper-cased is an exact match, and one with a dash also a prefix (a desk's day, say) on the
    # code's pattern index; numbers are exact; names a substring of the folded name, which PostgreSQL answers from
    # its trigram index (migration dossiers 0007).
    matches = Q(code__in={query, query.upper()})
    if "-" in query:
        matches |= Q(code__startswith=query.upper())
    if query.isdigit():
        matches |= Q(applicant_id_number=query) | Q(applicant_tax_code=query)
    matches |= Q(applicant_name_folded__contains=folded)
    queryset = dossiers_visible(scope, Dossier.objects.filter(matches)).annotate(work_due=F("due_at"))
    return _with_row_data(queryset).order_by(*keyset_order(SEARCH_ORDER))


def dossier_for_page(*, scope: OfficerScope, dossier_id: int) -> Dossier | None:
    """One dossier with what its page shows, or None when it does not exist or is outside the officer's scope."""
    queryset = dossiers_visible(scope, Dossier.objects.filter(pk=dossier_id))
    steps = StepInstance.objects.select_related("agency", "assignee", "step").order_by("started_at", "position", "id")
    return (
        queryset.select_related("agency", "receiver", "procedure_version__procedure")
        .prefetch_related(
            Prefetch("steps", queryset=steps, to_attr="all_steps"),
            Prefetch(
                "events", queryset=DossierEvent.objects.select_related("actor").order_by("seq"), to_attr="timeline"
            ),
            Prefetch("attachments", queryset=Attachment.objects.select_related("required_document")),
            Prefetch("procedure_version__documents", queryset=RequiredDocument.objects.order_by("position")),
            Prefetch("procedure_version__fees", queryset=Fee.objects.order_by("id")),
        )
        .first()
    )


def audit_key_ids_in_use() -> set[str]:
    """The ids of the LIENTHONG_AUDIT_KEY keys that sealed the recorded digests: whoever verifies them needs these."""
    return set(ChainDigest.objects.exclude(key_id="").values_list("key_id", flat=True).distinct())
