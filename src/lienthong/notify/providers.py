"""The adapters behind one interface: `provider_for(channel).send(message) -> SendResult`.

- `SmsProvider`: an SMS brandname gateway's HTTP API in eSMS's shape (LIENTHONG_SMS_URL). "100" is *accepted*, not
  *delivered*; the delivery report comes to our callback, or a poll (`status`) asks for it. Our message's uuid is the
  `RequestId`, so sending again after a crash is answered "124 duplicate" and nothing goes out twice.
- `ZnsProvider`: Zalo ZNS's template API (LIENTHONG_ZNS_URL), the OA access token refreshed with the single-use
  refresh token (kept in ProviderToken) when it is missing, expired or refused (-216); our uuid is the
  `tracking_id`. The reply's `remainingQuota` is kept so routing goes straight to SMS once the day's quota is spent.

- `EmailProvider`: the mail server (Django's e-mail backend) for the letters other apps queue (notify.outbound): the
  server's acceptance is `delivered` (SMTP has no delivery report); the message's uuid is its Message-ID, the same on
  every attempt, so a mail system drops a copy a retry sent twice.

None raises for what the provider answers; a network failure or a 5xx is a `technical` result.
"""

import datetime as dt
import json
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from lienthong.notify.constants import (
    LETTER_SUBJECT,
    SMS_ACCEPTED,
    SMS_DUPLICATE_REQUEST,
    SMS_PERMANENT_ERRORS,
    SMS_REPORT_DELIVERED,
    SMS_REPORT_FAILED,
    ZNS_HARD_ERRORS,
    ZNS_OK,
    ZNS_OUT_OF_QUOTA,
    ZNS_TOKEN_INVALID,
    MessageChannel,
)
from lienthong.notify.models import Message, ProviderToken

SMS_SEND_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
SMS_STATUS_PATH = "/MainService.svc/json/GetSendStatus"
ZNS_SEND_PATH = "/message/template"
ZNS_REFRESH_PATH = "/v4/oa/access_token"
ZNS = "zalo_oa"


@dataclass(frozen=True)
class SendResult:
    accepted: bool
    provider_ref: str = ""
    code: str = ""
    detail: str = ""
    hard: bool = False  # refused for this recipient for good: the next channel takes over at once
    technical: bool = False  # no answer we can trust (network, 5xx): the request may or may not have gone


class ProviderError(Exception):
    pass


def _http(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None) -> dict:
    if not url.startswith(("http://", "https://")):
        raise ProviderError(f"not an HTTP URL: {url!r}")
    request = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data else "GET")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=settings.LIENTHONG_NOTIFY_HTTP_TIMEOUT) as response:  # noqa: S310
            return json.loads(response.read() or b"{}")
    except (OSError, ValueError) as exc:  # URLError, HTTPError (5xx, 4xx), timeouts, a body that is not JSON
        raise ProviderError(f"{type(exc).__name__}: {exc}") from exc


def sms_configured() -> bool:
    return bool(settings.LIENTHONG_SMS_URL)


def zns_configured() -> bool:
    return bool(settings.LIENTHONG_ZNS_URL)


def callback_url(channel: str) -> str:
    from django.urls import reverse

    base = settings.LIENTHONG_NOTIFY_CALLBACK_URL or settings.LIENTHONG_PUBLIC_URL
    path = reverse("notify:callback", args=[channel])
    return f"{base.rstrip('/')}{path}?{urlencode({'token': settings.LIENTHONG_NOTIFY_CALLBACK_TOKEN})}"


class SmsProvider:
    channel = MessageChannel.SMS

    def send(self, message: Message) -> SendResult:
        body = {
            "ApiKey": settings.LIENTHONG_SMS_API_KEY, "SecretKey": settings.LIENTHONG_SMS_SECRET_KEY,
            "Phone": message.recipient, "Content": message.body, "Brandname": settings.LIENTHONG_SMS_BRANDNAME,
            "SmsType": "2", "IsUnicode": "1" if settings.LIENTHONG_SMS_UNICODE else "0", "Sandbox": "0",
            "RequestId": str(message.uuid), "CallbackUrl": callback_url(self.channel),
        }  # fmt: skip
        try:
            reply = _http(settings.LIENTHONG_SMS_URL.rstrip("/") + SMS_SEND_PATH, data=json.dumps(body).encode(),
                          headers={"Content-Type": "application/json"})  # fmt: skip
        except ProviderError as exc:
            return SendResult(accepted=False, detail=str(exc)[:500], technical=True)
        code = str(reply.get("CodeResult", ""))
        if code in (SMS_ACCEPTED, SMS_DUPLICATE_REQUEST):
            return SendResult(accepted=True, provider_ref=str(reply.get("SMSID", "")), code=code)
        detail = str(reply.get("ErrorMessage", ""))[:500]
        return SendResult(accepted=False, code=code, detail=detail, hard=code in SMS_PERMANENT_ERRORS)

    def status(self, message: Message) -> bool | None:
        """Delivered (True), failed (False) or not known yet (None), by polling GetSendStatus."""
        query = urlencode({"ApiKey": settings.LIENTHONG_SMS_API_KEY, "SecretKey": settings.LIENTHONG_SMS_SECRET_KEY,
                           "RefId": message.provider_ref})  # fmt: skip
        try:
            reply = _http(f"{settings.LIENTHONG_SMS_URL.rstrip('/')}{SMS_STATUS_PATH}?{query}")
        except ProviderError:
            return None
        status = reply.get("SendStatus")
        return {SMS_REPORT_DELIVERED: True, SMS_REPORT_FAILED: False}.get(status)


class ZnsProvider:
    channel = MessageChannel.ZNS

    def send(self, message: Message) -> SendResult:
        result = self._send(message, zns_access_token())
        if result.code == str(ZNS_TOKEN_INVALID):  # expired early or revoked: refresh once and try again
            result = self._send(message, zns_access_token(force=True))
        return result

    def _send(self, message: Message, token: str) -> SendResult:
        body = {"phone": message.recipient, "template_id": message.template.zns_template_id if message.template else "",
                "template_data": message.params, "tracking_id": str(message.uuid)}  # fmt: skip
        try:
            reply = _http(settings.LIENTHONG_ZNS_URL.rstrip("/") + ZNS_SEND_PATH, data=json.dumps(body).encode(),
                          headers={"Content-Type": "application/json", "access_token": token})  # fmt: skip
        except ProviderError as exc:
            return SendResult(accepted=False, detail=str(exc)[:500], technical=True)
        error = int(reply.get("error", -100))
        if error == ZNS_OK:
            data = reply.get("data") or {}
            quota = (data.get("quota") or {}).get("remainingQuota")
            if quota is not None:
                zns_quota_set(int(quota))
            return SendResult(accepted=True, provider_ref=str(data.get("msg_id", "")), code="0")
        if error == ZNS_OUT_OF_QUOTA:
            zns_quota_set(0)
        detail = str(reply.get("message", ""))[:500]
        return SendResult(accepted=False, code=str(error), detail=detail, hard=error in ZNS_HARD_ERRORS)


class EmailProvider:
    channel = MessageChannel.EMAIL
    timeout = 30  # seconds, unless EMAIL_TIMEOUT says otherwise: a hung server must not hold a worker forever

    def send(self, message: Message) -> SendResult:
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "localhost"
        mail = EmailMessage(
            subject=message.params.get(LETTER_SUBJECT, ""), body=message.body, from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            connection=get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", None) or self.timeout),
            # RFC 5322: one Message-ID for every attempt; RFC 3834: no auto-responder answers it.
            headers={"Message-ID": f"<{message.uuid}.lienthong@{domain}>", "Auto-Submitted": "auto-generated"},
        )  # fmt: skip
        try:
            mail.send()
        except smtplib.SMTPRecipientsRefused as exc:  # this address is refused for good
            return SendResult(accepted=False, code="550", detail=f"{type(exc).__name__}: {exc}"[:500], hard=True)
        except (smtplib.SMTPException, OSError) as exc:  # refused for now, down, unreachable, timed out
            return SendResult(accepted=False, detail=f"{type(exc).__name__}: {exc}"[:500], technical=True)
        return SendResult(accepted=True, code="250")


def provider_name(channel: str) -> str:
    """Who carries a channel's messages now, for the delivery rates: the SMS gateway's or Zalo's host, the mail
    server (or the e-mail backend's name when it is not SMTP)."""
    if channel == MessageChannel.EMAIL:
        backend = settings.EMAIL_BACKEND
        return settings.EMAIL_HOST if backend.endswith("smtp.EmailBackend") else backend.rsplit(".", 2)[-2]
    url = settings.LIENTHONG_SMS_URL if channel == MessageChannel.SMS else settings.LIENTHONG_ZNS_URL
    return urlsplit(url).netloc[:100]


def provider_for(channel: str) -> SmsProvider | ZnsProvider | EmailProvider:
    providers = {MessageChannel.SMS: SmsProvider, MessageChannel.ZNS: ZnsProvider, MessageChannel.EMAIL: EmailProvider}
    return providers[channel]()


# -- the OA's tokens and quota -------------------------------------------------------------------------------------


_token_held: dict[str, tuple[str, dt.datetime]] = {}  # this process's copy: no query per message


def zns_access_token(*, force: bool = False) -> str:
    """The OA access token, refreshed when missing, within 10 minutes of expiry, or `force`d. The refresh token is
    single use, so the refresh happens under a row lock and both tokens are stored together; a process keeps the
    token it read until it nears expiry or Zalo refuses it (-216, then `force`)."""
    now = timezone.now()
    held = _token_held.get(ZNS)
    if held and not force and held[1] > now + dt.timedelta(minutes=10):
        return held[0]
    with transaction.atomic():
        row, _ = ProviderToken.objects.select_for_update().get_or_create(
            provider=ZNS, defaults={"refresh_token": settings.LIENTHONG_ZNS_REFRESH_TOKEN}
        )
        fresh = row.access_token and row.expires_at and row.expires_at > now + dt.timedelta(minutes=10)
        if fresh and not (force and (held is None or held[0] == row.access_token)):  # or another process refreshed
            _token_held[ZNS] = (row.access_token, row.expires_at)
            return row.access_token
        form = urlencode({"refresh_token": row.refresh_token, "app_id": settings.LIENTHONG_ZNS_APP_ID,
                          "grant_type": "refresh_token"}).encode()  # fmt: skip
        try:
            reply = _http(settings.LIENTHONG_ZNS_OAUTH_URL.rstrip("/") + ZNS_REFRESH_PATH, data=form,
                          headers={"Content-Type": "application/x-www-form-urlencoded",
                                   "secret_key": settings.LIENTHONG_ZNS_SECRET_KEY})  # fmt: skip
        except ProviderError:
            return row.access_token
        if not reply.get("access_token"):
            return row.access_token  # a refused refresh: the send answers -216 and is recorded as such
        row.access_token, row.refresh_token = reply["access_token"], reply.get("refresh_token", row.refresh_token)
        row.expires_at = now + dt.timedelta(seconds=int(reply.get("expires_in", 3600)))
        row.save()
        _token_held[ZNS] = (row.access_token, row.expires_at)
        return row.access_token


def _quota_key() -> str:
    return f"notify:zns:quota:{timezone.localdate():%Y%m%d}"  # Zalo's quota is per day


def zns_quota_set(remaining: int) -> None:
    cache.set(_quota_key(), remaining, timeout=26 * 3600)


def zns_quota_left() -> bool:
    remaining = cache.get(_quota_key())
    return remaining is None or remaining > 0
