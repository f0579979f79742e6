"""The simulated gateway refuses what the real one would (issue 13 item 2): a pay request whose signature does
not match its parameters (an amount changed on the way, a string encoded with `quote` instead of `quote_plus`), a
date on a 12-hour clock, a reused reference; and its faults reach the IPNs as described (delay over HTTP)."""

import urllib.error
import urllib.request
from urllib.parse import quote, urlencode

import pytest

from lienthong.payments.providers.vnpay import vnp_hmac, vnp_sign
from lienthong.payments.simulator import Bank, bank_simulator_running

BASE = {"vnp_Version": "2.1.0", "vnp_Command": "pay", "vnp_TmnCode": "LIENTHON", "vnp_Amount": "20000000",
        "vnp_CurrCode": "VND", "vnp_TxnRef": "LT1", "vnp_OrderInfo": "Nop phi ho so 1", "vnp_OrderType": "other",
        "vnp_Locale": "vn", "vnp_ReturnUrl": "http://127.0.0.1/r", "vnp_IpAddr": "127.0.0.1",
        "vnp_CreateDate": "20261207153000"}  # fmt: skip


def quote_signed(secret: str, params: dict) -> str:
    """The usual merchant bug: the signed string encoded with `quote` (space → %20) instead of `quote_plus`."""
    return vnp_hmac(secret, "&".join(f"{k}={quote(v, safe='')}" for k, v in sorted(params.items())))


def status_and_text(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url) as response:  # noqa: S310 — the simulator
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def bank():
    with bank_simulator_running(bank=Bank()) as simulator:
        yield simulator


def signed(bank, params: dict, **changes) -> str:
    return urlencode(params | {"vnp_SecureHash": vnp_sign(bank.bank.secret, params)} | changes)


def test_a_valid_request_gets_the_pay_page(bank):
    status, text = status_and_text(f"{bank.pay_url}?{signed(bank, BASE)}")
    assert status == 200 and "200.000 đ" in text and "Thanh toán" in text


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        (lambda bank: signed(bank, BASE, vnp_Amount="2000000"), "sai chữ ký"),
        (lambda bank: signed(bank, BASE | {"vnp_CreateDate": "20261207033000 PM"}), "24 giờ"),
        (lambda bank: signed(bank, BASE | {"vnp_Amount": "20000050"}), "đồng × 100"),
        (lambda bank: signed(bank, BASE | {"vnp_TmnCode": "OTHER"}), "TmnCode"),
        (lambda bank: urlencode(BASE | {"vnp_SecureHash": quote_signed(bank.bank.secret, BASE)}), "sai chữ ký"),
    ],
)  # fmt: skip
def test_a_request_the_gateway_would_refuse_is_refused_with_its_reason(bank, query, reason):
    status, text = status_and_text(f"{bank.pay_url}?{query(bank)}")
    assert status == 400 and reason in text


def test_a_reference_is_not_reused_for_another_order(bank):
    assert status_and_text(f"{bank.pay_url}?{signed(bank, BASE)}")[0] == 200
    other = BASE | {"vnp_Amount": "30000000"}
    status, text = status_and_text(f"{bank.pay_url}?{signed(bank, other)}")
    assert status == 400 and "TxnRef" in text


def test_a_delayed_ipn_arrives_over_http_after_the_delay():
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, HTTPServer

    arrived: list[float] = []

    class Merchant(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            arrived.append(time.monotonic())
            body = b'{"RspCode":"00","Message":"Confirm Success"}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    merchant = HTTPServer(("127.0.0.1", 0), Merchant)
    threading.Thread(target=merchant.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{merchant.server_address[1]}/ipn"
        with bank_simulator_running(bank=Bank(), ipn_url=url) as bank:
            bank.bank.order_open(BASE | {"vnp_SecureHash": vnp_sign(bank.bank.secret, BASE)})
            bank.inject("delay", seconds=0.5)
            clicked = time.monotonic()
            bank.bank.pay("LT1")
            deadline = time.monotonic() + 5
            while not bank.bank.sent and time.monotonic() < deadline:
                time.sleep(0.05)
            assert [reply for _, reply in bank.bank.sent] == ["00"] and arrived[0] - clicked >= 0.5
    finally:
        merchant.shutdown()
