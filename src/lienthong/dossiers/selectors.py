"""Reads of the dossiers app."""

from django.db.models import QuerySet

from lienthong.dossiers.constants import DEFAULT_NATIONAL_STATUS, Status, StepState
from lienthong.dossiers.models import DossierEvent, StatusMapping, StepInstance


def national_status_map() -> dict[str, int]:
    """Internal status → national code (TrangThaiHoSo): the administrator's table over the defaults."""
    mapping = {str(status): code for status, code in DEFAULT_NATIONAL_STATUS.items()}
    mapping.update(StatusMapping.objects.values_list("status", "national_code"))
    return mapping


def national_status_code(status: str) -> int:
    return national_status_map()[Status(status)]


def event_envelope(event: DossierEvent) -> dict:
    """What a subscriber receives: the event's stable id for de-duplication, and enough to act on it."""
    dossier = event.dossier
    return {
        "id": str(event.uuid),
        "kind": event.kind,
        "seq": event.seq,
        "at": event.at.isoformat(),
        "dossier_id": dossier.pk,
        "dossier_code": dossier.code,
        "agency_id": dossier.agency_id,
        "status_before": event.status_before,
        "status_after": event.status_after,
        "national_status": national_status_code(event.status_after),
        "actor": event.actor_label,
        "payload": event.payload,
    }


def dossier_events(*, dossier_id: int) -> QuerySet[DossierEvent]:
    return DossierEvent.objects.filter(dossier_id=dossier_id).order_by("seq")


def dossier_active_steps(*, dossier_id: int, kind: str | None = None) -> QuerySet[StepInstance]:
    """The dossier's steps (or consultations, by `kind`) still being worked on."""
    active = StepInstance.objects.filter(dossier_id=dossier_id, state=StepState.ACTIVE)
    return active if kind is None else active.filter(kind=kind)
