import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from lienthong.accounts.models import CitizenProfile
from lienthong.demo.accounts import demo_accounts_text, demo_password
from lienthong.org.constants import AgencyKind, Level, Role
from lienthong.org.models import Agency, OfficerRole
from lienthong.org.selectors import agency_head_on

pytestmark = pytest.mark.django_db


def _agency(short_name: str) -> Agency:
    return Agency.objects.get(level=Level.PROVINCE, short_name=short_name)


def test_the_head_on_a_date_follows_terms_vacancies_and_acting_heads(demo):
    justice = _agency("Sở Tư pháp")
    assert agency_head_on(agency=justice, on=dt.date(2025, 6, 30)).full_name == "Trần Minh Tâm"
    assert agency_head_on(agency=justice, on=dt.date(2025, 7, 1)).full_name == "Lê Thị Thu Hà"

    construction = _agency("Sở Xây dựng")
    assert agency_head_on(agency=construction, on=dt.date(2025, 9, 30)).full_name == "Bùi Đức Thắng"
    assert agency_head_on(agency=construction, on=dt.date(2025, 10, 5)) is None  # vacancy
    acting = agency_head_on(agency=construction, on=dt.date(2025, 10, 15))
    assert (acting.full_name, acting.is_acting) == ("Ngô Quang Việt", True)


def test_every_provincial_agency_and_every_commune_committee_has_a_head(demo):
    on = dt.date(2026, 1, 15)
    for agency in Agency.objects.filter(level=Level.PROVINCE):
        assert agency_head_on(agency=agency, on=on), agency
    committees = Agency.objects.filter(level=Level.COMMUNE, kind=AgencyKind.PEOPLES_COMMITTEE)
    assert committees.count() == 95
    for committee in committees:
        head = agency_head_on(agency=committee, on=on)
        assert head and head.title == "Chủ tịch Ủy ban nhân dân", committee


def test_every_role_has_at_least_one_officer(demo):
    held = set(OfficerRole.objects.filter(is_active=True).values_list("role", flat=True))
    assert held == set(Role.values)
    commune_roles = set(OfficerRole.objects.filter(agency__level=Level.COMMUNE).values_list("role", flat=True))
    assert {Role.RECEIVER, Role.SPECIALIST, Role.LEADER} <= commune_roles


def test_demo_accounts_log_in_with_the_printed_password(demo):
    users = get_user_model().objects
    admin = users.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password(demo_password())
    quantri = users.get(username="quantri")
    assert quantri.is_staff and not quantri.is_superuser
    assert quantri.has_perm("org.change_agency") and quantri.has_perm("catalogue.change_procedureversion")
    officer = users.get(username="motcua.tinh")
    assert not officer.is_staff and officer.check_password(demo_password())
    assert officer.get_full_name() == "Lê Thị Mai"


def test_the_accounts_text_names_each_account_and_its_agency(demo):
    text = demo_accounts_text()
    assert "lienthong-demo" in text
    assert "Cán bộ Bộ phận Một cửa — TTPVHCC phường Trấn Biên" in text


def test_the_demo_citizen_signs_in_with_the_shared_password_and_is_listed(demo, client):
    profile = CitizenProfile.objects.select_related("user").get(email="congdan@lienthong.example")
    assert profile.is_verified and profile.user.is_active and profile.user.check_password(demo_password())
    assert "congdan@lienthong.example  công dân" in demo_accounts_text()
    signed_in = client.post("/tai-khoan/dang-nhap/", {"contact": profile.email, "password": demo_password()})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/tai-khoan/ho-so/"
