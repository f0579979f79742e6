"""Vietnamese first: pages ignore the browser's Accept-Language; the switch (a cookie) chooses; the API may ask."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(get_user_model().objects.create_superuser("quantri", "q@example.vn", "mat-khau-dai-123"))
    return client


def test_an_english_browser_still_gets_the_admin_wholly_in_vietnamese(staff_client):
    page = staff_client.get("/admin/org/agency/", headers={"accept-language": "en-US,en;q=0.9"})
    html = page.content.decode()
    assert page["Content-Language"] == "vi"
    assert "Chọn cơ quan/đơn vị để thay đổi" in html  # Django's own string, in Vietnamese
    assert "Select cơ quan/đơn vị to change" not in html


def test_the_language_switch_sets_english_for_later_pages(staff_client):
    response = staff_client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    assert response.status_code == 302
    assert staff_client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    page = staff_client.get("/admin/")
    assert page["Content-Language"] == "en"
    assert "Site administration" in page.content.decode() or "Log out" in page.content.decode()


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/")["Content-Language"] == "vi"


def test_api_clients_may_ask_for_english_with_accept_language(client):
    url = "/api/v1/calendar/add?start=2026-02-13T16:00&amount=3&unit=working_days"
    english = client.get(url, headers={"accept-language": "en"})
    vietnamese = client.get(url)
    assert english["Content-Language"] == "en"
    assert vietnamese["Content-Language"] == "vi"
    assert "Accept-Language" in english["Vary"]
    assert english.json()["due"] == vietnamese.json()["due"] == "2026-02-25T17:00:00+07:00"
