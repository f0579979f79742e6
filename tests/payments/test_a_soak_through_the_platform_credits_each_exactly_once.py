"""Issue 13 "must show" for the national payment platform, sized for CI: 200 payments through its simulator with
10% duplicate, 5% out-of-order, 2% tampered and 2% wrong-amount CONFIRMs — no dossier credited twice, every payment
credited once, every tampered CONFIRM answered 97 and every wrong amount 04 (nothing else refused), every reply
signed as the platform checks it."""

import pytest

from lienthong.payments.constants import DemandState, TxState
from tests.payments.soak import credits_by_dossier, outcomes, soak_platform, states

pytestmark = pytest.mark.django_db
PAYMENTS = 200


def test_two_hundred_platform_payments_with_faulty_confirms_credit_each_dossier_once(client, receive_many, platform):
    dossiers = receive_many(PAYMENTS)

    report = soak_platform(dossiers=dossiers, client=client, platform=platform)

    injected = report.injected
    assert all(injected[kind] > 0 for kind in ("duplicate", "out_of_order", "tamper", "wrong_amount")), injected
    credits = credits_by_dossier([d.pk for d in dossiers])
    assert len(credits) == PAYMENTS and set(credits.values()) == {1}  # 0 double credits, none missing
    recorded = outcomes()
    assert recorded["97"] == report.replies["97"] == injected["tamper"]  # 100% of forged CONFIRMs refused
    assert recorded["04"] == report.replies["04"] == injected["wrong_amount"]  # 100% of wrong amounts refused
    assert recorded["00"] == PAYMENTS and recorded["01"] == recorded["99"] == 0
    assert recorded["02"] == injected["duplicate"]  # each duplicate answered "already confirmed", changing nothing
    demands, transactions = states()
    assert demands == {DemandState.PAID: PAYMENTS} and transactions == {TxState.PAID: PAYMENTS}
