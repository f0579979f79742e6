"""The simulated national payment platform over HTTP (standard library only).

POST /api/init          INIT (JSON, Bearer token) → `{error_code, message: "{\"UrlThanhToan\": …}"}`
GET  /thanh-toan?MaThamChieu=…   the pay page
POST /thanh-toan        the payer's click (action=pay|cancel) → CONFIRM(s) sent, 302 to the registered return URL
POST /api/query         QUERY (JSON, Bearer token) → the order's CONFIRM-shaped, signed status, or NOT_FOUND
GET  /_sim/state        orders, faults queued, CONFIRMs sent and the partner's replies
POST /_sim/faults       a fault or a list of faults (fields of `Fault`)
POST /_sim/reset        forget everything
"""

import hmac
import json
import logging
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from lienthong.core.simfaults import Fault
from lienthong.core.simserver import SimulatorHandler, SimulatorHTTPServer, serving
from lienthong.payments.paygov_simulator.platform import Platform

log = logging.getLogger("lienthong.payments.paygov_simulator")
MAX_BODY = 64 * 1024


class _Handler(SimulatorHandler):
    server: "PlatformServer"
    log = log

    def do_GET(self) -> None:  # noqa: N802 — http.server's names
        parts = urlsplit(self.path)
        platform = self.server.platform
        if parts.path == "/thanh-toan":
            reference = dict(parse_qsl(parts.query)).get("MaThamChieu", "")
            if reference not in platform.orders:
                self._text(404, "Không có giao dịch")
            else:
                self.reply(200, "text/html; charset=utf-8", platform.pay_page(reference).encode())
        elif parts.path == "/_sim/state":
            self._json(200, platform.state())
        else:
            self._json(404, {"message": "Not Found"})

    def do_POST(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._json(413, {"error_code": "1", "message": "too large"})
            return
        raw = self.rfile.read(length)
        platform = self.server.platform
        if path == "/thanh-toan":
            form = dict(parse_qsl(raw.decode(), keep_blank_values=True))
            if form.get("MaThamChieu") not in platform.orders:
                self._text(404, "Không có giao dịch")
                return
            location = platform.pay(form["MaThamChieu"], action=form.get("action", "pay"))
            if location:
                self.reply(302, "text/plain; charset=utf-8", b"", headers={"Location": location})
            else:
                self._text(200, "Giao dịch đã được xử lý.")
            return
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            self._json(400, {"error_code": "1", "message": "not JSON"})
            return
        if path in ("/api/init", "/api/query"):
            given = self.headers.get("Authorization", "")
            if not hmac.compare_digest(given, f"Bearer {platform.access_token}"):
                self._json(401, {"error_code": "401", "message": "Unauthorized"})
                return
            body = body if isinstance(body, dict) else {}
            reply = platform.init(body) if path == "/api/init" else platform.query(body)
            delay = platform.take_timeout()
            if delay:
                time.sleep(delay)
            self._json(200, reply)
        elif path == "/_sim/faults":
            try:
                platform.inject(*[Fault(**item) for item in (body if isinstance(body, list) else [body])])
            except (TypeError, ValueError) as exc:
                self._json(400, {"message": str(exc)})
                return
            self._json(200, {"faults": len(platform.faults)})
        elif path == "/_sim/reset":
            platform.reset()
            self._json(200, {})
        else:
            self._json(404, {"message": "Not Found"})

    def _json(self, status: int, body: Any) -> None:
        self.reply(status, "application/json; charset=utf-8", json.dumps(body, ensure_ascii=False).encode())

    def _text(self, status: int, text: str) -> None:
        self.reply(status, "text/plain; charset=utf-8", text.encode())


class PlatformServer(SimulatorHTTPServer):
    def __init__(self, platform: Platform, host: str = "127.0.0.1", port: int = 0) -> None:
        self.platform = platform
        super().__init__((host, port), _Handler)


def http_confirm_sender(confirm_url: str, timeout: float = 10.0):
    """Send a CONFIRM as the platform does: a JSON POST to the partner's address; the partner's reply is returned."""

    def send(confirm: dict[str, str]) -> dict[str, Any]:
        request = urllib.request.Request(confirm_url, data=json.dumps(confirm, ensure_ascii=False).encode(),  # noqa: S310
                                         method="POST", headers={"Content-Type": "application/json"})  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                reply = json.loads(response.read())
                return reply if isinstance(reply, dict) else {}
        except (OSError, ValueError) as exc:
            log.warning("CONFIRM to %s failed: %s", confirm_url, exc)
            return {}

    return send


class PlatformSimulator:
    """A running simulator: its URLs, its platform, and shortcuts for tests."""

    def __init__(self, server: PlatformServer) -> None:
        self.server, self.platform, self.url = server, server.platform, server.url
        self.init_url, self.query_url = f"{self.url}/api/init", f"{self.url}/api/query"

    def inject(self, kind: str, **options: Any) -> None:
        self.platform.inject(Fault(kind=kind, **options))


@contextmanager
def platform_simulator_running(*, host: str = "127.0.0.1", port: int = 0, platform: Platform | None = None,
                               confirm_url: str = "") -> Iterator[PlatformSimulator]:  # fmt: skip
    """Serve a simulated platform on `port` (0: a free one) in a background thread for the duration of the block.
    With `confirm_url`, CONFIRMs go there over HTTP; without, they are collected (`platform.confirms_take()`)."""
    platform = platform or Platform()
    if confirm_url:
        platform.sender = http_confirm_sender(confirm_url)
    with serving(PlatformServer(platform, host, port)) as server:
        platform.base_url = server.url
        yield PlatformSimulator(server)
