"""The simulated portal over HTTP (standard library only): the contract's two endpoints, and `/_sim/…` for tests
and the demo to inspect the portal, queue faults and put dossiers on it as if citizens had submitted them there.

    POST /auth                      {"username", "password"} → {"access_token", "token_type", "expires_in"}
    POST /service?MaDinhDanhDV=…    Authorization: Bearer …; {"service", "isUpdating", "data": [...]}
                                    → {"error_code": 0 | n, "message", "result" | "errors"}
    GET  /_sim/state                everything the portal holds, the calls it answered, the faults queued
    POST /_sim/faults               a fault or a list of faults (fields of `Fault`)
    POST /_sim/submissions          a dossier submitted on the portal → {"MaHoSoQG"}
    POST /_sim/reset                forget everything
"""

import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

from lienthong.core.simserver import SimulatorHandler, SimulatorHTTPServer, serving
from lienthong.national.simulator.portal import Answer, Fault, Portal

log = logging.getLogger("lienthong.national.simulator")


class _Handler(SimulatorHandler):
    server: "SimulatorServer"
    log = log

    def do_GET(self) -> None:  # noqa: N802 — http.server's names
        if urlsplit(self.path).path == "/_sim/state":
            self._send(Answer(200, self.server.portal.state()))
        else:
            self._send(Answer(404, {"message": "Not Found"}))

    def do_POST(self) -> None:  # noqa: N802
        path, query = urlsplit(self.path).path, parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"null")
        except ValueError:
            self._send(Answer(400, {"error_code": 1, "message": "Nội dung không phải JSON."}))
            return
        self._send(self._route(path, body, query))

    def _route(self, path: str, body: Any, query: dict[str, list[str]]) -> Answer:
        portal = self.server.portal
        if path == "/auth":
            return portal.authenticate(body if isinstance(body, dict) else {})
        if path == "/service":
            token = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
            return portal.call(token=token, envelope=body, query=query)
        if path.startswith("/_sim/"):
            return self._admin(path.removeprefix("/_sim/"), body)
        return Answer(404, {"message": "Not Found"})

    def _admin(self, action: str, body: Any) -> Answer:
        portal = self.server.portal
        try:
            if action == "faults":
                portal.inject(*[Fault(**item) for item in (body if isinstance(body, list) else [body])])
                return Answer(200, {"faults": len(portal.faults)})
            if action == "submissions":
                return Answer(200, {"MaHoSoQG": portal.submit(body)})
            if action == "reset":
                portal.reset()
                return Answer(200, {})
        except (TypeError, ValueError) as exc:
            return Answer(400, {"message": str(exc)})
        return Answer(404, {"message": "Not Found"})

    def _send(self, answer: Answer) -> None:
        if answer.delay:
            time.sleep(answer.delay)
        payload = json.dumps(answer.body, ensure_ascii=False).encode()
        self.reply(answer.status, "application/json; charset=utf-8", payload, answer.headers)


class SimulatorServer(SimulatorHTTPServer):
    def __init__(self, portal: Portal, host: str = "127.0.0.1", port: int = 0) -> None:
        self.portal = portal
        super().__init__((host, port), _Handler)


class Simulator:
    """A running simulator: its URL, its portal, and shortcuts for tests."""

    def __init__(self, server: SimulatorServer) -> None:
        self.server, self.portal, self.url = server, server.portal, server.url

    def inject(self, kind: str, **options: Any) -> None:
        self.portal.inject(Fault(kind=kind, **options))

    def submit(self, **fields: Any) -> str:
        return self.portal.submit(fields)

    def record(self, code: str) -> dict | None:
        return self.portal.records.get(code)

    def steps(self, code: str) -> list[dict]:
        return list(self.portal.progress.get(code, []))

    def services_called(self) -> list[str]:
        return [call["service"] for call in self.portal.calls]


@contextmanager
def simulator_running(*, host: str = "127.0.0.1", port: int = 0, portal: Portal | None = None) -> Iterator[Simulator]:
    """Serve a simulated portal on `port` (0: a free one) in a background thread for the duration of the block."""
    with serving(SimulatorServer(portal or Portal(), host, port)) as server:
        yield Simulator(server)
