"""The catalogue as a system reads it: procedures in force with their documents and form schema."""

from django.http import HttpRequest, HttpResponse
from ninja import Query, Schema
from pydantic import ConfigDict, Field

from lienthong.catalogue.models import ProcedureVersion
from lienthong.core.api_params import text_path
from lienthong.core.problems import Problem
from lienthong.gateway.api.auth import SystemKey, json_out, operation
from lienthong.gateway.api.router import REFUSALS, router
from lienthong.gateway.api.schemas import DocumentOut, ProcedureOut
from lienthong.gateway.constants import Scope
from lienthong.gateway.selectors import catalogue_version_in_force, catalogue_versions_in_force

PROCEDURE_CODE = text_path(max_length=30, description="National procedure code (MaTTHC), e.g. 1.012753.")


class CatalogueQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    field: str = Field("", max_length=40, description="Only this field's procedures (field code).")


def procedure_out(version: ProcedureVersion) -> ProcedureOut:
    procedure = version.procedure
    return ProcedureOut(
        code=procedure.national_code, name=version.name, field_code=procedure.field.code,
        field_name=procedure.field.name, decision=version.decision,
        time_limit_value=float(version.time_limit_value) if version.time_limit_value is not None else None,
        time_limit_unit=version.time_limit_unit, online_level=version.online_level,
        form_schema=version.form_schema or {},
        documents=[DocumentOut(id=d.pk, position=d.position, code=d.code, name=d.name, copy_kind=d.copy_kind,
                               quantity=d.quantity, is_mandatory=d.is_mandatory) for d in version.documents.all()],
    )  # fmt: skip


@router.get(
    "/catalogue/procedures", auth=SystemKey(Scope.CATALOGUE_READ), response={200: list[ProcedureOut], **REFUSALS},
    operation_id="system_catalogue_list", url_name="system-catalogue-list",
    summary="Procedures in force, with their documents and form schema",
)  # fmt: skip
@operation("system_catalogue_list")
def catalogue_list(request: HttpRequest, query: Query[CatalogueQuery]) -> HttpResponse:
    return json_out([procedure_out(v) for v in catalogue_versions_in_force(field=query.field)])


@router.get(
    "/catalogue/procedures/{code}", auth=SystemKey(Scope.CATALOGUE_READ),
    response={200: ProcedureOut, 404: Problem, **REFUSALS}, operation_id="system_catalogue_get",
    url_name="system-catalogue-get", summary="One procedure in force by its national code",
)  # fmt: skip
@operation("system_catalogue_get")
def catalogue_get(request: HttpRequest, code: str = PROCEDURE_CODE) -> HttpResponse:
    return json_out(procedure_out(catalogue_version_in_force(code=code)))
