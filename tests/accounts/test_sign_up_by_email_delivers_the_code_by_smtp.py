import pytest
from django.contrib.auth import get_user_model

from lienthong.accounts.models import CitizenProfile, OneTimeCode
from tests.accounts.given import EMAIL, PASSWORD, last_code, sign_up, verify

pytestmark = pytest.mark.django_db


def test_the_sign_up_form_is_labelled_and_tells_the_phone_what_to_fill_in(client):
    html = client.get("/tai-khoan/dang-ky/").content.decode()
    assert 'autocomplete="email"' in html and 'autocomplete="tel"' in html and 'type="tel"' in html
    assert html.count('autocomplete="new-password"') == 2
    assert '<label for="id_full_name">Họ và tên</label>' in html


def test_a_code_sent_by_smtp_activates_the_account_and_signs_in(client, smtp):
    # when
    response = sign_up(client, email="  Hoa@Example.VN ")
    # then: an inactive account waits for the code that went to the mailbox
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/xac-minh/"
    profile = CitizenProfile.objects.select_related("user").get()
    assert (profile.email, profile.contact_kind, profile.verified_at, profile.user.is_active) == (
        EMAIL, "email", None, False,
    )  # fmt: skip
    [(recipients, message)] = smtp.received
    assert recipients == [EMAIL]
    assert message["Subject"].strip() == "Mã xác minh tài khoản Dịch vụ công"
    code = last_code(smtp)
    stored = OneTimeCode.objects.get()
    assert code not in stored.code_hash and len(stored.code_hash) == 64  # a keyed hash, never the code

    page = client.get("/tai-khoan/xac-minh/").content.decode()
    assert EMAIL in page and 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page

    # when
    response = verify(client, code)
    # then
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/ho-so/"
    profile.refresh_from_db()
    profile.user.refresh_from_db()
    assert profile.verified_at is not None and profile.user.is_active
    assert profile.user.check_password(PASSWORD)
    assert int(client.session["_auth_user_id"]) == profile.user_id
    assert client.get("/tai-khoan/ho-so/").status_code == 200


def test_a_used_code_does_not_work_twice(client, smtp):
    sign_up(client)
    code = last_code(smtp)
    verify(client, code)
    client.logout()
    assert OneTimeCode.objects.get().used_at is not None


def test_a_weak_password_is_refused_by_djangos_validators(client, smtp):
    response = sign_up(client, password="12345678")
    assert response.status_code == 200
    assert "Mật khẩu này quá phổ biến." in response.content.decode()
    assert not get_user_model().objects.exists() and smtp.received == []


def test_a_verified_email_cannot_sign_up_again(client, smtp):
    sign_up(client)
    verify(client, last_code(smtp))
    client.logout()
    response = sign_up(client, password="Mat-khau-khac-2026")
    assert response.status_code == 400
    assert "đã có tài khoản" in response.content.decode()
    assert len(smtp.received) == 1


def test_signing_up_again_before_verifying_takes_the_pending_account_over(client, smtp):
    sign_up(client, name="Nguyen Thi Hoa")
    first = last_code(smtp)
    sign_up(client, name="Nguyễn Thị Hoa")
    second = last_code(smtp)
    assert CitizenProfile.objects.get().full_name == "Nguyễn Thị Hoa"
    assert "không đúng" in verify(client, first).content.decode()  # the earlier code stopped working
    assert verify(client, second).status_code == 302
