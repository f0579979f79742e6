"""The simulated bank gateway over HTTP (standard library only).

GET  /paymentv2/vpcpay.html?…   the pay page (400 with the reasons when the request is not valid)
POST /paymentv2/pay             the payer's click (action=pay|cancel) → 302 to the return URL, IPN(s) sent
POST /merchant_webapi/api/transaction   querydr and refund (JSON)
GET  /merchant_webapi/api/reconcile?vnp_TmnCode=…&vnp_Date=yyyyMMdd&vnp_SecureHash=…   the day's transactions
GET  /_sim/state                orders, faults queued, IPNs sent and our replies
POST /_sim/faults               a fault or a list of faults (fields of `Fault`)
POST /_sim/reset                forget everything
"""

import json
import logging
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from lienthong.core.simserver import SimulatorHandler, SimulatorHTTPServer, serving
from lienthong.payments.simulator.bank import Bank, Fault

log = logging.getLogger("lienthong.payments.simulator")


class _Handler(SimulatorHandler):
    server: "BankServer"
    log = log

    def do_GET(self) -> None:  # noqa: N802 — http.server's names
        parts = urlsplit(self.path)
        bank = self.server.bank
        if parts.path == "/paymentv2/vpcpay.html":
            params = dict(parse_qsl(parts.query, keep_blank_values=True))
            errors = bank.order_open(params)
            if errors:
                self._send(400, "text/plain; charset=utf-8", "\n".join(errors).encode())
            else:
                self._send(200, "text/html; charset=utf-8", bank.pay_page(params).encode())
        elif parts.path == "/merchant_webapi/api/reconcile":
            status, body = bank.day_list(dict(parse_qsl(parts.query)))
            self._json(status, body)
        elif parts.path == "/_sim/state":
            self._json(200, bank.state())
        else:
            self._json(404, {"message": "Not Found"})

    def do_POST(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        bank = self.server.bank
        if path == "/paymentv2/pay":
            form = dict(parse_qsl(raw.decode(), keep_blank_values=True))
            if form.get("vnp_TxnRef") not in bank.orders:
                self._send(404, "text/plain; charset=utf-8", "Không có giao dịch".encode())
                return
            location = bank.pay(form["vnp_TxnRef"], action=form.get("action", "pay"))
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            self._json(400, {"message": "not JSON"})
            return
        if path == "/merchant_webapi/api/transaction":
            reply, delay = bank.api(body if isinstance(body, dict) else {})
            if delay:
                time.sleep(delay)
            self._json(200, reply)
        elif path == "/_sim/faults":
            try:
                bank.inject(*[Fault(**item) for item in (body if isinstance(body, list) else [body])])
            except (TypeError, ValueError) as exc:
                self._json(400, {"message": str(exc)})
                return
            self._json(200, {"faults": len(bank.faults)})
        elif path == "/_sim/reset":
            bank.reset()
            self._json(200, {})
        else:
            self._json(404, {"message": "Not Found"})

    def _json(self, status: int, body: Any) -> None:
        self._send(status, "application/json; charset=utf-8", json.dumps(body, ensure_ascii=False).encode())

    def _send(self, status: int, content_type: str, payload: bytes) -> None:
        self.reply(status, content_type, payload)


class BankServer(SimulatorHTTPServer):
    def __init__(self, bank: Bank, host: str = "127.0.0.1", port: int = 0) -> None:
        self.bank = bank
        super().__init__((host, port), _Handler)


def http_ipn_sender(ipn_url: str, timeout: float = 10.0):
    """Send an IPN as the gateway does: a GET to the merchant's IPN URL; the reply's RspCode is returned."""

    def send(params: dict[str, str]) -> str:
        try:
            with urllib.request.urlopen(f"{ipn_url}?{urlencode(params)}", timeout=timeout) as response:  # noqa: S310
                return str(json.loads(response.read()).get("RspCode", ""))
        except (OSError, ValueError) as exc:
            log.warning("IPN to %s failed: %s", ipn_url, exc)
            return ""

    return send


class BankSimulator:
    """A running simulator: its URLs, its bank, and shortcuts for tests."""

    def __init__(self, server: BankServer) -> None:
        self.server, self.bank, self.url = server, server.bank, server.url
        self.pay_url = f"{self.url}/paymentv2/vpcpay.html"
        self.api_url = f"{self.url}/merchant_webapi/api/transaction"

    def inject(self, kind: str, **options: Any) -> None:
        self.bank.inject(Fault(kind=kind, **options))


@contextmanager
def bank_simulator_running(*, host: str = "127.0.0.1", port: int = 0, bank: Bank | None = None,
                           ipn_url: str = "") -> Iterator[BankSimulator]:  # fmt: skip
    """Serve a simulated gateway on `port` (0: a free one) in a background thread for the duration of the block.
    With `ipn_url`, IPNs go there over HTTP; without, they are collected (`bank.ipns_take()`)."""
    bank = bank or Bank()
    if ipn_url:
        bank.ipn_url, bank.sender = ipn_url, http_ipn_sender(ipn_url)
    with serving(BankServer(bank, host, port)) as server:
        yield BankSimulator(server)
