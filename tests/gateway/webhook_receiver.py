"""A real HTTP receiver for the webhook tests: a `http.server` on a free port in a thread, recording every
request, answering as told, and able to go down and come back on the same port."""

import http.server
import json
import threading
from collections import deque
from dataclasses import dataclass, field

from standardwebhooks import Webhook, WebhookVerificationError


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    answered: int
    verified: bool | None = None  # the signature checked on arrival (the timestamp is checked against "now")

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]

    @property
    def data(self) -> dict:
        return json.loads(self.body)["data"]


@dataclass
class Receiver:
    port: int = 0
    received: list[Received] = field(default_factory=list)
    secret: str = ""  # when set, every request's signature is verified on arrival
    answers: deque = field(default_factory=deque)  # statuses (or (status, headers)) for the next requests; then 204
    _server: http.server.ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 — http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))  # read, then perhaps fail
                answer = receiver.answers.popleft() if receiver.answers else 204
                status, extra = answer if isinstance(answer, tuple) else (answer, {})
                headers = {k.lower(): v for k, v in self.headers.items()}
                receiver.received.append(Received(headers, body, status, receiver.verify(headers, body)))
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def verify(self, headers: dict[str, str], body: bytes) -> bool | None:
        if not self.secret:
            return None
        try:
            Webhook(self.secret).verify(body, headers)
        except WebhookVerificationError:
            return False
        return True

    def delivered(self) -> list[Received]:
        return [r for r in self.received if 200 <= r.answered < 300]
