import pytest

from lienthong.accounts.models import OneTimeCode
from tests.accounts.given import last_code, sign_up, verify, wrong

pytestmark = pytest.mark.django_db


def test_each_wrong_try_is_counted_and_the_fifth_kills_the_code(client, smtp):
    sign_up(client)
    code = last_code(smtp)
    for tries_left in (4, 3, 2, 1):
        response = verify(client, wrong(code))
        assert response.status_code == 400
        assert f"Mã xác minh không đúng. Bạn còn {tries_left} lần thử." in response.content.decode()
    response = verify(client, wrong(code))
    assert "Bạn đã nhập sai mã quá 5 lần" in response.content.decode()
    assert OneTimeCode.objects.get().wrong_tries == 5

    # the right code no longer opens the account
    response = verify(client, code)
    assert response.status_code == 400 and "quá 5 lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_new_code_after_the_lock_works(client, smtp):
    sign_up(client)
    for _ in range(5):
        verify(client, wrong(last_code(smtp)))
    assert client.post("/tai-khoan/xac-minh/", {"resend": "1"}).status_code == 200
    assert len(smtp.received) == 2
    assert verify(client, last_code(smtp)).status_code == 302


def test_a_malformed_code_is_a_form_error_and_costs_no_try(client, smtp):
    sign_up(client)
    response = verify(client, "12ab")
    assert "Nhập đúng 6 chữ số." in response.content.decode()
    assert OneTimeCode.objects.get().wrong_tries == 0
