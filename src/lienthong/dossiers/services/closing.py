"""Ending a dossier before its result: refused, withdrawn by the applicant, or stopped."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.dossiers.constants import EventKind, Status, StepState
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.selectors import dossier_active_steps
from lienthong.dossiers.services.errors import DossierError
from lienthong.dossiers.services.eventlog import record_event
from lienthong.dossiers.services.guards import dossier_lock, require_dossier_role, require_role, require_status
from lienthong.org.constants import Role

REFUSABLE = (Status.SUBMITTED, Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT_REQUESTED)
WITHDRAWABLE = (*REFUSABLE, Status.FINANCIAL_OBLIGATION)  # not once the result is ready (it is then returned)
STOPPABLE = (Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT_REQUESTED, Status.FINANCIAL_OBLIGATION)


def _close(dossier: Dossier, *, status: str) -> str:
    """Put `dossier` in terminal `status`: its active steps are cancelled and its clock stops for good.

    `finished_at` is the end of processing the 766 index measures (domain reference §1.6). Returns the status before.
    """
    now = timezone.now()
    dossier_active_steps(dossier_id=dossier.pk).update(state=StepState.CANCELLED, finished_at=now)
    dossier.suspensions.filter(ended_at__isnull=True).update(ended_at=now)
    status_before = close_apply(dossier, status=status, now=now)
    dossier.save(update_fields=["status", "finished_at", "updated_at"])
    return status_before


def close_apply(dossier: Dossier, *, status: str, now) -> str:
    """The dossier row's part of `_close`, in memory (a batch cancels steps and ends suspensions set-wise)."""
    status_before, dossier.status, dossier.finished_at = dossier.status, status, now
    return status_before


def _required(reason: str) -> str:
    if not (reason or "").strip():
        raise DossierError(DossierError.REASON_REQUIRED, _("Phải ghi rõ lý do."))
    return reason.strip()


@transaction.atomic
def dossier_refuse(*, officer, dossier: Dossier, reason: str) -> Dossier:
    """Refuse with a written reason, at the desk (Decree 61 art. 17(1b)) or after appraisal (art. 19(8)); Mẫu 03."""
    dossier = dossier_lock(dossier)
    payload = refuse_check(officer=officer, dossier=dossier, reason=reason)
    status_before = _close(dossier, status=Status.REFUSED)
    record_event(dossier=dossier, kind=EventKind.REFUSED, actor=officer, status_before=status_before, payload=payload)
    return dossier


def refuse_check(*, officer, dossier: Dossier, reason: str, held=None) -> dict[str, Any]:
    """`dossier_refuse`'s rules; its event's payload. `held`: the officer's grants, read once by a batch."""
    require_status(dossier, REFUSABLE, action=_("từ chối hồ sơ"))
    at_receipt = dossier.received_at is None
    if at_receipt:
        require_role(officer, dossier.agency, [Role.RECEIVER], held=held)
    elif held is None or (dossier.agency_id, Role.RECEIVER) not in held:  # the desk's grant is enough: no query
        require_dossier_role(officer, dossier, desk_roles=[Role.RECEIVER], step_roles=[Role.LEADER])
    return {"reason": _required(reason), "at_receipt": at_receipt}


@transaction.atomic
def dossier_withdraw(*, officer, dossier: Dossier, reason: str = "") -> Dossier:
    """The applicant withdraws before the result is ready (national status 7); the desk records it."""
    dossier = dossier_lock(dossier)
    payload = withdraw_check(officer=officer, dossier=dossier, reason=reason)
    status_before = _close(dossier, status=Status.WITHDRAWN)
    record_event(dossier=dossier, kind=EventKind.WITHDRAWN, actor=officer, status_before=status_before, payload=payload)
    return dossier


def withdraw_check(*, officer, dossier: Dossier, reason: str = "", held=None) -> dict[str, Any]:
    """`dossier_withdraw`'s rules; its event's payload. `held`: the officer's grants, read once by a batch."""
    require_status(dossier, WITHDRAWABLE, action=_("rút hồ sơ"))
    require_role(officer, dossier.agency, [Role.RECEIVER], held=held)
    # The 766 index counts a withdrawal as the end of processing only for a dossier that was received.
    return {"reason": (reason or "").strip(), "received": dossier.received_at is not None}


@transaction.atomic
def dossier_stop(*, officer, dossier: Dossier, reason: str, legal_basis: str = "") -> Dossier:
    """Stop processing a received dossier, with the reason and its legal basis (Circular 03/2025, Mẫu 05)."""
    dossier = dossier_lock(dossier)
    require_status(dossier, STOPPABLE, action=_("dừng xử lý hồ sơ"))
    if dossier.received_at is None:  # waiting for a supplement asked at the desk: refuse it, there is nothing to stop
        raise DossierError.not_allowed(_("Chưa tiếp nhận"), _("dừng xử lý hồ sơ"))
    require_dossier_role(officer, dossier, desk_roles=[Role.LEADER], step_roles=[Role.LEADER])
    reason = _required(reason)
    status_before = _close(dossier, status=Status.STOPPED)
    record_event(dossier=dossier, kind=EventKind.STOPPED, actor=officer, status_before=status_before,
                 payload={"reason": reason, "legal_basis": legal_basis.strip()})  # fmt: skip
    return dossier
