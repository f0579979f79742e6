"""`catalogue_export_data`: the database as the same structure `catalogue_import` takes, so export → import is
lossless and the XLSX writer needs no model knowledge."""

from typing import Any

from django.db import models

from lienthong.catalogue.models import ProcedureVersion
from lienthong.catalogue.selectors import catalogue_field_list, catalogue_version_list_for_export
from lienthong.catalogue.services.shape import CHILD_KEYS, CHILD_MODELS, CHILDREN_WITH_AGENCY, VERSION_KEYS


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
