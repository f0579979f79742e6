"""Administrative units and their history: the bulk upsert keyed by (level, code, valid_from), the import of the
units in force since the 2025 reform from the `vietnam-provinces` package, and the succession links from dissolved
units to the units that took over their territory. Units are kept apart from agencies because they are periods of
territory, not bodies of people: a unit is never edited into another, it ends and is succeeded."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from vietnam_provinces import Province, Ward
from vietnam_provinces.base import VietNamDivisionType

from lienthong.core.bulk import bulk_upsert
from lienthong.core.text import fold
from lienthong.org.constants import Level, UnitKind
from lienthong.org.models import AdministrativeUnit
from lienthong.org.services.errors import OrgError
from lienthong.org.services.results import UpsertResult

# Law 72/2025/QH15 (two-level local government) and Resolution 202/2025/QH15 took effect on this day.
REFORM_2025 = dt.date(2025, 7, 1)

_PACKAGE_KINDS = {
    VietNamDivisionType.TINH: UnitKind.PROVINCE,
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: UnitKind.CITY,
    VietNamDivisionType.XA: UnitKind.COMMUNE,
    VietNamDivisionType.PHUONG: UnitKind.WARD,
    VietNamDivisionType.DAC_KHU: UnitKind.SPECIAL_ZONE,
}
# GSO codes are fixed-width by level: 01 (province), 001 (district), 00001 (commune).
_CODE_WIDTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}

UnitKey = tuple[str, str, dt.date]


def unit_code(*, level: str, number: int | str) -> str:
    """The GSO code of a unit, zero-padded to its level's width (Đồng Nai is "75", Phường Biên Hòa "26068")."""
    return str(number).zfill(_CODE_WIDTH[level])


@dataclass(frozen=True)
class UnitRow:
    """One unit as it stood in one period; `parent_key` is the (level, code, valid_from) of its parent."""

    level: str
    code: str
    name: str
    kind: str
    valid_from: dt.date
    valid_to: dt.date | None = None
    parent_key: UnitKey | None = None

    @property
    def key(self) -> UnitKey:
        return (self.level, self.code, self.valid_from)


# ---------------------------------------------------------------------------------------------------------------
# The units in force since 1/7/2025, from the `vietnam-provinces` package.


def _province_name(province: Province) -> str:
    # The package names centrally-run cities in full ("Thành phố Hà Nội") and provinces bare ("Đồng Nai").
    if province.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG:
        return province.name
    return f"Tỉnh {province.name}"


def unit_rows_from_package(*, province_codes: Sequence[int] | None = None, valid_from: dt.date = REFORM_2025):
    """The provinces and communes of the `vietnam-provinces` package as unit rows, provinces first."""
    wanted = set(province_codes) if province_codes is not None else None
    provinces = [p for p in Province.iter_all() if wanted is None or int(p.code) in wanted]
    rows = [_province_row(province, valid_from) for province in sorted(provinces, key=lambda p: int(p.code))]
    province_keys = {
        int(p.code): (Level.PROVINCE, unit_code(level=Level.PROVINCE, number=int(p.code))) for p in provinces
    }
    for ward in sorted(Ward.iter_all(), key=lambda w: int(w.code)):
        parent = province_keys.get(int(ward.province_code))
        if parent is not None:
            rows.append(_ward_row(ward, parent_key=(*parent, valid_from), valid_from=valid_from))
    return rows


def _province_row(province: Province, valid_from: dt.date) -> UnitRow:
    return UnitRow(
        level=Level.PROVINCE,
        code=unit_code(level=Level.PROVINCE, number=int(province.code)),
        name=_province_name(province),
        kind=_PACKAGE_KINDS[province.division_type],
        valid_from=valid_from,
    )


def _ward_row(ward: Ward, *, parent_key: UnitKey, valid_from: dt.date) -> UnitRow:
    return UnitRow(
        level=Level.COMMUNE,
        code=unit_code(level=Level.COMMUNE, number=int(ward.code)),
        name=ward.name,
        kind=_PACKAGE_KINDS[ward.division_type],
        valid_from=valid_from,
        parent_key=parent_key,
    )


def units_import_from_package(*, province_codes: list[int] | None = None, valid_from: dt.date = REFORM_2025) -> int:
    """Load the 34 provinces and 3,321 communes in force since 1/7/2025 (Resolution 202/2025/QH15) from the
    `vietnam-provinces` package; returns how many rows were written (0 when the database already matches)."""
    return units_upsert(rows=unit_rows_from_package(province_codes=province_codes, valid_from=valid_from)).written


# ---------------------------------------------------------------------------------------------------------------
# The bulk upsert.


@transaction.atomic
def units_upsert(*, rows: Iterable[UnitRow]) -> UpsertResult:
    """Insert or update units keyed by (level, code, valid_from); parents must come before their children."""
    rows = list(rows)
    keys = {row.key for row in rows} | {row.parent_key for row in rows if row.parent_key}
    existing = _units_by_key(keys)
    result = UpsertResult(objects=existing)
    # Parents are written level by level so their ids exist before a child points at them.
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        created, updated = _units_write([row for row in rows if row.level == level], existing)
        result.created += created
        result.updated += updated
    if any(unit.pk is None for unit in existing.values()):
        # Backends that do not return ids from bulk inserts (none we support today) would land here.
        existing.update(_units_by_key(keys))
    return result


def _units_write(rows: list[UnitRow], existing: dict[UnitKey, AdministrativeUnit]) -> tuple[int, int]:
    """Create or update one level's units; new ones join `existing` so the next level's children find them."""
    pairs = [(existing.get(row.key), _unit_key_values(row) | _unit_values(row, existing)) for row in rows]
    result = bulk_upsert(AdministrativeUnit, pairs)
    existing.update(((unit.level, unit.code, unit.valid_from), unit) for unit in result.created)
    return len(result.created), len(result.updated)


def _unit_key_values(row: UnitRow) -> dict:
    return {"level": row.level, "code": row.code, "valid_from": row.valid_from}


def _unit_values(row: UnitRow, existing: dict[UnitKey, AdministrativeUnit]) -> dict:
    parent = None
    if row.parent_key:
        parent = existing.get(row.parent_key)
        if parent is None:
            raise OrgError(OrgError.UNKNOWN_PARENT, _("Không tìm thấy đơn vị cấp trên %(k)s.") % {"k": row.parent_key})
    return {
        "name": row.name,
        "kind": row.kind,
        "valid_to": row.valid_to,
        "parent_id": parent.pk if parent else None,
        "name_folded": fold(row.name),
    }


def _units_by_key(keys: set[UnitKey]) -> dict[UnitKey, AdministrativeUnit]:
    if not keys:
        return {}
    # Filter on the few levels and dates, not on thousands of codes (SQLite caps query parameters).
    found = AdministrativeUnit.objects.filter(
        level__in={level for level, _code, _from in keys}, valid_from__in={from_ for _l, _c, from_ in keys}
    )
    return {(u.level, u.code, u.valid_from): u for u in found if (u.level, u.code, u.valid_from) in keys}


# ---------------------------------------------------------------------------------------------------------------
# Successions: which units took over a dissolved unit's territory.


def _check_succession(*, old: AdministrativeUnit, new: AdministrativeUnit) -> None:
    if old.valid_to is None:
        raise OrgError(
            OrgError.UNIT_STILL_IN_FORCE, _("%(u)s còn hiệu lực nên chưa thể có đơn vị kế thừa.") % {"u": old.name}
        )
    if new.valid_from < old.valid_to:
        raise OrgError(
            OrgError.SUCCESSOR_TOO_EARLY,
            _("%(n)s có hiệu lực trước khi %(o)s hết hiệu lực.") % {"n": new.name, "o": old.name},
        )


@transaction.atomic
def units_record_successions(*, links: Iterable[tuple[AdministrativeUnit, AdministrativeUnit]]) -> int:
    """Link dissolved units to the units that took over their territory; a unit split in two has two links.
    Returns how many links were new."""
    links = list(links)
    for old, new in links:
        _check_succession(old=old, new=new)
    through = AdministrativeUnit.successors.through
    wanted = {(old.pk, new.pk) for old, new in links}
    if not wanted:
        return 0
    present = set(
        through.objects.filter(from_administrativeunit_id__in={o for o, _n in wanted}).values_list(
            "from_administrativeunit_id", "to_administrativeunit_id"
        )
    )
    missing = sorted(wanted - present)
    through.objects.bulk_create(
        [through(from_administrativeunit_id=o, to_administrativeunit_id=n) for o, n in missing], ignore_conflicts=True
    )
    return len(missing)


def unit_record_succession(*, old: AdministrativeUnit, new: AdministrativeUnit) -> bool:
    """Record that `new` took over (part of) `old`'s territory; True if the link is new."""
    return units_record_successions(links=[(old, new)]) == 1
