"""Reads behind the forms; each owns its joins, so a form costs a fixed number of queries whatever its length."""

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from lienthong.catalogue.models import Fee, RequiredDocument
from lienthong.dossiers.models import Dossier, DossierEvent, StepInstance
from lienthong.dossiers.selectors import STEP_CLOSING_EVENTS, dossier_events, step_handlers
from lienthong.org.models import Agency


def document_dossier(*, dossier_id: int) -> Dossier:
    """The dossier with everything a form prints about it: agency (and its parent, its place), procedure, receiver."""
    documents = RequiredDocument.objects.order_by("position", "id")
    return (
        Dossier.objects.select_related("agency__parent", "agency__unit", "procedure_version__procedure", "receiver")
        .prefetch_related(
            Prefetch("procedure_version__documents", queryset=documents, to_attr="ordered_documents"),
            Prefetch("procedure_version__fees", queryset=Fee.objects.order_by("id")),
        )
        .get(pk=dossier_id)
    )


def document_event(*, dossier: Dossier, kind: str) -> DossierEvent | None:
    """The latest event of `kind`: the form tells what happened then, not what the dossier says now."""
    return dossier_events(dossier_id=dossier.pk).filter(kind=kind).select_related("actor").last()


def control_slip_steps(*, dossier: Dossier) -> list[StepInstance]:
    """Every step and consultation of the dossier in the order they were handed over."""
    steps = StepInstance.objects.filter(dossier=dossier).select_related("agency", "assignee")
    return list(steps.order_by("started_at", "position", "id"))


def step_closers(*, dossier: Dossier) -> dict[int, str]:
    """Step instance id → who closed it, from the event log (the step row keeps only its assignee)."""
    events = dossier_events(dossier_id=dossier.pk).filter(kind__in=list(STEP_CLOSING_EVENTS))
    return {
        step_id: event.actor_label
        for step_id, event in step_handlers(events.only("kind", "payload", "actor_label")).items()
    }


def ledger_agency(*, agency: Agency) -> Agency:
    return Agency.objects.select_related("parent", "unit").get(pk=agency.pk)


def ledger_dossiers(*, agency: Agency, date_from: dt.date, date_to: dt.date) -> QuerySet[Dossier]:
    """Dossiers the agency received between two days (inclusive, Viet Nam time), in the order received."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    dossiers = Dossier.objects.filter(agency=agency, received_at__gte=start, received_at__lt=end)
    return dossiers.select_related("procedure_version__procedure").order_by("received_at", "id")
