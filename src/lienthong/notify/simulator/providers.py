"""The two providers we cannot reach, as plain Python objects holding their state in memory (no Django):

- `SmsGateway`: an SMS brandname gateway in the shape of eSMS's HTTP API — a send answers `CodeResult` "100" when
  the message is *accepted*, which is not *delivered*: the delivery report comes later to the `CallbackUrl`; a
  `RequestId` seen before answers "124" (duplicate) and is not sent again; `GetSendStatus` answers a poll.
- `ZaloZns`: Zalo Notification Service's template API — `template_id` + `template_data` to a phone in 84… form,
  the OA access token in the `access_token` header, refreshed with a single-use refresh token; a daily quota
  reported as `remainingQuota`; error codes such as -108 (phone), -118 (not on Zalo), -124 (out of quota), -216
  (access token invalid); delivery events to a webhook signed with `X-ZEvent-Signature`.

Both are programmable per phone number (`program`): accept and deliver (the default), refuse with a code, accept
and report a failure, deliver late, or never call back. Receipts wait in `pending` until `due_callbacks(now)`
hands them out: the HTTP server posts them (demo), a test feeds them to our callback views.
"""

import hashlib
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

PHONE_84 = re.compile(r"84[35789][0-9]{8}")


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    """What happens to messages for one phone: `refuse` a provider code at send time; else accepted, then a receipt
    `deliver`ed or not (`deliver=False`: a failure report) after `delay` seconds; `callback=False`: none ever."""

    refuse: str | int | None = None
    deliver: bool = True
    delay: float = 0.0
    callback: bool = True


@dataclass(frozen=True)
class Callback:
    due: float
    url: str
    body: bytes
    headers: dict[str, str]


class _Programmable:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.outcomes: dict[str, Outcome] = {}
        self.pending: list[Callback] = []
        self.sends: list[dict] = []  # every message the provider actually sent (not refusals, not duplicates)
        self.requests = 0
        self._ids = itertools.count(1)

    def program(self, phone: str, **outcome: Any) -> None:
        with self.lock:
            self.outcomes[phone] = Outcome(**outcome)

    def due_callbacks(self, now: float | None = None) -> list[Callback]:
        """The receipts due by `now` (all of them when None), taken out of the queue."""
        with self.lock:
            due = [c for c in self.pending if now is None or c.due <= now]
            self.pending = [c for c in self.pending if c not in due]
        return due

    def _outcome(self, phone: str) -> Outcome:
        return self.outcomes.get(phone, Outcome())


class SmsGateway(_Programmable):
    API_KEY, SECRET_KEY, BRANDNAME = "sim-api-key", "sim-secret-key", "TINHDONGNAI"

    def __init__(self) -> None:
        super().__init__()
        self.by_request: dict[str, str] = {}  # RequestId → SMSID
        self.status: dict[str, int] = {}  # SMSID → SendStatus (0 waiting, 5 delivered, 6 failed)

    def send(self, body: dict) -> Answer:
        with self.lock:
            self.requests += 1
            if body.get("ApiKey") != self.API_KEY or body.get("SecretKey") != self.SECRET_KEY:
                return Answer(200, {"CodeResult": "101", "ErrorMessage": "Authorize Failed"})
            if body.get("Brandname") != self.BRANDNAME:
                return Answer(200, {"CodeResult": "104", "ErrorMessage": "Brandname không tồn tại"})
            phone, request_id = str(body.get("Phone") or ""), str(body.get("RequestId") or "")
            if not re.fullmatch(r"(84|0)[35789][0-9]{8}", phone):
                return Answer(200, {"CodeResult": "108", "ErrorMessage": "Số điện thoại không đúng định dạng"})
            if not body.get("Content"):
                return Answer(200, {"CodeResult": "146", "ErrorMessage": "Nội dung không đúng mẫu"})
            if request_id and request_id in self.by_request:
                sms_id = self.by_request[request_id]
                return Answer(200, {"CodeResult": "124", "SMSID": sms_id, "ErrorMessage": "Trùng RequestId"})
            outcome = self._outcome(phone)
            if outcome.refuse is not None:
                return Answer(200, {"CodeResult": str(outcome.refuse), "ErrorMessage": "Bị từ chối"})
            sms_id = f"sms-{next(self._ids)}"
            self.by_request[request_id] = sms_id
            self.status[sms_id] = 0
            self.sends.append({"SMSID": sms_id, "RequestId": request_id, "Phone": phone, "Content": body["Content"],
                               "at": time.time()})  # fmt: skip
            if outcome.callback and body.get("CallbackUrl"):
                status = 5 if outcome.deliver else 6
                payload = {"SMSID": sms_id, "RequestId": request_id, "Phone": phone, "SendStatus": status}
                self.pending.append(Callback(time.time() + outcome.delay, body["CallbackUrl"],
                                             json.dumps(payload).encode(), {}))  # fmt: skip
                self.status[sms_id] = status  # what a poll says once the operator knows it
            return Answer(200, {"CodeResult": "100", "SMSID": sms_id, "ErrorMessage": ""})

    def send_status(self, query: dict) -> Answer:
        if query.get("ApiKey") != self.API_KEY or query.get("SecretKey") != self.SECRET_KEY:
            return Answer(200, {"CodeResponse": "101"})
        sms_id = query.get("RefId", "")
        if sms_id not in self.status:
            return Answer(200, {"CodeResponse": "-1", "ErrorMessage": "Không có tin này"})
        return Answer(200, {"CodeResponse": "100", "SMSID": sms_id, "SendStatus": self.status[sms_id]})


class ZaloZns(_Programmable):
    APP_ID, SECRET_KEY, OA_SECRET = "sim-app-id", "sim-app-secret", "sim-oa-secret"
    TOKEN_SECONDS = 25 * 3600  # an OA access token lives 25 hours

    def __init__(self, *, daily_quota: int = 100_000, refresh_token: str = "sim-refresh-1") -> None:  # noqa: S107 — a fake
        super().__init__()
        self.daily_quota = self.remaining_quota = daily_quota
        self.refresh_token = refresh_token
        self.access_tokens: dict[str, float] = {}  # token → expiry (epoch seconds)
        self.templates: set[str] | None = None  # None: every template id is approved
        self.refreshes = 0
        self.oa_messages: list[dict] = []  # the OA's consultation messages (answers to citizens who wrote to it)
        self.strangers: set[str] = set()  # Zalo users who do not follow the OA (a consultation message is refused)

    def refresh(self, *, secret_key: str, form: dict) -> Answer:
        with self.lock:
            if secret_key != self.SECRET_KEY or form.get("app_id") != self.APP_ID:
                return Answer(200, {"error": -14002, "message": "Invalid app secret"})
            if form.get("grant_type") != "refresh_token" or form.get("refresh_token") != self.refresh_token:
                return Answer(200, {"error": -14014, "message": "Invalid refresh token"})
            self.refreshes += 1
            access = f"sim-access-{self.refreshes}"
            self.refresh_token = f"sim-refresh-{self.refreshes + 1}"  # single use: the old one is spent
            self.access_tokens[access] = time.time() + self.TOKEN_SECONDS
            return Answer(200, {"access_token": access, "refresh_token": self.refresh_token,
                                "expires_in": str(self.TOKEN_SECONDS)})  # fmt: skip

    def expire_tokens(self) -> None:
        with self.lock:
            self.access_tokens.clear()

    def send(self, *, access_token: str, body: dict, callback_url: str) -> Answer:
        with self.lock:
            self.requests += 1
            if self.access_tokens.get(access_token, 0) < time.time():
                return Answer(200, {"error": -216, "message": "Access token is invalid"})
            phone, template_id = str(body.get("phone") or ""), str(body.get("template_id") or "")
            if not PHONE_84.fullmatch(phone):
                return Answer(200, {"error": -108, "message": "Phone number is invalid"})
            if not template_id or (self.templates is not None and template_id not in self.templates):
                return Answer(200, {"error": -109, "message": "Template id is invalid"})
            if not isinstance(body.get("template_data"), dict):
                return Answer(200, {"error": -111, "message": "Template data is invalid"})
            outcome = self._outcome(phone)
            if outcome.refuse is not None:
                code = int(outcome.refuse)
                return Answer(200, {"error": code, "message": ZNS_MESSAGES.get(code, "Error")})
            if self.remaining_quota <= 0:
                return Answer(200, {"error": -124, "message": "Out of quota"})
            self.remaining_quota -= 1
            msg_id = f"zns-{next(self._ids)}"
            tracking_id = str(body.get("tracking_id") or "")
            self.sends.append({"msg_id": msg_id, "tracking_id": tracking_id, "phone": phone,
                               "template_id": template_id, "template_data": body["template_data"],
                               "at": time.time()})  # fmt: skip
            now = time.time()
            if outcome.callback and outcome.deliver and callback_url:
                self.pending.append(self._receipt(callback_url, msg_id, tracking_id, phone, now + outcome.delay))
            return Answer(200, {"error": 0, "message": "Success", "data": {
                "msg_id": msg_id, "sent_time": str(int(now * 1000)), "sending_mode": "1",
                "quota": {"dailyQuota": str(self.daily_quota), "remainingQuota": str(self.remaining_quota)},
            }})  # fmt: skip

    def oa_message(self, *, access_token: str, body: dict) -> Answer:
        """`POST /v3.0/oa/message/cs`: a text to a Zalo user who follows the OA (and wrote to it lately)."""
        with self.lock:
            self.requests += 1
            if self.access_tokens.get(access_token, 0) < time.time():
                return Answer(200, {"error": -216, "message": "Access token is invalid"})
            user_id = str((body.get("recipient") or {}).get("user_id") or "")
            text = (body.get("message") or {}).get("text")
            if not user_id or not isinstance(text, str) or not text or len(text) > 2000:
                return Answer(200, {"error": -201, "message": "Parameters are invalid"})
            if user_id in self.strangers:
                return Answer(200, {"error": -213, "message": "User has not followed OA"})
            message_id = f"oa-{next(self._ids)}"
            self.oa_messages.append({"message_id": message_id, "user_id": user_id, "text": text, "at": time.time()})
            return Answer(200, {"error": 0, "message": "Success", "data": {"message_id": message_id,
                                                                           "user_id": user_id}})  # fmt: skip

    def user_text(self, user_id: str, text: str, *, at: float | None = None) -> tuple[bytes, dict[str, str]]:
        """The `user_send_text` event Zalo posts to the webhook when a citizen writes to the OA, signed."""
        timestamp = str(int((at or time.time()) * 1000))
        body = json.dumps({"app_id": self.APP_ID, "user_id_by_app": f"app-{user_id}", "event_name": "user_send_text",
                           "timestamp": timestamp, "sender": {"id": user_id}, "recipient": {"id": "sim-oa"},
                           "message": {"msg_id": f"in-{next(self._ids)}", "text": text}},
                          ensure_ascii=False).encode()  # fmt: skip
        return body, {"X-ZEvent-Signature": zns_signature(self.APP_ID, body, timestamp, self.OA_SECRET)}

    def _receipt(self, url: str, msg_id: str, tracking_id: str, phone: str, due: float) -> Callback:
        timestamp = str(int(due * 1000))
        body = json.dumps({"event_name": "user_received_message", "app_id": self.APP_ID, "timestamp": timestamp,
                           "recipient": {"id": phone}, "message": {"msg_id": msg_id, "tracking_id": tracking_id,
                                                                   "delivery_time": timestamp}}).encode()  # fmt: skip
        return Callback(due, url, body, {"X-ZEvent-Signature": zns_signature(self.APP_ID, body, timestamp,
                                                                             self.OA_SECRET)})  # fmt: skip


def zns_signature(app_id: str, body: bytes, timestamp: str, oa_secret: str) -> str:
    """Zalo's webhook MAC: sha256 over app id + raw body + timestamp + the OA secret key, hex, as `mac=<hex>`."""
    digest = hashlib.sha256(app_id.encode() + body + timestamp.encode() + oa_secret.encode()).hexdigest()
    return f"mac={digest}"


ZNS_MESSAGES = {
    -100: "Unknown error",
    -108: "Phone number is invalid",
    -109: "Template id is invalid",
    -118: "Zalo account not existed",
    -119: "Account can not receive ZNS message",
    -124: "Out of quota",
}
