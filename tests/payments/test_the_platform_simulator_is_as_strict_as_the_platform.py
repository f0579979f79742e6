"""The simulated national payment platform refuses what the real one would (issue 13 item 2): an INIT without the
Bearer token, with a signature that does not match its fields, a time on a 12-hour clock, a reused reference, another
partner's code, a receipt block whose fee lines do not add up; its pay page confirms or fails over HTTP; its QUERY
answers signed; and its faults reach the CONFIRMs as described (delay over HTTP, timeout past the client's)."""

import json
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlencode

import pytest

from lienthong.payments.paygov_simulator import Platform, platform_simulator_running
from lienthong.payments.providers import FeeItem, PaymentDetails, ProviderError
from lienthong.payments.providers.paygov import INIT_SIGNED, REPLY_SIGNED, PaygovProvider, paygov_sign

INIT = {"LoaiBanTin": "INIT", "PhienBan": "1.0.6", "MaDoiTac": "LIENTHONG", "MaThamChieu": "LT1", "SoTien": 200000,
        "LoaiHinhThanhToan": "PAY", "MaKenhThanhToan": "1", "MaThietBi": "1", "NgonNgu": "vi-VN", "MaTienTe": "VND",
        "MaNganHang": "PAYMENT", "ThongTinGiaoDich": "Nop phi ho so 1", "ThoiGianGD": "20261207153000",
        "Ip": "127.0.0.1", "ThongTinBienLai": {
            "MaHoSo": "000.00.21.H41-261207-0001", "MaTTHC": "1.001193", "MaDonVi": "000.00.21.H41",
            "HoTenNguoiNop": "Nguyễn Văn An",
            "PhiLePhi": [
                {"LoaiPhiLePhi": "le_phi", "MaPhiLePhi": "LP-01", "TenPhiLePhi": "Lệ phí", "SoTien": 50000},
                {"LoaiPhiLePhi": "phi", "MaPhiLePhi": "P-01", "TenPhiLePhi": "Phí", "SoTien": 150000},
            ]}}  # fmt: skip

DETAILS = PaymentDetails(dossier_code="000.00.21.H41-261207-0001", procedure_code="1.001193",
                         procedure_name="Cấp Phiếu lý lịch tư pháp", agency_code="000.00.21.H41",
                         agency_name="Sở Tư pháp", payer_name="Nguyễn Văn An",
                         fees=(FeeItem(kind="le_phi", code="LP-01", name="Lệ phí", amount=200000),))  # fmt: skip


@pytest.fixture
def sim():
    with platform_simulator_running(platform=Platform()) as simulator:
        yield simulator


def post(url: str, body: dict, token: str | None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {})
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310 — the simulator
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def signed(sim, body: dict, **changes) -> dict:
    return body | {"MaXacThuc": paygov_sign(sim.platform.secret, body, INIT_SIGNED)} | changes


def provider(sim, **changes) -> PaygovProvider:
    options = {"partner_code": sim.platform.partner_code, "secret": sim.platform.secret,
               "access_token": sim.platform.access_token, "init_url": sim.init_url, "query_url": sim.query_url,
               "timeout": 2.0} | changes  # fmt: skip
    return PaygovProvider(**options)


def test_a_valid_init_gets_a_pay_url_whose_page_shows_the_order(sim):
    status, reply = post(sim.init_url, signed(sim, INIT), sim.platform.access_token)
    assert status == 200 and reply["error_code"] == "0"
    with urllib.request.urlopen(json.loads(reply["message"])["UrlThanhToan"]) as page:  # noqa: S310
        text = page.read().decode()
    assert "200.000 đ" in text and "Thanh toán" in text


def test_an_init_without_the_bearer_token_is_unauthorised(sim):
    assert post(sim.init_url, signed(sim, INIT), None)[0] == 401
    assert post(sim.init_url, signed(sim, INIT), "wrong")[0] == 401


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (lambda sim: signed(sim, INIT, SoTien=2000000), "MaXacThuc"),
        (lambda sim: signed(sim, INIT | {"ThoiGianGD": "20261207033000PM"}), "24 giờ"),
        (lambda sim: signed(sim, INIT | {"MaDoiTac": "OTHER"}), "MaDoiTac"),
        (lambda sim: signed(sim, INIT | {"PhienBan": "1.0.5"}), "phiên bản"),
        (lambda sim: signed(sim, INIT | {"SoTien": "200000.5"}), "nguyên đồng"),
        (lambda sim: {key: value for key, value in signed(sim, INIT).items() if key != "Ip"}, "thiếu Ip"),
        (lambda sim: signed(sim, INIT | {"SoTien": 250000}), "tổng PhiLePhi khác SoTien"),
        (lambda sim: signed(sim, INIT | {"ThongTinBienLai": INIT["ThongTinBienLai"] | {"MaHoSo": ""}}), "MaHoSo"),
        (lambda sim: {key: value for key, value in signed(sim, INIT).items() if key != "ThongTinBienLai"},
         "thiếu ThongTinBienLai"),
    ],
)  # fmt: skip
def test_an_init_the_platform_would_refuse_is_refused_with_its_reason(sim, body, reason):
    status, reply = post(sim.init_url, body(sim), sim.platform.access_token)
    assert status == 200 and reply["error_code"] != "0" and reason in reply["message"]


def test_a_reference_is_not_reused_for_another_order(sim):
    assert post(sim.init_url, signed(sim, INIT), sim.platform.access_token)[1]["error_code"] == "0"
    status, reply = post(sim.init_url, signed(sim, INIT | {"SoTien": 300000}), sim.platform.access_token)
    assert reply["error_code"] != "0" and "MaThamChieu" in reply["message"]


def test_the_pay_page_confirms_or_fails_and_query_answers_signed(sim):
    import datetime as dt

    adapter = provider(sim)
    now = dt.datetime.now(tz=dt.UTC)
    for reference, action, success in (("LT-PAY", "pay", True), ("LT-CANCEL", "cancel", False)):
        adapter.start(reference=reference, amount=200000, order_info="Nop phi", return_url="", client_ip="127.0.0.1",
                      created_at=now, details=DETAILS)  # fmt: skip
        assert not adapter.query(reference=reference, created_at=now, client_ip="127.0.0.1").found  # not acted yet
        form = urlencode({"MaThamChieu": reference, "action": action}).encode()
        with urllib.request.urlopen(f"{sim.url}/thanh-toan", data=form):  # noqa: S310 — the click
            pass
        (sent,) = sim.platform.confirms_take()
        assert adapter.verify_callback(sent).success is success
        result = adapter.query(reference=reference, created_at=now, client_ip="127.0.0.1")
        assert (result.found, result.success, result.amount) == (True, success, 200000)
    with pytest.raises(ProviderError):  # another partner's secret: the platform refuses the QUERY
        provider(sim, secret="NOT-THE-SECRET").query(reference="LT-PAY", created_at=now, client_ip="127.0.0.1")


def test_a_query_past_the_clients_timeout_is_a_provider_error(sim):
    import datetime as dt

    sim.inject("timeout", seconds=1.0)
    with pytest.raises(ProviderError):
        provider(sim, timeout=0.3).query(reference="LT1", created_at=dt.datetime.now(tz=dt.UTC), client_ip="::1")


def test_a_delayed_confirm_arrives_over_http_after_the_delay_and_our_reply_is_checked():
    arrived: list[float] = []
    secret = Platform().secret

    class Partner(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            arrived.append(time.monotonic())
            self.rfile.read(int(self.headers["Content-Length"]))
            reply = {"MaLoi": "00", "MoTaLoi": "Confirm Success", "MaDoiTac": "LIENTHONG",
                     "ThoiGianGD": "20261207153500"}  # fmt: skip
            body = json.dumps(reply | {"MaXacThuc": paygov_sign(secret, reply, REPLY_SIGNED)}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    partner = HTTPServer(("127.0.0.1", 0), Partner)
    threading.Thread(target=partner.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{partner.server_address[1]}/confirm"
        with platform_simulator_running(platform=Platform(), confirm_url=url) as sim:
            sim.platform.init(signed(sim, INIT))
            sim.inject("delay", seconds=0.5)
            clicked = time.monotonic()
            sim.platform.pay("LT1")
            deadline = time.monotonic() + 5
            while not sim.platform.sent and time.monotonic() < deadline:
                time.sleep(0.05)
            ((_, reply),) = sim.platform.sent
            assert reply["MaLoi"] == "00" and sim.platform.reply_valid(reply) and arrived[0] - clicked >= 0.5
    finally:
        partner.shutdown()
