import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/tai-khoan/dang-ky/", ["Create an account", "Full name", "Or phone number"]),
        ("/tai-khoan/dang-nhap/", ["Sign in", "Email or phone number", "Forgot your password?"]),
        ("/tai-khoan/quen-mat-khau/", ["Forgot your password", "Send the code"]),
    ],
)
def test_account_pages_are_in_english(client, url, expected):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url).content.decode()
    assert [text for text in expected if text not in html] == []
