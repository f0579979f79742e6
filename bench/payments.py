"""The 1,000-payment soak of issue 13, timed: payments through the bank gateway simulator (pay page over HTTP,
IPNs delivered to our IPN view) with 10% duplicate, 5% out-of-order, 2% forged and 2% wrong-amount IPNs, then the
e-receipt of every confirmed payment through the e-receipt service simulator (under the collecting agency's series,
each an event of its dossier's history), beside the one-insert baseline (a transaction inserting one small row) on
the same database in the same run.

.venv/bin/python bench/payments.py [--payments 1000]            # a temporary SQLite file
DATABASE_URL=postgres://postgres@127.0.0.1:5432/lt_bench_pay .venv/bin/python bench/payments.py
                                                                  # a fresh test_lt_bench_pay database, dropped after

It checks what the issue asks and exits 1 otherwise: no dossier credited twice, every payment credited once, 100%
of forged IPNs answered 97 and of wrong amounts answered 04, exactly one receipt per fee line of every credited
payment (here and at the service) with one `receipt_issued` event each. Printed: IPNs and confirmed payments per
second (one client, in this process through Django's test client: the view, the verification, the transaction with
the dossier's event and outbox row), receipts per second (as the worker issues them: the service over HTTP, the
receipt's row and its event in one transaction, the PDF kept) and the baseline's inserts per second.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]

from receive_fixture import INSERT_TABLE, OFFICER, PROCEDURE_CODE, bench_environ, fresh_database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--payments", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        bench_environ(data_dir)
        os.environ["DJANGO_SETTINGS_MODULE"] = "lienthong.settings"  # the site's own URLs: the IPN view and pages
        import django

        django.setup()
        from django.test.utils import setup_test_environment

        setup_test_environment()  # the test client's ALLOWED_HOSTS; no debug
        with fresh_database("test_lt_bench_pay"):
            return run(args.payments)


def run(payments: int) -> int:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import override_settings
    from tests.payments.soak import credits_by_dossier, outcomes, soak

    from lienthong.catalogue.models import Fee, ProcedureVersion
    from lienthong.dossiers.constants import Channel
    from lienthong.dossiers.services import Applicant, dossier_receive
    from lienthong.org.models import Agency
    from lienthong.payments.simulator import Bank, bank_simulator_running
    from receive_fixture import REQUEST, province_setup

    province_setup()
    version = ProcedureVersion.objects.get(procedure__national_code=PROCEDURE_CODE)
    Fee.objects.create(version=version, name="Phí thẩm định hồ sơ", kind="phi", amount=500000, verified=True)
    officer, desk = get_user_model().objects.get(username=OFFICER), Agency.objects.get(identifier_code="000.00.98.H19")
    mandatory = set(version.documents.filter(is_mandatory=True).values_list("pk", flat=True))
    dossiers = [
        dossier_receive(officer=officer, agency=desk, version=version, channel=Channel.COUNTER,
                        applicant=Applicant(**REQUEST["applicant"]), form_data=REQUEST["form"],
                        documents_present=mandatory)
        for _ in range(payments)
    ]  # fmt: skip
    from lienthong.payments.services import demand_ensure

    for dossier in dossiers:  # what the worker does on the received event; this bench runs no worker
        demand_ensure(dossier_id=dossier.pk)
    from lienthong.payments.models import BeneficiaryAccount

    # an online payment needs the collecting agency's beneficiary account
    BeneficiaryAccount.objects.create(agency=desk, bank_code="KBNN", bank_name="Kho bạc Nhà nước Đồng Nai",
                                      account_number="3511000000001", account_name=desk.name)  # fmt: skip
    with bank_simulator_running(bank=Bank()) as bank, override_settings(
        LIENTHONG_VNPAY_PAY_URL=bank.pay_url, LIENTHONG_VNPAY_API_URL=bank.api_url,
        LIENTHONG_VNPAY_TMN_CODE=bank.bank.tmn_code, LIENTHONG_VNPAY_SECRET=bank.bank.secret,
    ):  # fmt: skip
        report = soak(dossiers=dossiers, client=Client(), bank=bank)
    receipts = receipts_run(desk)
    started = time.perf_counter()
    for number in range(payments):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {INSERT_TABLE} (at, note) VALUES (CURRENT_TIMESTAMP, %s)", [f"n{number}"])  # noqa: S608
    baseline = payments / (time.perf_counter() - started)

    credits, recorded, injected = credits_by_dossier([d.pk for d in dossiers]), outcomes(), report.injected
    checks = {
        "every payment credited once, none twice": len(credits) == payments and set(credits.values()) == {1},
        "100% of forged IPNs answered 97": recorded["97"] == injected["tamper"],
        "100% of wrong amounts answered 04": recorded["04"] == injected["wrong_amount"],
        "each duplicate answered 02": recorded["02"] == injected["duplicate"],
        "exactly one receipt per fee line of each payment, here and at the service": receipts["ours"] == payments
        and receipts["theirs"] == payments
        and receipts["per_payment"] == {1},
        "one receipt_issued event per receipt": receipts["events"] == payments,
    }
    print(f"database: {connection.vendor}; payments: {payments}; injected: {dict(injected)}")
    print(f"IPN replies: {dict(report.replies)}")
    print(f"soak: {report.seconds:.1f} s — {payments / report.seconds:.0f} payments/s end to end "
          f"(start, pay page, click, {report.ipns} IPNs)")  # fmt: skip
    print(f"receipts: {receipts['ours']} in {receipts['seconds']:.1f} s — {receipts['ours'] / receipts['seconds']:.0f}"
          " receipts/s (the service over HTTP, the row and its event, the PDF)")  # fmt: skip
    print(f"one-insert baseline: {baseline:.0f} transactions/s")
    for name, ok in checks.items():
        print(f"{'ok ' if ok else 'FAIL'} {name}")
    return 0 if all(checks.values()) else 1


def receipts_run(desk) -> dict:
    """Every credited payment's receipts, asked for as the worker would after each payment's commit."""
    import datetime as dt
    import tempfile

    from django.db.models import Count
    from django.test.utils import override_settings

    from lienthong.dossiers.constants import EventKind
    from lienthong.dossiers.models import DossierEvent
    from lienthong.payments.models import EReceipt, PaymentTransaction, ReceiptSeries
    from lienthong.payments.receipt_simulator import ACCOUNT, PASSWORD, ReceiptBook, receipt_simulator_running
    from lienthong.payments.receipting import receipts_issue

    ReceiptSeries.objects.create(agency=desk, template_code="01BLP0-001", series="BL-26E",
                                 valid_from=dt.date(2020, 1, 1))  # fmt: skip
    paid = list(PaymentTransaction.objects.filter(state="paid", surplus=False).values_list("pk", flat=True))
    with tempfile.TemporaryDirectory() as media, receipt_simulator_running(book=ReceiptBook()) as book, \
            override_settings(LIENTHONG_ERECEIPT_URL=book.url, LIENTHONG_ERECEIPT_ACCOUNT=ACCOUNT,
                              LIENTHONG_ERECEIPT_PASSWORD=PASSWORD, MEDIA_ROOT=media):  # fmt: skip
        started = time.perf_counter()
        for tx_id in paid:
            receipts_issue(transaction_id=tx_id)
        seconds = time.perf_counter() - started
        theirs = len(book.book.receipts)
    per_payment = set(EReceipt.objects.values("transaction").annotate(n=Count("id")).values_list("n", flat=True))
    return {
        "ours": EReceipt.objects.filter(state="issued").count(),
        "theirs": theirs,
        "per_payment": per_payment,
        "events": DossierEvent.objects.filter(kind=EventKind.RECEIPT_ISSUED).count(),
        "seconds": seconds,
    }


if __name__ == "__main__":
    sys.exit(main())
