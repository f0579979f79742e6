"""An admin list of many rows costs the same queries as a list of one (no query per row)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.catalogue.models import Field, Procedure, ProcedureVersion
from lienthong.org.constants import AgencyKind, Level, UnitKind
from lienthong.org.models import AdministrativeUnit, Agency, HeadAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("quantri", "q@example.vn", "mat-khau-dai-123"))
    return client


def _procedures(start: int, count: int) -> None:
    field, _ = Field.objects.get_or_create(code="H19-HOTICH", name="Hộ tịch")
    for n in range(start, start + count):
        procedure = Procedure.objects.create(national_code=f"1.{n:06d}", field=field)
        ProcedureVersion.objects.create(
            procedure=procedure, decision="QĐ 1/QĐ-UBND", name=f"Thủ tục {n}", time_limit_unit="immediate",
            online_level="full",
        )  # fmt: skip


def _agencies(start: int, count: int) -> None:
    unit, _ = AdministrativeUnit.objects.get_or_create(
        code="75", level=Level.PROVINCE, valid_from=dt.date(2025, 7, 1),
        defaults={"name": "Tỉnh Đồng Nai", "kind": UnitKind.PROVINCE},
    )  # fmt: skip
    for n in range(start, start + count):
        agency = Agency.objects.create(
            identifier_code=f"000.00.{n:02d}.H19", name=f"Sở {n}", kind=AgencyKind.DEPARTMENT, level=Level.PROVINCE,
            unit=unit,
        )  # fmt: skip
        HeadAssignment.objects.create(
            agency=agency, full_name=f"Người {n}", title="Giám đốc", starts_on=dt.date(2025, 1, 1)
        )


def _dissolved_units(start: int, count: int) -> None:
    successor, _ = AdministrativeUnit.objects.get_or_create(
        code="25193", level=Level.COMMUNE, valid_from=dt.date(2025, 7, 1),
        defaults={"name": "Phường Đồng Xoài", "kind": UnitKind.WARD},
    )  # fmt: skip
    for n in range(start, start + count):
        old = AdministrativeUnit.objects.create(
            code=f"{25000 + n}", name=f"Xã cũ {n}", level=Level.COMMUNE, kind=UnitKind.COMMUNE,
            valid_from=dt.date(1997, 1, 1), valid_to=dt.date(2025, 7, 1),
        )  # fmt: skip
        old.successors.add(successor)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/admin/catalogue/procedure/", _procedures),
        ("/admin/catalogue/procedureversion/", _procedures),
        ("/admin/org/agency/", _agencies),
        ("/admin/org/administrativeunit/?in_force=no", _dissolved_units),
    ],
)
def test_an_admin_list_of_twenty_rows_costs_what_a_list_of_one_does(admin_client, url, make):
    make(1, 1)
    one = _queries(admin_client, url)
    make(2, 19)
    twenty = _queries(admin_client, url)
    assert twenty == one
