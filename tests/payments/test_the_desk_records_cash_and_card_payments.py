"""Issue 13 item 4: the one-stop officer records a fee paid at the desk, in cash or by card (POS), from the dossier
page. The amount is checked against the demand, a card payment names its POS slip, and the demand is paid with the
dossier's `fee_paid` event (the officer as its actor) and its outbox row in one transaction — the path the online
IPN takes. Only the receivers of the receiving agency may; the demand and the receipt slip (Mẫu 01) show it."""

import re

import pytest
from django.test import Client

from lienthong.core.events import subscribe, unsubscribe
from lienthong.dossiers.documents.pdf import document_html
from lienthong.dossiers.models import DossierEvent, OutboxMessage
from lienthong.payments.constants import DemandState, TxState
from lienthong.payments.models import FeeDemand, PaymentTransaction
from lienthong.payments.services import PaymentError, payment_record_at_desk, payment_refund

pytestmark = pytest.mark.django_db


@pytest.fixture
def listener():
    subscribe("test.desk", lambda envelope: None, kinds=["fee_paid"])
    yield
    unsubscribe("test.desk")


def desk(officer) -> Client:
    client = Client()
    client.force_login(officer)
    return client


def record(client, dossier, **data):
    return client.post(f"/backoffice/dossiers/{dossier.pk}/actions/desk_payment/", data)


def test_a_cash_payment_at_the_desk_pays_the_demand_with_the_event(receive, officers, listener):
    dossier = receive()
    receiver = officers["receiver@commune_centre"]
    client = desk(receiver)
    page = client.get(f"/backoffice/dossiers/{dossier.pk}/").content.decode()
    assert "Thu phí, lệ phí tại quầy" in page and 'value="600000"' in page

    short = record(client, dossier, method="cash", amount=500000)
    assert short.status_code == 400
    assert "Số tiền thu (500.000 đ) khác số tiền phải nộp (600.000 đ)." in short.content.decode()
    assert not DossierEvent.objects.filter(dossier=dossier, kind="fee_paid").exists()

    assert record(client, dossier, method="cash", amount=600000).status_code == 302
    demand = FeeDemand.objects.get(dossier=dossier)
    (tx,) = demand.transactions.all()
    assert (demand.state, tx.state, tx.provider, tx.amount, tx.recorded_by) == (
        DemandState.PAID, TxState.PAID, "cash", 600000, receiver
    )  # fmt: skip
    (event,) = DossierEvent.objects.filter(dossier=dossier, kind="fee_paid")
    assert event.actor == receiver and event.payload["online"] is False and event.payload["provider"] == "cash"
    assert OutboxMessage.objects.filter(event=event, topic="test.desk").count() == 1

    page = client.get(f"/backoffice/dossiers/{dossier.pk}/").content.decode()
    assert re.search(r'class="fee-demand-state">Đã thanh toán<', page)
    assert "Tiền mặt tại Bộ phận Một cửa" in page and "thu bởi" in page
    assert "Thu phí, lệ phí tại quầy" not in page  # nothing left to take
    slip = document_html(dossier=dossier, kind="01")
    assert "Đã nộp phí, lệ phí: <b>600.000 đồng</b> (tiền mặt tại Bộ phận Một cửa" in slip


def test_a_card_payment_names_its_pos_slip(receive, officers):
    dossier = receive()
    client = desk(officers["receiver@commune_centre"])
    response = record(client, dossier, method="pos", amount=600000, slip_number=" ")
    assert response.status_code == 400 and "cần số hóa đơn (phiếu) POS" in response.content.decode()

    assert record(client, dossier, method="pos", amount=600000, slip_number="000123").status_code == 302
    tx = PaymentTransaction.objects.get(demand__dossier=dossier)
    assert (tx.provider, tx.provider_transaction) == ("pos", "000123")
    assert DossierEvent.objects.get(dossier=dossier, kind="fee_paid").payload["slip_number"] == "000123"
    assert "hóa đơn POS số 000123" in client.get(f"/backoffice/dossiers/{dossier.pk}/").content.decode()
    assert "hóa đơn POS số 000123" in document_html(dossier=dossier, kind="01")

    again = record(client, dossier, method="cash", amount=600000)
    assert again.status_code == 403  # no longer offered: the demand is paid
    with pytest.raises(PaymentError) as refused:
        payment_record_at_desk(officer=officers["receiver@commune_centre"], dossier=dossier, method="cash",
                               amount=600000)  # fmt: skip
    assert refused.value.code == PaymentError.ALREADY_PAID
    assert DossierEvent.objects.filter(dossier=dossier, kind="fee_paid").count() == 1


@pytest.mark.parametrize("who", ["specialist@commune_centre", "leader@commune_centre", "receiver@centre"])
def test_only_the_receiving_agencys_receivers_take_payments(receive, officers, who):
    dossier = receive()
    assert (
        "Thu phí, lệ phí tại quầy"
        not in desk(officers[who]).get(f"/backoffice/dossiers/{dossier.pk}/").content.decode()
    )
    with pytest.raises(Exception, match="không có quyền") as refused:
        payment_record_at_desk(officer=officers[who], dossier=dossier, method="cash", amount=600000)
    assert refused.value.code == "not_permitted"
    assert FeeDemand.objects.get(dossier=dossier).state == DemandState.CREATED


def test_a_desk_payment_is_refunded_at_the_desk_without_a_provider(receive, officers):
    dossier = receive()
    tx = payment_record_at_desk(officer=officers["receiver@commune_centre"], dossier=dossier, method="cash",
                                amount=600000)  # fmt: skip
    payment_refund(transaction_id=tx.pk, by="ketoan", actor=officers["receiver@commune_centre"])
    assert FeeDemand.objects.get(dossier=dossier).state == DemandState.REFUNDED
    assert DossierEvent.objects.filter(dossier=dossier, kind="fee_refunded").count() == 1
    assert "Đã nộp phí, lệ phí" not in document_html(dossier=dossier, kind="01")
