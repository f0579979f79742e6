"""Supplements (Decree 61 art. 15(3), 17(1a), 19(4)): ask once, fully; the clock stops, then restarts or resumes."""

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.core.calendar import Pause, TimeUnit, WorkCalendar, format_instant
from lienthong.core.calendar_store import work_calendar_current
from lienthong.core.rules import rule_get, rules_get
from lienthong.core.services import calendar_add, calendar_working_time_between
from lienthong.dossiers import rules
from lienthong.dossiers.constants import EventKind, Status, SuspensionReason
from lienthong.dossiers.models import Attachment, Dossier, StepInstance, Suspension
from lienthong.dossiers.selectors import dossier_active_steps
from lienthong.dossiers.services.clock import clock_push_back, due_for, step_push_back
from lienthong.dossiers.services.errors import DossierError
from lienthong.dossiers.services.eventlog import record_event
from lienthong.dossiers.services.files import StoredFile, attachments_adopt
from lienthong.dossiers.services.guards import dossier_lock, require_dossier_role, require_role, require_status
from lienthong.org.constants import Role

RESTART, RESUME = "restart", "resume"


def _check_items(missing: list[str]) -> list[str]:
    items = [item.strip() for item in missing if item and item.strip()]
    if not items:
        raise DossierError(
            DossierError.SUPPLEMENT_ITEMS_REQUIRED, _("Phải ghi rõ từng giấy tờ, nội dung cần bổ sung, hoàn thiện.")
        )
    return items


def _check_count(asked: int, *, allowed: int | None = None) -> None:
    """Once, fully (Decree 61 art. 15(3)); the 766 index counts a dossier asked twice as overdue. `allowed`: the
    rule's value, read once by a batch."""
    allowed = int(rule_get(rules.MAX_SUPPLEMENT_REQUESTS) if allowed is None else allowed)
    if asked >= allowed:
        raise DossierError(
            DossierError.SUPPLEMENT_ALREADY_REQUESTED,
            _("Hồ sơ đã được yêu cầu bổ sung %(asked)s lần; chỉ được yêu cầu %(allowed)s lần, đầy đủ, chính xác.")
            % {"asked": asked, "allowed": allowed},
        )


def _check_notice_period(dossier: Dossier, *, now: dt.datetime, days=None) -> None:
    """Within N working days of receipt (Decree 61 art. 19(4)), counted by the same clock as the appointment."""
    days = rule_get(rules.SUPPLEMENT_NOTICE_WORKING_DAYS) if days is None else days
    deadline = calendar_add(start=dossier.received_at, amount=days, unit=TimeUnit.WORKING_DAYS).instant
    if now > deadline:
        raise DossierError(
            DossierError.SUPPLEMENT_PERIOD_OVER,
            _("Đã quá thời hạn yêu cầu bổ sung: %(days)s ngày làm việc kể từ khi tiếp nhận, đến %(deadline)s.")
            % {"days": days, "deadline": format_instant(timezone.localtime(deadline))},
            deadline=deadline,
        )


REQUESTABLE = (Status.SUBMITTED, Status.RECEIVED, Status.PROCESSING)


@dataclass(frozen=True)
class SupplementRules:
    """The rules a request for a supplement reads: how many may be asked, within how many working days of receipt.
    A batch reads them once (`supplement_rules`)."""

    allowed: int
    notice_days: Any


def supplement_rules() -> SupplementRules:
    values = rules_get(rules.MAX_SUPPLEMENT_REQUESTS, rules.SUPPLEMENT_NOTICE_WORKING_DAYS)
    return SupplementRules(allowed=int(values[rules.MAX_SUPPLEMENT_REQUESTS]),
                           notice_days=values[rules.SUPPLEMENT_NOTICE_WORKING_DAYS])  # fmt: skip


def supplement_request_check(*, officer, dossier: Dossier, missing: list[str], now: dt.datetime,
                             asked_at_desk: Callable[[], int], rules_now: SupplementRules | None = None,
                             held: Collection[tuple[int, str]] | None = None,
                             step_agencies: Collection[int] | None = None) -> list[str]:  # fmt: skip
    """`dossier_request_supplement`'s rules; the items asked, trimmed. `asked_at_desk`: how many requests the desk
    made before receipt (read only for a dossier not yet received). A batch passes the rules, the officer's grants and
    the agencies of each dossier's active steps, read once."""
    require_status(dossier, REQUESTABLE, action=_("yêu cầu bổ sung"))
    if dossier.status == Status.SUBMITTED:
        # At the desk, before receipt (art. 17(1a)): no code and no clock yet. Counted apart from requests after
        # receipt, which are what `supplement_count` and the 766 index measure.
        require_role(officer, dossier.agency, [Role.RECEIVER], held=held)
        _check_count(asked_at_desk(), allowed=rules_now and rules_now.allowed)
    else:
        require_dossier_role(officer, dossier, desk_roles=[Role.RECEIVER], step_roles=[Role.SPECIALIST, Role.LEADER],
                             held=held, step_agencies=step_agencies)  # fmt: skip
        _check_count(dossier.supplement_count, allowed=rules_now and rules_now.allowed)
        _check_notice_period(dossier, now=now, days=rules_now and rules_now.notice_days)
    return _check_items(missing)


def supplement_request_apply(dossier: Dossier, *, items: list[str], note: str,
                             now: dt.datetime) -> tuple[str, Suspension, dict[str, Any]]:  # fmt: skip
    """The dossier waits for the applicant from `now`, in memory: the status before, its suspension (unsaved) and
    the `supplement_requested` event's payload."""
    status_before = dossier.status
    if status_before != Status.SUBMITTED:
        dossier.supplement_count += 1
    dossier.status = Status.SUPPLEMENT_REQUESTED
    suspension = Suspension(dossier=dossier, reason=SuspensionReason.SUPPLEMENT, started_at=now,
                            resume_status=status_before)  # fmt: skip
    return status_before, suspension, {"missing": items, "note": note}


def _asked_at_desk(dossier: Dossier) -> int:
    return dossier.suspensions.filter(reason=SuspensionReason.SUPPLEMENT, resume_status=Status.SUBMITTED).count()


@transaction.atomic
def dossier_request_supplement(*, officer, dossier: Dossier, missing: list[str], note: str) -> Dossier:
    """Ask the applicant, once and fully, for what is missing (Decree 61 art. 15(3), 17(1a), 19(4)); the clock stops."""
    dossier = dossier_lock(dossier)
    now = timezone.now()
    items = supplement_request_check(officer=officer, dossier=dossier, missing=missing, now=now,
                                     asked_at_desk=lambda: _asked_at_desk(dossier))  # fmt: skip
    status_before, suspension, payload = supplement_request_apply(dossier, items=items, note=note, now=now)
    dossier.save(update_fields=["status", "supplement_count", "updated_at"])
    suspension.save(force_insert=True)
    record_event(dossier=dossier, kind=EventKind.SUPPLEMENT_REQUESTED, actor=officer, status_before=status_before,
                 payload=payload)  # fmt: skip
    return dossier


def _restart(dossier: Dossier, steps: list[StepInstance], *, now, pause: Pause, calendar: WorkCalendar) -> list[str]:
    """The full time limit counts again from now (Decree 61 art. 19(4)); each active step gets its whole quota."""
    due = due_for(version=dossier.procedure_version, received_at=now)
    dossier.due_at = due.instant
    for step in steps:
        if step.step is None:  # a consultation has no quota of its own: it only loses the time waited
            step_push_back(step, pause=pause, now=now, calendar=calendar)
        else:
            step.due_at = calendar_add(
                start=now, amount=step.step.quota_hours, unit=TimeUnit.WORKING_HOURS, calendar=calendar
            ).instant
    return list(due.explanation)


def _resume(dossier: Dossier, steps: list[StepInstance], *, now, pause: Pause, calendar: WorkCalendar) -> list[str]:
    """The due instants move back by the working time waited (provincial practice; 766 subtracts it too)."""
    return list(clock_push_back(dossier=dossier, steps=steps, pause=pause, now=now, calendar=calendar).explanation)


def _local(instant: dt.datetime | None) -> dt.datetime | None:
    return None if instant is None else timezone.localtime(instant)


# Recording a supplement's rules, shared by `dossier_supplement_received` and the gateway's batch of progress
# reports: `supplement_received_check`, then `supplement_received_apply` in memory; the caller writes the rows.


def supplement_received_check(*, officer, dossier: Dossier, held: Collection[tuple[int, str]] | None = None) -> None:
    """The desk's receiver records the supplement of a dossier waiting for one."""
    require_role(officer, dossier.agency, [Role.RECEIVER], held=held)
    require_status(dossier, [Status.SUPPLEMENT_REQUESTED], action=_("nhận hồ sơ bổ sung"))


def supplement_clock_rule() -> str:
    """Whether the clock restarts or resumes after a supplement (the rule `SUPPLEMENT_CLOCK`), checked."""
    rule = rule_get(rules.SUPPLEMENT_CLOCK)
    if rule not in (RESTART, RESUME):
        raise ImproperlyConfigured(f"{rules.SUPPLEMENT_CLOCK} must be {RESTART!r} or {RESUME!r}, not {rule!r}")
    return rule


def supplement_received_apply(dossier: Dossier, *, suspension: Suspension, steps: list[StepInstance],
                              documents_added: list[str] | None, note: str, now: dt.datetime,
                              calendar: WorkCalendar, rule: Callable[[], str]) -> dict[str, Any]:  # fmt: skip
    """The open supplement `suspension` ended at `now` and the dossier back in the status it left, with its clock
    and its active `steps` (with their process steps) restarted or resumed by `rule()` — in memory; the
    `supplement_received` event's payload. The caller saves the suspension, the steps' `due_at` and the dossier."""
    suspension.ended_at = now
    dossier.status = suspension.resume_status
    suspended = calendar_working_time_between(start=suspension.started_at, end=now, calendar=calendar)
    # Instants in payloads are local (+07:00), like the receipt's due date: the clock the citizen was told.
    clock: dict[str, Any] = {"rule": None, "old_due_at": _local(dossier.due_at), "due_explanation": []}
    if dossier.received_at is not None:  # an online submission not yet received has no clock to move
        clock["rule"] = chosen = rule()
        move = _restart if chosen == RESTART else _resume
        pause = Pause(start=suspension.started_at, end=now)
        clock["due_explanation"] = move(dossier, steps, now=now, pause=pause, calendar=calendar)
    return {**clock, "new_due_at": _local(dossier.due_at), "documents_added": documents_added or [], "note": note,
            "suspended_working_seconds": int(suspended.total_seconds())}  # fmt: skip


@transaction.atomic
def dossier_supplement_received(
    *, officer, dossier: Dossier, documents_added: list[str] | None = None, note: str = ""
) -> Dossier:
    """The desk records the complete supplement; the clock restarts or resumes (Decree 61 art. 19(4))."""
    dossier = dossier_lock(dossier)
    supplement_received_check(officer=officer, dossier=dossier)
    # Every SUPPLEMENT_REQUESTED dossier has exactly one open supplement suspension, written with the request.
    suspension = dossier.suspensions.get(reason=SuspensionReason.SUPPLEMENT, ended_at__isnull=True)
    status_before = dossier.status
    steps = list(dossier_active_steps(dossier_id=dossier.pk).select_related("step").order_by("id"))
    payload = supplement_received_apply(dossier, suspension=suspension, steps=steps, documents_added=documents_added,
                                        note=note, now=timezone.now(), calendar=work_calendar_current(),
                                        rule=supplement_clock_rule)  # fmt: skip
    suspension.save(update_fields=["ended_at"])
    if dossier.received_at is not None:
        StepInstance.objects.bulk_update(steps, ["due_at"])
    dossier.save(update_fields=["status", "due_at", "updated_at"])
    record_event(dossier=dossier, kind=EventKind.SUPPLEMENT_RECEIVED, actor=officer, status_before=status_before,
                 payload=payload)  # fmt: skip
    return dossier


def supplement_sent_at(dossier: Dossier) -> dt.datetime | None:
    """When the applicant sent online what the open request asks for; None while it waits for them (or none is
    open). The request stays open until the desk records the supplement, which it checks first."""
    if dossier.status != Status.SUPPLEMENT_REQUESTED:
        return None
    kinds = [EventKind.SUPPLEMENT_REQUESTED, EventKind.SUPPLEMENT_SUBMITTED]
    latest = dossier.events.filter(kind__in=kinds).order_by("-seq").values_list("kind", "at").first()
    return latest[1] if latest and latest[0] == EventKind.SUPPLEMENT_SUBMITTED else None


def supplement_items_asked(dossier: Dossier) -> list[str]:
    """The items of the open supplement request, in the desk's words (empty when none is open)."""
    if dossier.status != Status.SUPPLEMENT_REQUESTED:
        return []
    event = dossier.events.filter(kind=EventKind.SUPPLEMENT_REQUESTED).order_by("-seq").first()
    return list(event.payload.get("missing") or []) if event else []


@transaction.atomic
def dossier_supplement_send(
    *, dossier: Dossier, files: list[StoredFile], uploaded_by, actor_label: str, note: str = ""
) -> Dossier:
    """The applicant sends online what the desk asked for (Decree 61 art. 15(3): asked once, fully): one or more
    files per item of the open request, nothing else. The status stays until the desk records the supplement as
    complete (`dossier_supplement_received`); the desk sees the files and this event at once.

    The caller has established that `uploaded_by` is the applicant (accounts.selectors.citizen_dossier_code) and
    has checked and stored the files (files.upload_store), each `description` naming the item it answers.
    """
    dossier = dossier_lock(dossier)
    require_status(dossier, [Status.SUPPLEMENT_REQUESTED], action=_("gửi hồ sơ bổ sung"))
    if sent_at := supplement_sent_at(dossier):  # asked once, fully (art. 15(3)): answered once, while the desk checks
        raise DossierError(
            DossierError.SUPPLEMENT_ALREADY_SENT,
            _("Hồ sơ bổ sung đã được gửi lúc %(at)s; cơ quan đang kiểm tra.")
            % {"at": format_instant(timezone.localtime(sent_at).replace(second=0, microsecond=0))},
        )
    if not files:
        raise DossierError(DossierError.FILE_EMPTY, _("Chưa chọn tệp nào để gửi bổ sung."))
    asked = set(supplement_items_asked(dossier))
    if stray := sorted({stored.description for stored in files} - asked):
        raise DossierError(
            DossierError.INVALID_TARGET, _("Chỉ gửi những nội dung cơ quan đã yêu cầu bổ sung."), items=stray
        )
    attachments_adopt(dossier=dossier, files=files, kind=Attachment.Kind.SUPPLEMENT, uploaded_by=uploaded_by)
    record_event(dossier=dossier, kind=EventKind.SUPPLEMENT_SUBMITTED, actor_label=actor_label,
                 status_before=dossier.status,
                 payload={"files": [stored.described() for stored in files], "note": note.strip()})  # fmt: skip
    return dossier
