"""A small province for the Decision 766 figures that do not come from dossiers: the provincial people's committee,
two departments and the provincial service centre; two communes, one with its own service centre. Scored units:
the province, three "departments" (the centre is its own unit), two communes."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from lienthong.org.constants import AgencyKind, Level, UnitKind
from lienthong.org.models import AdministrativeUnit, Agency

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
REFORM = dt.date(2025, 7, 1)
MARCH = (dt.datetime(2026, 3, 1, tzinfo=HCM), dt.datetime(2026, 4, 1, tzinfo=HCM))


def at(day: int, month: int = 3, hour: int = 9) -> dt.datetime:
    """An instant of 2026, Viet Nam time (March 2026 has no holiday)."""
    return dt.datetime(2026, month, day, hour, 0, tzinfo=HCM)


def _unit(code: str, name: str, level: str, kind: str, parent=None) -> AdministrativeUnit:
    return AdministrativeUnit.objects.create(
        code=code, name=name, level=level, kind=kind, parent=parent, valid_from=REFORM
    )


def _agency(code: str, name: str, kind: str, level: str, unit, parent=None) -> Agency:
    return Agency.objects.create(identifier_code=code, name=name, kind=kind, level=level, unit=unit, parent=parent)


@pytest.fixture
def province766(db) -> dict[str, Agency]:
    province = _unit("75", "Tỉnh Đồng Nai", Level.PROVINCE, UnitKind.PROVINCE)
    an = _unit("26041", "Xã An Viễn", Level.COMMUNE, UnitKind.COMMUNE, province)
    binh = _unit("26042", "Phường Bình Lộc", Level.COMMUNE, UnitKind.WARD, province)
    pc = _agency("000.00.00.H19", "UBND tỉnh Đồng Nai", AgencyKind.PEOPLES_COMMITTEE, Level.PROVINCE, province)
    an_pc = _agency("000.00.41.H19", "UBND xã An Viễn", AgencyKind.PEOPLES_COMMITTEE, Level.COMMUNE, an, pc)
    return {
        "province": pc,
        "justice": _agency("000.00.03.H19", "Sở Tư pháp", AgencyKind.DEPARTMENT, Level.PROVINCE, province, pc),
        "construction": _agency("000.00.04.H19", "Sở Xây dựng", AgencyKind.DEPARTMENT, Level.PROVINCE, province, pc),
        "centre": _agency("000.00.01.H19", "Trung tâm PVHCC tỉnh", AgencyKind.SERVICE_CENTRE, Level.PROVINCE,
                          province, pc),
        "an": an_pc,
        "an_centre": _agency("000.00.42.H19", "Trung tâm PVHCC xã An Viễn", AgencyKind.SERVICE_CENTRE, Level.COMMUNE,
                             an, an_pc),
        "binh": _agency("000.00.43.H19", "UBND phường Bình Lộc", AgencyKind.PEOPLES_COMMITTEE, Level.COMMUNE, binh,
                        pc),
    }  # fmt: skip


def communes_more(n: int) -> None:
    """`n` more communes, each with its committee: more units for the same records."""
    province = Agency.objects.get(identifier_code="000.00.00.H19")
    for i in range(n):
        unit = _unit(f"27{i:03d}", f"Xã Số {i}", Level.COMMUNE, UnitKind.COMMUNE, province.unit)
        _agency(f"000.01.{i:02d}.H19", f"UBND xã Số {i}", AgencyKind.PEOPLES_COMMITTEE, Level.COMMUNE, unit, province)
