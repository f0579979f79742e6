"""`catalogue_import`: the validated plan written in a few bulk statements per table, whatever the catalogue's size.

Fields are upserted by code, procedures by national code, versions by (national code, announcing decision). The
children of an imported version become exactly those given, but rows are matched (documents and steps by position,
authorities and fees by order) and updated in place rather than deleted and re-created, so their ids stay stable
for dossiers that point at them and a second import of the same data writes nothing.
"""

from collections import defaultdict

from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from lienthong.catalogue.models import Field, Procedure, ProcedureVersion
from lienthong.catalogue.services.errors import CatalogueError, CatalogueImportError
from lienthong.catalogue.services.report import ImportReport
from lienthong.catalogue.services.shape import (
    CHILD_KEYS,
    CHILD_MODELS,
    CHILDREN_BY_POSITION,
    CHILDREN_WITH_AGENCY,
    VERSION_KEYS,
)
from lienthong.catalogue.services.validate import Plan, plan_for
from lienthong.core.bulk import bulk_upsert
from lienthong.core.text import fold
from lienthong.org.models import Agency


def _diff(obj: models.Model, values: dict) -> list[str]:
    return [key for key, value in values.items() if getattr(obj, key) != value]


def _apply(model, report: ImportReport, kind: str, pairs: list[tuple[models.Model | None, dict]]) -> list:
    """Upsert and count what happened, for the import report; objects in the order given."""
    result = bulk_upsert(model, pairs)
    report.created[kind] += len(result.created)
    report.updated[kind] += len(result.updated)
    report.unchanged[kind] += len(pairs) - len(result.created) - len(result.updated)
    return result.objects


def _write_fields(plan: Plan, report: ImportReport) -> dict[str, Field]:
    pairs = [(plan.known_fields.get(row["code"]), {"code": row["code"], "name": row["name"]}) for row in plan.fields]
    written = _apply(Field, report, "fields", pairs)
    return {**plan.known_fields, **{f.code: f for f in written}}


def _write_procedures(plan: Plan, fields: dict[str, Field], report: ImportReport) -> dict[str, Procedure]:
    wanted = {row["national_code"]: fields[row["field_code"]].pk for row in plan.versions}
    existing = {p.national_code: p for p in Procedure.objects.filter(national_code__in=wanted)}
    pairs = [(existing.get(code), {"national_code": code, "field_id": field_id}) for code, field_id in wanted.items()]
    return {p.national_code: p for p in _apply(Procedure, report, "procedures", pairs)}


def _demote_replaced_versions(plan: Plan, procedures: dict[str, Procedure], existing: list[ProcedureVersion]) -> None:
    """Clear `is_current` before anything is set, so the one-current-version index never sees two at once."""
    final = {(procedures[row["national_code"]].pk, row["decision"]): row["is_current"] for row in plan.versions}
    has_new_current = {procedure_id for (procedure_id, _decision), current in final.items() if current}
    demoted = [
        version
        for version in existing
        if version.is_current
        and not final.get((version.procedure_id, version.decision), version.procedure_id not in has_new_current)
    ]
    if demoted:
        ProcedureVersion.objects.filter(pk__in=[v.pk for v in demoted]).update(is_current=False)
    for version in demoted:
        version.is_current = False


def _write_versions(plan: Plan, procedures: dict[str, Procedure], report: ImportReport) -> list[ProcedureVersion]:
    existing = list(ProcedureVersion.objects.filter(procedure__in=[p.pk for p in procedures.values()]))
    _demote_replaced_versions(plan, procedures, existing)
    by_key = {(v.procedure_id, v.decision): v for v in existing}
    pairs = []
    for row in plan.versions:
        values = {key: row[key] for key in VERSION_KEYS} | {
            "procedure_id": procedures[row["national_code"]].pk,
            "name_folded": fold(row["name"]),  # bulk writes skip save(), which derives it elsewhere
        }
        pairs.append((by_key.get((values["procedure_id"], row["decision"])), values))
    return _apply(ProcedureVersion, report, "versions", pairs)


def _child_values(kind: str, version: ProcedureVersion, child: dict, agencies: dict[str, Agency]) -> dict:
    values = {key: child[key] for key in CHILD_KEYS[kind]} | {"version_id": version.pk}
    if kind in CHILDREN_WITH_AGENCY:
        code = child["agency_code"]
        values["agency_id"] = agencies[code].pk if code else None
    return values


def _write_children(plan: Plan, versions: list[ProcedureVersion], kind: str, report: ImportReport) -> None:
    """Make each version's children exactly the given ones, reusing rows matched by position or by order."""
    model = CHILD_MODELS[kind]
    by_position = kind in CHILDREN_BY_POSITION
    existing: dict[int, list] = defaultdict(list)
    for obj in model.objects.filter(version__in=[v.pk for v in versions]).order_by("position" if by_position else "id"):
        existing[obj.version_id].append(obj)
    pairs, stale = [], []
    for version, row in zip(versions, plan.versions, strict=True):
        olds = existing.pop(version.pk, [])
        wanted = [_child_values(kind, version, child, plan.agencies) for child in row[kind]]
        if by_position:
            old_at = {obj.position: obj for obj in olds}
            pairs += [(old_at.pop(values["position"], None), values) for values in wanted]
            stale += old_at.values()
        else:
            pairs += [(olds[i] if i < len(olds) else None, values) for i, values in enumerate(wanted)]
            stale += olds[len(wanted) :]
    if stale:
        _delete_unused(model, kind, stale, versions)
    report.deleted[kind] += len(stale)
    _apply(model, report, kind, pairs)


def _delete_unused(model, kind: str, stale: list, versions: list[ProcedureVersion]) -> None:
    """Remove children no longer in the data, unless a dossier uses them: a version in use is history."""
    try:  # the collector raises before any DELETE is sent, so nothing needs undoing
        model.objects.filter(pk__in=[obj.pk for obj in stale]).delete()
    except ProtectedError:
        index = next(i for i, version in enumerate(versions) if version.pk == stale[0].version_id)
        message = _(
            "Phiên bản này đã có hồ sơ sử dụng nên không thể xóa %(kind)s; hãy nhập một phiên bản mới "
            "(quyết định công bố mới) thay vì sửa phiên bản cũ."
        ) % {"kind": CHILD_MODELS[kind]._meta.verbose_name}
        raise CatalogueImportError([CatalogueError(f"procedures[{index}]", kind, message)]) from None


@transaction.atomic
def catalogue_import(*, data: dict) -> ImportReport:
    """Validate the whole catalogue, then upsert it in bulk; any error and nothing is written (idempotent)."""
    plan = plan_for(data)
    report = ImportReport()
    fields = _write_fields(plan, report)
    procedures = _write_procedures(plan, fields, report)
    versions = _write_versions(plan, procedures, report)
    for kind in CHILD_MODELS:
        _write_children(plan, versions, kind, report)
    return report
