"""Issue 13 "must show", sized for CI: 200 payments through the simulator with 10% duplicate, 5% out-of-order, 2%
tampered and 2% wrong-amount IPNs — no dossier credited twice, every payment credited once, every tampered IPN
answered 97 and every wrong amount 04 (and nothing else refused); every success then has exactly one e-receipt per
fee line (the e-receipt simulator refusing some and answering others as duplicates), and the reconciliation with the
gateway's list finds every mismatch injected there and nothing else. bench/payments.py times the 1,000;
`LIENTHONG_SOAK_PAYMENTS=1000` runs this whole check, reconciliation included, at the issue's size."""

import os

import pytest
from django.utils import timezone

from lienthong.payments.constants import DemandState, TxState
from lienthong.payments.models import EReceipt, PaymentTransaction
from lienthong.payments.receipting import receipts_issue_due
from lienthong.payments.reconciling import GMT7, reconcile_with_provider
from lienthong.payments.simulator.bank import Order
from tests.payments.soak import credits_by_dossier, outcomes, soak, states

pytestmark = pytest.mark.django_db
PAYMENTS = int(os.environ.get("LIENTHONG_SOAK_PAYMENTS", "200"))  # a multiple of 50


def test_payments_with_faulty_callbacks_credit_each_dossier_once(client, receive_many, bank, receipts):
    dossiers = receive_many(PAYMENTS)

    report = soak(dossiers=dossiers, client=client, bank=bank)

    injected = report.injected
    assert all(injected[kind] > 0 for kind in ("duplicate", "out_of_order", "tamper", "wrong_amount")), injected
    credits = credits_by_dossier([d.pk for d in dossiers])
    assert len(credits) == PAYMENTS and set(credits.values()) == {1}  # 0 double credits, none missing
    recorded = outcomes()
    assert recorded["97"] == report.replies["97"] == injected["tamper"]  # 100% of forged IPNs refused
    assert recorded["04"] == report.replies["04"] == injected["wrong_amount"]  # 100% of wrong amounts refused
    assert recorded["00"] == PAYMENTS and recorded["01"] == recorded["99"] == 0
    assert recorded["02"] == injected["duplicate"]  # each duplicate answered "already confirmed", changing nothing
    demands, transactions = states()
    assert demands == {DemandState.PAID: PAYMENTS} and transactions == {TxState.PAID: PAYMENTS}
    assert not PaymentTransaction.objects.filter(surplus=True).exists()

    # every success: exactly one receipt per fee line, here and at the e-receipt service, through its faults
    for _fault in range(10):
        receipts.inject("refuse", code="20")
        receipts.inject("duplicate")
    swept = []  # the 5-minute sweep takes at most 500 payments a run: run it until it has nothing left to do
    while not swept or swept[-1] != {"issued": 0, "pending": 0}:
        swept.append(receipts_issue_due())
        assert len(swept) <= PAYMENTS // 500 + 3, swept
    assert sum(run["pending"] for run in swept) == 10  # each refusal waited for one run, then was issued
    assert sum(run["issued"] for run in swept) == 2 * PAYMENTS  # two fee lines a payment
    paid = list(PaymentTransaction.objects.filter(state=TxState.PAID).order_by("id"))
    per_line = EReceipt.objects.filter(state="issued").values_list("transaction_id", "line_id")
    assert sorted(per_line) == sorted((tx.pk, line.pk) for tx in paid for line in tx.demand.lines.all())
    assert sorted(receipts.book.state()["receipts"]) == sorted(EReceipt.objects.values_list("key", flat=True))

    # the gateway's list of the day, with one mismatch of each kind per 50 payments: all of them found, nothing else
    orders, expected = bank.bank.orders, set()
    for index in range(0, PAYMENTS, 50):
        stranger = f"LT000000{index:08X}"
        orders[stranger] = Order(params=dict(orders[paid[index].reference].params, vnp_TxnRef=stranger), state="00")
        del orders[paid[index + 1].reference]
        orders[paid[index + 2].reference].params["vnp_Amount"] = str(paid[index + 2].amount * 100 - 100)
        orders[paid[index + 3].reference].state = "02"
        expected |= {("missing_ours", stranger), ("missing_theirs", paid[index + 1].reference),
                     ("amount", paid[index + 2].reference), ("state", paid[index + 3].reference)}  # fmt: skip
    run = reconcile_with_provider(day=timezone.localtime(timezone.now(), GMT7).date())
    assert set(run.mismatches.values_list("kind", "reference")) == expected
    assert run.compared == PAYMENTS + PAYMENTS // 50  # ours and the strangers on their list
