"""The demo's payment history (issue 13 item 8): recent dossiers of fee-bearing procedures get their demand, and a
few were paid online, one refused by the bank, one cancelled and one paid then refunded, two paid at the desk (cash,
card) — all through the real services against the bank gateway and e-receipt simulators run in this process (the
IPNs applied as our IPN view applies them, the receipts issued as the worker would, the day reconciled as the night's
run would)."""

import datetime as dt

from django.test.utils import override_settings
from django.utils import timezone

from lienthong.catalogue.models import Fee
from lienthong.demo.accounts import demo_citizens
from lienthong.dossiers.models import Dossier
from lienthong.org.constants import Role
from lienthong.org.models import Agency, OfficerRole
from lienthong.payments.constants import Provider, TxState
from lienthong.payments.models import AgencyPaymentChannel, BeneficiaryAccount, PaymentTransaction, ReceiptSeries
from lienthong.payments.receipt_simulator import ACCOUNT, PASSWORD, ReceiptBook, receipt_simulator_running
from lienthong.payments.receipting import receipts_issue
from lienthong.payments.reconciling import GMT7, reconcile_with_provider
from lienthong.payments.services import (
    DESK_CLOSED,
    demand_ensure,
    payment_callback_apply,
    payment_record_at_desk,
    payment_refund,
    payment_start,
)
from lienthong.payments.simulator import Bank, bank_simulator_running

DEMANDS, PAID, FAILED, AT_DESK = 12, 6, 2, 2


def demo_payments_load() -> int:
    """Demands and payments for the most recent fee-bearing dossiers, once; the number of attempts written."""
    if PaymentTransaction.objects.exists():
        return 0
    _collecting_setup()
    # The demo citizen's own fee is left for her to pay online (demo/history/plan.py: her judicial record).
    for dossier in _citizens_dossiers():
        demand_ensure(dossier_id=dossier.pk)
    fee_bearing = Dossier.objects.filter(procedure_version__fees__amount__gt=0, received_at__isnull=False)
    dossiers = list(fee_bearing.exclude(code="").exclude(applicant_email__in=_citizens_emails())
                    .distinct().order_by("-received_at")[:DEMANDS])  # fmt: skip
    for dossier in dossiers:
        demand_ensure(dossier_id=dossier.pk)
    written = 0
    with bank_simulator_running(bank=Bank()) as bank, receipt_simulator_running(book=ReceiptBook()) as book, \
            override_settings(
        LIENTHONG_VNPAY_PAY_URL=bank.pay_url, LIENTHONG_VNPAY_API_URL=bank.api_url,
        LIENTHONG_VNPAY_TMN_CODE=bank.bank.tmn_code, LIENTHONG_VNPAY_SECRET=bank.bank.secret,
        LIENTHONG_ERECEIPT_URL=book.url, LIENTHONG_ERECEIPT_ACCOUNT=ACCOUNT, LIENTHONG_ERECEIPT_PASSWORD=PASSWORD,
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
        written += _at_desk(_desk_dossiers(exclude=dossiers))
        for tx in PaymentTransaction.objects.filter(state=TxState.PAID, surplus=False).order_by("id"):
            receipts_issue(transaction_id=tx.pk)
        # the day's reconciliation against the gateway's list, as the night's run will do: the finance officer's
        # page opens on a run, not on an empty list
        reconcile_with_provider(day=timezone.localtime(timezone.now(), GMT7).date())
    return written


def _citizens_emails() -> list[str]:
    return [citizen.email for citizen in demo_citizens()]


def _citizens_dossiers() -> list[Dossier]:
    """The demo citizens' open fee-bearing dossiers, received: what they still owe."""
    return list(Dossier.objects.filter(applicant_email__in=_citizens_emails(), procedure_version__fees__amount__gt=0,
                                       received_at__isnull=False).exclude(code="").exclude(status__in=DESK_CLOSED)
                .distinct().order_by("received_at"))  # fmt: skip


# The ward centre whose finance officer is ketoan.tranbien collects online through the national platform; the other
# agencies through the province's default (the bank gateway).
PLATFORM_AGENCY_FINANCE = "ketoan.tranbien"


def _collecting_setup() -> None:
    """Each agency that collects a demo fee has its own e-receipt series, registered from the start of the year (as
    its admin would enter it: 01BLP0-001, AA-26E, AB-26E, …); one ward centre collects through the national platform."""
    agencies = set(Dossier.objects.filter(procedure_version__fees__amount__gt=0).values_list("agency_id", flat=True))
    agencies |= set(Fee.objects.exclude(collecting_agency=None).values_list("collecting_agency_id", flat=True))
    year = timezone.localdate().year
    for index, agency_id in enumerate(sorted(agencies)):
        letters = chr(ord("A") + index // 26 % 26) + chr(ord("A") + index % 26)
        ReceiptSeries.objects.get_or_create(agency_id=agency_id, valid_from=dt.date(year, 1, 1),
                                            defaults={"template_code": "01BLP0-001",
                                                      "series": f"{letters}-{year % 100:02d}E"})  # fmt: skip
        # its beneficiary account, as the IT officer enters it (a demo number: 3511 + the agency's id, 13 digits)
        name = Agency.objects.filter(pk=agency_id).values_list("name", flat=True).get()
        account = {"bank_code": "KBNN", "bank_name": "Kho bạc Nhà nước Đồng Nai",
                   "account_number": f"3511{agency_id:09d}", "account_name": name[:255]}  # fmt: skip
        BeneficiaryAccount.objects.get_or_create(agency_id=agency_id, defaults=account)
    finance = OfficerRole.objects.filter(role=Role.FINANCE, user__username=PLATFORM_AGENCY_FINANCE).first()
    if finance is not None:
        AgencyPaymentChannel.objects.update_or_create(agency_id=finance.agency_id,
                                                      defaults={"provider": Provider.PAYGOV})  # fmt: skip


def _desk_officers():
    """Receivers who are people: a connected system's account holds the desk's role too, but takes no cash."""
    return OfficerRole.objects.filter(role=Role.RECEIVER, is_active=True, user__connected_system__isnull=True)


def _desk_dossiers(*, exclude: list[Dossier]) -> list[Dossier]:
    """The most recent open fee-bearing dossiers received at a desk with a person at it, not paid online above."""
    candidates = Dossier.objects.filter(procedure_version__fees__amount__gt=0, received_at__isnull=False,
                                        agency_id__in=_desk_officers().values("agency_id"))  # fmt: skip
    candidates = candidates.exclude(code="").exclude(status__in=DESK_CLOSED).exclude(pk__in=[d.pk for d in exclude])
    candidates = candidates.exclude(applicant_email__in=_citizens_emails())
    return list(candidates.distinct().order_by("-received_at")[:AT_DESK])


def _at_desk(dossiers: list[Dossier]) -> int:
    """Paid at the counter to the receiving agency's desk officer: the first in cash, the next by card."""
    written = 0
    for number, dossier in enumerate(dossiers):
        grant = _desk_officers().filter(agency_id=dossier.agency_id).order_by("id").first()
        demand = demand_ensure(dossier_id=dossier.pk)
        if grant is None or demand is None or dossier.status in DESK_CLOSED:
            continue
        method = Provider.CASH if number % 2 == 0 else Provider.POS
        payment_record_at_desk(officer=grant.user, dossier=dossier, method=method, amount=demand.total,
                               slip_number="" if method == Provider.CASH else f"{100200 + number:06d}")  # fmt: skip
        written += 1
    return written


def _unquote(value: str) -> str:
    from urllib.parse import unquote_plus

    return unquote_plus(value)
