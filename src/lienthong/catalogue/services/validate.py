"""The whole catalogue data checked before anything is written, every error kept with its location.

Validation returns a `Plan` — the cleaned rows and what the database already holds for them — so that writing
reuses the lookups instead of repeating them, and `catalogue_validate` can report without writing.
"""

import dataclasses
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from lienthong.catalogue.constants import TimeUnit
from lienthong.catalogue.models import Field, Procedure, ProcedureVersion
from lienthong.catalogue.services.cleaning import InvalidValueError, clean_value
from lienthong.catalogue.services.errors import CatalogueError, CatalogueImportError
from lienthong.catalogue.services.shape import (
    CHILD_KEYS,
    CHILD_MODELS,
    CHILDREN_BY_POSITION,
    CHILDREN_WITH_AGENCY,
    FIELD_KEYS,
    VERSION_KEYS,
)
from lienthong.org.models import Agency

_FIELD_CODE = Field._meta.get_field("code")


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
                cleaned[key] = clean_value(model_field, value)
            except InvalidValueError as exc:
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
class Plan:
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
    for key, model_field in (
        ("national_code", Procedure._meta.get_field("national_code")),
        ("field_code", _FIELD_CODE),
    ):
        try:
            row[key] = clean_value(model_field, row[key])
        except InvalidValueError as exc:
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


def _check_references(checker: _Checker, plan: Plan) -> None:
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


def plan_for(data: Any) -> Plan:
    """The validated plan for `data`, or CatalogueImportError with every problem found."""
    checker = _Checker()
    if not isinstance(data, dict):
        raise CatalogueImportError([CatalogueError("data", "", _("Phải là một đối tượng (dict)."))])
    for unknown in sorted(set(data) - {"fields", "procedures"}):
        checker.add("data", unknown, _("Trường không được hỗ trợ."))
    fields = _check_fields(checker, checker.rows("fields", data.get("fields")))
    versions = _check_versions(checker, checker.rows("procedures", data.get("procedures")))
    field_codes = {row.get("code") for row in fields} | {row["field_code"] for row in versions}
    agency_codes = {child["agency_code"] for row in versions for kind in CHILDREN_WITH_AGENCY for child in row[kind]}
    plan = Plan(
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
        plan_for(data)
    except CatalogueImportError as exc:
        return exc.errors
    return []
