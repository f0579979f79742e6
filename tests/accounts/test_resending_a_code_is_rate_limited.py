import pytest

from tests.accounts.given import sign_up

pytestmark = pytest.mark.django_db


def test_resending_past_the_limit_answers_429_in_vietnamese(client, smtp, settings):
    settings.LIENTHONG_ACCOUNT_CODE_RATE = "3/900"
    sign_up(client)
    for _ in range(2):
        assert client.post("/tai-khoan/xac-minh/", {"resend": "1"}).status_code == 200
    response = client.post("/tai-khoan/xac-minh/", {"resend": "1"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 900
    assert "Bạn đã yêu cầu quá nhiều lần. Vui lòng thử lại sau" in response.content.decode()
    assert len(smtp.received) == 3


def test_the_limit_also_holds_when_signing_up_again(client, smtp, settings):
    settings.LIENTHONG_ACCOUNT_CODE_RATE = "2/900"
    sign_up(client)
    sign_up(client)
    assert sign_up(client).status_code == 429
    assert len(smtp.received) == 2


def test_one_address_cannot_mail_many_contacts(client, smtp, settings):
    settings.LIENTHONG_ACCOUNT_CODE_RATE_PER_IP = "2/3600"
    assert sign_up(client, email="a@example.vn").status_code == 302
    assert sign_up(client, email="b@example.vn").status_code == 302
    assert sign_up(client, email="c@example.vn").status_code == 429
