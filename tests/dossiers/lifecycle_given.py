"""Givens for the supplement and closing tests: a dossier received at the commune desk, an online submission, a
dossier at a step, and the trail of events to compare."""

import datetime as dt
from zoneinfo import ZoneInfo

from lienthong.dossiers.constants import Channel, Status
from lienthong.dossiers.models import Dossier, DossierEvent, StepInstance
from lienthong.dossiers.services import dossier_receive, dossier_submit_online

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*parts: int) -> dt.datetime:
    """A wall-clock instant in Viet Nam."""
    return dt.datetime(*parts, tzinfo=HCM)


def received(province, officers, procedure, applicant, form_data, documents) -> Dossier:
    """A paper dossier received now at the commune centre's desk by its receiver."""
    return dossier_receive(
        officer=officers["receiver@commune_centre"], agency=province["commune_centre"], version=procedure,
        channel=Channel.COUNTER, applicant=applicant, form_data=form_data, documents_present=documents,
    )  # fmt: skip


def submitted(province, procedure, applicant, form_data) -> Dossier:
    """An online submission to the commune centre, not yet checked by the desk."""
    return dossier_submit_online(agency=province["commune_centre"], version=procedure, channel=Channel.OWN_PORTAL,
                                 applicant=applicant, form_data=form_data)  # fmt: skip


def at_step(dossier: Dossier, procedure, *, position: int, agency, started_at, due_at) -> StepInstance:
    """The dossier is being processed at `position` of its workflow by `agency` (routing is another service)."""
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.PROCESSING)
    dossier.refresh_from_db()
    step = procedure.steps.get(position=position)
    return StepInstance.objects.create(
        dossier=dossier, step=step, name=step.name, position=position, parallel_group=step.parallel_group,
        agency=agency, role=step.role, started_at=started_at, due_at=due_at,
    )  # fmt: skip


def in_status(dossier: Dossier, status: str) -> Dossier:
    """Put the dossier in `status` directly, for guards of transitions owned by other services."""
    Dossier.objects.filter(pk=dossier.pk).update(status=status)
    dossier.refresh_from_db()
    return dossier


def trail(dossier: Dossier) -> list[tuple[int, str, str, str, int | None]]:
    """(seq, kind, status before, status after, actor id) of every event of the dossier, in order."""
    return list(
        DossierEvent.objects.filter(dossier=dossier)
        .order_by("seq")
        .values_list("seq", "kind", "status_before", "status_after", "actor_id")
    )


def last_event(dossier: Dossier) -> DossierEvent:
    return DossierEvent.objects.filter(dossier=dossier).latest("seq")
