import pytest

from tests.accounts.given import EMAIL, PASSWORD, sign_in, sign_up, signed_up

pytestmark = pytest.mark.django_db


def test_the_sign_in_form_is_labelled_for_password_managers(client):
    html = client.get("/tai-khoan/dang-nhap/").content.decode()
    assert 'autocomplete="username"' in html and 'autocomplete="current-password"' in html
    assert "Quên mật khẩu?" in html


def test_a_verified_citizen_signs_in_by_email_and_out_again(client, smtp):
    profile = signed_up(client, smtp)
    client.logout()
    response = sign_in(client, " HOA@example.vn ")
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/ho-so/"
    assert int(client.session["_auth_user_id"]) == profile.user_id

    response = client.post("/tai-khoan/dang-xuat/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert client.get("/tai-khoan/dang-xuat/").status_code == 405  # signing out is a POST (no CSRF-free logout)


def test_sign_in_goes_back_to_the_page_asked_for_but_never_off_site(client, smtp):
    signed_up(client, smtp)
    client.logout()
    assert client.get("/tai-khoan/ho-so/")["Location"] == "/tai-khoan/dang-nhap/?next=/tai-khoan/ho-so/"
    response = client.post("/tai-khoan/dang-nhap/?next=https://evil.example/", {"contact": EMAIL, "password": PASSWORD})
    assert response["Location"] == "/tai-khoan/ho-so/"


def test_a_wrong_password_an_unknown_contact_and_an_unverified_account_get_one_answer(client, smtp):
    signed_up(client, smtp)
    client.logout()
    sign_up(client, email="chua-xac-minh@example.vn")
    for contact, password in ((EMAIL, "sai-mat-khau"), ("khong-co@example.vn", PASSWORD),
                              ("chua-xac-minh@example.vn", PASSWORD)):  # fmt: skip
        response = sign_in(client, contact, password)
        assert response.status_code == 400
        assert "Thông tin đăng nhập không đúng." in response.content.decode()
        assert "_auth_user_id" not in client.session


def test_an_officer_cannot_sign_in_on_the_citizens_page(client, officers):
    officer = officers["receiver@centre"]
    officer.email = "motcua@dongnai.gov.vn"
    officer.save()
    assert sign_in(client, "motcua@dongnai.gov.vn", "mat-khau-dai-123").status_code == 400


def test_sign_in_attempts_are_limited(client, smtp, settings):
    settings.LIENTHONG_ACCOUNT_SIGNIN_RATE = "3/900"
    signed_up(client, smtp)
    client.logout()
    for _ in range(3):
        sign_in(client, EMAIL, "sai-mat-khau")
    response = sign_in(client, EMAIL)
    assert response.status_code == 429 and "quá nhiều lần" in response.content.decode()
