"""Processing across units and levels (Decree 61 art. 18–19): the desk forwards, a leader assigns, handlers
complete steps in the order of the process (a parallel group together), send back, consult and transfer."""

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.catalogue.constants import StepAction
from lienthong.catalogue.models import ProcessStep
from lienthong.core.services import calendar_add
from lienthong.dossiers.constants import EventKind, Status, StepKind, StepState
from lienthong.dossiers.models import Dossier, StepInstance
from lienthong.dossiers.selectors import dossier_active_steps
from lienthong.dossiers.services.errors import DossierError
from lienthong.dossiers.services.eventlog import record_event
from lienthong.dossiers.services.guards import dossier_lock, require_role, require_status
from lienthong.dossiers.services.routing import step_agency
from lienthong.dossiers.urgency import finished_on_time
from lienthong.org.constants import ASSIGNABLE_ROLES, Level, Role
from lienthong.org.models import Agency, OfficerRole

WORKING_HOURS = "working_hours"
LEVEL_RANK = {Level.COMMUNE: 0, Level.DISTRICT: 1, Level.PROVINCE: 2}


# -- the process definition ---------------------------------------------------------------------------------------


def _process(dossier: Dossier) -> list[ProcessStep]:
    return list(ProcessStep.objects.filter(version_id=dossier.procedure_version_id).order_by("position"))


def _has(step: ProcessStep | None, action: str) -> bool:
    return step is not None and action in (step.actions or [])


def _group_of(steps: Sequence[ProcessStep], step: ProcessStep) -> list[ProcessStep]:
    """`step` with the steps that run beside it (Decree 61 art. 19(6): sent to all participating bodies at once)."""
    if step.parallel_group is None:
        return [step]
    return [s for s in steps if s.parallel_group == step.parallel_group]


def _positions(steps: Sequence[ProcessStep], instance: StepInstance) -> list[int]:
    if instance.step is None:
        return [instance.position]
    return [s.position for s in _group_of(steps, instance.step)]


def _group_after(steps: Sequence[ProcessStep], position: int) -> list[ProcessStep]:
    """The next step (and its group) after `position`; receiving is the desk's and was done at receipt."""
    later = [s for s in steps if s.position > position and not _has(s, StepAction.RECEIVE)]
    return _group_of(steps, later[0]) if later else []


def _group_before(steps: Sequence[ProcessStep], position: int) -> list[ProcessStep]:
    earlier = [s for s in steps if s.position < position]
    if not earlier or _has(earlier[-1], StepAction.RECEIVE):
        return []
    return _group_of(steps, earlier[-1])


# -- step instances -----------------------------------------------------------------------------------------------


def _due(now: dt.datetime, hours: Decimal | int | float) -> dt.datetime:
    return calendar_add(start=now, amount=hours, unit=WORKING_HOURS).instant


def step_due(step: ProcessStep, *, now: dt.datetime) -> dt.datetime:
    """When `step`, opened at `now`, is due: its own quota of working hours."""
    return _due(now, step.quota_hours)


def step_instance_new(dossier: Dossier, step: ProcessStep, *, now: dt.datetime, agency: Agency | None = None,
                      assignee=None, due_at: dt.datetime | None = None) -> StepInstance:  # fmt: skip
    """A step instance, unsaved, opened at `now`: at the agency routing gives unless one is named, due by its
    quota (`step_due`) unless the caller has computed that already."""
    return StepInstance(
        dossier=dossier, step=step, kind=StepKind.STEP, name=step.name, position=step.position,
        parallel_group=step.parallel_group, agency=agency or step_agency(step=step, dossier=dossier), role=step.role,
        assignee=assignee, started_at=now, due_at=due_at or step_due(step, now=now),
    )  # fmt: skip


def _open(dossier: Dossier, step: ProcessStep, *, now: dt.datetime, agency: Agency | None = None,
          assignee=None, inherit: bool = True) -> StepInstance:  # fmt: skip
    """A step opened and saved; unless told who (or, `inherit=False`, told exactly), by the standing assignee."""
    instance = step_instance_new(dossier, step, now=now, agency=agency, assignee=assignee)
    if instance.assignee is None and inherit:
        instance.assignee = _standing_assignee(dossier, instance)
    instance.save(force_insert=True)
    return instance


def _standing_assignee(dossier: Dossier, instance: StepInstance):
    """Whom the agency's leader gave this dossier's work of the step's role: the same officer carries on with the
    next step of that role there (Decree 61 art. 19(1): the leader assigns the handler, not each step anew)."""
    earlier = StepInstance.objects.filter(
        dossier=dossier, kind=StepKind.STEP, agency=instance.agency, role=instance.role, assignee__isnull=False
    )
    last = earlier.select_related("assignee").order_by("-started_at", "-id").first()
    return last.assignee if last else None


def _last_hands(dossier: Dossier, step: ProcessStep) -> dict[str, Any]:
    """Who did `step` last (after a transfer, the agency it went to), so a step sent back returns to them."""
    last = StepInstance.objects.filter(dossier=dossier, step=step, kind=StepKind.STEP).order_by("-id").first()
    return {"agency": last.agency, "assignee": last.assignee} if last else {}


def _described(instance: StepInstance) -> dict[str, Any]:
    return {
        "id": instance.pk,
        "name": instance.name,
        "position": instance.position,
        "agency_code": instance.agency.identifier_code,
        "role": instance.role,
        "due_at": instance.due_at,
    }


def _finished(instance: StepInstance) -> dict[str, Any]:
    return _described(instance) | {"finished_at": instance.finished_at,
                                   "on_time": finished_on_time(finished_at=instance.finished_at,
                                                               due_at=instance.due_at)}  # fmt: skip


def _active(dossier: Dossier, kind: str):
    return dossier_active_steps(dossier_id=dossier.pk, kind=kind).select_related("agency")


def _active_instance(dossier: Dossier, instance: StepInstance, *, kind: str = StepKind.STEP) -> StepInstance:
    """`instance` read again under the dossier's lock: it must belong to this dossier and still be active."""
    current = (
        StepInstance.objects.select_related("step", "agency", "assignee")
        .filter(pk=instance.pk, dossier=dossier, kind=kind)
        .first()
    )
    if current is None:
        raise DossierError(
            DossierError.NO_ACTIVE_STEP, _("Bước xử lý không thuộc hồ sơ %(code)s.") % {"code": dossier.code}
        )
    if current.state != StepState.ACTIVE:
        raise DossierError(
            DossierError.NO_ACTIVE_STEP,
            _("Bước “%(step)s” đã kết thúc (%(state)s).")
            % {"step": current.name, "state": current.get_state_display()},
        )
    return current


def _require_handler(officer, instance: StepInstance, *, held: Collection[tuple[int, str]] | None = None) -> None:
    """The step's assignee, or an officer holding the step's role in its agency (Decree 61 art. 19(1)–(2))."""
    if officer is not None and instance.assignee_id is not None and instance.assignee_id == officer.pk:
        return
    require_role(officer, instance.agency, [instance.role], held=held)


def _require_action(instance: StepInstance, action: str) -> None:
    """The process definition lists what may be done at each step; a transferred step keeps its step's list."""
    if instance.step is not None and not _has(instance.step, action):
        raise DossierError(
            DossierError.NOT_PERMITTED,
            _("Bước “%(step)s” không cho phép thao tác “%(action)s”.")
            % {"step": instance.name, "action": StepAction(action).label},
        )


def _require_text(text: str, code: str, message: str) -> str:
    if not (text or "").strip():
        raise DossierError(code, message)
    return text.strip()


# -- services -----------------------------------------------------------------------------------------------------


# Forwarding's rules, shared by `dossier_forward` and the gateway's batch of progress reports (which reads the
# grants and the process once for many dossiers): whoever applies a forward checks and moves it with these.


def forward_check(*, officer, dossier: Dossier, held: Collection[tuple[int, str]] | None = None) -> None:
    """The desk's receiver forwards, and only a received dossier."""
    require_role(officer, dossier.agency, [Role.RECEIVER], held=held)
    require_status(dossier, [Status.RECEIVED], action=_("chuyển xử lý"))


def forward_group(steps: Sequence[ProcessStep]) -> list[ProcessStep]:
    """The step (or parallel group) a forward opens: the first after receipt, if it is not the return of results."""
    group = _group_after(steps, 0)
    if not group or _has(group[0], StepAction.RETURN_RESULT):
        raise DossierError(DossierError.NO_NEXT_STEP, _("Quy trình của thủ tục không có bước xử lý sau tiếp nhận."))
    return group


def forward_apply(dossier: Dossier, group: Sequence[ProcessStep], *, now: dt.datetime,
                  agencies: Sequence[Agency] | None = None,
                  dues: Sequence[dt.datetime] | None = None) -> list[StepInstance]:  # fmt: skip
    """The dossier is in processing and the group's steps open from now (unsaved: the caller writes them). A caller
    forwarding many dossiers passes each step's agency (`step_agency`) and due instant (`step_due`), worked out once."""
    dossier.status = Status.PROCESSING
    none = [None] * len(group)
    return [
        step_instance_new(dossier, step, now=now, agency=agency, due_at=due)
        for step, agency, due in zip(group, agencies or none, dues or none, strict=True)
    ]


def forward_event_payload(opened: Sequence[StepInstance]) -> dict[str, Any]:
    """The `forwarded` event's payload: the steps opened, once they are saved (their ids are in it)."""
    return {"steps": [_described(instance) for instance in opened]}


@transaction.atomic
def dossier_forward(*, officer, dossier: Dossier) -> Dossier:
    """The desk passes a received dossier to the first step after receipt (Decree 61 art. 18)."""
    dossier = dossier_lock(dossier)
    forward_check(officer=officer, dossier=dossier)
    group = forward_group(_process(dossier))
    opened = forward_apply(dossier, group, now=timezone.now())
    dossier.save(update_fields=["status", "updated_at"])
    for instance in opened:
        instance.save(force_insert=True)
    record_event(dossier=dossier, kind=EventKind.FORWARDED, actor=officer, status_before=Status.RECEIVED,
                 payload=forward_event_payload(opened))  # fmt: skip
    return dossier


def _require_assignable(assignee, agency: Agency) -> None:
    eligible = OfficerRole.objects.filter(user=assignee, agency=agency, role__in=ASSIGNABLE_ROLES, is_active=True)
    if assignee is None or not eligible.exists():
        raise DossierError(
            DossierError.INVALID_TARGET,
            _("Chỉ phân công được chuyên viên hoặc lãnh đạo của %(agency)s.") % {"agency": agency.name},
        )


def step_assignable(instance: StepInstance) -> bool:
    """A step a leader hands out: the process's assignment step, or work of the agency's specialists. A leader's own
    step (an approval, a signature) is done by the agency's leaders, not assigned."""
    return instance.kind == StepKind.STEP and (_has(instance.step, StepAction.ASSIGN) or instance.role != Role.LEADER)


def assignment_targets(*, dossier: Dossier, instance: StepInstance) -> list[tuple[ProcessStep, Agency]]:
    """The steps a leader's assignment step hands out: those of the group that follows it done by its agency's
    specialists, with the agency each runs at. Empty for any other step (it is assigned itself)."""
    if not _has(instance.step, StepAction.ASSIGN):
        return []
    steps = _process(dossier)
    group = _group_after(steps, max(_positions(steps, instance)))
    if group and _has(group[0], StepAction.RETURN_RESULT):
        return []
    placed = [(step, step_agency(step=step, dossier=dossier)) for step in group]
    return [
        (step, agency) for step, agency in placed if agency.pk == instance.agency_id and step.role == Role.SPECIALIST
    ]


@transaction.atomic
def dossier_assign(*, officer, dossier: Dossier, step_instance: StepInstance, assignee) -> StepInstance:
    """The head of the handling agency names who handles the step (Decree 61 art. 19(1)).

    At the process's own assignment step ("Phân công xử lý", action `assign`) the leader's step is what the naming
    does: it is completed, and the specialists' steps that follow open assigned to the officer named (who then
    carries on with the agency's later steps of that role). Any other active step is assigned, or reassigned, itself.
    """
    dossier = dossier_lock(dossier)
    require_status(dossier, [Status.PROCESSING], action=_("phân công xử lý"))
    instance = _active_instance(dossier, step_instance)
    require_role(officer, instance.agency, [Role.LEADER])
    if not step_assignable(instance):
        raise DossierError(
            DossierError.INVALID_TARGET,
            _("Bước “%(step)s” do lãnh đạo %(agency)s thực hiện, không phân công.")
            % {"step": instance.name, "agency": instance.agency.name},
        )
    if _has(instance.step, StepAction.ASSIGN):
        return _assign_by_completing(dossier, instance, officer=officer, assignee=assignee)
    _require_assignable(assignee, instance.agency)
    previous = instance.assignee
    instance.assignee = assignee
    instance.save(update_fields=["assignee"])
    _record_assigned(dossier, instance, officer=officer, previous=previous)
    return instance


def _record_assigned(dossier: Dossier, instance: StepInstance, *, officer, previous) -> None:
    record_event(dossier=dossier, kind=EventKind.ASSIGNED, actor=officer, status_before=dossier.status,
                 payload={"step": _described(instance), "assignee": instance.assignee.get_username(),
                          "previous_assignee": previous.get_username() if previous else None})  # fmt: skip


def _assign_by_completing(dossier: Dossier, instance: StepInstance, *, officer, assignee) -> StepInstance:
    _require_assignable(assignee, instance.agency)
    targets = {step.pk for step, _agency in assignment_targets(dossier=dossier, instance=instance)}
    if not targets:
        raise DossierError(
            DossierError.NO_NEXT_STEP,
            _("Sau bước “%(step)s” không có bước nào của chuyên viên %(agency)s để phân công.")
            % {"step": instance.name, "agency": instance.agency.name},
        )
    if _active(dossier, StepKind.STEP).exclude(pk=instance.pk).exists():
        raise DossierError(
            DossierError.STEPS_OUTSTANDING,
            _("Các bước song song với “%(step)s” chưa xong; phân công khi các bước này đã hoàn thành.")
            % {"step": instance.name},
        )
    note = _("Phân công %(name)s xử lý.") % {"name": assignee.get_full_name() or assignee.get_username()}
    opened = _complete(dossier, instance, officer=officer, note=note, kind=EventKind.STEP_COMPLETED,
                       assign=dict.fromkeys(targets, assignee))  # fmt: skip
    assigned = [opened_step for opened_step in opened if opened_step.step_id in targets]
    for opened_step in assigned:
        _record_assigned(dossier, opened_step, officer=officer, previous=None)
    return assigned[0]


# Completing a step's rules, shared by `dossier_complete_step` (and the leader's assignment by completing) and the
# gateway's batch of progress reports: `complete_check`, then `complete_apply` on the dossier's active steps held in
# memory, the rows written by the caller, then `completion_events` (their payloads name the steps opened, by id).


class StepContext:
    """What opening steps looks up, one dossier at a time: the process, the agency a step runs at, its due instant,
    the standing assignee. A batch of dossiers subclasses it to read each once (services/batch.py)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def process(self, dossier: Dossier) -> list[ProcessStep]:
        return _process(dossier)

    def route(self, step: ProcessStep, dossier: Dossier) -> Agency:
        return step_agency(step=step, dossier=dossier)

    def due(self, step: ProcessStep) -> dt.datetime:
        return step_due(step, now=self.now)

    def standing(self, dossier: Dossier, instance: StepInstance):
        return _standing_assignee(dossier, instance)


@dataclass
class Completion:
    """What completing a step changed, in memory: the step done, the consultations its finish cancelled, the steps
    opened (unsaved), and the events to record in order as (kind, the dossier's status after it, payload builder)."""

    done: StepInstance
    cancelled: list[StepInstance] = field(default_factory=list)
    opened: list[StepInstance] = field(default_factory=list)
    finished: bool = False
    events: list[tuple[str, str, Callable[[], dict[str, Any]]]] = field(default_factory=list)


def complete_check(*, officer, dossier: Dossier, instance: StepInstance, approve: bool,
                   held: Collection[tuple[int, str]] | None = None) -> None:  # fmt: skip
    """`dossier_complete_step`'s rules on the active step `instance`: a dossier in processing, the step's handler,
    and an approval only where the process lists one."""
    require_status(dossier, [Status.PROCESSING], action=_("hoàn thành bước xử lý"))
    _require_handler(officer, instance, held=held)
    if approve:
        _require_action(instance, StepAction.APPROVE)


def complete_apply(dossier: Dossier, instance: StepInstance, *, active: Sequence[StepInstance], context: StepContext,
                   note: str, kind: str, assign: dict[int, Any] | None = None,
                   extra: dict | None = None) -> Completion:  # fmt: skip
    """`instance` (one of `active`, the dossier's active steps and consultations, by id) is done; when its parallel
    group is too, the next group opens (its steps named in `assign` assigned to the officer given) or processing ends
    (`_finish_apply`). Nothing is saved: the caller writes the rows, then records `completion_events`."""
    now = context.now
    instance.state, instance.finished_at, instance.note = StepState.DONE, now, note
    done = Completion(done=instance)
    # Art. 19(5): a late answer is reported to the desk's head, it does not hold the step up; the record says so.
    outstanding = [
        _described(c) | {"late": c.due_at < now}
        for c in active
        if c.kind == StepKind.CONSULTATION and c.position == instance.position
    ]
    payload = {"step": _finished(instance), "note": note, "outstanding_consultations": outstanding, **(extra or {})}
    done.events.append((kind, Status.PROCESSING, lambda: payload))
    if any(s.kind == StepKind.STEP and s.pk != instance.pk for s in active):
        return done  # the rest of its parallel group is still at work
    steps = context.process(dossier)
    group = _group_after(steps, max(_positions(steps, instance)))
    if not group or _has(group[0], StepAction.RETURN_RESULT):
        _finish_apply(dossier, done, active=active, context=context, steps=steps,
                      return_step=group[0] if group else None)  # fmt: skip
        return done
    for step in group:
        opened = step_instance_new(dossier, step, now=now, agency=context.route(step, dossier),
                                   assignee=(assign or {}).get(step.pk), due_at=context.due(step))  # fmt: skip
        if opened.assignee is None:
            opened.assignee = context.standing(dossier, opened)
        done.opened.append(opened)
    done.events.append((EventKind.FORWARDED, Status.PROCESSING,
                        lambda: {"steps": [_described(i) for i in done.opened]}))  # fmt: skip
    return done


def _finish_apply(dossier: Dossier, done: Completion, *, active: Sequence[StepInstance], context: StepContext,
                  steps: Sequence[ProcessStep], return_step: ProcessStep | None) -> None:  # fmt: skip
    """Processing is over (national status 9, Đã xử lý xong): the result waits at the desk (art. 19(7), 20)."""
    now = context.now
    dossier.status, dossier.finished_at = Status.RESULT_READY, now
    # Opinions not given by now can no longer change the result; they leave the consulted agencies' inboxes.
    unanswered = [c for c in active if c.kind == StepKind.CONSULTATION]
    cancelled = [_described(c) for c in unanswered]
    for consultation in unanswered:
        consultation.state, consultation.finished_at = StepState.CANCELLED, now
    done.cancelled, done.finished = unanswered, True
    if return_step is not None:
        desk = step_instance_new(dossier, return_step, now=now, agency=context.route(return_step, dossier),
                                 due_at=context.due(return_step))  # fmt: skip
        desk.assignee = context.standing(dossier, desk)
    else:  # no return step in the process: the receiving desk returns by the appointment on the receipt
        desk = StepInstance(
            dossier=dossier, kind=StepKind.STEP, name=_("Trả kết quả"), position=steps[-1].position + 1 if steps else 1,
            agency=dossier.agency, role=Role.RECEIVER, started_at=now, due_at=max(now, dossier.due_at or now),
        )  # fmt: skip
    done.opened = [desk]
    done.events.append((EventKind.RESULT_READY, Status.RESULT_READY, lambda: {
        "finished_at": now, "due_at": dossier.due_at,
        "on_time": dossier.due_at is not None and finished_on_time(finished_at=now, due_at=dossier.due_at),
        "return_step": _described(desk), "consultations_cancelled": cancelled,
    }))  # fmt: skip


def completion_events(dossier: Dossier, done: Completion, *, officer, build: Callable[..., Any]) -> list[Any]:
    """The completion's events, in order, each through `build` (`record_event` one at a time, `event_row` for a
    batch), each with the dossier's status as it was after that event; the dossier keeps its final status."""
    final, built = dossier.status, []
    for kind, status_after, payload in done.events:
        dossier.status = status_after
        built.append(build(dossier=dossier, kind=kind, actor=officer, status_before=Status.PROCESSING,
                           payload=payload()))  # fmt: skip
    dossier.status = final
    return built


def step_instances_active(dossier: Dossier) -> list[StepInstance]:
    """The dossier's active steps and consultations, by id, with what `complete_apply` reads of them."""
    return list(dossier_active_steps(dossier_id=dossier.pk).select_related("step", "agency").order_by("id"))


@transaction.atomic
def dossier_complete_step(
    *,
    officer,
    dossier: Dossier,
    step_instance: StepInstance,
    note: str = "",
    approve: bool = False,
    signed_results: list[dict] | None = None,
) -> Dossier:
    """The handler finishes a step; when its parallel group is done the next one starts (Decree 61 art. 19(2), (6)).
    An approval that signed the result (the signing app's service) names what it signed in the event."""
    dossier = dossier_lock(dossier)
    require_status(dossier, [Status.PROCESSING], action=_("hoàn thành bước xử lý"))
    instance = _active_instance(dossier, step_instance)
    complete_check(officer=officer, dossier=dossier, instance=instance, approve=approve)
    _complete(dossier, instance, officer=officer, note=note,
              kind=EventKind.APPROVED if approve else EventKind.STEP_COMPLETED,
              extra={"signed_results": signed_results} if signed_results else None)  # fmt: skip
    return dossier


def _complete(dossier: Dossier, instance: StepInstance, *, officer, note: str, kind: str,
              assign: dict[int, Any] | None = None, extra: dict | None = None) -> list[StepInstance]:  # fmt: skip
    """`complete_apply` for one dossier, written row by row; returns the steps opened (none when processing ends)."""
    active = [instance if s.pk == instance.pk else s for s in step_instances_active(dossier)]
    done = complete_apply(dossier, instance, active=active, context=StepContext(timezone.now()), note=note,
                          kind=kind, assign=assign, extra=extra)  # fmt: skip
    instance.save(update_fields=["state", "finished_at", "note"])
    if done.finished:
        dossier.save(update_fields=["status", "finished_at", "updated_at"])
        StepInstance.objects.filter(pk__in=[c.pk for c in done.cancelled]).update(
            state=StepState.CANCELLED, finished_at=dossier.finished_at
        )
    for opened in done.opened:
        opened.save(force_insert=True)
    completion_events(dossier, done, officer=officer, build=record_event)
    return [] if done.finished else done.opened


@transaction.atomic
def dossier_send_back(*, officer, dossier: Dossier, step_instance: StepInstance, reason: str) -> Dossier:
    """A step goes back to the one before it (or its parallel group), which starts again with a fresh quota."""
    dossier = dossier_lock(dossier)
    require_status(dossier, [Status.PROCESSING], action=_("trả lại bước trước"))
    instance = _active_instance(dossier, step_instance)
    _require_handler(officer, instance)
    _require_action(instance, StepAction.SEND_BACK)
    reason = _require_text(reason, DossierError.REASON_REQUIRED, _("Cần nêu lý do trả lại bước trước."))
    steps = _process(dossier)
    group = _group_before(steps, min(_positions(steps, instance)))
    if not group:
        raise DossierError(
            DossierError.NO_PREVIOUS_STEP,
            _("Bước “%(step)s” là bước đầu tiên sau tiếp nhận; hồ sơ chưa đủ thì yêu cầu bổ sung.")
            % {"step": instance.name},
        )
    now = timezone.now()
    closing = _active(dossier, StepKind.STEP)  # the step and any of its group still at work
    closed = [_described(s) for s in closing]
    closing.update(state=StepState.SENT_BACK, finished_at=now, note=reason)
    opened = [_open(dossier, step, now=now, inherit=False, **_last_hands(dossier, step)) for step in group]
    record_event(dossier=dossier, kind=EventKind.SENT_BACK, actor=officer, status_before=Status.PROCESSING,
                 payload={"reason": reason, "from": closed, "to": [_described(i) for i in opened]})  # fmt: skip
    return dossier


@transaction.atomic
def dossier_consult(
    *,
    officer,
    dossier: Dossier,
    step_instance: StepInstance,
    agencies: list[Agency],
    question: str,
    due_at: dt.datetime | None = None,
    working_hours: Decimal | int = Decimal(16),
) -> list[StepInstance]:
    """The lead unit asks other agencies' opinion, each with its deadline (Decree 61 art. 19(5)); it does not wait."""
    dossier = dossier_lock(dossier)
    require_status(dossier, [Status.PROCESSING], action=_("lấy ý kiến"))
    instance = _active_instance(dossier, step_instance)
    _require_handler(officer, instance)
    _require_action(instance, StepAction.CONSULT)
    question = _require_text(question, DossierError.CONTENT_REQUIRED, _("Cần nêu nội dung xin ý kiến."))
    consulted = list({agency.pk: agency for agency in agencies}.values())
    if not consulted or any(not a.is_active or a.pk == instance.agency_id for a in consulted):
        raise DossierError(
            DossierError.INVALID_TARGET,
            _("Chọn ít nhất một cơ quan khác, đang hoạt động, để lấy ý kiến."),
            agencies=[a.identifier_code for a in consulted],
        )
    now = timezone.now()
    due = due_at or _due(now, working_hours)
    if due <= now:
        raise DossierError(DossierError.INVALID_DEADLINE, _("Hạn trả lời ý kiến phải sau thời điểm hiện tại."))
    consultations = [
        StepInstance.objects.create(
            dossier=dossier,
            step=instance.step,
            kind=StepKind.CONSULTATION,
            name=_("Xin ý kiến: %(step)s") % {"step": instance.name},
            position=instance.position,
            agency=agency,
            role=Role.SPECIALIST,
            started_at=now,
            due_at=due,
            note=question,
        )  # fmt: skip
        for agency in consulted
    ]
    payload = {
        "step": _described(instance),
        "question": question,
        "consultations": [_described(c) for c in consultations],
    }
    record_event(dossier=dossier, kind=EventKind.CONSULTATION_REQUESTED, actor=officer,
                 status_before=Status.PROCESSING, payload=payload)  # fmt: skip
    return consultations


@transaction.atomic
def dossier_consultation_answer(*, officer, dossier: Dossier, consultation: StepInstance, answer: str) -> StepInstance:
    """The consulted agency gives its opinion; a late one is marked, for the desk's head (Decree 61 art. 19(5))."""
    dossier = dossier_lock(dossier)
    require_status(dossier, [Status.PROCESSING], action=_("trả lời xin ý kiến"))
    consultation = _active_instance(dossier, consultation, kind=StepKind.CONSULTATION)
    require_role(officer, consultation.agency, [Role.SPECIALIST, Role.LEADER])
    answer = _require_text(answer, DossierError.CONTENT_REQUIRED, _("Cần nêu nội dung ý kiến trả lời."))
    question = consultation.note
    consultation.state, consultation.finished_at, consultation.note = StepState.DONE, timezone.now(), answer
    consultation.save(update_fields=["state", "finished_at", "note"])
    record_event(dossier=dossier, kind=EventKind.CONSULTATION_ANSWERED, actor=officer,
                 status_before=Status.PROCESSING, payload={"consultation": _finished(consultation),
                                                           "question": question, "answer": answer})  # fmt: skip
    return consultation


@transaction.atomic
def dossier_transfer(
    *,
    officer,
    dossier: Dossier,
    step_instance: StepInstance,
    to_agency: Agency,
    reason: str,
    working_hours: Decimal | int,
) -> StepInstance:
    """The step's work passes to another agency at the same or another level (Decree 61 art. 19(6)–(7))."""
    dossier = dossier_lock(dossier)
    require_status(dossier, [Status.PROCESSING], action=_("chuyển liên thông"))
    instance = _active_instance(dossier, step_instance)
    _require_handler(officer, instance)
    _require_action(instance, StepAction.TRANSFER)
    reason = _require_text(reason, DossierError.REASON_REQUIRED, _("Cần nêu lý do chuyển liên thông."))
    if not to_agency.is_active or to_agency.pk == instance.agency_id:
        raise DossierError(
            DossierError.INVALID_TARGET, _("Chỉ chuyển liên thông được đến một cơ quan khác, đang hoạt động.")
        )
    if Decimal(str(working_hours)) <= 0:
        raise DossierError(DossierError.INVALID_DEADLINE, _("Thời gian xử lý tại cơ quan nhận phải lớn hơn 0."))
    now = timezone.now()
    instance.state, instance.finished_at, instance.note = StepState.DONE, now, reason
    instance.save(update_fields=["state", "finished_at", "note"])
    moved = StepInstance.objects.create(
        dossier=dossier, step=instance.step, kind=StepKind.STEP, name=instance.name, position=instance.position,
        parallel_group=instance.parallel_group, agency=to_agency, role=Role.SPECIALIST, started_at=now,
        due_at=_due(now, working_hours),
    )  # fmt: skip
    rank_from, rank_to = LEVEL_RANK.get(instance.agency.level, 0), LEVEL_RANK.get(to_agency.level, 0)
    level_change = "up" if rank_to > rank_from else "down" if rank_to < rank_from else "same"
    record_event(dossier=dossier, kind=EventKind.TRANSFERRED, actor=officer, status_before=Status.PROCESSING,
                 payload={"from": _finished(instance), "to": _described(moved), "reason": reason,
                          "level_change": level_change})  # fmt: skip
    return moved
