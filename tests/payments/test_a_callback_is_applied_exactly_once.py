"""Issue 13 item 3: a dossier received with fees gets its demand; the citizen pays through the gateway (simulated,
over HTTP); the IPN is verified and applied once, writing the dossier's event and its outbox row in the same
transaction; duplicates and late callbacks change nothing; tampered or wrong-amount ones are refused with the
gateway's reply code and recorded for the IT officer."""

import urllib.request

import pytest

from lienthong.core.events import subscribe, unsubscribe
from lienthong.dossiers.models import DossierEvent, OutboxMessage
from lienthong.payments.constants import CallbackOutcome, DemandState, TxState
from lienthong.payments.models import FeeDemand, PaymentCallback
from lienthong.payments.services import PaymentError, payment_start
from tests.payments.conftest import ipn, query

pytestmark = pytest.mark.django_db


@pytest.fixture
def listener():
    """A subscriber of the paid event, so the outbox row it gets can be seen."""
    subscribe("test.fees", lambda envelope: None, kinds=["fee_paid", "fee_refunded"])
    yield
    unsubscribe("test.fees")


def pay(bank, url: str, action: str = "pay") -> str:
    """The citizen's browser: the pay page, then the click; the return address it is sent to."""
    with urllib.request.urlopen(url) as page:  # noqa: S310 — the simulator
        assert "Thanh toán" in page.read().decode()
    return bank.bank.pay(query(url)["vnp_TxnRef"], action=action)


def test_a_received_dossier_owes_the_fee_lines_with_an_amount(receive):
    dossier = receive()
    demand = FeeDemand.objects.get(dossier=dossier)
    assert (demand.state, demand.total) == (DemandState.CREATED, 600000)
    assert [(line.code, line.amount, line.due) for line in demand.lines.all()] == [
        ("DD-01", 100000, "result"), ("DD-02", 500000, "receipt")
    ]  # fmt: skip


def test_the_ipn_is_applied_once_with_the_event_and_its_outbox_row(client, receive, bank, listener):
    dossier = receive()
    tx, url = payment_start(dossier=dossier, provider="vnpay", return_url="http://testserver/r", client_ip="1.2.3.4")
    assert tx.state == TxState.PENDING and query(url)["vnp_Amount"] == "60000000"
    pay(bank, url)
    (genuine,) = bank.bank.ipns_take()

    assert ipn(client, genuine) == CallbackOutcome.APPLIED
    assert ipn(client, genuine) == CallbackOutcome.ALREADY_CONFIRMED
    late = dict(genuine)  # a late "failed" callback for the same attempt cannot undo the payment
    assert ipn(client, late) == CallbackOutcome.ALREADY_CONFIRMED

    tx.refresh_from_db()
    assert tx.state == TxState.PAID and tx.provider_transaction
    assert FeeDemand.objects.get(dossier=dossier).state == DemandState.PAID
    (event,) = DossierEvent.objects.filter(dossier=dossier, kind="fee_paid")
    assert event.payload["amount"] == 600000 and event.payload["reference"] == tx.reference
    assert OutboxMessage.objects.filter(event=event, topic="test.fees").count() == 1
    with pytest.raises(PaymentError):
        payment_start(dossier=dossier, provider="vnpay", return_url="http://testserver/r", client_ip="1.2.3.4")


def test_tampered_and_wrong_amount_callbacks_are_refused_and_recorded(client, receive, bank):
    dossier = receive()
    tx, url = payment_start(dossier=dossier, provider="vnpay", return_url="http://testserver/r", client_ip="1.2.3.4")
    bank.inject("tamper")
    bank.inject("wrong_amount")
    pay(bank, url)
    forged, wrong, genuine = bank.bank.ipns_take()

    assert ipn(client, forged) == CallbackOutcome.BAD_SIGNATURE
    assert ipn(client, wrong) == CallbackOutcome.WRONG_AMOUNT
    assert ipn(client, genuine | {"vnp_TxnRef": "LT000000NOSUCH"}) == CallbackOutcome.BAD_SIGNATURE
    assert not DossierEvent.objects.filter(dossier=dossier, kind="fee_paid").exists()
    assert ipn(client, genuine) == CallbackOutcome.APPLIED

    outcomes = list(
        PaymentCallback.objects.filter(reference=tx.reference).order_by("id").values_list("outcome", flat=True)
    )
    assert outcomes == ["97", "04", "00"]
    assert DossierEvent.objects.filter(dossier=dossier, kind="fee_paid").count() == 1


def test_an_unknown_reference_with_a_valid_signature_is_not_found(client, receive, bank):
    from lienthong.payments.providers.vnpay import vnp_sign

    params = {"vnp_TxnRef": "LT000000NOSUCH", "vnp_Amount": "100", "vnp_ResponseCode": "00",
              "vnp_TransactionStatus": "00", "vnp_TmnCode": bank.bank.tmn_code}  # fmt: skip
    assert ipn(client, params | {"vnp_SecureHash": vnp_sign(bank.bank.secret, params)}) == CallbackOutcome.NOT_FOUND


def test_a_cancelled_payment_fails_and_can_be_tried_again(client, receive, bank):
    dossier = receive()
    first, url = payment_start(dossier=dossier, provider="vnpay", return_url="http://testserver/r", client_ip="1.2.3.4")
    pay(bank, url, action="cancel")
    assert ipn(client, bank.bank.ipns_take()[0]) == CallbackOutcome.APPLIED
    first.refresh_from_db()
    assert first.state == TxState.FAILED and FeeDemand.objects.get(dossier=dossier).state == DemandState.FAILED
    second, url = payment_start(
        dossier=dossier, provider="vnpay", return_url="http://testserver/r", client_ip="1.2.3.4"
    )
    pay(bank, url)
    assert ipn(client, bank.bank.ipns_take()[0]) == CallbackOutcome.APPLIED
    assert FeeDemand.objects.get(dossier=dossier).state == DemandState.PAID
    assert second.reference != first.reference
