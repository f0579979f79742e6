"""Issue 13 item 3: an attempt still pending after 15 minutes is asked of the gateway (querydr) — paid at the bank
but its IPN lost, it is applied as the IPN would have been (once); never paid, it expires; with the gateway timing
out it stays pending for the next round. A paid attempt can be refunded through the gateway's API, once, and the
dossier's history says so."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from lienthong.dossiers.models import DossierEvent
from lienthong.payments.constants import DemandState, TxState
from lienthong.payments.models import FeeDemand, PaymentTransaction
from lienthong.payments.services import (
    PaymentError,
    payment_query_stale,
    payment_record_at_desk,
    payment_refund,
    payment_start,
)
from tests.payments.conftest import ipn, query

pytestmark = pytest.mark.django_db


def started(dossier):
    tx, url = payment_start(dossier=dossier, provider="vnpay", return_url="http://testserver/r", client_ip="1.2.3.4")
    return tx, url


def age(tx, minutes: int) -> None:
    PaymentTransaction.objects.filter(pk=tx.pk).update(created_at=timezone.now() - dt.timedelta(minutes=minutes))


def test_a_lost_ipn_is_found_by_the_query_and_an_abandoned_attempt_expires(receive, bank):
    paid, url = started(receive())
    bank.bank.order_open(query(url))
    bank.bank.pay(paid.reference)
    bank.bank.ipns_take()  # the IPN never arrives
    abandoned, url = started(receive())
    bank.bank.order_open(query(url))  # the payer opened the bank's page and left
    recent, _ = started(receive())
    age(paid, 16), age(abandoned, 16), age(recent, 5)

    assert payment_query_stale() == {"paid": 1, "failed": 0, "expired": 1, "unreachable": 0}
    assert payment_query_stale() == {"paid": 0, "failed": 0, "expired": 0, "unreachable": 0}

    states = dict(PaymentTransaction.objects.values_list("reference", "state"))
    assert states == {paid.reference: TxState.PAID, abandoned.reference: TxState.EXPIRED,
                      recent.reference: TxState.PENDING}  # fmt: skip
    assert FeeDemand.objects.get(pk=abandoned.demand_id).state == DemandState.EXPIRED
    assert DossierEvent.objects.filter(dossier_id=paid.demand.dossier_id, kind="fee_paid").count() == 1


def test_a_gateway_that_times_out_leaves_the_attempt_pending(receive, bank, settings):
    settings.LIENTHONG_VNPAY_TIMEOUT = 0.3
    tx, url = started(receive())
    bank.bank.order_open(query(url))
    age(tx, 20)
    bank.inject("timeout", seconds=1.0)
    assert payment_query_stale()["unreachable"] == 1
    tx.refresh_from_db()
    assert tx.state == TxState.PENDING


def test_a_paid_attempt_is_refunded_once_and_the_history_says_so(client, receive, bank):
    dossier = receive()
    tx, url = started(dossier)
    bank.bank.order_open(query(url))
    bank.bank.pay(tx.reference)
    assert ipn(client, bank.bank.ipns_take()[0]) == "00"

    payment_refund(transaction_id=tx.pk, by="ketoan.tinh")

    tx.refresh_from_db()
    assert tx.state == TxState.REFUNDED and FeeDemand.objects.get(dossier=dossier).state == DemandState.REFUNDED
    assert bank.bank.orders[tx.reference].state == "04"
    (event,) = DossierEvent.objects.filter(dossier=dossier, kind="fee_refunded")
    assert event.payload == {"reference": tx.reference, "provider": "vnpay", "amount": 600000}
    with pytest.raises(PaymentError):
        payment_refund(transaction_id=tx.pk, by="ketoan.tinh")


def test_the_scheduled_task_queries_only_when_a_gateway_is_configured(receive, bank, settings):
    from lienthong.payments.tasks import payments_query_stale

    tx, url = started(receive())
    bank.bank.order_open(query(url))
    age(tx, 30)
    settings.LIENTHONG_VNPAY_PAY_URL = ""
    assert payments_query_stale.call() == {}
    settings.LIENTHONG_VNPAY_PAY_URL = bank.pay_url
    assert payments_query_stale.call()["expired"] == 1


def test_the_admin_refunds_the_selected_payments_through_the_service(receive, officers, django_user_model):
    paid = payment_record_at_desk(officer=officers["receiver@commune_centre"], dossier=receive(), method="cash",
                                  amount=600000)  # fmt: skip
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("quantri", password="mat-khau-dai-123"))
    response = admin.post("/admin/payments/paymenttransaction/",
                          {"action": "refund", "_selected_action": [paid.pk]}, follow=True)  # fmt: skip
    assert f"Đã hoàn trả {paid.reference}." in response.content.decode()
    paid.refresh_from_db()
    assert paid.state == "refunded" and paid.demand.state == "refunded"
    again = admin.post("/admin/payments/paymenttransaction/", {"action": "refund", "_selected_action": [paid.pk]},
                       follow=True)  # fmt: skip
    assert "Chỉ hoàn trả được giao dịch đã thanh toán thành công." in again.content.decode()
    assert DossierEvent.objects.filter(dossier=paid.demand.dossier, kind="fee_refunded").count() == 1
