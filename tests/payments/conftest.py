"""The small province of the dossier tests, a fee-bearing procedure, and the bank gateway and national platform
simulators with their callbacks collected (the test delivers them to our IPN or CONFIRM URL through Django's test
client, in the order the provider sent them)."""

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest

from lienthong.catalogue.models import Fee
from lienthong.dossiers.constants import Channel
from lienthong.dossiers.services import dossier_receive
from lienthong.org.models import Agency
from lienthong.payments.models import BeneficiaryAccount, ReceiptSeries
from lienthong.payments.paygov_simulator import Platform, platform_simulator_running
from lienthong.payments.receipt_simulator import ACCOUNT, PASSWORD, ReceiptBook, receipt_simulator_running
from lienthong.payments.services import payment_record_at_desk
from lienthong.payments.simulator import Bank, bank_simulator_running
from tests.dossiers.conftest import *  # noqa: F403 — province, officers, procedure, documents, applicant, form_data

IPN = "/thanh-toan/vnpay/ipn/"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """The outbox dispatch runs on commit, as a worker would a moment later (the demand is made by it)."""
    queues = settings.TASKS["default"].get("QUEUES", ["default"])
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": queues}}


@pytest.fixture
def fees(procedure):
    Fee.objects.create(version=procedure, name="Lệ phí cấp Giấy chứng nhận", kind="le_phi", code="DD-01",
                       amount=100000, due="result", verified=True)  # fmt: skip
    Fee.objects.create(version=procedure, name="Phí thẩm định hồ sơ", kind="phi", code="DD-02", amount=500000,
                       verified=True)  # fmt: skip
    Fee.objects.create(version=procedure, name="Phí khác", amount=None, description="Theo diện tích.")
    return procedure


@pytest.fixture
def receive(province, officers, fees, applicant, form_data, documents, django_capture_on_commit_callbacks):
    def receive():
        with django_capture_on_commit_callbacks(execute=True):
            return dossier_receive(officer=officers["receiver@commune_centre"], agency=province["commune_centre"],
                                   version=fees, channel=Channel.COUNTER, applicant=applicant, form_data=form_data,
                                   documents_present=documents)  # fmt: skip

    return receive


@pytest.fixture
def receive_many(province, officers, fees, applicant, form_data, documents):
    """`n` dossiers received at the desk, each with its demand made as the worker would on the received event (the
    rest of the dispatch — mail, read model — is not what a payments soak measures)."""

    def receive_many(n: int) -> list:
        from lienthong.payments.services import demand_ensure

        dossiers = [dossier_receive(officer=officers["receiver@commune_centre"], agency=province["commune_centre"],
                                    version=fees, channel=Channel.COUNTER, applicant=applicant, form_data=form_data,
                                    documents_present=documents) for _ in range(n)]  # fmt: skip
        for dossier in dossiers:
            demand_ensure(dossier_id=dossier.pk)
        return dossiers

    return receive_many


@pytest.fixture
def paid_at_desk(receive, officers, django_capture_on_commit_callbacks):
    """A dossier paid in cash at the desk, the worker's task run after the commit as a worker would."""

    def paid_at_desk():
        dossier = receive()
        with django_capture_on_commit_callbacks(execute=True):
            tx = payment_record_at_desk(officer=officers["receiver@commune_centre"], dossier=dossier, method="cash",
                                        amount=600000)  # fmt: skip
        return dossier, tx

    return paid_at_desk


def register_accounts(*agencies):
    """Each agency's beneficiary account, as the IT officer enters it (payments.BeneficiaryAccount)."""
    for agency in agencies:
        BeneficiaryAccount.objects.create(agency=agency, bank_code="KBNN", bank_name="Kho bạc Nhà nước Đồng Nai",
                                          account_number=f"3511{agency.pk:09d}", account_name=agency.name)  # fmt: skip


@pytest.fixture
def accounts(province):
    """Every agency of the province has its beneficiary account (an online payment is refused without)."""
    register_accounts(*(value for value in province.values() if isinstance(value, Agency)))


@pytest.fixture
def bank(settings, accounts):
    with bank_simulator_running(bank=Bank()) as simulator:
        settings.LIENTHONG_VNPAY_PAY_URL, settings.LIENTHONG_VNPAY_API_URL = simulator.pay_url, simulator.api_url
        settings.LIENTHONG_VNPAY_TMN_CODE, settings.LIENTHONG_VNPAY_SECRET = (
            simulator.bank.tmn_code,
            simulator.bank.secret,
        )
        settings.LIENTHONG_VNPAY_TIMEOUT = 2.0
        yield simulator


SERIES_FROM = dt.date(2020, 1, 1)


def register_series(*agencies, template_code: str = "01BLP0-001", series: str = "BL-26E", valid_from=SERIES_FROM):
    """Each agency's e-receipt template and series, as the admin enters them (payments.ReceiptSeries)."""
    for agency in agencies:
        ReceiptSeries.objects.create(agency=agency, template_code=template_code, series=series, valid_from=valid_from)


@pytest.fixture
def receipts(settings, tmp_path, province):
    """The e-receipt service simulated, with a short client timeout (its `timeout` fault answers after it); every
    agency of the province has registered its template and series."""
    register_series(*(value for value in province.values() if isinstance(value, Agency)))
    with receipt_simulator_running(book=ReceiptBook()) as simulator:
        settings.LIENTHONG_ERECEIPT_URL = simulator.url
        settings.LIENTHONG_ERECEIPT_ACCOUNT, settings.LIENTHONG_ERECEIPT_PASSWORD = ACCOUNT, PASSWORD
        settings.LIENTHONG_ERECEIPT_TIMEOUT = 0.5
        settings.MEDIA_ROOT = str(tmp_path)
        yield simulator


def query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def ipn(client, params: dict[str, str]) -> str:
    """Deliver one IPN as the gateway does; our reply code."""
    response = client.get(IPN, params)
    assert response.status_code == 200
    return response.json()["RspCode"]


CONFIRM = "/thanh-toan/paygov/confirm/"


@pytest.fixture
def platform(settings, accounts):
    """The national payment platform simulated, CONFIRMs collected; the installation configured to pay through it."""
    with platform_simulator_running(platform=Platform(return_url="http://testserver/thanh-toan/ket-qua/")) as sim:
        settings.LIENTHONG_PAYMENT_PROVIDER = "paygov"
        settings.LIENTHONG_PAYGOV_INIT_URL, settings.LIENTHONG_PAYGOV_QUERY_URL = sim.init_url, sim.query_url
        settings.LIENTHONG_PAYGOV_PARTNER_CODE = sim.platform.partner_code
        settings.LIENTHONG_PAYGOV_SECRET = sim.platform.secret
        settings.LIENTHONG_PAYGOV_ACCESS_TOKEN = sim.platform.access_token
        settings.LIENTHONG_PAYGOV_TIMEOUT = 2.0
        yield sim


def confirm(client, body: dict) -> dict:
    """Deliver one CONFIRM as the platform does (a JSON POST); our reply."""
    response = client.post(CONFIRM, body, content_type="application/json")
    assert response.status_code == 200
    return response.json()
