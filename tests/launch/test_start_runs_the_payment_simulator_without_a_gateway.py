"""`lienthong start` with no bank gateway configured runs the gateway simulator beside the server and points the
processes it starts at it (docs/payments.md); with a gateway configured it leaves everything as set."""

import io
import os

from lienthong.launch.management.commands.start import Command
from lienthong.payments.paygov_simulator import Platform
from lienthong.payments.simulator import Bank

OPTIONS = {"host": "127.0.0.1", "port": 8000, "no_demo": False}


def test_without_a_gateway_the_simulator_is_started_and_named_to_the_processes(monkeypatch):
    for name in ("PAY_URL", "API_URL", "TMN_CODE", "SECRET"):
        monkeypatch.delenv(f"LIENTHONG_VNPAY_{name}", raising=False)
    monkeypatch.setattr(os, "environ", dict(os.environ))  # what the command sets is dropped after the test
    command = Command(stdout=io.StringIO())

    argv = command._payments_to_simulator_without_gateway(OPTIONS)

    port = argv[argv.index("--port") + 1]
    assert argv[1:3] == ["-m", "lienthong.payments.simulator"]
    assert argv[argv.index("--ipn-url") + 1] == "http://127.0.0.1:8000/thanh-toan/vnpay/ipn/"
    assert os.environ["LIENTHONG_VNPAY_PAY_URL"] == f"http://127.0.0.1:{port}/paymentv2/vpcpay.html"
    assert os.environ["LIENTHONG_VNPAY_SECRET"] == Bank().secret
    assert "cổng mô phỏng" in command.stdout.getvalue()


def test_with_a_gateway_nothing_is_started(monkeypatch):
    monkeypatch.setenv("LIENTHONG_VNPAY_PAY_URL", "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html")
    assert Command(stdout=io.StringIO())._payments_to_simulator_without_gateway(OPTIONS) == []


def test_without_an_e_receipt_service_the_demo_starts_its_simulator(monkeypatch):
    monkeypatch.delenv("LIENTHONG_ERECEIPT_URL", raising=False)
    monkeypatch.setattr(os, "environ", dict(os.environ))
    command = Command(stdout=io.StringIO())

    argv = command._receipts_to_simulator_without_service(OPTIONS)

    port = argv[argv.index("--port") + 1]
    assert argv[1:3] == ["-m", "lienthong.payments.receipt_simulator"]
    assert os.environ["LIENTHONG_ERECEIPT_URL"] == f"http://127.0.0.1:{port}"
    assert "Biên lai điện tử" in command.stdout.getvalue()
    monkeypatch.setenv("LIENTHONG_ERECEIPT_URL", "https://bienlai.example.vn")
    assert command._receipts_to_simulator_without_service(OPTIONS) == []
    monkeypatch.delenv("LIENTHONG_ERECEIPT_URL")
    assert command._receipts_to_simulator_without_service(OPTIONS | {"no_demo": True}) == []  # no demo, no simulator


def test_without_a_national_platform_its_simulator_is_started_and_named_to_the_processes(monkeypatch):
    for name in ("INIT_URL", "QUERY_URL", "PARTNER_CODE", "SECRET", "ACCESS_TOKEN"):
        monkeypatch.delenv(f"LIENTHONG_PAYGOV_{name}", raising=False)
    monkeypatch.setattr(os, "environ", dict(os.environ))
    command = Command(stdout=io.StringIO())

    argv = command._platform_to_simulator_without_platform(OPTIONS)

    port = argv[argv.index("--port") + 1]
    assert argv[1:3] == ["-m", "lienthong.payments.paygov_simulator"]
    assert argv[argv.index("--confirm-url") + 1] == "http://127.0.0.1:8000/thanh-toan/paygov/confirm/"
    assert argv[argv.index("--return-url") + 1] == "http://127.0.0.1:8000/thanh-toan/ket-qua/"
    assert os.environ["LIENTHONG_PAYGOV_INIT_URL"] == f"http://127.0.0.1:{port}/api/init"
    assert os.environ["LIENTHONG_PAYGOV_QUERY_URL"] == f"http://127.0.0.1:{port}/api/query"
    assert (os.environ["LIENTHONG_PAYGOV_SECRET"], os.environ["LIENTHONG_PAYGOV_PARTNER_CODE"]) == (
        Platform().secret, Platform().partner_code)  # fmt: skip
    assert "nền tảng mô phỏng" in command.stdout.getvalue()
    monkeypatch.setenv("LIENTHONG_PAYGOV_INIT_URL", "https://dichvucong.gov.vn/paygov/init")
    assert command._platform_to_simulator_without_platform(OPTIONS) == []


def test_in_production_no_platform_simulator_is_started(monkeypatch, settings):
    monkeypatch.delenv("LIENTHONG_PAYGOV_INIT_URL", raising=False)
    monkeypatch.setattr(os, "environ", dict(os.environ))
    settings.LIENTHONG_PROFILE = "production"
    assert Command(stdout=io.StringIO())._platform_to_simulator_without_platform(OPTIONS) == []
    assert "LIENTHONG_PAYGOV_INIT_URL" not in os.environ
