"""A dossier's fees paid or refunded, as recorded in its history: the payments app verifies a provider's callback
and calls these in the same transaction as its own change, so the event and its outbox rows commit with the payment
or not at all (DESIGN.md rule 2: dossiers never imports payments; it only offers the service)."""

import datetime as dt

from django.db import transaction

from lienthong.dossiers.constants import EventKind
from lienthong.dossiers.models import Dossier
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
) -> Dossier:
    """The fee demand is paid in full (Decree 61 art. 22: the proof of payment travels with the dossier). Online, the
    provider's callback; at the desk, the officer who took it (`actor`) and, for a card, the POS slip's number."""
    dossier = dossier_lock(Dossier(pk=dossier_id))
    payload = {"reference": reference, "provider": provider, "amount": int(amount), "paid_at": paid_at.isoformat(),
               "online": online}  # fmt: skip
    if slip_number:
        payload["slip_number"] = slip_number
    record_event(dossier=dossier, kind=EventKind.FEE_PAID, actor=actor, actor_label="" if actor else provider,
                 status_before=dossier.status, payload=payload)  # fmt: skip
    return dossier


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
