"""Receiving dossiers at the one-stop desk (Decree 61 art. 16–17): from the counter, the post, or online."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from lienthong.catalogue.models import ProcedureVersion
from lienthong.core.calendar import Computed
from lienthong.core.text import fold
from lienthong.dossiers.constants import ONLINE_CHANNELS, ApplicantKind, Channel, EventKind, ResultDelivery, Status
from lienthong.dossiers.models import Attachment, Dossier
from lienthong.dossiers.services.clock import due_for
from lienthong.dossiers.services.codes import dossier_code_issue
from lienthong.dossiers.services.errors import DossierError
from lienthong.dossiers.services.eventlog import receipt_record, receipt_sql_applies, record_event
from lienthong.dossiers.services.files import StoredFile, attachments_adopt
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
    language: str = "vi"  # the language the applicant reads their notices in (settings.LANGUAGES)

    def as_fields(self) -> dict[str, str]:
        return {
            "applicant_kind": self.kind,
            "applicant_name": self.name,
            "applicant_name_folded": fold(self.name),
            "applicant_id_number": self.id_number,
            "applicant_tax_code": self.tax_code,
            "applicant_phone": self.phone,
            "applicant_email": self.email,
            "applicant_language": self.language,
            "applicant_address": self.address,
        }


def applicant_faults(data: dict[str, Any]) -> dict[str, str]:
    """What an applicant's details lack, by form field: the rules the desk's intake form and the citizen's online
    form both apply (an identity number for a citizen, a tax code for an organisation, and a way to send the result:
    an e-mail for an electronic one, an address for the post)."""
    faults = {}
    if data.get("applicant_kind") == ApplicantKind.CITIZEN and not data.get("applicant_id_number"):
        faults["applicant_id_number"] = _("Công dân cần có số định danh cá nhân hoặc hộ chiếu.")
    if data.get("applicant_kind") == ApplicantKind.ORGANISATION and not data.get("applicant_tax_code"):
        faults["applicant_tax_code"] = _("Tổ chức cần có mã số thuế.")
    if data.get("result_delivery") == ResultDelivery.ELECTRONIC and not data.get("applicant_email"):
        faults["applicant_email"] = _("Nhận kết quả điện tử cần có thư điện tử.")
    if data.get("result_delivery") == ResultDelivery.BY_POST and not data.get("applicant_address"):
        faults["applicant_address"] = _("Nhận kết quả qua bưu chính cần có địa chỉ.")
    return faults


def form_errors(*, version: ProcedureVersion, form_data: dict[str, Any]) -> list[str]:
    """The form data's faults against the procedure's JSON Schema, one readable line each."""
    if not version.form_schema:
        return []
    validator = _form_validator(version)
    whole_form = _("tờ khai")
    return [
        f"{'/'.join(map(str, error.absolute_path)) or whole_form}: {error.message}"
        for error in sorted(validator.iter_errors(form_data), key=lambda e: list(map(str, e.absolute_path)))
    ]


def _form_validator(version: ProcedureVersion) -> Draft202012Validator:
    """The version's schema validator, made once per version object and schema: a batch of creates checks each form
    with the one validator of its version (bench/sync_profile.py --profile, eighth round)."""
    cached = getattr(version, "_form_validator", None)
    if cached is None or cached[0] is not version.form_schema:
        validator = Draft202012Validator(version.form_schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        cached = version._form_validator = (version.form_schema, validator)
    return cached[1]


def _check_complete(*, version: ProcedureVersion, form_data: dict, documents_present: set[int],
                    form_checked: bool = False) -> None:  # fmt: skip
    """The form against its schema (unless `form_checked`: the caller has just checked it) and the checklist."""
    if not form_checked and (errors := form_errors(version=version, form_data=form_data)):
        raise DossierError(DossierError.INVALID_FORM_DATA, _("Tờ khai chưa hợp lệ."), errors=errors)
    if missing := documents_missing(version=version, documents_present=documents_present):
        raise DossierError(DossierError.MISSING_DOCUMENTS, _("Hồ sơ còn thiếu thành phần bắt buộc."), missing=missing)


def documents_missing(*, version: ProcedureVersion, documents_present: set[int]) -> list[str]:
    """The mandatory documents not ticked, in checklist order. A desk's view has the version's documents already
    (it shows the checklist): passed prefetched, they cost no query; otherwise one query asks for the missing."""
    if "documents" in getattr(version, "_prefetched_objects_cache", {}):
        return [doc.name for doc in version.documents.all() if doc.is_mandatory and doc.pk not in documents_present]
    unticked = version.documents.filter(is_mandatory=True).exclude(pk__in=documents_present)
    return list(unticked.values_list("name", flat=True))


def _set_receipt(dossier: Dossier, *, officer, now, due: Computed | None = None) -> Computed:
    """Appointment and status of a complete dossier (Decree 61 art. 17(1c), 17(3)); the code comes last. `due`: the
    appointment already computed for this version and instant (a batch computes it once)."""
    due = due or due_for(version=dossier.procedure_version, received_at=now)
    dossier.status, dossier.received_at, dossier.receiver = Status.RECEIVED, now, officer
    dossier.due_at = dossier.original_due_at = due.instant
    return due


def _issue_code(dossier: Dossier, *, now, due: Computed) -> dict[str, Any]:
    """Give the dossier its code; returns the receipt the event records.

    Taking the number locks the desk's counter row for the day until commit, and every receipt at that desk waits
    for it, so this runs as late as it can: after everything that does not need the code (the dossier's insert
    included), leaving only the event, one update and the outbox row to hold the lock. Codes stay gap-free and
    unique: the number is taken and used in the same transaction, and a rollback returns it.
    """
    dossier.code = dossier_code_issue(agency=dossier.agency, day=timezone.localtime(now).date())
    return {"code": dossier.code, "due_at": due.instant, "due_explanation": list(due.explanation)}


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
    """Receive a complete paper dossier (counter or post): code, appointment and receipt in one step.

    The checks and the appointment only read, and run before the transaction: on SQLite its BEGIN IMMEDIATE takes
    the database's one write lock, which every other writer then waits for, so only the writes should hold it. The
    dossier does not exist yet, so nothing read here can be changed under it by a concurrent action. The code comes
    last: its counter row is locked until commit, and every receipt at the desk waits for it. On PostgreSQL the
    code, the event, the chain head and the outbox rows are one statement (eventlog/receipt_sql.py); elsewhere four.
    """
    require_role(officer, agency, [Role.RECEIVER])
    if channel not in (Channel.COUNTER, Channel.POST):
        raise DossierError(DossierError.NOT_PERMITTED, _("Hồ sơ trực tuyến được tiếp nhận từ hồ sơ đã nộp."))
    _check_complete(version=version, form_data=form_data, documents_present=documents_present)
    now = timezone.now()
    dossier = Dossier(agency=agency, procedure_version=version, channel=channel, form_data=form_data,
                      result_delivery=result_delivery, summary=summary or version.name, submitted_at=now,
                      **applicant.as_fields())  # fmt: skip
    due = _set_receipt(dossier, officer=officer, now=now)
    rest = {"due_at": due.instant, "due_explanation": list(due.explanation), "channel": channel,
            "documents_present": sorted(documents_present)}  # fmt: skip
    with transaction.atomic():
        dossier.save()
        day = timezone.localtime(now).date()
        if receipt_sql_applies() and receipt_record(dossier=dossier, officer=officer, day=day, payload=rest):
            return dossier  # the code, event, chain head and outbox rows in one statement (eventlog/receipt_sql.py)
        receipt = _issue_code(dossier, now=now, due=due)
        record_event(dossier=dossier, kind=EventKind.RECEIVED, actor=officer, status_before="", also_save=["code"],
                     payload={**receipt, **rest})  # fmt: skip
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
    citizen=None,
    files: Sequence[StoredFile] = (),
    before_code: Callable[[Dossier], None] = lambda dossier: None,
) -> Dossier:
    """An online submission waiting for the desk's check (status 1, Mới đăng ký).

    It gets its code now, as on the national portal: the applicant tracks it from the confirmation on, and the
    national sync (MaHoSo) carries status 1 with a code. The appointment comes only with the desk's receipt.
    `citizen` is the account that submitted it, if any; `files` are the scans it uploaded, already checked and
    stored (files.upload_store), which become the dossier's attachments and are listed in the event.
    `before_code` writes the caller's rows that name the new dossier (a connected system's link) before the code.

    The code comes last, as at the desk: the agency's counter row is locked from the number to commit, and every
    create at that agency waits for it. On PostgreSQL the code, the event, the chain head and the outbox rows are
    one statement (eventlog/receipt_sql.py); elsewhere four.
    """
    dossier = submission_build(agency=agency, version=version, channel=channel, applicant=applicant,
                               form_data=form_data, result_delivery=result_delivery, summary=summary,
                               citizen=citizen, now=timezone.now())  # fmt: skip
    dossier.save(force_insert=True)
    attachments_adopt(dossier=dossier, files=list(files), kind=Attachment.Kind.SUBMITTED, uploaded_by=citizen)
    before_code(dossier)
    day, label = timezone.localtime(dossier.submitted_at).date(), actor_label or applicant.name
    described = [stored.described() for stored in files]
    payload = {"channel": channel, "files": described}
    one_statement = receipt_sql_applies() and receipt_record(
        dossier=dossier, officer=None, day=day, kind=EventKind.SUBMITTED, actor_label=label, payload=payload
    )
    if one_statement:
        return dossier  # the code, event, chain head and outbox rows in one statement (eventlog/receipt_sql.py)
    dossier.code = dossier_code_issue(agency=agency, day=day)
    record_event(dossier=dossier, kind=EventKind.SUBMITTED, actor_label=label, status_before="", also_save=["code"],
                 payload=submitted_payload(dossier, files=described))  # fmt: skip
    return dossier


def submission_build(*, agency: Agency, version: ProcedureVersion, channel: str, applicant: Applicant,
                     form_data: dict[str, Any], result_delivery: str, summary: str, citizen=None,
                     now) -> Dossier:  # fmt: skip
    """An online submission's dossier, unsaved and without its code, once its channel and form pass: what
    `dossier_submit_online` stores, and a connected system's batch of creates (`batch_intake`) too."""
    if channel not in ONLINE_CHANNELS:
        raise DossierError(DossierError.NOT_PERMITTED, _("Kênh nộp không phải kênh trực tuyến."))
    if errors := form_errors(version=version, form_data=form_data):
        raise DossierError(DossierError.INVALID_FORM_DATA, _("Tờ khai chưa hợp lệ."), errors=errors)
    return Dossier(
        agency=agency, procedure_version=version, channel=channel, status=Status.SUBMITTED, form_data=form_data,
        result_delivery=result_delivery, summary=summary or version.name, submitted_at=now, citizen=citizen,
        **applicant.as_fields(),
    )  # fmt: skip


def submitted_payload(dossier: Dossier, *, files: list[dict[str, Any]]) -> dict[str, Any]:
    """The SUBMITTED event's payload, once the dossier has its code."""
    return {"channel": dossier.channel, "code": dossier.code, "files": files}


def receive_check(*, officer, dossier: Dossier, documents_present: set[int], held=None,
                  form_checked: bool = False) -> None:  # fmt: skip
    """`dossier_receive_submitted`'s rules (a batch passes the officer's grants read once, as `held`). A batch that
    has just built the submission with `submission_build` passes `form_checked`: its form passed the same schema a
    moment before, unchanged, so the receipt takes that answer instead of validating it again."""
    require_role(officer, dossier.agency, [Role.RECEIVER], held=held)
    require_status(dossier, [Status.SUBMITTED], action=_("tiếp nhận"))
    _check_complete(version=dossier.procedure_version, form_data=dossier.form_data, documents_present=documents_present,
                    form_checked=form_checked)  # fmt: skip


def receive_apply(dossier: Dossier, *, officer, now, due: Computed | None = None) -> Computed:
    """The receipt's change to a submitted dossier (appointment, status); the code, if it has none, comes later."""
    return _set_receipt(dossier, officer=officer, now=now, due=due)


def received_payload(dossier: Dossier, *, due: Computed, documents_present: set[int]) -> dict[str, Any]:
    """The RECEIVED event's payload for an online submission received, once the dossier has its code."""
    return {"code": dossier.code, "due_at": due.instant, "due_explanation": list(due.explanation),
            "documents_present": sorted(documents_present)}  # fmt: skip


@transaction.atomic
def dossier_receive_submitted(*, officer, dossier: Dossier, documents_present: set[int]) -> Dossier:
    """The desk accepts an online submission as complete: it gets its appointment now (its code it has had since
    submission; one submitted before codes were issued online gets it here)."""
    dossier = dossier_lock(dossier)
    receive_check(officer=officer, dossier=dossier, documents_present=documents_present)
    now = timezone.now()
    due = receive_apply(dossier, officer=officer, now=now)
    dossier.save()
    if not dossier.code:  # one submitted before codes were issued online gets it here
        _issue_code(dossier, now=now, due=due)
    payload = received_payload(dossier, due=due, documents_present=documents_present)
    record_event(dossier=dossier, kind=EventKind.RECEIVED, actor=officer, status_before=Status.SUBMITTED,
                 also_save=["code"], payload=payload)  # fmt: skip
    return dossier
