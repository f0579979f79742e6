"""Issue 13 part 3, item 3: an agency may collect online through the national platform or the bank gateway (admin →
Kênh thanh toán của cơ quan), the others through the province's default. The tracking page's "Thanh toán" sends the
payer to the channel of the agency collecting the dossier's fees (the one every fee line names, else the receiving
agency); the return page reads either channel's fields; and DuocThanhToanTrucTuyen follows the channel paid through
(1 the platform, 2 the gateway)."""

import re
import urllib.request
from urllib.parse import urlsplit

import pytest

from lienthong.catalogue.models import Fee
from lienthong.dossiers.constants import EventKind
from lienthong.national.records import paid_online_kind
from lienthong.payments.models import AgencyPaymentChannel
from lienthong.payments.selectors import online_provider
from tests.payments.conftest import confirm, ipn

pytestmark = pytest.mark.django_db


def pay_link(client, dossier) -> str:
    page = client.get("/tra-cuu/", {"code": dossier.code, "digits": "5678"}).content.decode()
    return re.search(r'action="(/thanh-toan/ho-so/[^"]+/)"', page).group(1)


def sync_flag(dossier) -> int:
    events = dossier.events.filter(kind__in=[EventKind.FEE_PAID, EventKind.FEE_REFUNDED]).order_by("seq")
    return paid_online_kind((event.kind, event.payload) for event in events)


def test_each_agency_is_paid_through_its_channel_and_the_sync_flag_follows(client, receive, bank, platform, settings,
                                                                          province, fees):  # fmt: skip
    settings.LIENTHONG_PAYMENT_PROVIDER = "vnpay"  # the province's default: the bank gateway

    # given: an agency without a channel of its own → the default
    by_default = receive()
    to_bank = client.post(pay_link(client, by_default))
    assert to_bank.status_code == 302 and to_bank["Location"].startswith(bank.pay_url)
    with urllib.request.urlopen(to_bank["Location"]) as page:  # noqa: S310 — the simulator's pay page
        assert "600.000 đ" in page.read().decode()
    reference = to_bank["Location"].split("vnp_TxnRef=")[1].split("&")[0]
    bank.bank.pay(reference)
    assert ipn(client, bank.bank.ipns_take()[0]) == "00"
    assert sync_flag(by_default) == 2

    # when: the receiving ward centre chooses the national platform
    AgencyPaymentChannel.objects.create(agency=province["commune_centre"], provider="paygov")
    on_platform = receive()
    to_platform = client.post(pay_link(client, on_platform))

    # then: its payer goes to the platform, pays there, comes back to a page that reads the platform's fields
    assert to_platform.status_code == 302 and to_platform["Location"].startswith(platform.url)
    with urllib.request.urlopen(to_platform["Location"]) as page:  # noqa: S310 — the simulator
        assert "600.000 đ" in page.read().decode()
    reference = to_platform["Location"].split("MaThamChieu=")[1]
    back = urlsplit(platform.platform.pay(reference))
    assert "Đã thanh toán, chờ xác nhận" in client.get(f"{back.path}?{back.query}").content.decode()
    (genuine,) = platform.platform.confirms_take()
    assert confirm(client, genuine)["MaLoi"] == "00"
    assert "Đã thanh toán. Cơ quan đã nhận" in client.get(f"{back.path}?{back.query}").content.decode()
    paid = on_platform.events.get(kind=EventKind.FEE_PAID)
    assert paid.payload["provider"] == "paygov" and sync_flag(on_platform) == 1

    # and: when every fee line names another collecting agency, that agency's channel (here: none → the default)
    Fee.objects.filter(version=fees).update(collecting_agency=province["department"])
    collected_elsewhere = receive()
    assert online_provider(dossier_id=collected_elsewhere.pk) == "vnpay"
    AgencyPaymentChannel.objects.create(agency=province["department"], provider="paygov")
    assert online_provider(dossier_id=collected_elsewhere.pk) == "paygov"


def test_an_agency_whose_channel_is_not_configured_offers_no_online_payment(client, receive, bank, settings,
                                                                           province):  # fmt: skip
    settings.LIENTHONG_PAYGOV_INIT_URL = ""  # the platform not connected
    AgencyPaymentChannel.objects.create(agency=province["commune_centre"], provider="paygov")
    dossier = receive()
    page = client.get("/tra-cuu/", {"code": dossier.code, "digits": "5678"}).content.decode()
    assert "Phí, lệ phí phải nộp" in page and "/thanh-toan/ho-so/" not in page  # no money to the wrong channel
