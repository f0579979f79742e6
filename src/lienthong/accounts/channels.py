"""How a one-time code reaches a citizen: one channel per contact kind, chosen by `LIENTHONG_OTP_CHANNELS`.

A channel is any class with `send(*, to: str, code: str, purpose: str) -> None` that raises `ChannelError` when it
cannot deliver and `ChannelNotConfiguredError` when it is not set up at all. To plug in an SMS gateway, write such a
class (its constructor takes no arguments; read your gateway's settings there) and point the `sms` entry of
`LIENTHONG_OTP_CHANNELS` at it — see docs/accounts.md.
"""

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from lienthong.accounts.constants import CODE_LIFETIME, Purpose


class ChannelError(Exception):
    """The channel is set up but could not deliver this time (server down, refused address)."""


class ChannelNotConfiguredError(ChannelError):
    """No gateway behind this channel in this deployment."""


class OtpChannel(Protocol):
    def send(self, *, to: str, code: str, purpose: str) -> None: ...


def channel_get(kind: str) -> OtpChannel:
    """The channel that delivers codes of `kind` ("email", "sms"); not configured if the setting names none."""
    path = settings.LIENTHONG_OTP_CHANNELS.get(kind)
    if not path:
        raise ChannelNotConfiguredError(kind)
    return import_string(path)()


def code_message(*, code: str, purpose: str) -> tuple[str, str]:
    """Subject and text of a code message, in the language of the request that asked for it."""
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    if purpose == Purpose.PASSWORD_RESET:
        subject = _("Mã đặt lại mật khẩu Dịch vụ công")
        body = _("Mã đặt lại mật khẩu của bạn là %(code)s. Mã có hiệu lực trong %(minutes)s phút.")
    else:
        subject = _("Mã xác minh tài khoản Dịch vụ công")
        body = _("Mã xác minh tài khoản của bạn là %(code)s. Mã có hiệu lực trong %(minutes)s phút.")
    body = body % {"code": code, "minutes": minutes}
    notice = _("Không chia sẻ mã này với bất kỳ ai, kể cả cán bộ. Nếu bạn không yêu cầu mã, hãy bỏ qua thư này.")
    return subject, f"{body}\n\n{notice}\n"


class SmsChannel:
    """The extension point for an SMS gateway: unset, it refuses clearly instead of pretending to send.

    `LIENTHONG_SMS_GATEWAY` names a class (dotted path) with the same `send` method; this channel hands codes to it.
    """

    def __init__(self) -> None:
        path = settings.LIENTHONG_SMS_GATEWAY
        if not path:
            raise ChannelNotConfiguredError("sms")
        self.gateway: OtpChannel = import_string(path)()

    def send(self, *, to: str, code: str, purpose: str) -> None:
        self.gateway.send(to=to, code=code, purpose=purpose)
