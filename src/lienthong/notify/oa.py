"""What a citizen writes to the province's Zalo Official Account, and the OA's answer (issue 15 item 5).

Zalo posts every OA event to the one webhook the app registered — the same as the ZNS delivery reports
(`views.callback`, its `X-ZEvent-Signature` checked there). A `user_send_text` event is handed to the handler a face
registered at start-up (`oa_text_handler_register`: the portal's look-up by dossier code, which notify may not
import); its answer goes back as a consultation message (`POST /v3.0/oa/message/cs`, the OA's access token — the
same token as ZNS), sent by a task after the webhook has answered Zalo. A consultation message reaches a citizen
who wrote to the OA within the last 48 hours, which a reply always is.
"""

import json
import logging
from collections.abc import Callable

from django.conf import settings

from lienthong.notify.providers import ProviderError, SendResult, _http, zns_access_token

log = logging.getLogger("lienthong.notify")
OA_MESSAGE_PATH = "/v3.0/oa/message/cs"
OA_TEXT_MAX = 2000  # Zalo's limit on a consultation text
INCOMING_TEXT_MAX = 500  # what a handler is given of a citizen's message: a code and four digits need far less
ZNS_TOKEN_INVALID = -216

OaTextHandler = Callable[[str, str], str | None]  # (Zalo user id, text) → the reply, or None: not ours to answer
_handlers: list[OaTextHandler] = []


def oa_text_handler_register(handler: OaTextHandler) -> None:
    """Called by a face at start-up (its AppConfig.ready); registering the same handler twice keeps one."""
    if handler not in _handlers:
        _handlers.append(handler)


def oa_text_received(*, user_id: str, text: str) -> str | None:
    """The reply to a citizen's text, from the first handler that answers it; queued to be sent after commit."""
    from lienthong.notify.tasks import notify_oa_reply

    text = (text or "")[:INCOMING_TEXT_MAX]
    for handler in _handlers:
        reply = handler(user_id, text)
        if reply:
            notify_oa_reply.enqueue(user_id, reply[:OA_TEXT_MAX])
            return reply
    return None


def oa_configured() -> bool:
    return bool(settings.LIENTHONG_ZALO_OA_URL or settings.LIENTHONG_ZNS_URL)


def oa_reply_send(*, user_id: str, text: str) -> SendResult:
    """One consultation message to a Zalo user; a refused token is refreshed once and the send retried."""
    result = _oa_send(user_id, text, zns_access_token())
    if result.code == str(ZNS_TOKEN_INVALID):
        result = _oa_send(user_id, text, zns_access_token(force=True))
    if not result.accepted:
        log.warning("Zalo OA reply to %s not sent: %s %s", user_id, result.code, result.detail)
    return result


def _oa_send(user_id: str, text: str, token: str) -> SendResult:
    base = settings.LIENTHONG_ZALO_OA_URL or settings.LIENTHONG_ZNS_URL
    body = {"recipient": {"user_id": user_id}, "message": {"text": text[:OA_TEXT_MAX]}}
    try:
        reply = _http(base.rstrip("/") + OA_MESSAGE_PATH, data=json.dumps(body).encode(),
                      headers={"Content-Type": "application/json", "access_token": token})  # fmt: skip
    except ProviderError as exc:
        return SendResult(accepted=False, detail=str(exc)[:500], technical=True)
    error = int(reply.get("error", -100))
    if error == 0:
        return SendResult(accepted=True, provider_ref=str((reply.get("data") or {}).get("message_id", "")), code="0")
    return SendResult(accepted=False, code=str(error), detail=str(reply.get("message", ""))[:500])
