"""Writes of the catalogue: the one path for bulk content, used by the XLSX import and the demo builder.

`catalogue_import` validates everything before it writes anything, then upserts in bulk inside one transaction:
fields by code, procedures by national code, versions by (national code, announcing decision). The children of an
imported version become exactly those given, but rows are matched (documents and steps by position, authorities
and fees by order) and updated in place rather than deleted and re-created, so their ids stay stable for dossiers
that point at them and a second import of the same data writes nothing. Versions missing from the data are never
deleted: a dossier keeps the version it was received under.
"""

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from lienthong.catalogue.constants import StepAction, TimeUnit
from lienthong.catalogue.models import (
    CompetentAuthority,
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
)
from lienthong.catalogue.selectors import catalogue_field_list, catalogue_version_list_for_export
from lienthong.catalogue.validation import check_form_schema
from lienthong.org.models import Agency

KINDS = ("fields", "procedures", "versions", "authorities", "documents", "fees", "steps")
CHILD_MODELS: dict[str, type[models.Model]] = {
    "authorities": CompetentAuthority,
    "documents": RequiredDocument,
    "fees": Fee,
    "steps": ProcessStep,
}
# Model fields carried by each kind of row; `field_code` and `agency_code` are references resolved separately.
FIELD_KEYS = ("code", "name")
VERSION_KEYS = (
    "decision",
    "decision_date",
    "effective_from",
    "is_current",
    "name",
    "time_limit_value",
    "time_limit_unit",
    "time_limit_note",
    "time_limit_verified",
    "result_type",
    "online_level",
    "legal_basis",
    "submission_methods",
    "applicant_types",
    "form_schema",
)
CHILD_KEYS = {
    "authorities": ("level", "agency_kind"),
    "documents": ("position", "code", "name", "copy_kind", "quantity", "is_mandatory", "template_name", "note"),
    "fees": ("name", "amount", "description", "verified"),
    "steps": ("position", "name", "level", "agency_kind", "role", "actions", "quota_hours", "parallel_group"),
}
CHILDREN_WITH_AGENCY = ("authorities", "steps")
CODE = Field._meta.get_field("code")
CHILDREN_BY_POSITION = ("documents", "steps")


@dataclasses.dataclass(frozen=True)
class CatalogueError:
    """One problem in the data: where (`procedures[3].steps[2]`, or `ThuTuc!H7` once mapped to a sheet), in which
    column (the data key, or the column title once mapped) and what is wrong, in Vietnamese."""

    location: str
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.location} ({self.column}): {self.message}" if self.column else f"{self.location}: {self.message}"


class CatalogueImportError(Exception):
    """Every problem found in the data; raised before anything is written."""

    def __init__(self, errors: Iterable[CatalogueError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


def _zero_counts() -> dict[str, int]:
    return dict.fromkeys(KINDS, 0)


@dataclasses.dataclass
class ImportReport:
    """Rows created, updated, deleted (children only) and left unchanged, per kind (see KINDS)."""

    created: dict[str, int] = dataclasses.field(default_factory=_zero_counts)
    updated: dict[str, int] = dataclasses.field(default_factory=_zero_counts)
    deleted: dict[str, int] = dataclasses.field(default_factory=_zero_counts)
    unchanged: dict[str, int] = dataclasses.field(default_factory=_zero_counts)

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values()) or any(self.deleted.values())

    def summary(self) -> list[str]:
        """One Vietnamese line per kind, for the CLI and the admin."""
        labels = {"fields": Field, "procedures": Procedure, "versions": ProcedureVersion, **CHILD_MODELS}
        return [
            _("%(kind)s: thêm %(created)d, cập nhật %(updated)d, xóa %(deleted)d, giữ nguyên %(unchanged)d")
            % {
                "kind": str(labels[kind]._meta.verbose_name_plural).capitalize(),
                "created": self.created[kind],
                "updated": self.updated[kind],
                "deleted": self.deleted[kind],
                "unchanged": self.unchanged[kind],
            }
            for kind in KINDS
        ]


# ---------------------------------------------------------------------------------------------------------------
# Validation: every value is checked against its model field, so limits and choices never drift from the schema.


class _InvalidValueError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _clean_text(model_field: models.Field, value: Any) -> str:
    if not isinstance(value, str):
        raise _InvalidValueError(_("Phải là chuỗi ký tự."))
    if value == "" and not model_field.blank:
        raise _InvalidValueError(_("Thiếu giá trị bắt buộc."))
    if model_field.max_length and len(value) > model_field.max_length:
        raise _InvalidValueError(_("Dài quá %(max)d ký tự.") % {"max": model_field.max_length})
    allowed = [str(choice) for choice, _label in model_field.choices or []]
    if allowed and value not in allowed and value != "":
        raise _InvalidValueError(
            _("Giá trị “%(value)s” không hợp lệ; chọn một trong: %(allowed)s.")
            % {"value": value, "allowed": ", ".join(allowed)}
        )
    return value


def _clean_bool(model_field: models.Field, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _InvalidValueError(_("Phải là giá trị đúng/sai."))
    return value


def _clean_date(model_field: models.Field, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _InvalidValueError(_("Ngày không hợp lệ.")) from None


def _clean_decimal(model_field: models.Field, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | str):
        raise _InvalidValueError(_("Phải là một số."))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise _InvalidValueError(_("Phải là một số.")) from None
    if not number.is_finite():
        raise _InvalidValueError(_("Phải là một số."))
    if number < 0:
        raise _InvalidValueError(_("Không được là số âm."))
    places = model_field.decimal_places
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise _InvalidValueError(_("Tối đa %(places)d chữ số thập phân.") % {"places": places})
    if number >= Decimal(10) ** (model_field.max_digits - places):
        raise _InvalidValueError(_("Số quá lớn."))
    return number


def _clean_int(model_field: models.Field, value: Any) -> int:
    whole_float = isinstance(value, float) and value.is_integer()
    if whole_float or (isinstance(value, str) and value.strip().lstrip("-").isdigit()):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _InvalidValueError(_("Phải là số nguyên."))
    if value < 0:
        raise _InvalidValueError(_("Không được là số âm."))
    maximum = 32767 if isinstance(model_field, models.PositiveSmallIntegerField) else 2**63 - 1
    if value > maximum:
        raise _InvalidValueError(_("Số quá lớn."))
    return value


def _clean_json(model_field: models.Field, value: Any) -> Any:
    if model_field.name == "form_schema":
        messages = check_form_schema(value)
        if messages:
            raise _InvalidValueError(" ".join(messages))
        return value
    # actions of a step
    if not isinstance(value, list) or not all(isinstance(action, str) for action in value):
        raise _InvalidValueError(_("Phải là danh sách mã thao tác."))
    unknown = sorted(set(value) - set(StepAction.values))
    if unknown:
        raise _InvalidValueError(
            _("Thao tác không hợp lệ: %(a)s; chọn trong: %(allowed)s.")
            % {"a": ", ".join(unknown), "allowed": ", ".join(StepAction.values)}
        )
    if len(set(value)) != len(value):
        raise _InvalidValueError(_("Thao tác bị lặp."))
    return value


_CLEANERS: list[tuple[type[models.Field], Callable[[models.Field, Any], Any]]] = [
    (models.BooleanField, _clean_bool),
    (models.DateField, _clean_date),
    (models.DecimalField, _clean_decimal),
    (models.IntegerField, _clean_int),
    (models.JSONField, _clean_json),
    (models.CharField, _clean_text),
    (models.TextField, _clean_text),
]


def _clean_value(model_field: models.Field, value: Any) -> Any:
    is_text = isinstance(model_field, models.CharField | models.TextField)
    if value is None and is_text and model_field.blank:
        return ""
    if value is None or (value == "" and not is_text):
        if model_field.null:
            return None
        if isinstance(model_field, models.JSONField):
            return model_field.get_default()
        raise _InvalidValueError(_("Thiếu giá trị bắt buộc."))
    cleaner = next(clean for kind, clean in _CLEANERS if isinstance(model_field, kind))
    return cleaner(model_field, value)


class _Checker:
    """Collects every error with its location while producing a cleaned copy of the data."""

    def __init__(self) -> None:
        self.errors: list[CatalogueError] = []

    def add(self, location: str, column: str, message: str) -> None:
        self.errors.append(CatalogueError(location, column, message))

    def row(self, location: str, raw: Any, model: type[models.Model], keys: tuple[str, ...], refs=()) -> dict | None:
        """Clean the `keys` of one row; a missing key takes the model's default, an unknown key is an error."""
        if not isinstance(raw, dict):
            self.add(location, "", _("Phải là một đối tượng (dict)."))
            return None
        for unknown in sorted(set(raw) - set(keys) - set(refs)):
            self.add(location, unknown, _("Trường không được hỗ trợ."))
        cleaned = {ref: raw.get(ref) for ref in refs}
        for key in keys:
            model_field = model._meta.get_field(key)
            value = raw[key] if key in raw else _missing_default(model_field)
            try:
                cleaned[key] = _clean_value(model_field, value)
            except _InvalidValueError as exc:
                self.add(location, key, exc.message)
        return cleaned

    def rows(self, location: str, raw: Any) -> list:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.add(location, "", _("Phải là một danh sách."))
            return []
        return raw


def _missing_default(model_field: models.Field) -> Any:
    if model_field.has_default():
        return model_field.get_default()
    return "" if model_field.blank and not model_field.null else None


@dataclasses.dataclass
class _Plan:
    """Validated data and what the database already holds for it, shared by validation and writing."""

    fields: list[dict]
    versions: list[dict]  # one per procedure version, children cleaned in place
    known_fields: dict[str, Field]
    agencies: dict[str, Agency]


def _check_fields(checker: _Checker, raw_fields: list) -> list[dict]:
    fields, seen = [], set()
    for index, raw in enumerate(raw_fields):
        location = f"fields[{index}]"
        row = checker.row(location, raw, Field, FIELD_KEYS)
        if row is None:
            continue
        if row.get("code") and row["code"] in seen:
            checker.add(location, "code", _("Mã lĩnh vực bị trùng."))
            continue
        seen.add(row.get("code"))
        fields.append(row)
    return fields


def _check_version(checker: _Checker, location: str, raw: Any) -> dict | None:
    refs = ("national_code", "field_code", *CHILD_MODELS)
    row = checker.row(location, raw, ProcedureVersion, VERSION_KEYS, refs=refs)
    if row is None:
        return None
    for key, model_field in (("national_code", Procedure._meta.get_field("national_code")), ("field_code", CODE)):
        try:
            row[key] = _clean_value(model_field, row[key])
        except _InvalidValueError as exc:
            checker.add(location, key, exc.message)
            row[key] = None
    unit, value = row.get("time_limit_unit"), row.get("time_limit_value", "invalid")
    if unit and unit != TimeUnit.IMMEDIATE and value is None:
        checker.add(location, "time_limit_value", _("Cần nhập thời hạn giải quyết."))
    for kind, model in CHILD_MODELS.items():
        row[kind] = _check_children(checker, f"{location}.{kind}", row[kind], kind, model)
    return row


def _check_children(checker: _Checker, location: str, raw: Any, kind: str, model: type[models.Model]) -> list[dict]:
    children, positions = [], set()
    refs = ("agency_code",) if kind in CHILDREN_WITH_AGENCY else ()
    for index, raw_child in enumerate(checker.rows(location, raw)):
        child_location = f"{location}[{index}]"
        child = checker.row(child_location, raw_child, model, CHILD_KEYS[kind], refs=refs)
        if child is None:
            continue
        child["_location"] = child_location
        if kind in CHILDREN_BY_POSITION and child.get("position") is not None:
            if child["position"] in positions:
                message = _("Thứ tự %(p)s bị trùng trong cùng phiên bản.") % {"p": child["position"]}
                checker.add(child_location, "position", message)
            positions.add(child["position"])
        if refs:
            _check_actor(checker, child_location, child)
        children.append(child)
    return children


def _check_actor(checker: _Checker, location: str, child: dict) -> None:
    code = child["agency_code"]
    if code is not None and not isinstance(code, str):
        checker.add(location, "agency_code", _("Phải là chuỗi ký tự."))
        child["agency_code"] = None
        return
    child["agency_code"] = code = (code or "").strip() or None
    if code and child.get("agency_kind"):
        checker.add(location, "agency_kind", _("Chỉ ghi mã cơ quan hoặc loại cơ quan, không ghi cả hai."))
    elif not code and child.get("agency_kind") == "":
        checker.add(location, "agency_code", _("Cần ghi mã cơ quan hoặc loại cơ quan."))


def _check_versions(checker: _Checker, raw_versions: list) -> list[dict]:
    versions, seen, field_of, current_of = [], set(), {}, {}
    for index, raw in enumerate(raw_versions):
        location = f"procedures[{index}]"
        row = _check_version(checker, location, raw)
        if row is None:
            continue
        row["_location"] = location
        code, key = row["national_code"], (row["national_code"], row.get("decision"))
        if code is not None and key in seen:
            message = _("Thủ tục %(code)s đã có phiên bản theo quyết định này ở trên.") % {"code": code}
            checker.add(location, "decision", message)
            continue
        seen.add(key)
        if code is not None and field_of.setdefault(code, row["field_code"]) != row["field_code"]:
            checker.add(location, "field_code", _("Các phiên bản của cùng một thủ tục phải thuộc cùng một lĩnh vực."))
        if code is not None and row.get("is_current") and current_of.setdefault(code, location) != location:
            checker.add(location, "is_current", _("Một thủ tục chỉ có một phiên bản đang áp dụng."))
        versions.append(row)
    return versions


def _check_references(checker: _Checker, plan: _Plan) -> None:
    importing = {row.get("code") for row in plan.fields}
    for row in plan.versions:
        code = row["field_code"]
        if code and code not in importing and code not in plan.known_fields:
            message = _("Mã lĩnh vực “%(code)s” không có trong danh mục.") % {"code": code}
            checker.add(row["_location"], "field_code", message)
        for kind in CHILDREN_WITH_AGENCY:
            for child in row[kind]:
                code = child.get("agency_code")
                if code and code not in plan.agencies:
                    message = _("Mã cơ quan “%(code)s” không tồn tại.") % {"code": code}
                    checker.add(child["_location"], "agency_code", message)


def _plan(data: Any) -> _Plan:
    checker = _Checker()
    if not isinstance(data, dict):
        raise CatalogueImportError([CatalogueError("data", "", _("Phải là một đối tượng (dict)."))])
    for unknown in sorted(set(data) - {"fields", "procedures"}):
        checker.add("data", unknown, _("Trường không được hỗ trợ."))
    fields = _check_fields(checker, checker.rows("fields", data.get("fields")))
    versions = _check_versions(checker, checker.rows("procedures", data.get("procedures")))
    field_codes = {row.get("code") for row in fields} | {row["field_code"] for row in versions}
    agency_codes = {child["agency_code"] for row in versions for kind in CHILDREN_WITH_AGENCY for child in row[kind]}
    plan = _Plan(
        fields=fields,
        versions=versions,
        known_fields={f.code: f for f in Field.objects.filter(code__in=field_codes - {None})},
        agencies={a.identifier_code: a for a in Agency.objects.filter(identifier_code__in=agency_codes - {None})},
    )
    _check_references(checker, plan)
    if checker.errors:
        raise CatalogueImportError(checker.errors)
    return plan


def catalogue_validate(*, data: dict) -> list[CatalogueError]:
    """Every problem `catalogue_import` would refuse the data for; writes nothing."""
    try:
        _plan(data)
    except CatalogueImportError as exc:
        return exc.errors
    return []


# ---------------------------------------------------------------------------------------------------------------
# Writing: a few bulk statements per table whatever the size of the catalogue.


def _diff(obj: models.Model, values: dict) -> list[str]:
    return [key for key, value in values.items() if getattr(obj, key) != value]


def _apply(model, report: ImportReport, kind: str, pairs: list[tuple[models.Model | None, dict]]) -> list:
    """Create the rows without a match, update the matched ones that differ; objects in the order given."""
    created, updated, changed, objects = [], [], set(), []
    for obj, values in pairs:
        if obj is None:
            obj = model(**values)
            created.append(obj)
        elif diff := _diff(obj, values):
            for key in diff:
                setattr(obj, key, values[key])
            updated.append(obj)
            changed.update(model._meta.get_field(key).name for key in diff)
        objects.append(obj)
    model.objects.bulk_create(created)
    if updated:
        model.objects.bulk_update(updated, sorted(changed))
    report.created[kind] += len(created)
    report.updated[kind] += len(updated)
    report.unchanged[kind] += len(pairs) - len(created) - len(updated)
    return objects


def _write_fields(plan: _Plan, report: ImportReport) -> dict[str, Field]:
    pairs = [(plan.known_fields.get(row["code"]), {"code": row["code"], "name": row["name"]}) for row in plan.fields]
    written = _apply(Field, report, "fields", pairs)
    return {**plan.known_fields, **{f.code: f for f in written}}


def _write_procedures(plan: _Plan, fields: dict[str, Field], report: ImportReport) -> dict[str, Procedure]:
    wanted = {row["national_code"]: fields[row["field_code"]].pk for row in plan.versions}
    existing = {p.national_code: p for p in Procedure.objects.filter(national_code__in=wanted)}
    pairs = [(existing.get(code), {"national_code": code, "field_id": field_id}) for code, field_id in wanted.items()]
    return {p.national_code: p for p in _apply(Procedure, report, "procedures", pairs)}


def _demote_replaced_versions(plan: _Plan, procedures: dict[str, Procedure], existing: list[ProcedureVersion]) -> None:
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


def _write_versions(plan: _Plan, procedures: dict[str, Procedure], report: ImportReport) -> list[ProcedureVersion]:
    existing = list(ProcedureVersion.objects.filter(procedure__in=[p.pk for p in procedures.values()]))
    _demote_replaced_versions(plan, procedures, existing)
    by_key = {(v.procedure_id, v.decision): v for v in existing}
    pairs = []
    for row in plan.versions:
        values = {key: row[key] for key in VERSION_KEYS} | {"procedure_id": procedures[row["national_code"]].pk}
        pairs.append((by_key.get((values["procedure_id"], row["decision"])), values))
    return _apply(ProcedureVersion, report, "versions", pairs)


def _child_values(kind: str, version: ProcedureVersion, child: dict, agencies: dict[str, Agency]) -> dict:
    values = {key: child[key] for key in CHILD_KEYS[kind]} | {"version_id": version.pk}
    if kind in CHILDREN_WITH_AGENCY:
        code = child["agency_code"]
        values["agency_id"] = agencies[code].pk if code else None
    return values


def _write_children(plan: _Plan, versions: list[ProcedureVersion], kind: str, report: ImportReport) -> None:
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
        model.objects.filter(pk__in=[obj.pk for obj in stale]).delete()
    report.deleted[kind] += len(stale)
    _apply(model, report, kind, pairs)


@transaction.atomic
def catalogue_import(*, data: dict) -> ImportReport:
    """Validate the whole catalogue, then upsert it in bulk; any error and nothing is written (idempotent)."""
    plan = _plan(data)
    report = ImportReport()
    fields = _write_fields(plan, report)
    procedures = _write_procedures(plan, fields, report)
    versions = _write_versions(plan, procedures, report)
    for kind in CHILD_MODELS:
        _write_children(plan, versions, kind, report)
    return report


# ---------------------------------------------------------------------------------------------------------------
# Export: the same structure `catalogue_import` takes, so export → import is lossless.


def _export_child(kind: str, child: models.Model) -> dict:
    row = {key: getattr(child, key) for key in CHILD_KEYS[kind]}
    if kind in CHILDREN_WITH_AGENCY:
        row["agency_code"] = child.agency.identifier_code if child.agency_id else None
    return row


def _export_version(version: ProcedureVersion) -> dict:
    row: dict[str, Any] = {
        "national_code": version.procedure.national_code,
        "field_code": version.procedure.field.code,
    }
    row |= {key: getattr(version, key) for key in VERSION_KEYS}
    for kind in CHILD_MODELS:
        row[kind] = [_export_child(kind, child) for child in getattr(version, kind).all()]
    return row


def catalogue_export_data() -> dict:
    """The whole catalogue as plain data (dates, Decimals, ints, dicts), ready for `catalogue_import` or XLSX."""
    return {
        "fields": [{"code": f.code, "name": f.name} for f in catalogue_field_list()],
        "procedures": [_export_version(version) for version in catalogue_version_list_for_export()],
    }
