"""Issue 13 items 2–3 for the national payment platform (v1.0.6), as for the bank gateway: a citizen pays through
the platform (simulated, over HTTP: INIT with the Bearer token, its pay page); its CONFIRM is verified and applied
once, writing the dossier's event and its outbox row in the same transaction; duplicates and late CONFIRMs change
nothing; tampered or wrong-amount ones are refused with the reply code and recorded for the IT officer; every reply
is signed; a lost CONFIRM is found by QUERY; a platform that does not answer INIT leaves nothing behind."""

import datetime as dt
import re
import urllib.request
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils import timezone

from lienthong.core.events import subscribe, unsubscribe
from lienthong.dossiers.models import DossierEvent, OutboxMessage
from lienthong.payments.constants import CallbackOutcome, DemandState, TxState
from lienthong.payments.models import FeeDemand, PaymentCallback, PaymentTransaction
from lienthong.payments.providers.paygov import CONFIRM_SIGNED, paygov_sign
from lienthong.payments.services import PaymentError, payment_query_stale, payment_start
from tests.payments.conftest import CONFIRM, confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def listener():
    subscribe("test.fees", lambda envelope: None, kinds=["fee_paid", "fee_refunded"])
    yield
    unsubscribe("test.fees")


def start(dossier) -> tuple[PaymentTransaction, str]:
    return payment_start(dossier=dossier, provider="paygov", return_url="http://testserver/r", client_ip="1.2.3.4")


def pay(platform, tx: PaymentTransaction, url: str, action: str = "pay") -> str:
    """The citizen's browser: the platform's pay page, then the click; the return address it is sent to."""
    with urllib.request.urlopen(url) as page:  # noqa: S310 — the simulator
        assert "Thanh toán" in page.read().decode()
    return platform.platform.pay(tx.reference, action=action)


def test_the_confirm_is_applied_once_with_the_event_and_its_outbox_row(client, receive, platform, listener):
    dossier = receive()
    tx, url = start(dossier)
    assert tx.state == TxState.PENDING and url.startswith(platform.url)
    init = platform.platform.orders[tx.reference].init
    assert init["SoTien"] == 600000  # whole đồng on the wire
    receipt = init["ThongTinBienLai"]  # what the platform prints on its receipt, from the dossier and its demand
    assert (receipt["MaHoSo"], receipt["HoTenNguoiNop"]) == (dossier.code, dossier.applicant_name)
    assert receipt["MaTTHC"] == dossier.procedure_version.procedure.national_code
    assert receipt["MaDonVi"] == dossier.agency.identifier_code
    assert [(fee["MaPhiLePhi"], fee["SoTien"]) for fee in receipt["PhiLePhi"]] == [("DD-01", 100000), ("DD-02", 500000)]
    pay(platform, tx, url)
    (genuine,) = platform.platform.confirms_take()

    reply = confirm(client, genuine)
    assert reply["MaLoi"] == CallbackOutcome.APPLIED and platform.platform.reply_valid(reply)
    assert confirm(client, genuine)["MaLoi"] == CallbackOutcome.ALREADY_CONFIRMED
    failed_late = genuine | {"MaLoi": "02"}
    failed_late["MaXacThuc"] = paygov_sign(platform.platform.secret, failed_late, CONFIRM_SIGNED)
    assert confirm(client, failed_late)["MaLoi"] == CallbackOutcome.ALREADY_CONFIRMED  # cannot undo the payment

    tx.refresh_from_db()
    assert tx.state == TxState.PAID and tx.provider_transaction == genuine["MaGiaoDich"]
    assert FeeDemand.objects.get(dossier=dossier).state == DemandState.PAID
    (event,) = DossierEvent.objects.filter(dossier=dossier, kind="fee_paid")
    assert (event.payload["amount"], event.payload["reference"], event.payload["provider"]) == (
        600000, tx.reference, "paygov"
    )  # fmt: skip
    assert OutboxMessage.objects.filter(event=event, topic="test.fees").count() == 1
    with pytest.raises(PaymentError):
        start(dossier)


def test_tampered_and_wrong_amount_confirms_are_refused_and_recorded(client, receive, platform):
    dossier = receive()
    tx, url = start(dossier)
    platform.inject("tamper")
    platform.inject("wrong_amount")
    platform.inject("duplicate", times=3)
    pay(platform, tx, url)
    forged, wrong, *genuine = platform.platform.confirms_take()
    assert len(genuine) == 3

    assert confirm(client, forged)["MaLoi"] == CallbackOutcome.BAD_SIGNATURE
    assert confirm(client, wrong)["MaLoi"] == CallbackOutcome.WRONG_AMOUNT
    other_partner = genuine[0] | {"MaDoiTac": "SOMEONE.ELSE"}
    other_partner["MaXacThuc"] = paygov_sign(platform.platform.secret, other_partner, CONFIRM_SIGNED)
    assert confirm(client, other_partner)["MaLoi"] == CallbackOutcome.BAD_SIGNATURE
    assert not DossierEvent.objects.filter(dossier=dossier, kind="fee_paid").exists()
    assert [confirm(client, each)["MaLoi"] for each in genuine] == ["00", "02", "02"]

    outcomes = list(PaymentCallback.objects.filter(reference=tx.reference, provider="paygov")
                    .order_by("id").values_list("outcome", flat=True))  # fmt: skip
    assert outcomes == ["97", "04", "97", "00", "02", "02"]
    assert DossierEvent.objects.filter(dossier=dossier, kind="fee_paid").count() == 1


def test_an_unknown_reference_is_not_found_and_garbage_gets_99_signed(client, receive, platform):
    body = {"LoaiBanTin": "CONFIRM", "MaLoi": "00", "MaDoiTac": platform.platform.partner_code,
            "MaThamChieu": "LT000000NOSUCH", "SoTien": "1000", "MaTienTe": "VND", "MaGiaoDich": "PG1",
            "MaNganHang": "VCB", "ThoiGianGD": "20261207153000", "ThongTinGiaoDich": "x"}  # fmt: skip
    body["MaXacThuc"] = paygov_sign(platform.platform.secret, body, CONFIRM_SIGNED)
    assert confirm(client, body)["MaLoi"] == CallbackOutcome.NOT_FOUND
    for raw in (b"not json", b"[1, 2]", b"{" * 20000):
        response = client.post(CONFIRM, raw, content_type="application/json")
        assert response.status_code == 200 and response.json()["MaLoi"] == CallbackOutcome.OTHER
        assert platform.platform.reply_valid(response.json())
    assert client.get(CONFIRM).status_code == 405


def test_a_cancelled_payment_fails_and_can_be_tried_again(client, receive, platform):
    dossier = receive()
    first, url = start(dossier)
    pay(platform, first, url, action="cancel")
    assert confirm(client, platform.platform.confirms_take()[0])["MaLoi"] == CallbackOutcome.APPLIED
    first.refresh_from_db()
    assert first.state == TxState.FAILED and FeeDemand.objects.get(dossier=dossier).state == DemandState.FAILED
    second, url = start(dossier)
    pay(platform, second, url)
    assert confirm(client, platform.platform.confirms_take()[0])["MaLoi"] == CallbackOutcome.APPLIED
    assert FeeDemand.objects.get(dossier=dossier).state == DemandState.PAID and second.reference != first.reference


def test_a_lost_confirm_is_found_by_query_and_an_abandoned_attempt_expires(receive, platform):
    paid, url = start(receive())
    pay(platform, paid, url)
    platform.platform.confirms_take()  # the CONFIRM never arrives
    abandoned, _ = start(receive())  # the payer opened the platform's page and left
    PaymentTransaction.objects.update(created_at=timezone.now() - dt.timedelta(minutes=16))

    assert payment_query_stale() == {"paid": 1, "failed": 0, "expired": 1, "unreachable": 0}
    assert payment_query_stale() == {"paid": 0, "failed": 0, "expired": 0, "unreachable": 0}
    assert dict(PaymentTransaction.objects.values_list("reference", "state")) == {
        paid.reference: TxState.PAID, abandoned.reference: TxState.EXPIRED
    }  # fmt: skip
    assert DossierEvent.objects.filter(dossier_id=paid.demand.dossier_id, kind="fee_paid").count() == 1


def test_a_platform_that_times_out_leaves_nothing_and_a_stale_attempt_pending(receive, platform, settings):
    settings.LIENTHONG_PAYGOV_TIMEOUT = 0.3
    dossier = receive()
    platform.inject("timeout", seconds=1.0)
    with pytest.raises(PaymentError) as refused:
        start(dossier)
    assert refused.value.code == PaymentError.PROVIDER and not PaymentTransaction.objects.exists()
    assert FeeDemand.objects.get(dossier=dossier).state == DemandState.CREATED

    tx, _ = start(dossier)
    PaymentTransaction.objects.update(created_at=timezone.now() - dt.timedelta(minutes=20))
    platform.inject("timeout", seconds=1.0)
    assert payment_query_stale()["unreachable"] == 1
    tx.refresh_from_db()
    assert tx.state == TxState.PENDING


def test_a_citizen_pays_through_the_platform_from_the_tracking_page(client, receive, platform):
    dossier = receive()
    page = client.get("/tra-cuu/", {"code": dossier.code, "digits": "5678"}).content.decode()
    pay_url = re.search(r'action="(/thanh-toan/ho-so/[^"]+/)"', page).group(1)
    to_platform = client.post(pay_url)
    assert to_platform.status_code == 302 and to_platform["Location"].startswith(f"{platform.url}/thanh-toan?")
    reference = dict(parse_qsl(urlsplit(to_platform["Location"]).query))["MaThamChieu"]
    back = urlsplit(platform.platform.pay(reference))

    assert "Đã thanh toán, chờ xác nhận" in client.get(f"{back.path}?{back.query}").content.decode()
    assert confirm(client, platform.platform.confirms_take()[0])["MaLoi"] == "00"
    assert "Đã thanh toán. Cơ quan đã nhận" in client.get(f"{back.path}?{back.query}").content.decode()


def test_without_a_configured_secret_no_confirm_is_valid(client, receive, platform, settings):
    """An installation that does not (or no longer) use the platform: a CONFIRM signed with an empty secret and an
    empty partner code, for a real attempt, is refused as forged."""
    tx, _ = start(receive())
    settings.LIENTHONG_PAYGOV_SECRET = settings.LIENTHONG_PAYGOV_PARTNER_CODE = ""
    body = {"LoaiBanTin": "CONFIRM", "MaLoi": "00", "MaDoiTac": "", "MaThamChieu": tx.reference,
            "SoTien": str(tx.amount), "MaTienTe": "VND", "MaGiaoDich": "PG1", "MaNganHang": "VCB",
            "ThoiGianGD": "20261207153000", "ThongTinGiaoDich": "x"}  # fmt: skip
    body["MaXacThuc"] = paygov_sign("", body, CONFIRM_SIGNED)
    assert confirm(client, body)["MaLoi"] == CallbackOutcome.BAD_SIGNATURE
    tx.refresh_from_db()
    assert tx.state == TxState.PENDING
