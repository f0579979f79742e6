"""One-time codes through the delivery model, by SMS (`LIENTHONG_SMS_GATEWAY=lienthong.notify.otp.SmsCodeGateway`,
which accounts.channels.SmsChannel hands each code) and by e-mail (`EmailCodeChannel`, the default e-mail entry of
LIENTHONG_OTP_CHANNELS). Sent at once, also at night and to a contact that opted out of notices (the citizen asked for
it and waits for it on the next page); recorded like every other message (issue 15 item 1)."""

import uuid

from django.conf import settings

from lienthong.accounts.channels import ChannelError, ChannelNotConfiguredError, code_message
from lienthong.notify import texts
from lienthong.notify.constants import LETTER_SUBJECT, ONE_TIME_CODE, MessageChannel
from lienthong.notify.delivery import message_create, message_send, phone_normalise
from lienthong.notify.providers import sms_configured


class SmsCodeGateway:
    def __init__(self) -> None:
        if not sms_configured():
            raise ChannelNotConfiguredError("sms")

    def send(self, *, to: str, code: str, purpose: str) -> None:
        phone = phone_normalise(to)
        if not phone:
            raise ChannelError("not a mobile number")
        _subject, text = code_message(code=code, purpose=purpose)
        text = " ".join(text.split())
        if not settings.LIENTHONG_SMS_UNICODE:
            text = texts.without_diacritics(text)
        _code_send(MessageChannel.SMS, phone, text, refusal="the SMS gateway did not accept the code")


class EmailCodeChannel:
    """A code to an e-mail address, sent in this request through notify's e-mail provider: one Message with its
    subject, its status and the SMTP server's answer. A refusal is told to the citizen waiting for it (ChannelError);
    before, codes went straight to send_mail and left no record."""

    def send(self, *, to: str, code: str, purpose: str) -> None:
        subject, text = code_message(code=code, purpose=purpose)
        _code_send(MessageChannel.EMAIL, to, text, params={LETTER_SUBJECT: subject},
                   refusal="the mail server did not accept the code")  # fmt: skip


def _code_send(channel: str, recipient: str, text: str, *, refusal: str, params: dict | None = None) -> None:
    """One message of its own event, sent in this request; anything but the provider's acceptance is a refusal."""
    envelope = {"id": str(uuid.uuid4()), "kind": ONE_TIME_CODE, "payload": {}}
    message = message_create(channel=channel, recipient=recipient, dossier=None, envelope=envelope, text=text,
                             params=params)  # fmt: skip
    if message is None or message_send(message_id=message.pk) != "accepted":
        raise ChannelError(refusal)
