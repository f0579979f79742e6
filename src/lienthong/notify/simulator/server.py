"""The two simulated providers over HTTP (standard library only), each on its own port:

SMS gateway (eSMS's shape):
    POST /MainService.svc/json/SendMultipleMessage_V4_post_json/   {ApiKey, SecretKey, Phone, Content, Brandname,
         SmsType, IsUnicode, RequestId, CallbackUrl} → {CodeResult, SMSID, ErrorMessage}
    GET  /MainService.svc/json/GetSendStatus?ApiKey=&SecretKey=&RefId=<SMSID> → {CodeResponse, SendStatus}
Zalo ZNS:
    POST /v4/oa/access_token     header secret_key; form app_id, refresh_token, grant_type=refresh_token
    POST /message/template       header access_token; {phone, template_id, template_data, tracking_id}
Zalo OA:
    POST /v3.0/oa/message/cs     header access_token; {recipient: {user_id}, message: {text}} (an answer to a citizen)
Both:
    POST /_sim/program           {"phone", "refuse"?, "deliver"?, "delay"?, "callback"?} (or a list of them)
    POST /_sim/quota             {"remaining": n} (Zalo)
    GET  /_sim/state             what was sent, what waits to be called back
With `post_callbacks=True` (the demo) a thread POSTs each receipt to its callback URL when it falls due; tests take
them with `provider.due_callbacks()` instead.
"""

import json
import logging
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from threading import Thread
from urllib.parse import parse_qs, urlsplit

from lienthong.core.simserver import SimulatorHandler, SimulatorHTTPServer, serving
from lienthong.notify.simulator.providers import Answer, SmsGateway, ZaloZns

log = logging.getLogger("lienthong.notify.simulator")
SMS_SEND = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
SMS_STATUS = "/MainService.svc/json/GetSendStatus"


class _Handler(SimulatorHandler):
    server: "ProviderServer"
    log = log

    def do_GET(self) -> None:  # noqa: N802 — http.server's names
        path = urlsplit(self.path).path
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        provider = self.server.provider
        if path == "/_sim/state":
            self._send(Answer(200, {"sends": provider.sends, "pending": len(provider.pending),
                                    "requests": provider.requests,
                                    "oa_messages": getattr(provider, "oa_messages", [])}))  # fmt: skip
        elif path == SMS_STATUS and isinstance(provider, SmsGateway):
            self._send(provider.send_status(query))
        else:
            self._send(Answer(404, {"message": "Not Found"}))

    def do_POST(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        provider = self.server.provider
        if path == "/v4/oa/access_token" and isinstance(provider, ZaloZns):
            form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            self._send(provider.refresh(secret_key=self.headers.get("secret_key", ""), form=form))
            return
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            self._send(Answer(400, {"error": -100, "message": "Body is not JSON"}))
            return
        if path == SMS_SEND and isinstance(provider, SmsGateway):
            self._send(provider.send(body if isinstance(body, dict) else {}))
        elif path == "/message/template" and isinstance(provider, ZaloZns):
            token = self.headers.get("access_token", "")
            self._send(provider.send(access_token=token, body=body if isinstance(body, dict) else {},
                                     callback_url=self.server.callback_url))  # fmt: skip
        elif path == "/v3.0/oa/message/cs" and isinstance(provider, ZaloZns):
            token = self.headers.get("access_token", "")
            self._send(provider.oa_message(access_token=token, body=body if isinstance(body, dict) else {}))
        elif path == "/_sim/program":
            try:
                for item in body if isinstance(body, list) else [body]:
                    provider.program(**item)
            except TypeError as exc:
                self._send(Answer(400, {"message": str(exc)}))
                return
            self._send(Answer(200, {}))
        elif path == "/_sim/quota" and isinstance(provider, ZaloZns):
            provider.remaining_quota = int(body.get("remaining", 0))
            provider.daily_quota = int(body.get("daily", provider.daily_quota))
            self._send(Answer(200, {}))
        else:
            self._send(Answer(404, {"message": "Not Found"}))

    def _send(self, answer: Answer) -> None:
        self.reply(
            answer.status, "application/json; charset=utf-8", json.dumps(answer.body, ensure_ascii=False).encode()
        )


class ProviderServer(SimulatorHTTPServer):
    def __init__(self, provider: SmsGateway | ZaloZns, host: str, port: int, callback_url: str = "") -> None:
        self.provider, self.callback_url = provider, callback_url
        super().__init__((host, port), _Handler)


def post_callbacks(provider: SmsGateway | ZaloZns, stop: threading.Event, every: float = 0.5, repeat: int = 1) -> None:
    """POST each receipt when it falls due (the demo), `repeat` times (a provider retrying: the bench), four at a
    time: a refused or unreachable callback is dropped, as a provider that gave up would; polling and the timeout
    settle those messages."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        while not stop.wait(every):
            due = [c for c in provider.due_callbacks(time.time()) for _ in range(repeat)]
            list(pool.map(_post_one, due))


def _post_one(callback) -> None:
    request = urllib.request.Request(  # noqa: S310 — the URL our own app gave
        callback.url, data=callback.body, method="POST",
        headers={"Content-Type": "application/json", **callback.headers},
    )  # fmt: skip
    try:
        urllib.request.urlopen(request, timeout=5).close()  # noqa: S310 — the operator's own URL
    except OSError as exc:
        log.warning("callback to %s failed: %s", callback.url, exc)


@contextmanager
def provider_running(
    provider: SmsGateway | ZaloZns, *, host: str = "127.0.0.1", port: int = 0, callback_url: str = "",
    post: bool = False, repeat: int = 1,
) -> Iterator[ProviderServer]:  # fmt: skip
    """Serve `provider` on `port` (0: a free one) in a background thread for the duration of the block."""
    stop = threading.Event()
    poster = Thread(target=post_callbacks, args=(provider, stop, 0.1, repeat), daemon=True) if post else None
    with serving(ProviderServer(provider, host, port, callback_url)) as server:
        if poster:
            poster.start()
        try:
            yield server
        finally:
            stop.set()
