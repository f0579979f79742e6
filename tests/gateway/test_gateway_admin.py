"""The gateway's admin speaks Vietnamese, its lists cost the same for any number of rows, and a system created
there gets its account and roles through the service."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.gateway.constants import Scope
from lienthong.gateway.models import ApiKey, ConnectedSystem
from lienthong.gateway.services.credentials import key_create, system_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("quantri", "q@example.vn", "mat-khau-dai-123"))
    return client


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/admin/", "Kết nối hệ thống"),
        ("/admin/gateway/connectedsystem/", "Hệ thống kết nối"),
        ("/admin/gateway/connectedsystem/add/", "Đơn vị cung cấp"),
        ("/admin/gateway/apikey/", "Khóa API"),
        ("/admin/gateway/callstat/", "Thống kê lượt gọi"),
    ],
)
def test_admin_pages_are_in_vietnamese(admin_client, url, expected):
    response = admin_client.get(url)
    assert response.status_code == 200
    assert expected in response.content.decode()


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/admin/gateway/connectedsystem/", "/admin/gateway/apikey/"])
def test_lists_of_twenty_cost_what_a_list_of_one_does(admin_client, province, url):
    def make(start, count):
        for n in range(start, start + count):
            system = system_create(agency=province["commune_centre"], name=f"Hệ thống {n}", kind="one_stop")
            key_create(system=system, scopes=[Scope.DOSSIERS_READ])

    make(1, 1)
    one = _count(admin_client, url)
    make(2, 19)
    assert _count(admin_client, url) == one


def test_a_system_added_in_the_admin_gets_its_account_and_a_key_once(admin_client, province):
    response = admin_client.post("/admin/gateway/connectedsystem/add/", {
        "agency": province["commune_centre"].pk, "name": "Một cửa", "vendor": "VNPT", "kind": "one_stop",
        "contact_name": "", "contact_email": "", "contact_phone": "", "is_active": "on",
        "duties-TOTAL_FORMS": "0", "duties-INITIAL_FORMS": "0",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    system = ConnectedSystem.objects.get(name="Một cửa")
    assert system.account.officer_roles.count() == 3
    action = {"action": "issue_key", "_selected_action": [system.pk]}
    shown = admin_client.post("/admin/gateway/connectedsystem/", action, follow=True)
    key = ApiKey.objects.get(system=system)
    assert f"lt_{key.prefix}_" in shown.content.decode()
