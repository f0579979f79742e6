"""A dossier's fees paid or refunded, as recorded in its history: the payments app verifies a provider's callback
and calls these in the same transaction as its own change, so the event and its outbox rows commit with the payment
or not at all (DESIGN.md rule 2: dossiers never imports payments; it only offers the service)."""

import datetime as dt

from django.db import transaction

from lienthong.dossiers.constants import EventKind, Status
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services.clock import due_for
from lienthong.dossiers.services.eventlog import record_event
from lienthong.dossiers.services.guards import dossier_lock


@transaction.atomic
def dossier_fee_paid(
    *,
    dossier_id: int,
    reference: str,
    provider: str,
    amount: int,
    paid_at: dt.datetime,
    online: bool = True,
    actor=None,
    slip_number: str = "",
    receipt_waits: bool = False,
) -> Dossier:
    """The fee demand is paid in full (Decree 61 art. 22: the proof of payment travels with the dossier). Online, the
    provider's callback; at the desk, the officer who took it (`actor`) and, for a card, the POS slip's number.

    `receipt_waits`: the demand has a line due at receipt, so payment is a condition of receipt (issue 13 §3): a
    dossier received before it was paid, and still only received, counts as received when it was paid — its receipt
    time moves to `paid_at` and its appointment is counted again from there on the same clock the receipt used
    (working days, the 15:00 cut-off). The event says so (`receipt_moved`), so the history, the tracking page and
    the slip printed afterwards show the new appointment. A duplicate callback never reaches here (the payments app
    applies a payment once)."""
    dossier = dossier_lock(Dossier(pk=dossier_id))
    payload = {"reference": reference, "provider": provider, "amount": int(amount), "paid_at": paid_at.isoformat(),
               "online": online}  # fmt: skip
    if slip_number:
        payload["slip_number"] = slip_number
    moved = _receipt_moved_to_payment(dossier, paid_at=paid_at) if receipt_waits else None
    if moved is not None:
        payload["receipt_moved"] = moved
        payload["due_at"] = moved["due_at"]  # what a message about this event says is the appointment
    record_event(dossier=dossier, kind=EventKind.FEE_PAID, actor=actor, actor_label="" if actor else provider,
                 status_before=dossier.status, payload=payload,
                 also_save=["received_at", "due_at", "original_due_at"] if moved else ())  # fmt: skip
    return dossier


def _receipt_moved_to_payment(dossier: Dossier, *, paid_at: dt.datetime) -> dict | None:
    """Set the dossier's receipt time to the payment's and its appointment from it (the caller saves them); what
    changed, for the event. None when nothing moves: not received yet (the desk's receipt, later, counts from
    itself), already forwarded or closed (its steps run on the appointment given), or paid before it was received."""
    if dossier.status != Status.RECEIVED or dossier.received_at is None or paid_at <= dossier.received_at:
        return None
    due = due_for(version=dossier.procedure_version, received_at=paid_at)
    moved = {"received_at_before": dossier.received_at.isoformat(), "received_at": paid_at.isoformat(),
             "due_at_before": dossier.due_at.isoformat() if dossier.due_at else "",
             "due_at": due.instant.isoformat(), "due_explanation": list(due.explanation)}  # fmt: skip
    dossier.received_at, dossier.due_at = paid_at, due.instant
    dossier.original_due_at = due.instant
    return moved


@transaction.atomic
def dossier_fee_refunded(*, dossier_id: int, reference: str, provider: str, amount: int, actor=None) -> Dossier:
    """A payment was returned to the applicant (a double payment, a refused dossier)."""
    dossier = dossier_lock(Dossier(pk=dossier_id))
    record_event(dossier=dossier, kind=EventKind.FEE_REFUNDED, actor=actor, actor_label=provider,
                 status_before=dossier.status,
                 payload={"reference": reference, "provider": provider, "amount": int(amount)})  # fmt: skip
    return dossier


RECEIPT_CHANGES = {"issued": EventKind.RECEIPT_ISSUED, "cancelled": EventKind.RECEIPT_CANCELLED,
                   "replaced": EventKind.RECEIPT_REPLACED}  # fmt: skip


@transaction.atomic
def dossier_receipt_changed(
    *, dossier_id: int, change: str, receipt: dict, replacement: dict | None = None, reason: str = "", actor=None
) -> Dossier:
    """An e-receipt of the dossier's fees was issued, cancelled or replaced (Decree 123/2020: a receipt is cancelled
    or replaced, never edited): the history keeps each, with its symbols and number, on the hash-chained log.
    `receipt` (and `replacement`, the new one) are the payments app's plain description of the receipt."""
    kind = RECEIPT_CHANGES[change]
    dossier = dossier_lock(Dossier(pk=dossier_id))
    payload: dict = {"receipt": receipt}
    if replacement is not None:
        payload["replacement"] = replacement
    if reason:
        payload["reason"] = reason
    record_event(dossier=dossier, kind=kind, actor=actor, actor_label="" if actor else "hệ thống biên lai điện tử",
                 status_before=dossier.status, payload=payload)  # fmt: skip
    return dossier
