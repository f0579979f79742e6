"""A citizen never loses a payment to a lock (issue 13 item 3): a callback that meets another write holding the
table (SQLite's busy lock, PostgreSQL's lock_timeout) is tried again in the same request before the provider is
answered 99, so the payment is credited at once instead of at the provider's next retry or the 15-minute query.
The phone browser test failed 2 of 3 runs on a loaded machine with "database table is locked" during the IPN.

The lock is real: another connection (a thread) holds a write on the payment's rows for a second."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from lienthong.payments.constants import CallbackOutcome, DemandState, TxState
from lienthong.payments.models import FeeDemand, PaymentTransaction
from lienthong.payments.services import payment_start
from tests.payments.conftest import ipn
from tests.payments.test_a_callback_is_applied_exactly_once import pay

pytestmark = pytest.mark.django_db(transaction=True)
HELD_SECONDS = 1.0


def hold_the_payment(tx_id: int, taken: threading.Event) -> None:
    """Another writer: the attempt's row locked (and on SQLite the database's write lock) for HELD_SECONDS."""
    try:
        with transaction.atomic():
            now = timezone.now()
            PaymentTransaction.objects.filter(pk=tx_id).update(updated_at=now)
            FeeDemand.objects.filter(transactions__pk=tx_id).update(updated_at=now)
            taken.set()
            time.sleep(HELD_SECONDS)
    finally:
        taken.set()
        connection.close()


def short_lock_wait() -> None:
    """The request gives up on a lock quickly, as a loaded server does after its timeout: on PostgreSQL a
    lock_timeout below the hold; SQLite's test database (shared in-memory cache) never waits at all."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")


def test_an_ipn_that_meets_a_lock_is_applied_once_the_lock_is_gone(client, receive, bank):
    dossier = receive()
    tx, url = payment_start(dossier=dossier, provider="vnpay", return_url="http://testserver/r", client_ip="1.2.3.4")
    pay(bank, url)
    (genuine,) = bank.bank.ipns_take()
    taken = threading.Event()
    holder = threading.Thread(target=hold_the_payment, args=(tx.pk, taken))
    holder.start()
    taken.wait(timeout=10)
    short_lock_wait()
    try:
        outcome = ipn(client, genuine)
    finally:
        holder.join(timeout=30)
    assert outcome == CallbackOutcome.APPLIED
    tx.refresh_from_db()
    assert tx.state == TxState.PAID
    assert FeeDemand.objects.get(dossier=dossier).state == DemandState.PAID
    assert ipn(client, genuine) == CallbackOutcome.ALREADY_CONFIRMED


def test_no_transaction_is_held_while_the_platform_is_asked(receive, platform, monkeypatch):
    """The national platform's INIT goes over the network, up to its timeout: asked inside the attempt's transaction,
    it held SQLite's one write lock (PostgreSQL: the demand's row), so every other payer's callback queued behind a
    slow platform. The attempt is now written before the call and marked pending after it."""
    from lienthong.payments.providers.paygov import PaygovProvider

    asked_inside = []
    original = PaygovProvider.start

    def start(self, **kwargs):
        asked_inside.append(connection.in_atomic_block)
        return original(self, **kwargs)

    monkeypatch.setattr(PaygovProvider, "start", start)
    dossier = receive()
    tx, url = payment_start(dossier=dossier, provider="paygov", return_url="http://testserver/r", client_ip="1.2.3.4")
    assert asked_inside == [False] and url
    tx.refresh_from_db()
    assert tx.state == TxState.PENDING
    assert FeeDemand.objects.get(dossier=dossier).state == DemandState.PENDING
