"""Agencies, the bodies that receive and decide dossiers, keyed by their QCVN 102 identifier code. A batch may hold
an agency and its parent together, so the upsert writes in passes, parents first."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from lienthong.core.bulk import bulk_upsert
from lienthong.org.constants import AgencyKind, Level
from lienthong.org.models import AdministrativeUnit, Agency
from lienthong.org.services.errors import OrgError
from lienthong.org.services.results import UpsertResult


@dataclass(frozen=True)
class AgencyRow:
    identifier_code: str
    name: str
    kind: str
    level: str
    unit: AdministrativeUnit
    parent_code: str | None = None
    short_name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    is_active: bool = True


@transaction.atomic
def agencies_upsert(*, rows: Iterable[AgencyRow]) -> UpsertResult:
    """Insert or update agencies keyed by their QCVN 102 identifier code; parents may be in the same batch."""
    rows = list(rows)
    codes = {row.identifier_code for row in rows} | {row.parent_code for row in rows if row.parent_code}
    existing = {a.identifier_code: a for a in Agency.objects.filter(identifier_code__in=codes)}
    result = UpsertResult(objects=existing)
    # Parents first: a row whose parent is also new waits for the next pass.
    pending = rows
    while pending:
        ready = [r for r in pending if not r.parent_code or r.parent_code in existing]
        if not ready:
            raise OrgError(
                OrgError.UNKNOWN_PARENT, _("Không tìm thấy cơ quan chủ quản %(c)s.") % {"c": pending[0].parent_code}
            )
        ready_codes = {r.identifier_code for r in ready}
        created, updated = _agencies_write(ready, existing)
        result.created += created
        result.updated += updated
        pending = [r for r in pending if r.identifier_code not in ready_codes]
    return result


def _agencies_write(rows: list[AgencyRow], existing: dict[str, Agency]) -> tuple[int, int]:
    pairs = [
        (existing.get(row.identifier_code), {"identifier_code": row.identifier_code, **_agency_values(row, existing)})
        for row in rows
    ]
    result = bulk_upsert(Agency, pairs)
    existing.update((agency.identifier_code, agency) for agency in result.created)
    return len(result.created), len(result.updated)


def _agency_values(row: AgencyRow, existing: dict[str, Agency]) -> dict:
    return {
        "name": row.name,
        "short_name": row.short_name,
        "kind": row.kind,
        "level": row.level,
        "unit_id": row.unit.pk,
        "parent_id": existing[row.parent_code].pk if row.parent_code else None,
        "email": row.email,
        "phone": row.phone,
        "address": row.address,
        "is_active": row.is_active,
    }


def agency_create(
    *,
    identifier_code: str,
    name: str,
    kind: str,
    level: str,
    unit: AdministrativeUnit,
    parent: Agency | None = None,
    **extra,
) -> Agency:
    """Register an agency under its QCVN 102 identifier code, the prefix of its dossier codes (Circular 01/2018
    art. 26)."""
    row = AgencyRow(
        identifier_code=identifier_code,
        name=name,
        kind=AgencyKind(kind),
        level=Level(level),
        unit=unit,
        parent_code=parent.identifier_code if parent else None,
        **extra,
    )
    return agencies_upsert(rows=[row]).objects[identifier_code]
