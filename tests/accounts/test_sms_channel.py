import pytest
from django.contrib.auth import get_user_model

from lienthong.accounts.channels import ChannelNotConfiguredError, SmsChannel
from lienthong.accounts.models import CitizenProfile
from tests.accounts.given import sign_up, verify

pytestmark = pytest.mark.django_db


def test_without_a_gateway_a_phone_sign_up_is_told_to_use_email(client, smtp):
    response = sign_up(client, email="", phone="0912 345 678")
    html = response.content.decode()
    assert response.status_code == 400
    assert "chưa gửi được tin nhắn SMS" in html and "Vui lòng dùng thư điện tử." in html
    assert not get_user_model().objects.exists() and smtp.received == []


def test_the_sms_channel_refuses_clearly_when_not_configured(settings):
    settings.LIENTHONG_SMS_GATEWAY = ""
    with pytest.raises(ChannelNotConfiguredError):
        SmsChannel()


def test_a_plugged_in_gateway_carries_the_code_to_the_phone(client, sms):
    assert sign_up(client, email="", phone="+84 912.345.678").status_code == 302
    [(to, code, purpose)] = sms
    assert (to, purpose) == ("0912345678", "sign_up")
    assert verify(client, code).status_code == 302
    assert CitizenProfile.objects.get(phone="0912345678").verified_at is not None


def test_email_and_phone_together_are_refused(client, smtp):
    response = sign_up(client, phone="0912345678")
    assert "Chỉ nhập một trong hai" in response.content.decode()
