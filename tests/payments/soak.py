"""A soak of payments through the bank gateway (or the national platform) simulator with injected faults, shared by
the CI tests (a few hundred payments) and bench/payments.py (a thousand, timed): every payment is started by our
service, its pay page served and checked by the simulator over HTTP, clicked, and its callbacks delivered to our IPN
(or CONFIRM) URL in the order the provider sent them — duplicated, held back and released out of order, forged, or
signed with a wrong amount as the plan says."""

import random
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from lienthong.dossiers.models import DossierEvent
from lienthong.payments.models import FeeDemand, PaymentCallback, PaymentTransaction
from lienthong.payments.services import payment_start

IPN = "/thanh-toan/vnpay/ipn/"
SHARES = {"duplicate": 0.10, "out_of_order": 0.05, "tamper": 0.02, "wrong_amount": 0.02}


@dataclass
class SoakReport:
    payments: int
    injected: Counter = field(default_factory=Counter)
    replies: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    ipns: int = 0


def soak(*, dossiers: list, client, bank, seed: int = 13, shares: dict[str, float] = SHARES,
         on_ipn: Callable[[dict], None] | None = None) -> SoakReport:  # fmt: skip
    rng = random.Random(seed)
    report = SoakReport(payments=len(dossiers))
    started = time.perf_counter()
    for dossier in dossiers:
        _tx, url = payment_start(dossier=dossier, provider="vnpay", return_url="http://testserver/thanh-toan/ket-qua/",
                                 client_ip="127.0.0.1")  # fmt: skip
        with urllib.request.urlopen(url) as page:  # noqa: S310 — the simulator on 127.0.0.1
            assert page.status == 200
        for kind, share in shares.items():
            if rng.random() < share:
                bank.inject(kind)
                report.injected[kind] += 1
        bank.bank.pay(url.split("vnp_TxnRef=")[1].split("&")[0])
        _deliver(client, bank, report)
    bank.bank.flush()
    _deliver(client, bank, report)
    report.seconds = time.perf_counter() - started
    return report


def _deliver(client, bank, report: SoakReport) -> None:
    for params in bank.bank.ipns_take():
        response = client.get(IPN, params)
        report.replies[response.json()["RspCode"]] += 1
        report.ipns += 1


def credits_by_dossier(dossier_ids: list[int]) -> Counter:
    return Counter(DossierEvent.objects.filter(dossier_id__in=dossier_ids, kind="fee_paid")
                   .values_list("dossier_id", flat=True))  # fmt: skip


def outcomes() -> Counter:
    return Counter(PaymentCallback.objects.values_list("outcome", flat=True))


def states() -> tuple[Counter, Counter]:
    return (Counter(FeeDemand.objects.values_list("state", flat=True)),
            Counter(PaymentTransaction.objects.values_list("state", flat=True)))  # fmt: skip


CONFIRM = "/thanh-toan/paygov/confirm/"


def soak_platform(*, dossiers: list, client, platform, seed: int = 13,
                  shares: dict[str, float] = SHARES) -> SoakReport:  # fmt: skip
    """The same soak through the national payment platform's simulator: INIT over HTTP, the pay page fetched, the
    click, and the CONFIRMs posted to our CONFIRM URL in the order the platform sent them."""
    rng = random.Random(seed)
    report = SoakReport(payments=len(dossiers))
    started = time.perf_counter()
    for dossier in dossiers:
        tx, url = payment_start(dossier=dossier, provider="paygov", return_url="", client_ip="127.0.0.1")
        with urllib.request.urlopen(url) as page:  # noqa: S310 — the simulator on 127.0.0.1
            assert page.status == 200
        for kind, share in shares.items():
            if rng.random() < share:
                platform.inject(kind)
                report.injected[kind] += 1
        platform.platform.pay(tx.reference)
        _deliver_confirms(client, platform, report)
    platform.platform.flush()
    _deliver_confirms(client, platform, report)
    report.seconds = time.perf_counter() - started
    return report


def _deliver_confirms(client, platform, report: SoakReport) -> None:
    for body in platform.platform.confirms_take():
        reply = client.post(CONFIRM, body, content_type="application/json").json()
        assert platform.platform.reply_valid(reply)
        report.replies[reply["MaLoi"]] += 1
        report.ipns += 1
