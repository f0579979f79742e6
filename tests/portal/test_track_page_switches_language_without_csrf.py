"""The public pages' language switch is a plain link (portal/views/language.py), so the tracking page carries no
CSRF token and sets no cookie (docs/performance.md, bench/track); the link sets the language cookie and goes back,
only ever to this site."""

import pytest
from django.conf import settings

from tests.portal.track_given import PAGE, PHONE_DIGITS, fresh_counters_fixture, given_fixture, look_up  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_tracking_page_links_to_the_switch_and_sets_no_cookie(client, given):
    code = given.received().code
    for response in [client.get(PAGE), look_up(client, code, PHONE_DIGITS)]:
        html = response.content.decode()
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" not in html and not response.cookies
        assert 'href="/ngon-ngu/en/?next=/tra-cuu/' in html
    assert f'href="/ngon-ngu/en/?next=/tra-cuu/%3Fcode%3D{code}%26digits%3D{PHONE_DIGITS}"' in html


def test_the_switch_sets_the_language_and_goes_back(client):
    response = client.get("/ngon-ngu/en/", {"next": "/tra-cuu/?code=X"})
    assert response.status_code == 302 and response["Location"] == "/tra-cuu/?code=X"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "no-store" in response["Cache-Control"]
    page = client.get(PAGE)
    assert page["Content-Language"] == "en" and 'href="/ngon-ngu/vi/?next=/tra-cuu/"' in page.content.decode()
    client.get("/ngon-ngu/vi/", {"next": PAGE})
    assert client.get(PAGE)["Content-Language"] == "vi"


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""])
def test_the_switch_goes_back_only_to_this_site(client, unsafe):
    response = client.get("/ngon-ngu/en/", {"next": unsafe})
    assert response.status_code == 302 and response["Location"] == "/"


def test_only_known_languages_and_only_get(client):
    assert client.get("/ngon-ngu/xx/", {"next": PAGE}).status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    assert client.post("/ngon-ngu/en/", {"next": PAGE}).status_code == 405
