import pytest

from tests.accounts.given import EMAIL, last_code, sign_in, signed_up, wrong

pytestmark = pytest.mark.django_db
NEW = "Hoa-sen-moi-2026"


def _reset(client, code, password=NEW):
    return client.post("/tai-khoan/xac-minh/", {"code": code, "password1": password, "password2": password})


def test_a_code_sent_to_the_account_sets_a_new_password(client, smtp):
    signed_up(client, smtp)
    client.logout()
    response = client.post("/tai-khoan/quen-mat-khau/", {"contact": EMAIL})
    assert response["Location"] == "/tai-khoan/xac-minh/"
    assert smtp.received[-1][1]["Subject"].strip() == "Mã đặt lại mật khẩu Dịch vụ công"
    page = client.get("/tai-khoan/xac-minh/").content.decode()
    assert page.count('autocomplete="new-password"') == 2 and 'autocomplete="one-time-code"' in page

    assert "Bạn còn 4 lần thử" in _reset(client, wrong(last_code(smtp))).content.decode()
    assert _reset(client, last_code(smtp)).status_code == 302
    client.logout()
    assert sign_in(client, EMAIL).status_code == 400  # the old password is gone
    assert sign_in(client, EMAIL, NEW).status_code == 302


def test_an_unknown_contact_gets_the_same_page_and_no_mail(client, smtp):
    response = client.post("/tai-khoan/quen-mat-khau/", {"contact": "ai-do@example.vn"})
    assert response["Location"] == "/tai-khoan/xac-minh/"
    assert smtp.received == []
    assert "Nếu ai-do@example.vn có tài khoản" in client.get("/tai-khoan/xac-minh/").content.decode()
    assert _reset(client, "123456").status_code == 400


def test_the_new_password_must_pass_the_validators(client, smtp):
    signed_up(client, smtp)
    client.logout()
    client.post("/tai-khoan/quen-mat-khau/", {"contact": EMAIL})
    response = _reset(client, last_code(smtp), password="12345678")
    assert response.status_code == 200 and "quá phổ biến" in response.content.decode()
