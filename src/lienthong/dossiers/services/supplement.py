"""Supplements (Decree 61 art. 15(3), 17(1a), 19(4)): ask once, fully; the clock stops, then restarts or resumes."""

import datetime as dt
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.core.calendar import Pause, TimeUnit, WorkCalendar, format_instant
from lienthong.core.calendar_store import work_calendar_current
from lienthong.core.rules import rule_get
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


def _check_count(asked: int) -> None:
    """Once, fully (Decree 61 art. 15(3)); the 766 index counts a dossier asked twice as overdue."""
    allowed = int(rule_get(rules.MAX_SUPPLEMENT_REQUESTS))
    if asked >= allowed:
        raise DossierError(
            DossierError.SUPPLEMENT_ALREADY_REQUESTED,
            _("Hồ sơ đã được yêu cầu bổ sung %(asked)s lần; chỉ được yêu cầu %(allowed)s lần, đầy đủ, chính xác.")
            % {"asked": asked, "allowed": allowed},
        )


def _check_notice_period(dossier: Dossier, *, now: dt.datetime) -> None:
    """Within N working days of receipt (Decree 61 art. 19(4)), counted by the same clock as the appointment."""
    days = rule_get(rules.SUPPLEMENT_NOTICE_WORKING_DAYS)
    deadline = calendar_add(start=dossier.received_at, amount=days, unit=TimeUnit.WORKING_DAYS).instant
    if now > deadline:
        raise DossierError(
            DossierError.SUPPLEMENT_PERIOD_OVER,
            _("Đã quá thời hạn yêu cầu bổ sung: %(days)s ngày làm việc kể từ khi tiếp nhận, đến %(deadline)s.")
            % {"days": days, "deadline": format_instant(timezone.localtime(deadline))},
            deadline=deadline,
        )


@transaction.atomic
def dossier_request_supplement(*, officer, dossier: Dossier, missing: list[str], note: str) -> Dossier:
    """Ask the applicant, once and fully, for what is missing (Decree 61 art. 15(3), 17(1a), 19(4)); the clock stops."""
    dossier = dossier_lock(dossier)
    require_status(dossier, [Status.SUBMITTED, Status.RECEIVED, Status.PROCESSING], action=_("yêu cầu bổ sung"))
    now = timezone.now()
    status_before = dossier.status
    if status_before == Status.SUBMITTED:
        # At the desk, before receipt (art. 17(1a)): no code and no clock yet. Counted apart from requests after
        # receipt, which are what `supplement_count` and the 766 index measure.
        require_role(officer, dossier.agency, [Role.RECEIVER])
        _check_count(
            dossier.suspensions.filter(reason=SuspensionReason.SUPPLEMENT, resume_status=status_before).count()
        )
    else:
        require_dossier_role(officer, dossier, desk_roles=[Role.RECEIVER], step_roles=[Role.SPECIALIST, Role.LEADER])
        _check_count(dossier.supplement_count)
        _check_notice_period(dossier, now=now)
        dossier.supplement_count += 1
    items = _check_items(missing)
    dossier.status = Status.SUPPLEMENT_REQUESTED
    dossier.save(update_fields=["status", "supplement_count", "updated_at"])
    Suspension.objects.create(
        dossier=dossier, reason=SuspensionReason.SUPPLEMENT, started_at=now, resume_status=status_before
    )
    record_event(dossier=dossier, kind=EventKind.SUPPLEMENT_REQUESTED, actor=officer, status_before=status_before,
                 payload={"missing": items, "note": note})  # fmt: skip
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


@transaction.atomic
def dossier_supplement_received(
    *, officer, dossier: Dossier, documents_added: list[str] | None = None, note: str = ""
) -> Dossier:
    """The desk records the complete supplement; the clock restarts or resumes (Decree 61 art. 19(4))."""
    dossier = dossier_lock(dossier)
    require_role(officer, dossier.agency, [Role.RECEIVER])
    require_status(dossier, [Status.SUPPLEMENT_REQUESTED], action=_("nhận hồ sơ bổ sung"))
    now = timezone.now()
    # Every SUPPLEMENT_REQUESTED dossier has exactly one open supplement suspension, written with the request.
    suspension = dossier.suspensions.get(reason=SuspensionReason.SUPPLEMENT, ended_at__isnull=True)
    suspension.ended_at = now
    suspension.save(update_fields=["ended_at"])
    status_before, dossier.status = dossier.status, suspension.resume_status
    calendar = work_calendar_current()
    suspended = calendar_working_time_between(start=suspension.started_at, end=now, calendar=calendar)
    # Instants in payloads are local (+07:00), like the receipt's due date: the clock the citizen was told.
    clock: dict[str, Any] = {"rule": None, "old_due_at": _local(dossier.due_at), "due_explanation": []}
    if dossier.received_at is not None:  # an online submission not yet received has no clock to move
        clock["rule"] = rule = rule_get(rules.SUPPLEMENT_CLOCK)
        if rule not in (RESTART, RESUME):
            raise ImproperlyConfigured(f"{rules.SUPPLEMENT_CLOCK} must be {RESTART!r} or {RESUME!r}, not {rule!r}")
        steps = list(dossier_active_steps(dossier_id=dossier.pk).select_related("step"))
        move = _restart if rule == RESTART else _resume
        pause = Pause(start=suspension.started_at, end=now)
        clock["due_explanation"] = move(dossier, steps, now=now, pause=pause, calendar=calendar)
        StepInstance.objects.bulk_update(steps, ["due_at"])
    dossier.save(update_fields=["status", "due_at", "updated_at"])
    payload = {**clock, "new_due_at": _local(dossier.due_at), "documents_added": documents_added or [], "note": note,
               "suspended_working_seconds": int(suspended.total_seconds())}  # fmt: skip
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
