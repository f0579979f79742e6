"""Receiving dossiers at the one-stop desk (Decree 61 art. 16–17): from the counter, the post, or online."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from lienthong.catalogue.models import ProcedureVersion
from lienthong.core.text import fold
from lienthong.dossiers.constants import ApplicantKind, Channel, EventKind, ResultDelivery, Status
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services.clock import due_for
from lienthong.dossiers.services.codes import dossier_code_issue
from lienthong.dossiers.services.errors import DossierError
from lienthong.dossiers.services.events import record_event
from lienthong.dossiers.services.guards import dossier_lock, require_role, require_status
from lienthong.org.constants import Role
from lienthong.org.models import Agency


@dataclass(frozen=True)
class Applicant:
    name: str
    kind: str = ApplicantKind.CITIZEN
    id_number: str = ""
    tax_code: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""

    def as_fields(self) -> dict[str, str]:
        return {
            "applicant_kind": self.kind,
            "applicant_name": self.name,
            "applicant_name_folded": fold(self.name),
            "applicant_id_number": self.id_number,
            "applicant_tax_code": self.tax_code,
            "applicant_phone": self.phone,
            "applicant_email": self.email,
            "applicant_address": self.address,
        }


def form_errors(*, version: ProcedureVersion, form_data: dict[str, Any]) -> list[str]:
    """The form data's faults against the procedure's JSON Schema, one readable line each."""
    if not version.form_schema:
        return []
    validator = Draft202012Validator(version.form_schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    whole_form = _("tờ khai")
    return [
        f"{'/'.join(map(str, error.absolute_path)) or whole_form}: {error.message}"
        for error in sorted(validator.iter_errors(form_data), key=lambda e: list(map(str, e.absolute_path)))
    ]


def _check_complete(*, version: ProcedureVersion, form_data: dict, documents_present: set[int]) -> None:
    if errors := form_errors(version=version, form_data=form_data):
        raise DossierError(DossierError.INVALID_FORM_DATA, _("Tờ khai chưa hợp lệ."), errors=errors)
    missing = [doc.name for doc in version.documents.all() if doc.is_mandatory and doc.pk not in documents_present]
    if missing:
        raise DossierError(DossierError.MISSING_DOCUMENTS, _("Hồ sơ còn thiếu thành phần bắt buộc."), missing=missing)


def _issue_receipt(dossier: Dossier, *, officer, now) -> dict[str, Any]:
    """Code, appointment and status of a complete dossier (Decree 61 art. 17(1c), 17(3))."""
    due = due_for(version=dossier.procedure_version, received_at=now)
    dossier.code = dossier_code_issue(agency=dossier.agency, day=timezone.localtime(now).date())
    dossier.status, dossier.received_at, dossier.receiver = Status.RECEIVED, now, officer
    dossier.due_at = dossier.original_due_at = due.instant
    return {"code": dossier.code, "due_at": due.instant, "due_explanation": list(due.explanation)}


@transaction.atomic
def dossier_receive(
    *,
    officer,
    agency: Agency,
    version: ProcedureVersion,
    channel: str,
    applicant: Applicant,
    form_data: dict[str, Any],
    documents_present: set[int],
    result_delivery: str = ResultDelivery.AT_DESK,
    summary: str = "",
) -> Dossier:
    """Receive a complete paper dossier (counter or post): code, appointment and receipt in one step."""
    require_role(officer, agency, [Role.RECEIVER])
    if channel not in (Channel.COUNTER, Channel.POST):
        raise DossierError(DossierError.NOT_PERMITTED, _("Hồ sơ trực tuyến được tiếp nhận từ hồ sơ đã nộp."))
    _check_complete(version=version, form_data=form_data, documents_present=documents_present)
    now = timezone.now()
    dossier = Dossier(agency=agency, procedure_version=version, channel=channel, form_data=form_data,
                      result_delivery=result_delivery, summary=summary or version.name, submitted_at=now,
                      **applicant.as_fields())  # fmt: skip
    receipt = _issue_receipt(dossier, officer=officer, now=now)
    dossier.save()
    record_event(dossier=dossier, kind=EventKind.RECEIVED, actor=officer, status_before="",
                 payload={**receipt, "channel": channel, "documents_present": sorted(documents_present)})  # fmt: skip
    return dossier


@transaction.atomic
def dossier_submit_online(
    *,
    agency: Agency,
    version: ProcedureVersion,
    channel: str,
    applicant: Applicant,
    form_data: dict[str, Any],
    result_delivery: str = ResultDelivery.ELECTRONIC,
    summary: str = "",
    actor_label: str = "",
) -> Dossier:
    """An online submission waiting for the desk's check (status 1, Mới đăng ký); no code until received."""
    if channel not in (Channel.OWN_PORTAL, Channel.NATIONAL_PORTAL, Channel.CONNECTED_SYSTEM):
        raise DossierError(DossierError.NOT_PERMITTED, _("Kênh nộp không phải kênh trực tuyến."))
    if errors := form_errors(version=version, form_data=form_data):
        raise DossierError(DossierError.INVALID_FORM_DATA, _("Tờ khai chưa hợp lệ."), errors=errors)
    dossier = Dossier.objects.create(
        agency=agency, procedure_version=version, channel=channel, status=Status.SUBMITTED, form_data=form_data,
        result_delivery=result_delivery, summary=summary or version.name, submitted_at=timezone.now(),
        **applicant.as_fields(),
    )  # fmt: skip
    record_event(dossier=dossier, kind=EventKind.SUBMITTED, actor_label=actor_label or applicant.name,
                 status_before="", payload={"channel": channel})  # fmt: skip
    return dossier


@transaction.atomic
def dossier_receive_submitted(*, officer, dossier: Dossier, documents_present: set[int]) -> Dossier:
    """The desk accepts an online submission as complete: it gets its code and appointment now."""
    dossier = dossier_lock(dossier)
    require_role(officer, dossier.agency, [Role.RECEIVER])
    require_status(dossier, [Status.SUBMITTED], action=_("tiếp nhận"))
    _check_complete(version=dossier.procedure_version, form_data=dossier.form_data, documents_present=documents_present)
    receipt = _issue_receipt(dossier, officer=officer, now=timezone.now())
    dossier.save()
    record_event(dossier=dossier, kind=EventKind.RECEIVED, actor=officer, status_before=Status.SUBMITTED,
                 payload={**receipt, "documents_present": sorted(documents_present)})  # fmt: skip
    return dossier
