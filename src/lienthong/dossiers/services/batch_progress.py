"""The other transitions a connected system reports in bulk — a step completed (or approved), the result returned, a
supplement requested, a supplement received — applied to many dossiers at once (docs/performance.md, bench/sync).

Each goes through its per-item service's own rule functions: `steps.complete_check`/`complete_apply`/
`completion_events` (`dossier_complete_step`), `outcome.return_check`/`return_apply` (`dossier_return`),
`supplement.supplement_request_check`/`supplement_request_apply` (`dossier_request_supplement`),
`supplement.supplement_received_check`/`supplement_received_apply` (`dossier_supplement_received`), on dossiers
locked together (`batch.dossiers_lock_many`) with what they read — the officer's grants, the dossiers' active steps,
the processes, the rules, result files, open suspensions — read once for the batch, and the rows written with one
statement per table (the events through the event log's batch writer). A dossier a rule refuses is left as it was,
for the caller's per-dossier path to answer with the refusal.
tests/gateway/test_bulk_updates_in_batch_equal_the_per_dossier_path.py keeps the paths equal.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from lienthong.catalogue.models import ProcedureVersion
from lienthong.core.bulk import rows_insert, rows_update
from lienthong.core.calendar_store import work_calendar_current
from lienthong.dossiers.constants import EventKind, Status, StepKind, StepState, SuspensionReason
from lienthong.dossiers.models import Attachment, Dossier, StepInstance, Suspension
from lienthong.dossiers.services.batch import BatchStepContext
from lienthong.dossiers.services.errors import DossierError
from lienthong.dossiers.services.eventlog import event_row, events_write, next_due_of
from lienthong.dossiers.services.guards import officer_grants
from lienthong.dossiers.services.outcome import return_apply, return_check
from lienthong.dossiers.services.steps import complete_apply, complete_check, completion_events
from lienthong.dossiers.services.store import results_store
from lienthong.dossiers.services.supplement import (
    supplement_clock_rule,
    supplement_received_apply,
    supplement_received_check,
    supplement_request_apply,
    supplement_request_check,
    supplement_rules,
)


@dataclass(frozen=True)
class CompleteStep:
    """`dossier_complete_step` on the active step `pick` chooses among the dossier's active steps (by id)."""

    pick: Callable[[Sequence[StepInstance]], StepInstance]
    note: str = ""
    approve: bool = False


@dataclass(frozen=True)
class ReturnResult:
    """`dossier_return`."""

    delivery: str
    note: str = ""


@dataclass(frozen=True)
class RequestSupplement:
    """`dossier_request_supplement`."""

    missing: Sequence[str]
    note: str = ""


@dataclass(frozen=True)
class SupplementReceived:
    """`dossier_supplement_received`."""

    documents_added: Sequence[str] = ()
    note: str = ""


Transition = CompleteStep | ReturnResult | RequestSupplement | SupplementReceived

# What the transitions change on the dossier row (one write for all of them: unchanged fields keep their value).
DOSSIER_FIELDS = ["status", "finished_at", "returned_at", "result_delivery", "supplement_count", "due_at",
                  "updated_at", "event_seq", "event_head", "next_due_at"]  # fmt: skip
STEP_FIELDS = ["state", "finished_at", "note", "due_at"]


@dataclass
class _Changed:
    """One dossier's change: the steps it updated and opened, the suspension it opened, its events to build."""

    dossier: Dossier
    updated: list[StepInstance] = field(default_factory=list)
    opened: list[StepInstance] = field(default_factory=list)
    events: Callable[[], list] = list


def dossiers_progress_batch(*, officer, items: Sequence[tuple[Dossier, Transition]]) -> set[int]:
    """Apply each (dossier, transition) of `items` (dossiers locked by `dossiers_lock_many`, each once) as its
    per-item service would, with one statement per table; the ids of the dossiers changed (one a rule refuses is
    left as it was)."""
    if not items:
        return set()
    now, held = timezone.now(), officer_grants(officer)
    dossiers = [dossier for dossier, _transition in items]
    active: dict[int, list[StepInstance]] = defaultdict(list)
    rows = StepInstance.objects.filter(dossier_id__in=[d.pk for d in dossiers], state=StepState.ACTIVE)
    for instance in rows.select_related("step", "agency").order_by("id"):
        active[instance.dossier_id].append(instance)
    kinds = {type(transition) for _dossier, transition in items}
    apply = _Appliers(officer=officer, now=now, held=held, active=active, items=items, kinds=kinds)
    changed: list[_Changed] = []
    for dossier, transition in items:
        try:
            change = apply(dossier, transition)
        except DossierError:
            continue  # refused: the caller's per-dossier path runs the same rule and answers with its refusal
        changed.append(change)
    if not changed:
        return set()
    rows_update(StepInstance, [step for change in changed for step in change.updated], STEP_FIELDS)
    rows_insert(StepInstance, [step for change in changed for step in change.opened])
    if apply.suspensions_opened:
        rows_insert(Suspension, apply.suspensions_opened)
    if apply.suspensions_ended:
        rows_update(Suspension, apply.suspensions_ended, ["ended_at"])
    events_write([event for change in changed for event in change.events()])
    for change in changed:  # as `record_event` sets it, from the steps as the change left them
        change.dossier.next_due_at = next_due_of([*active[change.dossier.pk], *change.opened])
    rows_update(Dossier, [change.dossier for change in changed], DOSSIER_FIELDS)
    if ReturnResult in kinds:  # as `dossier_return`: signed results into the applicants' stores
        returning = {dossier.pk for dossier, transition in items if isinstance(transition, ReturnResult)}
        signed = {pk for pk, results in apply.results.items() if any(a.signed_at for a in results)}
        stored = [c.dossier for c in changed if c.dossier.pk in returning & signed and c.dossier.applicant_id_number]
        versions = ProcedureVersion.objects.in_bulk({d.procedure_version_id for d in stored}) if stored else {}
        for dossier in stored:
            dossier.procedure_version = versions[dossier.procedure_version_id]
        results_store([(dossier, apply.results[dossier.pk]) for dossier in stored], at=now)
    return {change.dossier.pk for change in changed}


class _Appliers:
    """Each transition's check and change on one dossier, with what the batch read once."""

    def __init__(self, *, officer, now, held, active, items, kinds) -> None:
        self.officer, self.now, self.held, self.active = officer, now, held, active
        self.suspensions_opened: list[Suspension] = []
        self.suspensions_ended: list[Suspension] = []
        ids = {kind: [d.pk for d, t in items if isinstance(t, kind)] for kind in kinds}
        if CompleteStep in kinds:
            self.context = BatchStepContext(now, [d for d, t in items if isinstance(t, CompleteStep)])
        if ReturnResult in kinds:
            self.results: dict[int, list[Attachment]] = defaultdict(list)
            files = Attachment.objects.filter(dossier_id__in=ids[ReturnResult], kind=Attachment.Kind.RESULT)
            for attachment in files.exclude(file="").order_by("id"):
                self.results[attachment.dossier_id].append(attachment)
        if RequestSupplement in kinds:
            self.rules = supplement_rules()
            at_desk = [d.pk for d, t in items if isinstance(t, RequestSupplement) and d.status == Status.SUBMITTED]
            asked = Suspension.objects.filter(dossier_id__in=at_desk, reason=SuspensionReason.SUPPLEMENT,
                                              resume_status=Status.SUBMITTED)  # fmt: skip
            self.asked = dict(asked.values_list("dossier_id").annotate(n=Count("id"))) if at_desk else {}
        if SupplementReceived in kinds:
            self.calendar = work_calendar_current()
            self.rule: str | None = None
            waiting = Suspension.objects.filter(
                dossier_id__in=ids[SupplementReceived], reason=SuspensionReason.SUPPLEMENT, ended_at__isnull=True
            )
            self.open = {suspension.dossier_id: suspension for suspension in waiting}
            received = [d for d, t in items if isinstance(t, SupplementReceived)]
            versions = ProcedureVersion.objects.in_bulk({d.procedure_version_id for d in received})
            for dossier in received:  # the restart reads the version's time limit
                dossier.procedure_version = versions[dossier.procedure_version_id]

    def __call__(self, dossier: Dossier, transition: Transition) -> _Changed:
        match transition:
            case CompleteStep():
                return self.complete(dossier, transition)
            case ReturnResult():
                return self.returned(dossier, transition)
            case RequestSupplement():
                return self.supplement_requested(dossier, transition)
            case SupplementReceived():
                return self.supplement_received(dossier, transition)
        raise TypeError(transition)

    def complete(self, dossier: Dossier, transition: CompleteStep) -> _Changed:
        active = self.active[dossier.pk]
        instance = transition.pick(active)
        complete_check(officer=self.officer, dossier=dossier, instance=instance, approve=transition.approve,
                       held=self.held)  # fmt: skip
        kind = EventKind.APPROVED if transition.approve else EventKind.STEP_COMPLETED
        done = complete_apply(dossier, instance, active=active, context=self.context, note=transition.note,
                              kind=kind)  # fmt: skip
        if done.finished:
            dossier.updated_at = self.now  # as `save()` sets it (auto_now); the bulk write does not
        events = lambda: completion_events(dossier, done, officer=self.officer, build=event_row)  # noqa: E731
        return _Changed(dossier=dossier, updated=[instance, *done.cancelled], opened=done.opened, events=events)

    def returned(self, dossier: Dossier, transition: ReturnResult) -> _Changed:
        results = self.results[dossier.pk]
        return_check(officer=self.officer, dossier=dossier, delivery=transition.delivery, results=results,
                     held=self.held)  # fmt: skip
        steps = [s for s in self.active[dossier.pk] if s.kind == StepKind.STEP]
        closed, payload = return_apply(dossier, steps=steps, results=results, delivery=transition.delivery,
                                       note=transition.note, now=self.now)  # fmt: skip
        dossier.updated_at = self.now
        return _Changed(dossier=dossier, updated=closed, events=lambda: [event_row(
            dossier=dossier, kind=EventKind.RETURNED, actor=self.officer, status_before=Status.RESULT_READY,
            payload=payload)])  # fmt: skip

    def supplement_requested(self, dossier: Dossier, transition: RequestSupplement) -> _Changed:
        agencies = {s.agency_id for s in self.active[dossier.pk] if s.kind == StepKind.STEP}
        items = supplement_request_check(officer=self.officer, dossier=dossier, missing=list(transition.missing),
                                         now=self.now, asked_at_desk=lambda: self.asked.get(dossier.pk, 0),
                                         rules_now=self.rules, held=self.held, step_agencies=agencies)  # fmt: skip
        status_before, suspension, payload = supplement_request_apply(dossier, items=items, note=transition.note,
                                                                      now=self.now)  # fmt: skip
        dossier.updated_at = self.now
        self.suspensions_opened.append(suspension)
        return _Changed(dossier=dossier, events=lambda: [event_row(
            dossier=dossier, kind=EventKind.SUPPLEMENT_REQUESTED, actor=self.officer, status_before=status_before,
            payload=payload)])  # fmt: skip

    def supplement_received(self, dossier: Dossier, transition: SupplementReceived) -> _Changed:
        supplement_received_check(officer=self.officer, dossier=dossier, held=self.held)
        suspension = self.open[dossier.pk]  # every dossier waiting for a supplement has one open
        status_before = dossier.status
        steps = self.active[dossier.pk]
        payload = supplement_received_apply(dossier, suspension=suspension, steps=steps,
                                            documents_added=list(transition.documents_added), note=transition.note,
                                            now=self.now, calendar=self.calendar, rule=self._rule)  # fmt: skip
        dossier.updated_at = self.now
        self.suspensions_ended.append(suspension)
        return _Changed(dossier=dossier, updated=list(steps) if dossier.received_at else [], events=lambda: [
            event_row(dossier=dossier, kind=EventKind.SUPPLEMENT_RECEIVED, actor=self.officer,
                        status_before=status_before, payload=payload)])  # fmt: skip

    def _rule(self) -> str:
        if self.rule is None:
            self.rule = supplement_clock_rule()
        return self.rule
