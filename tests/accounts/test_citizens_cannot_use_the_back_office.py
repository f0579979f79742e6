import pytest

from lienthong.org.models import OfficerRole
from tests.accounts.given import signed_up

pytestmark = pytest.mark.django_db


def test_a_signed_in_citizen_is_refused_by_the_back_office_and_the_admin(client, smtp):
    profile = signed_up(client, smtp)
    assert not OfficerRole.objects.filter(user=profile.user).exists()
    assert not profile.user.is_staff and not profile.user.is_superuser

    assert client.get("/backoffice/").status_code == 403
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_an_officer_is_not_a_citizen_on_the_citizens_pages(client, officers):
    client.force_login(officers["receiver@centre"])
    assert client.get("/tai-khoan/ho-so/").status_code == 403
