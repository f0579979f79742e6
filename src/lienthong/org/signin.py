"""Officers' and administrators' sign-in, throttled: wrong passwords are counted per account and per client address.

Past either limit (LIENTHONG_OFFICER_SIGNIN_RATE per account, …_PER_IP per address, each "count/seconds"), every
attempt is refused until the window ends — the right password too, or guessing would go on at the limit's pace for
ever. Only wrong passwords count: each attempt reserves one unit of both counters before the password is checked
(so parallel guesses cannot overshoot the limit) and a right password gives its unit back; nothing is reset, so an
officer signing in from a shared address does not give that address its wrong guesses back.

The counters live in the `default` cache (`lienthong.core.ratelimit`): Redis shared by every process in production
(LIENTHONG_CACHE_URL), each process's memory otherwise. Every refused attempt is logged (`lienthong.signin`, the
account and address, never the password) for the administrator. Both sign-in pages use the forms below:
/backoffice/login/ (backoffice/urls.py) and /admin/login/ (urls.py, `admin.site.login_form`).
"""

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lienthong.core.http import client_address
from lienthong.core.ratelimit import Rate, rate_parse, window_hit, window_peek, window_refund
from lienthong.core.rules import rule_get
from lienthong.org.rules import SIGNIN_HELP_CONTACT

log = logging.getLogger("lienthong.signin")


class SignInLockedError(Exception):
    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


@dataclass(frozen=True)
class SignInAttempt:
    """The units an attempt reserved, to give back if its password was right."""

    counters: tuple[tuple[str, Rate], ...]
    at: float


def _counters(*, username: str, client: str) -> list[tuple[str, Rate]]:
    account = "officer-signin:user:" + hashlib.sha256(username.casefold().encode()).hexdigest()[:32]
    counters = []
    for key, text in (
        (account, settings.LIENTHONG_OFFICER_SIGNIN_RATE),
        ("officer-signin:ip:" + client, settings.LIENTHONG_OFFICER_SIGNIN_RATE_PER_IP),
    ):
        if (rate := rate_parse(text)) is not None:
            counters.append((key, rate))
    return counters


def officer_signin_begin(*, username: str, client: str) -> SignInAttempt:
    """Reserve this attempt on the account's and the address's counters; `SignInLockedError` (with the seconds to wait)
    if either has no wrong password left in its window."""
    now = time.time()
    counters = _counters(username=username, client=client)
    waits = [v.retry_after for key, rate in counters if not (v := window_peek(key, rate, now=now)).allowed]
    if not waits:
        verdicts = [window_hit(key, rate, now=now) for key, rate in counters]
        waits = [v.retry_after for v in verdicts if not v.allowed]
        if waits:  # another attempt took the last unit meanwhile: this one is refused and does not count
            for key, rate in counters:
                window_refund(key, rate, now=now)
    if waits:
        wait = max(waits)
        log.warning("officer sign-in refused: account %r from %s, locked for %s s more", username, client, wait)
        raise SignInLockedError(wait)
    return SignInAttempt(counters=tuple(counters), at=now)


def officer_signin_succeeded(attempt: SignInAttempt) -> None:
    """A right password: its reserved units are given back (only wrong passwords are limited)."""
    for key, rate in attempt.counters:
        window_refund(key, rate, now=attempt.at)


def locked_message(retry_after: int) -> str:
    minutes = max(1, math.ceil(retry_after / 60))
    contact = rule_get(SIGNIN_HELP_CONTACT) or _("quản trị hệ thống của đơn vị")
    wait = ngettext("%(minutes)d phút", "%(minutes)d phút", minutes) % {"minutes": minutes}
    return _(
        "Đã nhập sai mật khẩu quá nhiều lần, nên tạm thời chưa đăng nhập được (kể cả với mật khẩu đúng). "
        "Vui lòng thử lại sau %(wait)s. Nếu cần đăng nhập ngay, hoặc không phải bạn đã nhập sai, hãy liên hệ "
        "%(contact)s."
    ) % {"wait": wait, "contact": contact}


class ThrottledSignIn:
    """Mixed into Django's sign-in forms: the throttle around their password check."""

    locked: str = ""  # the message of a refused attempt, for the page to show instead of "wrong password"

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return super().clean()
        try:
            attempt = officer_signin_begin(username=username, client=client_address(self.request))
        except SignInLockedError as locked:
            self.locked = locked_message(locked.retry_after)
            raise forms.ValidationError(self.locked, code="locked") from None
        cleaned = super().clean()  # a wrong password (or an inactive account) raises: its unit stays counted
        officer_signin_succeeded(attempt)
        return cleaned


class OfficerAuthenticationForm(ThrottledSignIn, AuthenticationForm):
    """The back office's sign-in form."""


class AdminSignInForm(ThrottledSignIn, AdminAuthenticationForm):
    """The admin's sign-in form (staff accounts only, as Django's)."""
