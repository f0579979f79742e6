"""Issue 15 item 1: one delivery model for every message, one-time codes included. A code by SMS went through it
already; a code by e-mail went straight to send_mail and left no record. Now the e-mail channel of
LIENTHONG_OTP_CHANNELS (notify.otp.EmailCodeChannel) sends it in the request through notify's e-mail provider, as one
Message with its subject and status; a mail server that refuses it is told to the citizen (ChannelError)."""

import pytest

from lienthong.accounts.channels import ChannelError, channel_get
from lienthong.accounts.constants import Purpose
from lienthong.notify.constants import LETTER_SUBJECT, ONE_TIME_CODE, MessageStatus
from lienthong.notify.models import Message

pytestmark = pytest.mark.django_db


def test_a_code_by_e_mail_is_sent_at_once_and_recorded(smtp):
    channel_get("email").send(to="hoa@example.vn", code="482913", purpose=Purpose.SIGN_UP)

    ((recipients, mail),) = smtp.received
    assert recipients == ["hoa@example.vn"] and "482913" in mail.get_content()
    message = Message.objects.get(kind=ONE_TIME_CODE)
    assert (message.channel, message.recipient, message.status) == ("email", "hoa@example.vn", MessageStatus.DELIVERED)
    assert message.params[LETTER_SUBJECT] == mail["Subject"].strip() == "Mã xác minh tài khoản Dịch vụ công"
    assert list(message.changes.values_list("status", flat=True)) == ["created", "sending", "delivered"]


def test_a_mail_server_that_is_down_is_told_to_the_citizen(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there

    with pytest.raises(ChannelError):
        channel_get("email").send(to="hoa@example.vn", code="482913", purpose=Purpose.PASSWORD_RESET)
    message = Message.objects.get(kind=ONE_TIME_CODE)
    assert (
        message.status != MessageStatus.DELIVERED
        and message.params[LETTER_SUBJECT] == "Mã đặt lại mật khẩu Dịch vụ công"
    )
