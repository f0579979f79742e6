"""Writes of the org app: administrative units and their history, agencies, heads' terms, officers and roles.

The bulk services (`*_upsert`, `*_load`) are idempotent: they key rows on their natural key, insert what is
missing, update what differs and touch nothing else, so a second run with the same data writes no row.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from vietnam_provinces import Province, Ward
from vietnam_provinces.base import VietNamDivisionType

from lienthong.core.text import fold
from lienthong.org.constants import AgencyKind, Level, Role, UnitKind
from lienthong.org.models import AdministrativeUnit, Agency, HeadAssignment, OfficerRole

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


class OrgError(Exception):
    """A rule of the org app was broken; `code` is stable for the API, the message is for people."""

    UNIT_STILL_IN_FORCE = "unit_still_in_force"
    SUCCESSOR_TOO_EARLY = "successor_too_early"
    UNKNOWN_PARENT = "unknown_parent"
    TERM_BEFORE_CURRENT = "term_before_current"

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


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
    parent_key: tuple[str, str, dt.date] | None = None

    @property
    def key(self) -> tuple[str, str, dt.date]:
        return (self.level, self.code, self.valid_from)


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    objects: dict = field(default_factory=dict)

    @property
    def written(self) -> int:
        return self.created + self.updated


def _province_name(province: Province) -> str:
    # The package names centrally-run cities in full ("Thành phố Hà Nội") and provinces bare ("Đồng Nai").
    if province.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG:
        return province.name
    return f"Tỉnh {province.name}"


def unit_rows_from_package(*, province_codes: Sequence[int] | None = None, valid_from: dt.date = REFORM_2025):
    """The provinces and communes of the `vietnam-provinces` package as unit rows, provinces first."""
    wanted = set(province_codes) if province_codes is not None else None
    provinces = [p for p in Province.iter_all() if wanted is None or int(p.code) in wanted]
    rows = [
        UnitRow(
            level=Level.PROVINCE,
            code=unit_code(level=Level.PROVINCE, number=int(province.code)),
            name=_province_name(province),
            kind=_PACKAGE_KINDS[province.division_type],
            valid_from=valid_from,
        )
        for province in sorted(provinces, key=lambda p: int(p.code))
    ]
    province_keys = {
        int(p.code): (Level.PROVINCE, unit_code(level=Level.PROVINCE, number=int(p.code))) for p in provinces
    }
    for ward in sorted(Ward.iter_all(), key=lambda w: int(w.code)):
        parent = province_keys.get(int(ward.province_code))
        if parent is None:
            continue
        rows.append(
            UnitRow(
                level=Level.COMMUNE,
                code=unit_code(level=Level.COMMUNE, number=int(ward.code)),
                name=ward.name,
                kind=_PACKAGE_KINDS[ward.division_type],
                valid_from=valid_from,
                parent_key=(*parent, valid_from),
            )
        )
    return rows


@transaction.atomic
def units_upsert(*, rows: Iterable[UnitRow]) -> UpsertResult:
    """Insert or update units keyed by (level, code, valid_from); parents must come before their children."""
    rows = list(rows)
    keys = {row.key for row in rows} | {row.parent_key for row in rows if row.parent_key}
    existing = _units_by_key(keys)
    result = UpsertResult(objects=existing)
    # Parents are written level by level so their ids exist before a child points at them.
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        level_rows = [row for row in rows if row.level == level]
        to_create, to_update = [], []
        for row in level_rows:
            parent = None
            if row.parent_key:
                parent = existing.get(row.parent_key)
                if parent is None:
                    raise OrgError(
                        OrgError.UNKNOWN_PARENT, _("Không tìm thấy đơn vị cấp trên %(k)s.") % {"k": row.parent_key}
                    )
            values = {
                "name": row.name,
                "kind": row.kind,
                "valid_to": row.valid_to,
                "parent_id": parent.pk if parent else None,
                "name_folded": fold(row.name),
            }
            unit = existing.get(row.key)
            if unit is None:
                unit = AdministrativeUnit(level=row.level, code=row.code, valid_from=row.valid_from, **values)
                to_create.append(unit)
                existing[row.key] = unit
            elif any(getattr(unit, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(unit, name, value)
                to_update.append(unit)
        AdministrativeUnit.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            AdministrativeUnit.objects.bulk_update(
                to_update, ["name", "kind", "valid_to", "parent", "name_folded"], batch_size=500
            )
        result.created += len(to_create)
        result.updated += len(to_update)
    if any(unit.pk is None for unit in existing.values()):
        # Backends that do not return ids from bulk inserts (none we support today) would land here.
        existing.update(_units_by_key(keys))
    return result


def _units_by_key(keys: set[tuple[str, str, dt.date]]) -> dict[tuple[str, str, dt.date], AdministrativeUnit]:
    if not keys:
        return {}
    # Filter on the few levels and dates, not on thousands of codes (SQLite caps query parameters).
    found = AdministrativeUnit.objects.filter(
        level__in={level for level, _code, _from in keys}, valid_from__in={from_ for _l, _c, from_ in keys}
    )
    return {(u.level, u.code, u.valid_from): u for u in found if (u.level, u.code, u.valid_from) in keys}


def units_import_from_package(*, province_codes: list[int] | None = None, valid_from: dt.date = REFORM_2025) -> int:
    """Load the 34 provinces and 3,321 communes in force since 1/7/2025 (Resolution 202/2025/QH15) from the
    `vietnam-provinces` package; returns how many rows were written (0 when the database already matches)."""
    return units_upsert(rows=unit_rows_from_package(province_codes=province_codes, valid_from=valid_from)).written


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


_AGENCY_FIELDS = ["name", "short_name", "kind", "level", "unit", "parent", "email", "phone", "address", "is_active"]


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
    to_create, to_update = [], []
    for row in rows:
        values = {
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
        agency = existing.get(row.identifier_code)
        if agency is None:
            agency = Agency(identifier_code=row.identifier_code, **values)
            to_create.append(agency)
            existing[row.identifier_code] = agency
        elif any(getattr(agency, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(agency, name, value)
            to_update.append(agency)
    Agency.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Agency.objects.bulk_update(to_update, _AGENCY_FIELDS, batch_size=500)
    return len(to_create), len(to_update)


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


@transaction.atomic
def head_assign(
    *,
    agency: Agency,
    full_name: str,
    title: str,
    starts_on: dt.date,
    is_acting: bool = False,
    decision: str = "",
    user=None,
    ends_on: dt.date | None = None,
) -> HeadAssignment:
    """Appoint the head of `agency` from `starts_on`; the open term of the predecessor ends the day before, so
    exactly one person is accountable on each day."""
    open_terms = (
        HeadAssignment.objects.select_for_update()
        .filter(agency=agency)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    )
    for term in open_terms:
        if term.starts_on >= starts_on:
            raise OrgError(
                OrgError.TERM_BEFORE_CURRENT,
                _("Nhiệm kỳ mới phải bắt đầu sau ngày %(d)s của người đang đứng đầu.") % {"d": term.starts_on},
            )
        term.ends_on = starts_on - dt.timedelta(days=1)
        term.save(update_fields=["ends_on"])
    return HeadAssignment.objects.create(
        agency=agency,
        full_name=full_name,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        is_acting=is_acting,
        decision=decision,
        user=user,
    )


@dataclass(frozen=True)
class HeadRow:
    agency: Agency
    full_name: str
    title: str
    starts_on: dt.date
    ends_on: dt.date | None = None
    is_acting: bool = False
    decision: str = ""


@transaction.atomic
def head_assignments_load(*, rows: Iterable[HeadRow]) -> UpsertResult:
    """Load a history of terms as given (keyed by agency, name and start), for imports and the demo."""
    rows = list(rows)
    agency_ids = {row.agency.pk for row in rows}
    existing = {
        (h.agency_id, h.full_name, h.starts_on): h for h in HeadAssignment.objects.filter(agency_id__in=agency_ids)
    }
    to_create, to_update = [], []
    for row in rows:
        values = {"title": row.title, "ends_on": row.ends_on, "is_acting": row.is_acting, "decision": row.decision}
        head = existing.get((row.agency.pk, row.full_name, row.starts_on))
        if head is None:
            head = HeadAssignment(agency=row.agency, full_name=row.full_name, starts_on=row.starts_on, **values)
            to_create.append(head)
            existing[(row.agency.pk, row.full_name, row.starts_on)] = head
        elif any(getattr(head, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(head, name, value)
            to_update.append(head)
    HeadAssignment.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        HeadAssignment.objects.bulk_update(to_update, ["title", "ends_on", "is_acting", "decision"])
    return UpsertResult(created=len(to_create), updated=len(to_update))


@dataclass(frozen=True)
class OfficerRow:
    username: str
    full_name: str
    email: str = ""
    is_staff: bool = False
    is_superuser: bool = False


@transaction.atomic
def officers_load(*, rows: Iterable[OfficerRow], password_hash: str) -> UpsertResult:
    """Create the officers' accounts that do not exist yet with an already hashed password (hashing once for a
    batch keeps a load of many accounts fast); existing accounts, and their passwords, are left alone."""
    user_model = get_user_model()
    rows = list(rows)
    existing = {u.username: u for u in user_model.objects.filter(username__in=[r.username for r in rows])}
    to_create = [
        user_model(
            username=row.username,
            first_name=row.full_name,
            email=row.email,
            is_staff=row.is_staff or row.is_superuser,
            is_superuser=row.is_superuser,
            password=password_hash,
        )
        for row in rows
        if row.username not in existing
    ]
    user_model.objects.bulk_create(to_create)
    existing.update({u.username: u for u in user_model.objects.filter(username__in=[u.username for u in to_create])})
    return UpsertResult(created=len(to_create), objects=existing)


@transaction.atomic
def officer_roles_grant(*, grants: Iterable[tuple[object, Agency, str]]) -> int:
    """Give officers roles in agencies (one row per user, agency and role); returns how many were new."""
    wanted = {(user.pk, agency.pk, Role(role).value) for user, agency, role in grants}
    if not wanted:
        return 0
    present = set(
        OfficerRole.objects.filter(user_id__in={u for u, _a, _r in wanted}).values_list("user_id", "agency_id", "role")
    )
    missing = sorted(wanted - present)
    OfficerRole.objects.bulk_create(
        [OfficerRole(user_id=u, agency_id=a, role=r) for u, a, r in missing], ignore_conflicts=True
    )
    return len(missing)


def officer_role_grant(*, user, agency: Agency, role: str) -> bool:
    """Give one officer one role in one agency; True if it is new."""
    return officer_roles_grant(grants=[(user, agency, role)]) == 1


@transaction.atomic
def officer_admin_permissions_grant(*, user, app_labels: Iterable[str]) -> int:
    """Let an administrator edit the master data of these apps in the admin (units, agencies, heads, procedures,
    holidays, rules) without being a superuser; returns how many permissions were new."""
    wanted = set(Permission.objects.filter(content_type__app_label__in=list(app_labels)).values_list("pk", flat=True))
    missing = wanted - set(user.user_permissions.values_list("pk", flat=True))
    if missing:
        user.user_permissions.add(*sorted(missing))
    return len(missing)
