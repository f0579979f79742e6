"""Shared steps of the processing tests: a dossier received and forwarded at the commune desk, and the chain check."""

import datetime as dt
from zoneinfo import ZoneInfo

from lienthong.dossiers.constants import Channel, StepKind, StepState
from lienthong.dossiers.models import Dossier, DossierEvent, StepInstance
from lienthong.dossiers.services import dossier_receive
from lienthong.dossiers.services.eventlog import event_canonical, event_hash
from lienthong.dossiers.services.steps import dossier_forward

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    """An instant of 2026 in Vietnam's time (March 2026 has no holiday)."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=HCM)


def receive(province, officers, procedure, applicant, form_data, documents, *, desk: str = "commune_centre"):
    return dossier_receive(
        officer=officers[f"receiver@{desk}"],
        agency=province[desk],
        version=procedure,
        channel=Channel.COUNTER,
        applicant=applicant,
        form_data=form_data,
        documents_present=documents,
    )


def receive_and_forward(province, officers, procedure, applicant, form_data, documents, *, desk="commune_centre"):
    dossier = receive(province, officers, procedure, applicant, form_data, documents, desk=desk)
    return dossier_forward(officer=officers[f"receiver@{desk}"], dossier=dossier)


def active_steps(dossier: Dossier) -> list[StepInstance]:
    """The steps of the process at work now (not consultations), in the order of the process."""
    steps = dossier.steps.filter(kind=StepKind.STEP, state=StepState.ACTIVE).select_related("agency")
    return list(steps.order_by("position", "id"))


def events_of(dossier: Dossier) -> list[DossierEvent]:
    return list(DossierEvent.objects.filter(dossier=dossier).order_by("seq"))


def kinds(dossier: Dossier) -> list[str]:
    return [event.kind for event in events_of(dossier)]


def assert_chained(dossier: Dossier) -> list[DossierEvent]:
    """Events numbered 1..n, each hash over the previous one and its own stored content."""
    events = events_of(dossier)
    assert [event.seq for event in events] == list(range(1, len(events) + 1))
    previous = ""
    for event in events:
        assert event.prev_hash == previous
        canonical = event_canonical(
            dossier_id=event.dossier_id,
            seq=event.seq,
            kind=event.kind,
            at=event.at,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            status_before=event.status_before,
            status_after=event.status_after,
            payload=event.payload,
        )
        assert event.hash == event_hash(previous, canonical)
        previous = event.hash
    dossier.refresh_from_db()
    assert (dossier.event_seq, dossier.event_head) == (len(events), previous)
    return events
