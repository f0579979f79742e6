"""Dossiers created and moved by a connected system: each action calls the lifecycle service an officer's would,
with the system's service account as the actor, so guards, deadlines, events and the outbox stay as they are.
The bulk upsert (`bulk.py`) applies progress on many known dossiers as a set, with the same rule functions."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from lienthong.catalogue.models import ProcedureVersion
from lienthong.dossiers import services as lifecycle
from lienthong.dossiers.constants import Channel, ResultDelivery, StepKind, StepState
from lienthong.dossiers.models import Attachment, Dossier, StepInstance
from lienthong.dossiers.selectors import dossier_active_steps
from lienthong.dossiers.services import Applicant, DossierError
from lienthong.dossiers.services.files import attachment_add
from lienthong.gateway.constants import ReportAction
from lienthong.gateway.errors import GatewayError
from lienthong.gateway.models import ConnectedSystem, SystemDossier
from lienthong.signing.services import result_signature_recognise


@dataclass(frozen=True)
class NewDossier:
    external_id: str
    procedure_code: str
    applicant: Applicant
    form_data: dict[str, Any]
    summary: str = ""
    result_delivery: str = ResultDelivery.ELECTRONIC


@dataclass(frozen=True)
class Action:
    """One thing the unit's software reports; the fields each kind uses are documented in docs/integration.md."""

    kind: str
    note: str = ""
    reason: str = ""
    missing: Sequence[str] = ()
    documents_present: Sequence[int] | None = None
    approve: bool = False
    step_id: int | None = None
    delivery: str = ResultDelivery.ELECTRONIC


@dataclass
class UpsertOutcome:
    external_id: str
    link: SystemDossier | None = None
    created: bool = False
    applied: int = 0
    error: DossierError | GatewayError | None = None
    extra: dict = field(default_factory=dict)


def procedure_version_current(code: str) -> ProcedureVersion:
    version = (
        ProcedureVersion.objects.filter(procedure__national_code=code, is_current=True)
        .select_related("procedure")
        .first()
    )
    if version is None:
        raise GatewayError(
            GatewayError.UNKNOWN_PROCEDURE, _("Không có thủ tục đang áp dụng mã %(code)s.") % {"code": code}
        )
    return version


@transaction.atomic
def system_dossier_create(*, system: ConnectedSystem, new: NewDossier) -> SystemDossier:
    """A dossier submitted through the system's channel (status 1, with its code), received by the system's agency."""
    version = procedure_version_current(new.procedure_code)
    if SystemDossier.objects.filter(system=system, external_id=new.external_id).exists():
        raise GatewayError(
            GatewayError.EXTERNAL_ID_TAKEN,
            _("Mã hồ sơ %(id)s của hệ thống đã có hồ sơ tương ứng.") % {"id": new.external_id},
            status=409,
        )
    links: list[SystemDossier] = []

    def link(dossier: Dossier) -> None:  # before the code: the agency's counter is locked from there to commit
        links.append(SystemDossier.objects.create(system=system, dossier=dossier, external_id=new.external_id))

    try:
        lifecycle.dossier_submit_online(
            agency=system.agency, version=version, channel=Channel.CONNECTED_SYSTEM, applicant=new.applicant,
            form_data=new.form_data, result_delivery=new.result_delivery, summary=new.summary,
            actor_label=system.name, before_code=link,
        )  # fmt: skip
    except IntegrityError:  # a concurrent call took the external id first: this one's dossier is rolled back
        raise GatewayError(
            GatewayError.EXTERNAL_ID_TAKEN,
            _("Mã hồ sơ %(id)s của hệ thống đã có hồ sơ tương ứng.") % {"id": new.external_id},
            status=409,
        ) from None
    return links[0]


def _active_step(system: ConnectedSystem, dossier: Dossier, step_id: int | None):
    steps = dossier_active_steps(dossier_id=dossier.pk, kind=StepKind.STEP).filter(agency=system.agency)
    return step_pick(list(steps), agency_id=system.agency_id, step_id=step_id)


def step_pick(active: Sequence[StepInstance], *, agency_id: int, step_id: int | None) -> StepInstance:
    """The step a reported `complete_step` completes, of the dossier's active steps: the one named, else the first in
    the process's order, of those at the system's agency (the bulk path picks from the steps it read for the batch)."""
    steps = [s for s in active if s.kind == StepKind.STEP and s.state == StepState.ACTIVE and s.agency_id == agency_id]
    if step_id:
        step = next((s for s in steps if s.pk == step_id), None)
    else:
        step = min(steps, key=lambda s: (s.position, s.pk), default=None)
    if step is None:
        raise DossierError(
            DossierError.NO_ACTIVE_STEP, _("Hồ sơ không có bước xử lý đang thực hiện tại cơ quan của hệ thống.")
        )
    return step


def _mandatory_documents(dossier: Dossier) -> set[int]:
    return set(dossier.procedure_version.documents.filter(is_mandatory=True).values_list("pk", flat=True))


def _runner(system: ConnectedSystem, dossier: Dossier, action: Action) -> Callable[[], Dossier]:
    officer = system.account
    runners: dict[str, Callable[[], Any]] = {
        ReportAction.RECEIVE: lambda: lifecycle.dossier_receive_submitted(
            officer=officer,
            dossier=dossier,
            documents_present=set(action.documents_present)
            if action.documents_present is not None
            else _mandatory_documents(dossier),
        ),  # fmt: skip
        ReportAction.FORWARD: lambda: lifecycle.dossier_forward(officer=officer, dossier=dossier),
        ReportAction.COMPLETE_STEP: lambda: lifecycle.dossier_complete_step(
            officer=officer,
            dossier=dossier,
            step_instance=_active_step(system, dossier, action.step_id),
            note=action.note,
            approve=action.approve,
        ),  # fmt: skip
        ReportAction.REQUEST_SUPPLEMENT: lambda: lifecycle.dossier_request_supplement(
            officer=officer, dossier=dossier, missing=list(action.missing), note=action.note
        ),
        ReportAction.SUPPLEMENT_RECEIVED: lambda: lifecycle.dossier_supplement_received(
            officer=officer, dossier=dossier, documents_added=list(action.missing), note=action.note
        ),
        ReportAction.RETURN: lambda: lifecycle.dossier_return(
            officer=officer, dossier=dossier, delivery=action.delivery, note=action.note
        ),
        ReportAction.REFUSE: lambda: lifecycle.dossier_refuse(officer=officer, dossier=dossier, reason=action.reason),
        ReportAction.WITHDRAW: lambda: lifecycle.dossier_withdraw(
            officer=officer, dossier=dossier, reason=action.reason
        ),  # fmt: skip
    }
    return runners[action.kind]


@transaction.atomic
def system_dossier_act(*, system: ConnectedSystem, dossier: Dossier, action: Action) -> Dossier:
    """Apply one reported action through its lifecycle service (which writes the event and moves the clock)."""
    _runner(system, dossier, action)()
    SystemDossier.objects.filter(system=system, dossier=dossier).update(actions_applied=F("actions_applied") + 1)
    return Dossier.objects.select_related("procedure_version__procedure").get(pk=dossier.pk)


@transaction.atomic
def system_result_attach(*, system: ConnectedSystem, dossier: Dossier, upload: File) -> Attachment:
    """An electronic result of the dossier, checked by content (files.file_check) and stored under a generated name;
    signed by the unit's software with a certificate the trust store accepts, it counts as signed (docs/signing.md)."""
    attachment = attachment_add(officer=system.account, dossier=dossier, upload=upload, kind=Attachment.Kind.RESULT)
    result_signature_recognise(attachment=attachment)
    return attachment


def _upsert_one(system: ConnectedSystem, new: NewDossier, actions: Sequence[Action]) -> UpsertOutcome:
    outcome = UpsertOutcome(external_id=new.external_id)
    link = SystemDossier.objects.select_related("dossier").filter(system=system, external_id=new.external_id).first()
    if link is None:
        link = system_dossier_create(system=system, new=new)
        outcome.created = True
    outcome.link = link
    # The item carries every action the unit has taken on this dossier, oldest first: those already applied (by
    # count) are skipped, so sending the same batch again changes nothing.
    for action in list(actions)[link.actions_applied :]:
        # The act answers the dossier as it now is: kept on the link, so the answer needs no read per item.
        link.dossier = system_dossier_act(system=system, dossier=link.dossier, action=action)
        outcome.applied += 1
    link.actions_applied += outcome.applied  # as the act's F() update left it, without reading the row again
    return outcome
