"""A system's dossiers: create, act, attach results, bulk upsert, list by cursor and read."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import File, Query, Schema
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field

from lienthong.core.api_params import text_path
from lienthong.core.problems import Problem
from lienthong.dossiers.constants import Status
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.selectors import national_status_map
from lienthong.dossiers.services import Applicant
from lienthong.gateway.api.auth import SystemKey, dossier_problem, gateway_problem, json_out, operation
from lienthong.gateway.api.router import IDEMPOTENCY_KEY, REFUSALS, router
from lienthong.gateway.api.schemas import (
    EXAMPLE_CODE,
    ActionIn,
    AttachmentOut,
    BulkIn,
    BulkItemOut,
    BulkOut,
    DossierDetailOut,
    DossierIn,
    DossierOut,
    DossierPageOut,
    StepOut,
)
from lienthong.gateway.constants import Scope
from lienthong.gateway.errors import GatewayError
from lienthong.gateway.selectors import system_dossier_get, system_dossier_page, system_dossier_steps
from lienthong.gateway.services.bulk import system_dossiers_upsert
from lienthong.gateway.services.dossiers import (
    Action,
    NewDossier,
    system_dossier_act,
    system_dossier_create,
    system_result_attach,
)

WRITE, READ = SystemKey(Scope.DOSSIERS_WRITE), SystemKey(Scope.DOSSIERS_READ)
DOSSIER_CODE = text_path(max_length=100, description="The dossier's code, e.g. " + EXAMPLE_CODE + ".")


def _out(dossier: Dossier, national: dict[str, int]) -> DossierOut:
    return DossierOut(
        code=dossier.code, external_id=getattr(dossier, "external_id", None),
        procedure=dossier.procedure_version.procedure.national_code, channel=dossier.channel, status=dossier.status,
        national_status=national[dossier.status], applicant_name=dossier.applicant_name, summary=dossier.summary,
        submitted_at=dossier.submitted_at, received_at=dossier.received_at, due_at=dossier.due_at,
        finished_at=dossier.finished_at, returned_at=dossier.returned_at, updated_at=dossier.updated_at,
    )  # fmt: skip


def _detail(request: HttpRequest, code: str) -> DossierDetailOut:
    dossier = system_dossier_get(system=request.auth.system, code=code)
    steps = [
        StepOut(id=s.pk, name=s.name, position=s.position, kind=s.kind, agency_code=s.agency.identifier_code,
                role=s.role, started_at=s.started_at, due_at=s.due_at)
        for s in system_dossier_steps(dossier=dossier)
    ]  # fmt: skip
    return DossierDetailOut(**_out(dossier, national_status_map()).model_dump(), active_steps=steps)


def _new(body: DossierIn) -> NewDossier:
    return NewDossier(external_id=body.external_id, procedure_code=body.procedure,
                      applicant=Applicant(**body.applicant.model_dump()), form_data=body.form_data,
                      summary=body.summary, result_delivery=body.result_delivery)  # fmt: skip


def _action(body: ActionIn) -> Action:
    return Action(kind=body.action, note=body.note, reason=body.reason, missing=tuple(body.missing),
                  documents_present=body.documents_present, approve=body.approve, step_id=body.step_id,
                  delivery=body.delivery)  # fmt: skip


@router.post(
    "/dossiers", auth=WRITE, response={201: DossierDetailOut, 404: Problem, 409: Problem, 422: Problem, **REFUSALS},
    operation_id="system_dossier_create", url_name="system-dossiers",
    summary="Create a dossier received through the system (status submitted, with its code)",
)  # fmt: skip
@operation("system_dossier_create", idempotent=True)
def dossier_create(request: HttpRequest, body: DossierIn, idempotency_key: str = IDEMPOTENCY_KEY) -> HttpResponse:
    link = system_dossier_create(system=request.auth.system, new=_new(body))
    return json_out(_detail(request, link.dossier.code), status=201)


class ListQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    cursor: str = Field("", max_length=200, description="`next_cursor` of the previous page; empty for the first.")
    limit: int = Field(100, ge=1, le=500)
    status: Status | None = None
    updated_since: dt.datetime | None = Field(None, description="ISO 8601 with offset.")
    procedure: str = Field("", max_length=30, description="National procedure code.")


@router.get(
    "/dossiers", auth=READ, response={200: DossierPageOut, 422: Problem, **REFUSALS},
    operation_id="system_dossier_list", url_name="system-dossiers",
    summary="The agency's dossiers in (updated_at, id) order, a page at a time",
)  # fmt: skip
@operation("system_dossier_list")
def dossier_list(request: HttpRequest, query: Query[ListQuery]) -> HttpResponse:
    page = system_dossier_page(system=request.auth.system, cursor=query.cursor, limit=query.limit,
                               status=query.status or "", updated_since=query.updated_since,
                               procedure=query.procedure)  # fmt: skip
    national = national_status_map()
    return json_out(DossierPageOut(items=[_out(d, national) for d in page.items], next_cursor=page.next_cursor))


@router.post(
    "/dossiers/bulk", auth=WRITE, response={200: BulkOut, 422: Problem, **REFUSALS},
    operation_id="system_dossier_bulk_upsert", url_name="system-dossiers-bulk",
    summary="Create or bring up to date many dossiers by the system's own ids (backfills)",
)  # fmt: skip
@operation("system_dossier_bulk_upsert", idempotent=True)
def dossier_bulk(request: HttpRequest, body: BulkIn, idempotency_key: str = IDEMPOTENCY_KEY) -> HttpResponse:
    items = [(_new(item), [_action(a) for a in item.actions]) for item in body.items]
    outcomes = system_dossiers_upsert(system=request.auth.system, items=items)
    out = []
    for outcome in outcomes:
        if outcome.error is not None:
            problem = (gateway_problem if isinstance(outcome.error, GatewayError) else dossier_problem)(
                request, outcome.error
            )
            out.append(BulkItemOut(external_id=outcome.external_id, outcome="failed",
                                   problem=Problem.model_validate_json(problem.content)))  # fmt: skip
            continue
        kind = "created" if outcome.created else "updated" if outcome.applied else "unchanged"
        dossier = outcome.link.dossier  # current: the upsert kept the dossier its last action answered
        out.append(BulkItemOut(external_id=outcome.external_id, outcome=kind, code=dossier.code,
                               status=dossier.status, actions_applied=outcome.applied))  # fmt: skip
    return json_out(BulkOut(items=out))


@router.get(
    "/dossiers/{code}", auth=READ, response={200: DossierDetailOut, 404: Problem, **REFUSALS},
    operation_id="system_dossier_get", url_name="system-dossier", summary="One dossier of the agency, by its code",
)  # fmt: skip
@operation("system_dossier_get")
def dossier_get(request: HttpRequest, code: str = DOSSIER_CODE) -> HttpResponse:
    return json_out(_detail(request, code))


@router.post(
    "/dossiers/{code}/actions", auth=WRITE,
    response={200: DossierDetailOut, 404: Problem, 409: Problem, 422: Problem, **REFUSALS},
    operation_id="system_dossier_act", url_name="system-dossier-actions",
    summary="Report progress: one action, applied through the lifecycle service it names",
)  # fmt: skip
@operation("system_dossier_act", idempotent=True)
def dossier_act(
    request: HttpRequest, body: ActionIn, code: str = DOSSIER_CODE, idempotency_key: str = IDEMPOTENCY_KEY
) -> HttpResponse:
    dossier = system_dossier_get(system=request.auth.system, code=code)
    system_dossier_act(system=request.auth.system, dossier=dossier, action=_action(body))
    return json_out(_detail(request, code))


@router.post(
    "/dossiers/{code}/results", auth=WRITE,
    response={201: AttachmentOut, 404: Problem, 409: Problem, 422: Problem, **REFUSALS},
    operation_id="system_dossier_result_attach", url_name="system-dossier-results",
    summary="Attach an electronic result (PDF, JPEG, PNG or TIFF, checked by content)",
)  # fmt: skip
@operation("system_dossier_result_attach", idempotent=True)
def dossier_result(request: HttpRequest, file: File[UploadedFile], code: str = DOSSIER_CODE,
                   idempotency_key: str = IDEMPOTENCY_KEY) -> HttpResponse:  # fmt: skip
    dossier = system_dossier_get(system=request.auth.system, code=code)
    attachment = system_result_attach(system=request.auth.system, dossier=dossier, upload=file)
    return json_out(AttachmentOut(id=attachment.pk, name=attachment.original_name,
                                  content_type=attachment.content_type, size=attachment.size,
                                  sha256=attachment.sha256), status=201)  # fmt: skip
