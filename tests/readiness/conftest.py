"""A province of 95 communes, each with its people's committee (bulk: a fraction of a second), and the monitor."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from lienthong.org.constants import AgencyKind, Level, Role, UnitKind
from lienthong.org.models import AdministrativeUnit, Agency, OfficerRole
from lienthong.readiness.constants import FIELDS
from lienthong.readiness.services import period_get
from lienthong.readiness.xlsx import survey_xlsx

REFORM = dt.date(2025, 7, 1)


@pytest.fixture
def communes(db):
    """code → the commune's committee; plus a provincial monitoring office with its monitor."""
    AdministrativeUnit.objects.create(
        code="75", name="Tỉnh Đồng Nai", level=Level.PROVINCE, kind=UnitKind.PROVINCE, valid_from=REFORM
    )
    province = AdministrativeUnit.objects.get(code="75")
    units = AdministrativeUnit.objects.bulk_create(
        [
            AdministrativeUnit(
                code=f"{26000 + n}",
                name=f"Xã Số {n}",
                name_folded=f"xa so {n}",
                level=Level.COMMUNE,
                kind=UnitKind.COMMUNE,
                parent=province,
                valid_from=REFORM,
            )
            for n in range(1, 96)
        ]
    )
    Agency.objects.bulk_create(
        [
            Agency(
                identifier_code=f"000.{n:02d}.{n // 100}.H19",
                name=f"UBND xã Số {n}",
                kind=AgencyKind.PEOPLES_COMMITTEE,
                level=Level.COMMUNE,
                unit=unit,
            )
            for n, unit in enumerate(units, start=1)
        ]
    )
    return {a.unit.code: a for a in Agency.objects.select_related("unit")}


@pytest.fixture
def monitor(db, communes):
    office = Agency.objects.create(
        identifier_code="000.00.01.H19",
        name="Văn phòng UBND tỉnh",
        kind=AgencyKind.DEPARTMENT,
        level=Level.PROVINCE,
        unit=AdministrativeUnit.objects.get(code="75"),
    )
    user = get_user_model().objects.create_user("monitor.province", password="mat-khau-dai-123")
    OfficerRole.objects.create(user=user, agency=office, role=Role.MONITOR)
    return user


def answers(n: int) -> dict[str, int]:
    """A plausible commune's answers, different per commune."""
    adults = 4000 + 37 * n
    return {
        "adults": adults,
        "smartphone_owners": adults * (50 + n % 40) // 100,
        "feature_phone_only": adults // 10,
        "households": 1500 + n,
        "households_broadband": 900 + n,
        "vneid_level2": adults // 2,
        "portal_accounts": adults // 5,
        "epayment_users": adults // 3,
        "poor_without_device": n % 7,
        "team_members": 12 + n % 5,
        "people_helped": 100 + n,
    }


def workbook(communes, *, scale: int = 1, edit=None) -> bytes:
    """The quarter's file for every commune; `edit(sheet)` spoils some cells."""
    codes = sorted(communes)
    records = {}
    for n, code in enumerate(codes, start=1):
        values = answers(n)
        records[code] = {f: values[f] * scale if f != "poor_without_device" else values[f] for f in FIELDS}
    data = survey_xlsx(communes=[(c, communes[c].unit.name) for c in codes], records=records)
    if edit is None:
        return data
    book = load_workbook(io.BytesIO(data))
    edit(book.active)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def quarters():
    return period_get(year=2026, quarter=3), period_get(year=2026, quarter=4)
