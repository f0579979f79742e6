"""Forwarding, refusing and withdrawing many dossiers at once — a connected system's bulk progress
(docs/performance.md, bench/sync): the same rules as `dossier_forward` (`steps.forward_check`, `forward_group`,
`forward_apply`), `dossier_refuse` and `dossier_withdraw` (`closing.refuse_check`, `withdraw_check`, `close_apply`),
applied in Python to dossiers locked together, and the rows written with one statement per table (the events through
the event log's batch writer). A dossier a rule refuses is left as it was, for the caller's per-dossier path to
answer with the refusal. tests/gateway/test_bulk_updates_in_batch_equal_the_per_dossier_path.py keeps the paths
equal.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from lienthong.catalogue.models import ProcessStep
from lienthong.core.bulk import rows_insert, rows_update
from lienthong.dossiers.constants import EventKind, Status, StepKind, StepState
from lienthong.dossiers.models import Dossier, StepInstance, Suspension
from lienthong.dossiers.services.closing import close_apply, refuse_check, withdraw_check
from lienthong.dossiers.services.errors import DossierError
from lienthong.dossiers.services.eventlog import event_row, events_write, next_due_of
from lienthong.dossiers.services.guards import officer_grants
from lienthong.dossiers.services.routing import step_agency
from lienthong.dossiers.services.steps import (
    StepContext,
    forward_apply,
    forward_check,
    forward_event_payload,
    forward_group,
    step_due,
)
from lienthong.org.models import Agency

# What a forward changes on the dossier row: its status, its update stamp, its chain's head and its next deadline.
DOSSIER_FIELDS = ["status", "updated_at", "event_seq", "event_head", "next_due_at"]


def dossiers_lock_many(*, ids: Iterable[int]) -> list[Dossier]:
    """The dossiers read again under a row lock, as `dossier_lock` does for one, in one statement and in id order —
    so two batches over the same dossiers wait for each other instead of deadlocking — with their receiving
    agencies, read once each (a batch's dossiers share a few)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("dossiers_lock_many must run inside the transaction that changes them")
    locked = list(Dossier.objects.select_for_update().filter(pk__in=list(ids)).order_by("pk"))
    agencies = Agency.objects.in_bulk({dossier.agency_id for dossier in locked})
    for dossier in locked:
        dossier.agency = agencies[dossier.agency_id]
    return locked


class BatchStepContext(StepContext):
    """`StepContext` for a batch of dossiers — the forwards here and the other transitions
    (services/batch_progress.py): each procedure's steps read once, each step's agency worked out once per receiving
    agency (`step_agency` depends on nothing else), its due instant once at the batch's one instant (as for one
    transaction), and the standing assignees read from the dossiers' assigned steps in one statement, the first time
    one is asked for."""

    def __init__(self, now: dt.datetime, dossiers: Sequence[Dossier]) -> None:
        super().__init__(now)
        self.dossier_ids = [dossier.pk for dossier in dossiers]
        versions = {dossier.procedure_version_id for dossier in dossiers}
        self.steps: dict[int, list[ProcessStep]] = {version: [] for version in versions}
        rows = ProcessStep.objects.filter(version_id__in=versions).select_related("agency").order_by("position")
        for step in rows:
            self.steps[step.version_id].append(step)
        self.routes: dict[tuple[int, int], Agency] = {}
        self.dues: dict[int, dt.datetime] = {}
        self.assigned: dict[int, list[StepInstance]] | None = None

    def process(self, dossier: Dossier) -> list[ProcessStep]:
        return self.steps[dossier.procedure_version_id]

    def route(self, step: ProcessStep, dossier: Dossier) -> Agency:
        key = (step.pk, dossier.agency_id)
        if key not in self.routes:
            self.routes[key] = step_agency(step=step, dossier=dossier)
        return self.routes[key]

    def due(self, step: ProcessStep) -> dt.datetime:
        if step.pk not in self.dues:
            self.dues[step.pk] = step_due(step, now=self.now)
        return self.dues[step.pk]

    def standing(self, dossier: Dossier, instance: StepInstance):
        """As `_standing_assignee` reads it: the latest of the dossier's assigned steps at that agency and role."""
        if self.assigned is None:
            self.assigned = defaultdict(list)
            assigned = StepInstance.objects.filter(
                dossier_id__in=self.dossier_ids, kind=StepKind.STEP, assignee__isnull=False
            ).select_related("assignee")
            for earlier in assigned.order_by("-started_at", "-id"):
                self.assigned[earlier.dossier_id].append(earlier)
        for earlier in self.assigned[dossier.pk]:
            if earlier.agency_id == instance.agency_id and earlier.role == instance.role:
                return earlier.assignee
        return None


class _ForwardBatch:
    """What `dossier_forward`'s rules need, read once for the batch: the officer's grants and the step context."""

    def __init__(self, officer, dossiers: Sequence[Dossier]) -> None:
        self.officer = officer
        self.held = officer_grants(officer)
        self.context = BatchStepContext(timezone.now(), dossiers)

    def forward(self, dossier: Dossier) -> list[StepInstance]:
        """`dossier_forward`'s checks and change, on the dossier held in memory; raises its refusal unchanged."""
        forward_check(officer=self.officer, dossier=dossier, held=self.held)
        context = self.context
        group = forward_group(context.process(dossier))
        agencies, dues = [context.route(step, dossier) for step in group], [context.due(step) for step in group]
        opened = forward_apply(dossier, group, now=context.now, agencies=agencies, dues=dues)
        dossier.updated_at = timezone.now()  # as `save()` sets it (auto_now); the bulk write does not
        dossier.next_due_at = next_due_of(opened)  # as `record_event` sets it: a received dossier had no step
        return opened


def dossiers_forward_batch(*, officer, dossiers: Sequence[Dossier]) -> dict[int, list[StepInstance]]:
    """Forward each of `dossiers` (locked by `dossiers_lock_many`) as `dossier_forward` would; the steps opened, by
    dossier id, for those forwarded — a dossier a rule refuses is absent and unchanged."""
    batch = _ForwardBatch(officer, dossiers)
    forwarded: list[tuple[Dossier, list[StepInstance]]] = []
    for dossier in dossiers:
        try:
            forwarded.append((dossier, batch.forward(dossier)))
        except DossierError:
            continue  # refused: the caller's per-dossier path runs the same rule and answers with its refusal
    _write(forwarded, officer=officer)
    return {dossier.pk: opened for dossier, opened in forwarded}


def _write(forwarded: list[tuple[Dossier, list[StepInstance]]], *, officer) -> None:
    """One statement per table; the step instances first, since the events name their ids."""
    if not forwarded:
        return
    rows_insert(StepInstance, [instance for _dossier, opened in forwarded for instance in opened])
    events = [
        event_row(dossier=dossier, kind=EventKind.FORWARDED, actor=officer, status_before=Status.RECEIVED,
                    payload=forward_event_payload(opened))
        for dossier, opened in forwarded
    ]  # fmt: skip
    events_write(events)
    rows_update(Dossier, [dossier for dossier, _opened in forwarded], DOSSIER_FIELDS)


# -- ending dossiers: refused, withdrawn ---------------------------------------------------------------------------

# Each way of ending a dossier the batch applies: its per-item service's rule (which returns the event's payload),
# the terminal status, and the event's kind — `dossier_refuse` and `dossier_withdraw` (services/closing.py).
CLOSINGS = {
    "refuse": (refuse_check, Status.REFUSED, EventKind.REFUSED),
    "withdraw": (withdraw_check, Status.WITHDRAWN, EventKind.WITHDRAWN),
}
CLOSED_FIELDS = ["status", "finished_at", "updated_at", "event_seq", "event_head", "next_due_at"]


def dossiers_close_batch(*, officer, closings: Sequence[tuple[Dossier, str, str]]) -> set[int]:
    """End each (dossier, way, reason) of `closings` (dossiers locked by `dossiers_lock_many`; a way of `CLOSINGS`)
    as its per-item service would — active steps cancelled, open suspensions ended, the event written — with one
    statement per table; the ids of the dossiers ended (one a rule refuses is left as it was)."""
    held, now = officer_grants(officer), timezone.now()
    closed: list[tuple[Dossier, str, str, dict]] = []
    for dossier, way, reason in closings:
        check, status, kind = CLOSINGS[way]
        try:
            payload = check(officer=officer, dossier=dossier, reason=reason, held=held)
        except DossierError:
            continue  # refused: the caller's per-dossier path runs the same rule and answers with its refusal
        status_before = close_apply(dossier, status=status, now=now)
        dossier.updated_at = now  # as `save()` sets it (auto_now); the bulk write does not
        dossier.next_due_at = None  # as `record_event` sets it: every active step is cancelled below
        closed.append((dossier, kind, status_before, payload))
    if not closed:
        return set()
    ids = [dossier.pk for dossier, *_rest in closed]
    StepInstance.objects.filter(dossier_id__in=ids, state=StepState.ACTIVE).update(
        state=StepState.CANCELLED, finished_at=now
    )
    Suspension.objects.filter(dossier_id__in=ids, ended_at__isnull=True).update(ended_at=now)
    events_write([
        event_row(dossier=dossier, kind=kind, actor=officer, status_before=status_before, payload=payload)
        for dossier, kind, status_before, payload in closed
    ])  # fmt: skip
    rows_update(Dossier, [dossier for dossier, *_rest in closed], CLOSED_FIELDS)
    return set(ids)
