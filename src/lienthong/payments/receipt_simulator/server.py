"""The simulated e-receipt service over HTTP (standard library only).

POST /api/publish | /api/cancel | /api/replace   JSON with Account/ACpass → {"result": "OK:…" | "ERR:<code>"}
GET  /api/receipt?key=…                         the receipt issued under a key (JSON), 404 if none
GET  /api/document?key=…                        its PDF, 404 if none
GET  /_sim/state, POST /_sim/faults, POST /_sim/reset
"""

import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

from lienthong.core.simserver import SimulatorHandler, SimulatorHTTPServer, serving
from lienthong.payments.receipt_simulator.service import Fault, ReceiptBook

log = logging.getLogger("lienthong.payments.receipt_simulator")
ACTIONS = ("publish", "cancel", "replace")


class _Handler(SimulatorHandler):
    server: "ReceiptServer"
    log = log

    def do_GET(self) -> None:  # noqa: N802 — http.server's names
        parts = urlsplit(self.path)
        book = self.server.book
        key = (parse_qs(parts.query).get("key") or [""])[0]
        if parts.path == "/_sim/state":
            self._json(200, book.state())
            return
        delay = book.delay()
        if delay:
            time.sleep(delay)
        if parts.path == "/api/receipt" and (found := book.lookup(key)) is not None:
            self._json(200, found)
        elif parts.path == "/api/document" and (pdf := book.document(key)) is not None:
            self.reply(200, "application/pdf", pdf)
        else:
            self._json(404, {"message": "Not Found"})

    def do_POST(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        book = self.server.book
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"null")
        except ValueError:
            self._json(400, {"message": "not JSON"})
            return
        action = path.removeprefix("/api/")
        if path.startswith("/api/") and action in ACTIONS:
            delay = book.delay()
            result = book.call(action, body if isinstance(body, dict) else {})
            if delay:
                time.sleep(delay)  # carried out, answered too late
            self._json(200, {"result": result})
        elif path == "/_sim/faults":
            try:
                book.inject(*[Fault(**item) for item in (body if isinstance(body, list) else [body])])
            except (TypeError, ValueError) as exc:
                self._json(400, {"message": str(exc)})
                return
            self._json(200, {"faults": len(book.faults)})
        elif path == "/_sim/reset":
            book.reset()
            self._json(200, {})
        else:
            self._json(404, {"message": "Not Found"})

    def _json(self, status: int, body: Any) -> None:
        self.reply(status, "application/json; charset=utf-8", json.dumps(body, ensure_ascii=False).encode())


class ReceiptServer(SimulatorHTTPServer):
    def __init__(self, book: ReceiptBook, host: str = "127.0.0.1", port: int = 0) -> None:
        self.book = book
        super().__init__((host, port), _Handler)


class ReceiptSimulator:
    def __init__(self, server: ReceiptServer) -> None:
        self.server, self.book, self.url = server, server.book, server.url

    def inject(self, kind: str, **options: Any) -> None:
        self.book.inject(Fault(kind=kind, **options))


@contextmanager
def receipt_simulator_running(*, host: str = "127.0.0.1", port: int = 0,
                              book: ReceiptBook | None = None) -> Iterator[ReceiptSimulator]:  # fmt: skip
    """Serve a simulated e-receipt service on `port` (0: a free one) for the duration of the block."""
    with serving(ReceiptServer(book or ReceiptBook(), host, port)) as server:
        yield ReceiptSimulator(server)
