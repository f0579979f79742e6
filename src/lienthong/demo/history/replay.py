"""One dossier's lifecycle replayed in memory by the rules of `dossiers.services`, without touching the database.

Each method below mirrors one service: the same guard it would pass (notice period, apology lead, once only), the
same changes to the dossier, its steps and suspensions, and the same event — kind, statuses, actor, and a payload
with the same keys built from the same values. Instants the service reads back from the database are given in UTC
and those it computes in local time, as the service's payloads have them. Nothing is hashed here: the event's code
and chain are only known once every dossier of the build is replayed (`store.py`).
"""

import contextlib
import datetime as dt
import uuid
from datetime import UTC
from decimal import Decimal
from typing import Any

from django.utils.timezone import localtime

from lienthong.catalogue.constants import StepAction
from lienthong.catalogue.models import ProcessStep
from lienthong.core.calendar import Pause, TimeUnit
from lienthong.demo.history.context import Context
from lienthong.demo.history.plan import Plan
from lienthong.demo.history.results import Specimen
from lienthong.demo.history.rows import AttachmentRow, DossierRow, EventRow, StepRow, SuspensionRow
from lienthong.dossiers.constants import EventKind, ResultDelivery, Status, StepState, SuspensionReason
from lienthong.dossiers.services.clock import clock_push_back, step_push_back
from lienthong.dossiers.services.steps import _described
from lienthong.dossiers.urgency import finished_on_time
from lienthong.org.constants import Role

Actor = tuple[Any, str]


class Cut(Exception):  # noqa: N818 — a signal, not an error
    """The next action would come after `now`: the dossier stays as it is, open."""


class Replay:
    def __init__(self, ctx: Context, plan: Plan, *, dossier_id: int, step_ids, attachment_ids=None,
                 specimen: Specimen | None = None, scan: Specimen | None = None) -> None:  # fmt: skip
        self.ctx, self.plan, self.rng, self.calendar = ctx, plan, plan.rng, ctx.calendar
        self.step_ids = step_ids
        # Result files (results.py): with both, the officer who finishes processing attaches the result, as
        # `files.attachment_kind_for` files a file attached then; without, the history has no files.
        # With `scan` too, an online applicant uploads each mandatory document (`scan` stands for all of them).
        self.attachment_ids, self.specimen, self.scan = attachment_ids, specimen, scan
        self.results: list[AttachmentRow] = []
        self.uploads: list[AttachmentRow] = []
        self.d = DossierRow(
            pk=dossier_id, agency=plan.agency, procedure_version_id=plan.facts.version.pk, channel=plan.channel,
            form_data=plan.form_data, result_delivery=plan.delivery, summary=plan.facts.version.name,
            **plan.applicant.as_fields(),
        )  # fmt: skip
        self.events: list[EventRow] = []
        self.steps: list[StepRow] = []
        self.suspensions: list[SuspensionRow] = []
        # The payload that carries the code, numbered later: SUBMITTED's for an online dossier, else RECEIVED's.
        self.receipt: dict[str, Any] | None = None
        self.coded_later: list[dict[str, Any]] = []  # later payloads that repeat the code
        self.coded_at: dt.datetime | None = None  # when the code was issued: at submission online, else receipt
        self._actors: dict[tuple[int, str], Actor] = {}

    # -- time -------------------------------------------------------------------------------------------------

    def at(self, instant: dt.datetime | None) -> dt.datetime:
        if instant is None or instant >= self.ctx.now:
            raise Cut
        return instant

    def later(self, start: dt.datetime, hours: float | None) -> dt.datetime | None:
        """`hours` of working time after `start`, rounded to the minute: people act in working hours (None: not by
        now). The clock's own walk through working periods."""
        if hours is None:
            return None
        work = dt.timedelta(minutes=max(1, round(hours * 60)))
        return self.calendar._walk(start.astimezone(self.calendar.tz), work)  # noqa: SLF001

    def hours_after(self, start: dt.datetime, work: dt.timedelta) -> dt.datetime:
        """`calendar.add(start, hours, "working_hours").instant` without the explanation, which no step stores and
        which is most of add's cost: the same two calls its working-hours branch makes (no cut-off for hours).
        tests/demo pin the equality with `calendar.add`."""
        calendar = self.calendar
        return calendar._walk(calendar.next_working_instant(start), work)  # noqa: SLF001

    def quota_due(self, start: dt.datetime, quota: Decimal) -> dt.datetime:
        """A step's due instant: its quota in working hours from `start` (`steps._due`)."""
        return self.hours_after(start, dt.timedelta(seconds=round(Decimal(str(quota)) * 3600)))

    # -- the story --------------------------------------------------------------------------------------------

    def run(self) -> "Replay":
        with contextlib.suppress(Cut):
            self._lifecycle()
        return self

    def _lifecycle(self) -> None:
        plan, waits = self.plan, self.plan.waits
        t = self.at(plan.start)
        if plan.online:
            self.submit(t)
            if plan.supplement == "desk":
                t = self.request_supplement(self.at(self.later(t, waits["check"])))
                t = self.supplement_received(self.at(self.later(t, waits["supplement"])))
            if plan.before_receipt:
                t = self.at(self.later(t, waits["check"]))
                self.refuse(t) if plan.outcome == Status.REFUSED else self.withdraw(t)
                return
            t = self.at(self.later(t, waits["receipt"]))
        self.receive(t)
        self._fit_work()
        t = self.forward(self.at(self.later(t, waits["forward"])))
        for index, group in enumerate(self.plan.facts.groups):
            t = self._group(index, group, t)
            if t is None:
                return
        self.return_result(self.at(self.later(t, waits["pickup"])))

    def _fit_work(self) -> None:
        """An on-time dossier's officers finish before the appointment; a late one's overrun one step, really late."""
        plan = self.plan
        budget = self.calendar.working_time_between(self.d.received_at, self.d.due_at).total_seconds() / 3600
        path = [max((plan.work[s.position] or 0) for s in group) for group in plan.facts.groups]
        planned = (plan.waits["forward"] or 0) + sum(path) + 1
        if planned > 0.9 * budget:
            scale = 0.9 * budget / planned
            plan.work = {p: None if h is None else h * scale for p, h in plan.work.items()}
            if plan.waits["forward"] is not None:
                plan.waits["forward"] *= scale
        if plan.late:
            day = self.calendar.day_length.total_seconds() / 3600
            steps = [s for group in plan.facts.groups for s in group]
            victim = self.rng.choice([s for s in steps if s.parallel_group is None] or steps)
            if plan.work[victim.position] is not None:
                plan.work[victim.position] += budget * 0.15 + day * self.rng.uniform(0.3, 6)

    def _group(self, index: int, group: list[ProcessStep], t: dt.datetime) -> dt.datetime | None:
        """One group of steps (a parallel group together), with what may happen while it is at work."""
        plan = self.plan
        opened = [s for s in self.steps if s.state == StepState.ACTIVE and s.step in group]
        if index == plan.incident_group:
            t = self._incidents(t, opened)
            if t is None:
                return None
        ends = [(self.later(t, plan.work[s.position]), s) for s in opened]
        ends.sort(key=lambda end: (end[0] is None, end[0] or t))
        for end, instance in ends:
            self.complete(instance, self.at(end))
        return ends[-1][0]

    def _incidents(self, t: dt.datetime, opened: list[StepRow]) -> dt.datetime | None:
        plan, rng, first = self.plan, self.rng, opened[0]
        if plan.supplement == "after":
            deadline = self.calendar.add(self.d.received_at, self.ctx.rules["notice_days"], TimeUnit.WORKING_DAYS)
            asked = self.later(t, rng.uniform(0.1, 2))
            if asked and asked <= deadline.instant:
                t = self.request_supplement(self.at(asked), by=first)
                t = self.supplement_received(self.at(self.later(t, plan.waits["supplement"])))
        if plan.apology:
            t = self.apologize(self.at(self.later(t, rng.uniform(0.1, 1))), by=first)
        if plan.financial:
            t = self.request_financial_obligation(self.at(self.later(t, rng.uniform(0.2, 3))), by=first)
            t = self.financial_obligation_met(self.at(self.later(t, plan.waits["financial"])), by=first)
        closing = {Status.REFUSED: self.refuse, Status.WITHDRAWN: self.withdraw, Status.STOPPED: self.stop}
        if plan.outcome in closing:
            closing[plan.outcome](self.at(self.later(t, (plan.work[first.position] or 1) * rng.uniform(0.2, 0.8))))
            return None
        return t

    # -- actors -----------------------------------------------------------------------------------------------

    def actor(self, agency, role: str) -> Actor:
        """The same officer for the same agency and role throughout one dossier."""
        key = (agency.pk, role)
        if key not in self._actors:
            self._actors[key] = self.ctx.officer(self.rng, agency, role)
        return self._actors[key]

    def desk(self) -> Actor:
        return self.actor(self.d.agency, Role.RECEIVER)

    def handler(self, instance: StepRow | None, role: str | None = None) -> Actor:
        if instance is None:
            return self.desk()
        return self.actor(instance.agency, role or instance.role)

    def active(self) -> list[StepRow]:
        return [s for s in self.steps if s.state == StepState.ACTIVE]

    def past_due(self, instant: dt.datetime) -> bool:
        """Past its due date at `instant` without its result, or with a result that came late."""
        d = self.d
        if d.due_at is None:
            return False
        return not finished_on_time(finished_at=d.finished_at, due_at=d.due_at) if d.finished_at else d.due_at < instant

    def step_late(self, instant: dt.datetime) -> bool:
        """An open step past its own due date at `instant` (the inbox orders and flags by it)."""
        return any(step.due_at < instant for step in self.active())

    # -- writes, as record_event and the services would make them ---------------------------------------------

    def record(self, kind: str, at: dt.datetime, actor: Actor, before: str, payload: dict[str, Any]) -> None:
        user, label = actor
        self.events.append(EventRow(
            uuid=uuid.UUID(int=self.rng.getrandbits(128), version=4), dossier_id=self.d.pk, kind=kind, at=at,
            actor_id=user.pk if user else None, actor_label=label, status_before=before, status_after=self.d.status,
            payload=payload,
        ))  # fmt: skip

    def open(self, step: ProcessStep, at: dt.datetime) -> StepRow:
        """`steps._open`: the step's own quota from now, at the agency routing gives."""
        instance = StepRow(
            pk=next(self.step_ids), dossier_id=self.d.pk, step=step, name=step.name, position=step.position,
            parallel_group=step.parallel_group, agency=self.ctx.route(step, self.d.agency), role=step.role,
            started_at=at,
            due_at=self.quota_due(at, step.quota_hours),
        )  # fmt: skip
        self.steps.append(instance)
        return instance

    def submit(self, at: dt.datetime) -> None:
        """`dossier_submit_online`."""
        self.d.status, self.d.submitted_at = Status.SUBMITTED, at
        self._upload(at)
        files = [{"name": a.original_name, "size": a.size, "sha256": a.sha256, "document": a.required_document_id,
                  "item": ""} for a in self.uploads]  # fmt: skip
        self.receipt, self.coded_at = {"channel": self.d.channel, "code": None, "files": files}, at
        self.record(EventKind.SUBMITTED, at, (None, self.d.applicant_name), "", self.receipt)

    def _upload(self, at: dt.datetime) -> None:
        """The scans the applicant uploaded, one per mandatory document, as `intake.dossier_submit_online` adopts
        them (kind "submitted", the document named; no draw from `rng`)."""
        if self.attachment_ids is None or self.scan is None:
            return
        self.uploads = [AttachmentRow(
            pk=next(self.attachment_ids), dossier_id=self.d.pk, original_name=name, file=self.scan.name,
            content_type="application/pdf", size=self.scan.size, sha256=self.scan.sha256, uploaded_at=at,
            uploaded_by_id=None, kind="submitted", required_document_id=document,
        ) for document, name in self.plan.facts.uploads]  # fmt: skip

    def receive(self, at: dt.datetime) -> None:
        """`dossier_receive` (counter, post) or `dossier_receive_submitted` (online): `_issue_receipt`'s rule."""
        version, before = self.plan.facts.version, self.d.status
        due = self.calendar.add(at, version.time_limit_value or 0, version.time_limit_unit)  # services.clock.due_for
        user, label = self.desk()
        self.d.status, self.d.received_at, self.d.receiver = Status.RECEIVED, at, user
        self.d.due_at = self.d.original_due_at = due.instant
        payload = {"code": None, "due_at": due.instant, "due_explanation": list(due.explanation)}
        if not before:  # at the counter or by post: submitted and received at once
            self.d.submitted_at, payload["channel"] = at, self.d.channel
        payload["documents_present"] = list(self.plan.facts.documents)
        if self.receipt is None:
            self.receipt, self.coded_at = payload, at
        else:  # online: the code came with the submission; the receipt repeats it, as the service does
            self.coded_later.append(payload)
        self.record(EventKind.RECEIVED, at, (user, label), before, payload)

    def forward(self, at: dt.datetime) -> dt.datetime:
        """`dossier_forward`."""
        self.d.status = Status.PROCESSING
        opened = [self.open(step, at) for step in self.plan.facts.groups[0]]
        self.record(EventKind.FORWARDED, at, self.desk(), Status.RECEIVED, {"steps": [_described(i) for i in opened]})
        return at

    def complete(self, instance: StepRow, at: dt.datetime) -> None:
        """`dossier_complete_step`: approve where the step approves; the next group opens when this one is done."""
        instance.state, instance.finished_at = StepState.DONE, at
        approve = StepAction.APPROVE in (instance.step.actions or [])
        finished = _stored(instance) | {
            "finished_at": at.astimezone(UTC),
            "on_time": finished_on_time(finished_at=at, due_at=instance.due_at),
        }
        actor = self.handler(instance)
        self.record(EventKind.APPROVED if approve else EventKind.STEP_COMPLETED, at, actor, Status.PROCESSING,
                    {"step": finished, "note": "", "outstanding_consultations": []})  # fmt: skip
        if self.active():
            return
        groups = self.plan.facts.groups
        index = next(n for n, group in enumerate(groups) if instance.step in group)
        if index + 1 < len(groups):
            opened = [self.open(step, at) for step in groups[index + 1]]
            self.record(EventKind.FORWARDED, at, actor, Status.PROCESSING, {"steps": [_described(i) for i in opened]})
        else:
            self._finish_processing(at, actor)

    def _attach_result(self, at: dt.datetime, actor: Actor) -> None:
        """The result file, attached while processing (`files.attachment_add`): always for an electronic delivery,
        which cannot be returned without it, and for three paper results in five, scanned (no draw from `rng`:
        the rest of the history stays as it was)."""
        if self.attachment_ids is None or self.specimen is None:
            return
        if self.d.result_delivery != ResultDelivery.ELECTRONIC and self.d.pk % 5 >= 3:
            return
        user, _label = actor
        self.results.append(AttachmentRow(
            pk=next(self.attachment_ids), dossier_id=self.d.pk, original_name="ket-qua-giai-quyet.pdf",
            file=self.specimen.name, content_type="application/pdf", size=self.specimen.size,
            sha256=self.specimen.sha256, uploaded_at=at, uploaded_by_id=user.pk if user else None,
        ))  # fmt: skip

    def _finish_processing(self, at: dt.datetime, actor: Actor) -> None:
        """`steps._finish_processing`: the result waits at the return step."""
        self._attach_result(at, actor)
        self.d.status, self.d.finished_at = Status.RESULT_READY, at
        desk = self.open(self.plan.facts.steps[-1], at)
        self.record(EventKind.RESULT_READY, at, actor, Status.PROCESSING,
                    {"finished_at": at.astimezone(UTC), "due_at": self.d.due_at.astimezone(UTC),
                     "on_time": finished_on_time(finished_at=at, due_at=self.d.due_at), "return_step": _described(desk),
                     "consultations_cancelled": []})  # fmt: skip

    def return_result(self, at: dt.datetime) -> None:
        """`dossier_return`."""
        d, requested = self.d, self.d.result_delivery
        d.finished_at = d.finished_at or at
        d.status, d.returned_at = Status.RETURNED, at
        closed = self.active()
        for step in closed:
            step.state, step.finished_at = StepState.DONE, at
        self.record(EventKind.RETURNED, at, self.desk(), Status.RESULT_READY,
                    {"delivery": d.result_delivery, "requested_delivery": requested, "note": "",
                     "return_steps": [{"id": step.pk, "name": step.name} for step in closed],
                     "results": [{"id": a.pk, "name": a.original_name, "sha256": a.sha256} for a in self.results],
                     "due_at": localtime(d.due_at), "finished_at": localtime(d.finished_at),
                     "returned_at": localtime(at), "early": at < d.due_at,
                     "on_time": finished_on_time(finished_at=d.finished_at, due_at=d.due_at)})  # fmt: skip

    def request_supplement(self, at: dt.datetime, *, by: StepRow | None = None) -> dt.datetime:
        """`dossier_request_supplement`: once; after receipt within the notice period (checked by the caller)."""
        before, ask = self.d.status, self.rng.choice(self.ctx.texts["supplement"])
        if before != Status.SUBMITTED:
            self.d.supplement_count += 1
        self.d.status = Status.SUPPLEMENT_REQUESTED
        self.suspensions.append(SuspensionRow(dossier_id=self.d.pk, reason=SuspensionReason.SUPPLEMENT, started_at=at,
                                           resume_status=before))  # fmt: skip
        actor = self.handler(by, Role.SPECIALIST) if by else self.desk()
        self.record(EventKind.SUPPLEMENT_REQUESTED, at, actor, before, {"missing": ask["missing"], "note": ask["note"]})
        return at

    def supplement_received(self, at: dt.datetime) -> dt.datetime:
        """`dossier_supplement_received`: the clock restarts from zero or resumes, per the rule."""
        suspension = self.suspensions[-1]
        suspension.ended_at, self.d.status = at, suspension.resume_status
        suspended = self.calendar.working_time_between(suspension.started_at, at)
        clock: dict[str, Any] = {"rule": None, "old_due_at": _local(self.d.due_at), "due_explanation": []}
        if self.d.received_at is not None:
            clock["rule"] = rule = self.ctx.rules["supplement_clock"]
            pause = Pause(start=suspension.started_at, end=at)
            move = self._restart if rule == "restart" else self._resume
            clock["due_explanation"] = move(at, pause)
        payload = {**clock, "new_due_at": _local(self.d.due_at), "documents_added": [],
                   "note": self.ctx.texts["supplement_received_note"],
                   "suspended_working_seconds": int(suspended.total_seconds())}  # fmt: skip
        self.record(EventKind.SUPPLEMENT_RECEIVED, at, self.desk(), Status.SUPPLEMENT_REQUESTED, payload)
        return at

    def _restart(self, at: dt.datetime, pause: Pause) -> list[str]:
        """`supplement._restart`."""
        version = self.plan.facts.version
        due = self.calendar.add(at, version.time_limit_value or 0, version.time_limit_unit)
        self.d.due_at = due.instant
        for step in self.active():
            if step.step is None:
                step_push_back(step, pause=pause, now=at, calendar=self.calendar)
            else:
                step.due_at = self.quota_due(at, step.step.quota_hours)
        return list(due.explanation)

    def _resume(self, at: dt.datetime, pause: Pause) -> list[str]:
        """`supplement._resume`."""
        reading = clock_push_back(dossier=self.d, steps=self.active(), pause=pause, now=at, calendar=self.calendar)
        return list(reading.explanation)

    def request_financial_obligation(self, at: dt.datetime, *, by: StepRow) -> dt.datetime:
        """`dossier_request_financial_obligation`."""
        items = [dict(item) for item in (self.plan.facts.fees or [self.rng.choice(self.ctx.texts["financial_items"])])]
        self.d.status = Status.FINANCIAL_OBLIGATION
        self.suspensions.append(SuspensionRow(dossier_id=self.d.pk, reason=SuspensionReason.FINANCIAL_OBLIGATION,
                                           started_at=at, resume_status=Status.PROCESSING))  # fmt: skip
        self.record(EventKind.FINANCIAL_OBLIGATION_SET, at, self.handler(by, Role.SPECIALIST), Status.PROCESSING,
                    {"items": items, "total": sum(i["amount"] for i in items),
                     "note": self.ctx.texts["financial_note"]})  # fmt: skip
        return at

    def financial_obligation_met(self, at: dt.datetime, *, by: StepRow) -> dt.datetime:
        """`dossier_financial_obligation_met`: every deadline moves back by the working time the clock stood."""
        suspension = self.suspensions[-1]
        suspension.ended_at = at
        old_due_at = self.d.due_at
        reading = clock_push_back(dossier=self.d, steps=self.active(), pause=Pause(suspension.started_at, at),
                                  now=at, calendar=self.calendar)  # fmt: skip
        self.d.status = suspension.resume_status
        paid_online = self.plan.online
        reference = f"BL{self.rng.randrange(10**7):07d}" if not paid_online else ""
        self.record(EventKind.FINANCIAL_OBLIGATION_MET, at, self.handler(by, Role.SPECIALIST),
                    Status.FINANCIAL_OBLIGATION,
                    {"paid_online": paid_online, "receipt_reference": reference,
                     "suspended_working_seconds": int(reading.suspended.total_seconds()),
                     "old_due_at": localtime(old_due_at), "new_due_at": localtime(self.d.due_at),
                     "due_explanation": list(reading.explanation)})  # fmt: skip
        return at

    def apologize(self, at: dt.datetime, *, by: StepRow) -> dt.datetime:
        """`dossier_apologize`, only where `_check_apology` would let it: once, a working day (the rule) ahead."""
        lead = self.calendar.day_length * self.ctx.rules["apology_lead"]
        if self.d.apology_count >= self.ctx.rules["max_apologies"]:
            return at
        if self.calendar.working_time_between(at, self.d.due_at) < lead:
            self.plan.late = True  # too late to apologise: it stays simply late
            return at
        old_due_at = self.d.due_at
        days = self.rng.randint(5, 8)
        new_due_at = self.calendar.add(old_due_at, days, TimeUnit.WORKING_DAYS).instant
        self.d.due_at, self.d.apology_count = new_due_at, self.d.apology_count + 1
        self.record(EventKind.APOLOGY_ISSUED, at, self.handler(by, Role.LEADER), self.d.status,
                    {"reason": self.rng.choice(self.ctx.texts["apology"]), "old_due_at": localtime(old_due_at),
                     "new_due_at": localtime(new_due_at), "apology_count": self.d.apology_count})  # fmt: skip
        return at

    def _close(self, at: dt.datetime, status: str) -> str:
        """`closing._close`: active steps cancelled, the clock stopped for good."""
        for step in self.active():
            step.state, step.finished_at = StepState.CANCELLED, at
        for suspension in self.suspensions:
            suspension.ended_at = suspension.ended_at or at
        before, self.d.status, self.d.finished_at = self.d.status, status, at
        return before

    def refuse(self, at: dt.datetime) -> None:
        """`dossier_refuse`: at the desk before receipt, or by the leader after appraisal."""
        at_receipt = self.d.received_at is None
        texts = self.ctx.texts["refuse_at_receipt" if at_receipt else "refuse_after_appraisal"]
        actor = self.desk() if at_receipt else self.handler(_first(self.active()), Role.LEADER)
        before = self._close(at, Status.REFUSED)
        self.record(EventKind.REFUSED, at, actor, before, {"reason": self.rng.choice(texts), "at_receipt": at_receipt})

    def withdraw(self, at: dt.datetime) -> None:
        """`dossier_withdraw`: recorded by the desk."""
        received = self.d.received_at is not None
        before = self._close(at, Status.WITHDRAWN)
        self.record(EventKind.WITHDRAWN, at, self.desk(), before,
                    {"reason": self.rng.choice(self.ctx.texts["withdraw"]), "received": received})  # fmt: skip

    def stop(self, at: dt.datetime) -> None:
        """`dossier_stop`: by a leader at the active step."""
        actor = self.handler(_first(self.active()), Role.LEADER)
        before = self._close(at, Status.STOPPED)
        self.record(EventKind.STOPPED, at, actor, before, dict(self.rng.choice(self.ctx.texts["stop"])))


def _first(steps: list[StepRow]) -> StepRow | None:
    return steps[0] if steps else None


def _stored(instance: StepRow) -> dict[str, Any]:
    """`_described` of an instance read back from the database, as `dossier_complete_step` has it: due in UTC."""
    return _described(instance) | {"due_at": instance.due_at.astimezone(UTC)}


def _local(instant: dt.datetime | None) -> dt.datetime | None:
    return None if instant is None else localtime(instant)
