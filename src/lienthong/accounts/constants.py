"""Vocabulary and fixed limits of citizens' accounts (docs/accounts.md)."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=10)
CODE_MAX_WRONG = 5  # after the fifth wrong try the code is dead; a new one must be sent (rate-limited)

# Where a pending verification lives between the sign-up (or reset) page and the verify page.
SESSION_PENDING = "accounts.pending"


class Purpose(models.TextChoices):
    SIGN_UP = "sign_up", _("Xác minh đăng ký")
    PASSWORD_RESET = "password_reset", _("Đặt lại mật khẩu")


class ContactKind(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    PHONE = "phone", _("Số điện thoại")


# A contact kind is delivered through the channel of the same name in settings.LIENTHONG_OTP_CHANNELS.
CHANNEL_FOR_CONTACT = {ContactKind.EMAIL: "email", ContactKind.PHONE: "sms"}
