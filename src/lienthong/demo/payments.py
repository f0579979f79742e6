"""The demo's payment history (issue 13 item 8): recent dossiers of fee-bearing procedures get their demand, and a
few were paid online, one refused by the bank, one cancelled and one paid then refunded — all through the real
services against the bank gateway simulator run in this process (its IPNs applied as our IPN view applies them)."""

from django.test.utils import override_settings

from lienthong.dossiers.models import Dossier
from lienthong.payments.models import PaymentTransaction
from lienthong.payments.services import demand_ensure, payment_callback_apply, payment_refund, payment_start
from lienthong.payments.simulator import Bank, bank_simulator_running

DEMANDS, PAID, FAILED = 12, 6, 2


def demo_payments_load() -> int:
    """Demands and payments for the most recent fee-bearing dossiers, once; the number of attempts written."""
    if PaymentTransaction.objects.exists():
        return 0
    dossiers = list(Dossier.objects.filter(procedure_version__fees__amount__gt=0, received_at__isnull=False)
                    .exclude(code="").distinct().order_by("-received_at")[:DEMANDS])  # fmt: skip
    for dossier in dossiers:
        demand_ensure(dossier_id=dossier.pk)
    written = 0
    with bank_simulator_running(bank=Bank()) as bank, override_settings(
        LIENTHONG_VNPAY_PAY_URL=bank.pay_url, LIENTHONG_VNPAY_API_URL=bank.api_url,
        LIENTHONG_VNPAY_TMN_CODE=bank.bank.tmn_code, LIENTHONG_VNPAY_SECRET=bank.bank.secret,
    ):  # fmt: skip
        for number, dossier in enumerate(dossiers[: PAID + FAILED + 1]):
            action = "cancel" if PAID <= number < PAID + FAILED else "pay"
            tx, url = payment_start(dossier=dossier, provider="vnpay", client_ip="127.0.0.1",
                                    return_url="http://127.0.0.1:8000/thanh-toan/ket-qua/")  # fmt: skip
            params = dict(pair.split("=", 1) for pair in url.split("?", 1)[1].split("&"))
            bank.bank.order_open({key: _unquote(value) for key, value in params.items()})
            bank.bank.pay(tx.reference, action=action)
            for ipn in bank.bank.ipns_take():
                payment_callback_apply(provider="vnpay", params=ipn)
            written += 1
        refunded = PaymentTransaction.objects.filter(state="paid").order_by("id").last()
        if refunded is not None:
            payment_refund(transaction_id=refunded.pk, by="demo")
    return written


def _unquote(value: str) -> str:
    from urllib.parse import unquote_plus

    return unquote_plus(value)
