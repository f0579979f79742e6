"""Outcomes of processing: the financial obligation (national status 6), returning the result (Decree 61 art. 20),
and the apology with one new appointment when the agency will be late (Decree 61 art. 19(9), Mẫu 04).

Instants in event payloads are written in local time (+07:00), like the receipt's due date, so a reader of the log
sees the clock the citizen was told, whatever offset the database hands back.
"""

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from lienthong.core.calendar import Pause
from lienthong.core.calendar_store import work_calendar_current
from lienthong.core.rules import rule_get
from lienthong.core.services import calendar_working_time_between
from lienthong.dossiers.constants import EventKind, ResultDelivery, Status, StepKind, StepState, SuspensionReason
from lienthong.dossiers.models import Attachment, Dossier, StepInstance, Suspension
from lienthong.dossiers.rules import APOLOGY_LEAD_WORKING_DAYS, MAX_APOLOGIES
from lienthong.dossiers.selectors import dossier_active_steps
from lienthong.dossiers.services.clock import clock_push_back
from lienthong.dossiers.services.errors import DossierError
from lienthong.dossiers.services.eventlog import record_event
from lienthong.dossiers.services.files import dossier_results
from lienthong.dossiers.services.guards import dossier_lock, require_dossier_role, require_role, require_status
from lienthong.dossiers.services.store import results_store
from lienthong.dossiers.urgency import finished_on_time
from lienthong.org.constants import Role

APOLOGY_STATUSES = (Status.RECEIVED, Status.PROCESSING, Status.FINANCIAL_OBLIGATION, Status.SUPPLEMENT_REQUESTED)


def _clean_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each fee or tax named, with a whole, non-negative amount in đồng."""
    cleaned = []
    for item in items or []:
        name = str(item.get("name") or "").strip() if isinstance(item, dict) else ""
        amount = item.get("amount") if isinstance(item, dict) else None
        if not name or isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise DossierError(
                DossierError.INVALID_FINANCIAL_ITEMS,
                _("Mỗi khoản nghĩa vụ tài chính cần có tên và số tiền (đồng) là số nguyên không âm."),
                item=item,
            )
        cleaned.append({"name": name, "amount": amount})
    if not cleaned:
        raise DossierError(DossierError.INVALID_FINANCIAL_ITEMS, _("Chưa có khoản nghĩa vụ tài chính nào."))
    return cleaned


@transaction.atomic
def dossier_request_financial_obligation(*, officer, dossier: Dossier, items: list[dict], note: str = "") -> Dossier:
    """Notify the fees and taxes to pay (national status 6); the applicant's paying time does not count."""
    dossier = dossier_lock(dossier)
    require_dossier_role(officer, dossier, desk_roles=[Role.RECEIVER], step_roles=[Role.SPECIALIST, Role.LEADER])
    require_status(dossier, [Status.PROCESSING], action=_("thông báo nghĩa vụ tài chính"))
    cleaned = _clean_items(items)
    now = timezone.now()
    dossier.status = Status.FINANCIAL_OBLIGATION
    dossier.save(update_fields=["status", "updated_at"])
    Suspension.objects.create(
        dossier=dossier, reason=SuspensionReason.FINANCIAL_OBLIGATION, started_at=now, resume_status=Status.PROCESSING
    )
    record_event(dossier=dossier, kind=EventKind.FINANCIAL_OBLIGATION_SET, actor=officer,
                 status_before=Status.PROCESSING,
                 payload={"items": cleaned, "total": sum(i["amount"] for i in cleaned), "note": note})  # fmt: skip
    return dossier


@transaction.atomic
def dossier_financial_obligation_met(
    *, officer, dossier: Dossier, receipt_reference: str = "", paid_online: bool = False
) -> Dossier:
    """The obligation is paid: the clock runs again and every deadline moves back by the working time it stood."""
    dossier = dossier_lock(dossier)
    require_dossier_role(officer, dossier, desk_roles=[Role.RECEIVER], step_roles=[Role.SPECIALIST, Role.LEADER])
    require_status(dossier, [Status.FINANCIAL_OBLIGATION], action=_("xác nhận hoàn thành nghĩa vụ tài chính"))
    now, calendar = timezone.now(), work_calendar_current()
    suspension = Suspension.objects.get(
        dossier=dossier, reason=SuspensionReason.FINANCIAL_OBLIGATION, ended_at__isnull=True
    )
    suspension.ended_at = now
    suspension.save(update_fields=["ended_at"])
    old_due_at, status_before = dossier.due_at, dossier.status
    # Consultations stood still too: every active step's deadline moves with the dossier's.
    steps = list(dossier_active_steps(dossier_id=dossier.pk))
    reading = clock_push_back(dossier=dossier, steps=steps, pause=Pause(suspension.started_at, now), now=now,
                              calendar=calendar)  # fmt: skip
    dossier.status = suspension.resume_status
    dossier.save(update_fields=["status", "due_at", "updated_at"])
    StepInstance.objects.bulk_update(steps, ["due_at"])
    record_event(dossier=dossier, kind=EventKind.FINANCIAL_OBLIGATION_MET, actor=officer, status_before=status_before,
                 payload={"paid_online": paid_online, "receipt_reference": receipt_reference,
                          "suspended_working_seconds": int(reading.suspended.total_seconds()),
                          "old_due_at": localtime(old_due_at), "new_due_at": localtime(dossier.due_at),
                          "due_explanation": list(reading.explanation)})  # fmt: skip
    return dossier


def _return_steps(dossier: Dossier) -> list[StepInstance]:
    """The active steps of the dossier, by id, with their process steps: `return_apply` closes those that return."""
    return list(dossier_active_steps(dossier_id=dossier.pk, kind=StepKind.STEP).select_related("step").order_by("id"))


# Returning's rules, shared by `dossier_return` and the gateway's batch of progress reports (services/batch.py):
# `return_check` on the dossier and its result files, `return_apply` in memory, the caller writes the rows.


def return_check(*, officer, dossier: Dossier, delivery: str, results: Sequence[Attachment],
                 held: Collection[tuple[int, str]] | None = None) -> None:  # fmt: skip
    """The desk's receiver returns a ready result; electronically only a stored, signed result file."""
    require_role(officer, dossier.agency, [Role.RECEIVER], held=held)
    require_status(dossier, [Status.RESULT_READY], action=_("trả kết quả"))
    if delivery not in ResultDelivery.values:
        raise DossierError(DossierError.INVALID_DELIVERY, _("Hình thức trả kết quả không hợp lệ."), delivery=delivery)
    if delivery == ResultDelivery.ELECTRONIC and not results:
        # An electronic return hands over files: with none, the applicant would be told of a result they cannot get.
        raise DossierError(
            DossierError.RESULT_FILE_MISSING,
            _(
                "Hồ sơ chưa có tệp kết quả giải quyết nên không trả được bản điện tử. Đính kèm tệp kết quả (thao tác "
                "“Đính kèm tệp”, loại “Kết quả giải quyết”) rồi trả, hoặc chọn hình thức trả khác."
            ),
        )
    if delivery == ResultDelivery.ELECTRONIC and not any(a.signed_at for a in results):
        # An electronic result has the value of the paper original only when it is digitally signed (Decree 30,
        # art. 5; Law 20/2023 art. 22): an unsigned file proves nothing to whoever receives it.
        raise DossierError(
            DossierError.RESULT_NOT_SIGNED,
            _(
                "Tệp kết quả giải quyết chưa được ký số nên không trả được bản điện tử. Lãnh đạo ký số kết quả khi "
                "phê duyệt; hoặc chọn hình thức trả khác."
            ),
        )


def return_apply(dossier: Dossier, *, steps: Sequence[StepInstance], results: Sequence[Attachment], delivery: str,
                 note: str, now: dt.datetime) -> tuple[list[StepInstance], dict[str, Any]]:  # fmt: skip
    """The dossier returned at `now` and the active steps that return it (of `steps`: marked `return_result` in the
    process, or the desk's own) done, in memory; those steps and the `returned` event's payload."""
    requested = dossier.result_delivery
    # Decision 766 ends processing at "Đã xử lý xong" if there was one, else at the return.
    dossier.finished_at = dossier.finished_at or now
    dossier.status, dossier.returned_at, dossier.result_delivery = Status.RETURNED, now, delivery
    closed = [s for s in steps if s.role == Role.RECEIVER or (s.step and "return_result" in (s.step.actions or []))]
    for step in closed:
        step.state, step.finished_at, step.note = StepState.DONE, now, note or step.note
    return closed, {
        "delivery": delivery, "requested_delivery": requested, "note": note,
        "return_steps": [{"id": step.pk, "name": step.name} for step in closed],
        "results": [{"id": a.pk, "name": a.original_name, "sha256": a.sha256} for a in results],
        "due_at": localtime(dossier.due_at), "finished_at": localtime(dossier.finished_at),
        "returned_at": localtime(now), "early": now < dossier.due_at,
        "on_time": finished_on_time(finished_at=dossier.finished_at, due_at=dossier.due_at),
    }  # fmt: skip


@transaction.atomic
def dossier_return(*, officer, dossier: Dossier, delivery: str, note: str = "") -> Dossier:
    """The desk hands over the result (Decree 61 art. 20); returning before the appointment is encouraged. A signed
    result joins the applicant's store (`store.results_store`) for their later dossiers."""
    dossier = dossier_lock(dossier)
    results = dossier_results(dossier=dossier)
    return_check(officer=officer, dossier=dossier, delivery=delivery, results=results)
    now = timezone.now()
    closed, payload = return_apply(dossier, steps=_return_steps(dossier), results=results, delivery=delivery,
                                   note=note, now=now)  # fmt: skip
    results_store([(dossier, results)], at=now)
    dossier.save(update_fields=["status", "returned_at", "finished_at", "result_delivery", "updated_at"])
    for step in closed:
        step.save(update_fields=["state", "finished_at", "note"])
    record_event(dossier=dossier, kind=EventKind.RETURNED, actor=officer, status_before=Status.RESULT_READY,
                 payload=payload)  # fmt: skip
    return dossier


def _check_apology(dossier: Dossier, *, reason: str, new_due_at: dt.datetime, now: dt.datetime) -> None:
    if not reason.strip():
        raise DossierError(DossierError.REASON_REQUIRED, _("Cần nêu lý do xin lỗi và hẹn lại ngày trả kết quả."))
    if dossier.apology_count >= rule_get(MAX_APOLOGIES):
        raise DossierError(DossierError.APOLOGY_ALREADY_GIVEN, _("Hồ sơ đã được hẹn lại ngày trả kết quả."))
    if new_due_at <= dossier.due_at:
        raise DossierError(DossierError.NEW_DATE_NOT_LATER, _("Ngày hẹn mới phải sau ngày hẹn trả hiện tại."))
    calendar = work_calendar_current()
    lead = calendar.day_length * rule_get(APOLOGY_LEAD_WORKING_DAYS)
    if calendar_working_time_between(start=now, end=dossier.due_at, calendar=calendar) < lead:
        raise DossierError(
            DossierError.APOLOGY_TOO_LATE,
            _("Phải xin lỗi và hẹn lại chậm nhất %(days)s ngày làm việc trước ngày hẹn trả.")
            % {"days": rule_get(APOLOGY_LEAD_WORKING_DAYS)},
        )


@transaction.atomic
def dossier_apologize(*, officer, dossier: Dossier, reason: str, new_due_at: dt.datetime) -> Dossier:
    """Apologise and set one new appointment, at least a working day ahead (Decree 61 art. 19(9), Mẫu 04)."""
    dossier = dossier_lock(dossier)
    require_dossier_role(officer, dossier, desk_roles=[Role.LEADER], step_roles=[Role.LEADER])
    require_status(dossier, APOLOGY_STATUSES, action=_("xin lỗi và hẹn lại ngày trả kết quả"))
    if timezone.is_naive(new_due_at):
        new_due_at = timezone.make_aware(new_due_at)
    _check_apology(dossier, reason=reason, new_due_at=new_due_at, now=timezone.now())
    old_due_at = dossier.due_at
    dossier.due_at, dossier.apology_count = new_due_at, dossier.apology_count + 1
    dossier.save(update_fields=["due_at", "apology_count", "updated_at"])
    record_event(dossier=dossier, kind=EventKind.APOLOGY_ISSUED, actor=officer, status_before=dossier.status,
                 payload={"reason": reason.strip(), "old_due_at": localtime(old_due_at),
                          "new_due_at": localtime(new_due_at), "apology_count": dossier.apology_count})  # fmt: skip
    return dossier
