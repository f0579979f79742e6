"""Receiving dossiers submitted on the national portal into the one-stop lifecycle (Decree 61 art. 16(3)).

Each is created through `dossier_submit_online(channel=NATIONAL_PORTAL)` exactly once, keyed by the portal's own
id (`MaHoSoQG`): the receipt row is inserted first, in the transaction that creates the dossier, so a second
delivery — in the same list, the next poll, or a concurrent worker — finds it (or waits on its unique key and then
finds it) and creates nothing. The portal is told our code for each (XacNhanDaNhanHoSo) after commit; until it
has been told it lists the dossier again, which is harmless.
"""

import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from lienthong.catalogue.models import ProcedureVersion
from lienthong.dossiers.services import DossierError, dossier_submit_online
from lienthong.national.client import PortalClient, PortalRejected, PortalUnavailable
from lienthong.national.constants import ReceiptState
from lienthong.national.models import NationalReceipt
from lienthong.national.records import national_procedure_code, submission_intake
from lienthong.national.services.sync import connector_enabled, portal_client
from lienthong.national.simulator import contract
from lienthong.org.models import Agency

log = logging.getLogger(__name__)


@dataclass
class ReceiveSummary:
    created: list[str] = field(default_factory=list)  # our dossier codes
    already: int = 0  # delivered again: created before, nothing done
    rejected: list[str] = field(default_factory=list)  # the portal's ids we could not take in
    acknowledged: int = 0
    error: str = ""  # the portal could not be reached


class Unreceivable(Exception):  # noqa: N818 — a submission we cannot map to a procedure or an agency
    pass


def national_receive_submissions() -> ReceiveSummary:
    """Pull what citizens submitted on the portal, create each dossier once, and acknowledge them."""
    summary = ReceiveSummary()
    if not connector_enabled():
        return summary
    client = portal_client()
    try:
        submissions = client.call(contract.LIST_SUBMISSIONS, []) or []
    except (PortalUnavailable, PortalRejected) as exc:
        summary.error = str(exc)
        return summary
    for submission in submissions:
        if isinstance(submission, dict) and submission.get("MaHoSoQG"):
            _receive_one(submission, summary)
    summary.acknowledged = _acknowledge(client)
    return summary


def _receive_one(submission: dict[str, Any], summary: ReceiveSummary) -> None:
    portal_id = str(submission["MaHoSoQG"])
    if _already_received(portal_id):
        summary.already += 1
        return
    try:
        with transaction.atomic():
            receipt = NationalReceipt.objects.create(portal_id=portal_id, state=ReceiptState.RECEIVED,
                                                     payload=submission)  # fmt: skip
            receipt.dossier = _submit(submission)
            receipt.save(update_fields=["dossier"])
    except IntegrityError:
        summary.already += 1  # another worker took it in at the same moment
    except (Unreceivable, DossierError) as exc:
        _reject(portal_id, submission, exc, summary)
    else:
        summary.created.append(receipt.dossier.code)


def _already_received(portal_id: str) -> bool:
    """A cheap first look; the receipt's unique key is what guarantees once (see the module's docstring)."""
    return NationalReceipt.objects.filter(portal_id=portal_id).exists()


def _submit(submission: dict[str, Any]):
    agency = Agency.objects.filter(identifier_code=submission.get("MaDonViTiepNhan"), is_active=True).first()
    if agency is None:
        raise Unreceivable(f"Không có cơ quan tiếp nhận mã {submission.get('MaDonViTiepNhan')!r}.")
    code = national_procedure_code(str(submission.get("MaTTHC") or ""))
    version = ProcedureVersion.objects.filter(procedure__national_code=code, is_current=True).first()
    if version is None:
        raise Unreceivable(f"Không có thủ tục đang áp dụng mã {submission.get('MaTTHC')!r}.")
    return dossier_submit_online(agency=agency, version=version, **submission_intake(submission))


def _reject(portal_id: str, submission: dict, exc: Exception, summary: ReceiveSummary) -> None:
    """Kept, not acknowledged: the portal keeps listing it, and the administrator sees why it was not taken in."""
    message = getattr(exc, "message", None) or str(exc)
    details = getattr(exc, "details", {}).get("errors") or []
    error = "; ".join([str(message), *map(str, details)])[:2000]
    try:
        with transaction.atomic():
            NationalReceipt.objects.create(portal_id=portal_id, state=ReceiptState.REJECTED, error=error,
                                           payload=submission)  # fmt: skip
    except IntegrityError:
        return
    log.warning("national portal submission %s not received: %s", portal_id, error)
    summary.rejected.append(portal_id)


def _acknowledge(client: PortalClient) -> int:
    waiting = NationalReceipt.objects.filter(state=ReceiptState.RECEIVED, acknowledged_at__isnull=True)
    pairs = list(waiting.values_list("pk", "portal_id", "dossier__code"))
    if not pairs:
        return 0
    try:
        client.call(contract.ACKNOWLEDGE, [{"MaHoSoQG": portal_id, "MaHoSo": code} for _, portal_id, code in pairs])
    except (PortalUnavailable, PortalRejected) as exc:
        log.warning("national portal acknowledgement failed, retried at the next poll: %s", exc)
        return 0
    NationalReceipt.objects.filter(pk__in=[pk for pk, _, _ in pairs]).update(acknowledged_at=timezone.now())
    return len(pairs)
