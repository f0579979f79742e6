import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from lienthong.org.constants import AgencyKind, Level, Role, UnitKind
from lienthong.org.models import AdministrativeUnit, Agency, OfficerRole
from lienthong.org.services import AgencyRow, OfficerRow, agencies_upsert, officer_role_grant, officers_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune():
    return AdministrativeUnit.objects.create(
        code="26041", name="Phường Trấn Biên", level=Level.COMMUNE, kind=UnitKind.WARD, valid_from=dt.date(2025, 7, 1)
    )


def _rows(commune, name="Ủy ban nhân dân phường Trấn Biên"):
    # the child comes first: the service writes parents before children whatever the order
    return [
        AgencyRow(
            "001.01.99.H19",
            "Trung tâm Phục vụ hành chính công phường Trấn Biên",
            AgencyKind.SERVICE_CENTRE,
            Level.COMMUNE,
            commune,
            parent_code="000.01.99.H19",
        ),
        AgencyRow("000.01.99.H19", name, AgencyKind.PEOPLES_COMMITTEE, Level.COMMUNE, commune),
    ]


def test_agencies_are_upserted_by_identifier_code_parents_first(commune):
    result = agencies_upsert(rows=_rows(commune))
    assert (result.created, result.updated) == (2, 0)
    centre = Agency.objects.get(identifier_code="001.01.99.H19")
    assert centre.parent.identifier_code == "000.01.99.H19"

    assert agencies_upsert(rows=_rows(commune)).written == 0
    renamed = agencies_upsert(rows=_rows(commune, name="UBND phường Trấn Biên"))
    assert (renamed.created, renamed.updated) == (0, 1)
    assert Agency.objects.get(identifier_code="000.01.99.H19").name == "UBND phường Trấn Biên"


@pytest.fixture
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.usefixtures("_fast_hashing")
def test_officers_are_created_once_and_their_passwords_left_alone(commune):
    rows = [OfficerRow("motcua.tranbien", "Lê Ngọc Yến"), OfficerRow("quantri", "Nguyễn Thị Thanh Thảo", is_staff=True)]
    hashed = make_password("mat-khau-1")
    assert officers_load(rows=rows, password_hash=hashed).created == 2

    user = get_user_model().objects.get(username="motcua.tranbien")
    user.set_password("mat-khau-moi")
    user.save()
    assert officers_load(rows=rows, password_hash=make_password("mat-khau-2")).created == 0
    user.refresh_from_db()
    assert user.check_password("mat-khau-moi") and user.get_full_name() == "Lê Ngọc Yến"
    assert get_user_model().objects.get(username="quantri").is_staff


def test_a_role_is_granted_once(commune):
    agency = agencies_upsert(rows=_rows(commune)).objects["001.01.99.H19"]
    user = officers_load(rows=[OfficerRow("motcua.tranbien", "Lê Ngọc Yến")], password_hash="!").objects[
        "motcua.tranbien"
    ]
    assert officer_role_grant(user=user, agency=agency, role=Role.RECEIVER) is True
    assert officer_role_grant(user=user, agency=agency, role=Role.RECEIVER) is False
    assert OfficerRole.objects.get().get_role_display() == "Cán bộ Bộ phận Một cửa"
