"""Issue 13 item 3: each night the day's attempts are compared with the gateway's own list of the day (served by the
simulator, signed, as a reconciliation file) and, when the finance officer uploads one, with a bank statement
(XLSX): what is missing on our side, missing on theirs, of another amount or in another state is listed — and
nothing else (an attempt never taken to the bank is not a mismatch). The finance officer's page lists the runs and
exports the mismatches; a bad statement is refused naming its rows in Vietnamese."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from lienthong.payments.models import PaymentTransaction, Reconciliation
from lienthong.payments.reconciling import GMT7, reconcile_nightly, reconcile_with_provider
from lienthong.payments.services import payment_start
from lienthong.payments.simulator.bank import Order
from tests.payments.conftest import query
from tests.payments.soak import soak

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def today() -> dt.date:
    return timezone.localtime(timezone.now(), GMT7).date()


def found(run) -> set[tuple[str, str]]:
    return set(run.mismatches.values_list("kind", "reference"))


@pytest.fixture
def day_of_payments(client, receive_many, bank):
    """Six payments through the gateway, one attempt left at the bank's page, one cancelled there."""
    dossiers = receive_many(8)
    soak(dossiers=dossiers[:6], client=client, bank=bank, shares={})
    payment_start(dossier=dossiers[6], provider="vnpay", return_url="http://testserver/r", client_ip="127.0.0.1")
    tx, url = payment_start(dossier=dossiers[7], provider="vnpay", return_url="http://testserver/r",
                            client_ip="127.0.0.1")  # fmt: skip
    assert bank.bank.order_open(query(url)) == []
    bank.bank.pay(tx.reference, action="cancel")
    for ipn in bank.bank.ipns_take():
        client.get("/thanh-toan/vnpay/ipn/", ipn)
    return list(PaymentTransaction.objects.filter(state="paid").order_by("id"))


def inject_mismatches(bank, paid: list) -> set[tuple[str, str]]:
    """What the gateway's list says differently, one of each kind."""
    orders = bank.bank.orders
    stranger = Order(params=dict(orders[paid[0].reference].params, vnp_TxnRef="LT000000ABCDEF12"), state="00")
    orders["LT000000ABCDEF12"] = stranger  # paid at the gateway, unknown to us
    del orders[paid[1].reference]  # paid with us, not on their list
    orders[paid[2].reference].params["vnp_Amount"] = str(paid[2].amount * 100 + 100000)
    orders[paid[3].reference].state = "02"  # they say it failed
    return {("missing_ours", "LT000000ABCDEF12"), ("missing_theirs", paid[1].reference),
            ("amount", paid[2].reference), ("state", paid[3].reference)}  # fmt: skip


def test_the_gateways_list_gives_every_mismatch_and_nothing_else(bank, day_of_payments):
    assert not found(reconcile_with_provider(day=today()))  # an attempt left or cancelled at the bank is no mismatch
    expected = inject_mismatches(bank, day_of_payments)

    run = reconcile_with_provider(day=today())
    assert found(run) == expected and run.compared == 9
    amount = run.mismatches.get(kind="amount")
    assert amount.theirs_amount - amount.ours_amount == 1000
    again = reconcile_with_provider(day=today())  # run again: replaces, never adds up
    assert again.pk == run.pk and again.mismatches.count() == 4


def test_the_night_run_does_yesterday_once(bank, day_of_payments):
    expected = inject_mismatches(bank, day_of_payments)
    tomorrow_morning = dt.datetime.combine(today() + dt.timedelta(days=1), dt.time(0, 30), tzinfo=GMT7)
    run = reconcile_nightly(now=tomorrow_morning)
    assert run.day == today() and found(run) == expected
    assert reconcile_nightly(now=tomorrow_morning + dt.timedelta(hours=1)) is None


def statement(rows: list[list]) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    book.active.append(["Số tham chiếu NH", "Ngày giao dịch", "Số tiền", "Nội dung"])
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("sao-ke.xlsx", buffer.getvalue(), XLSX)


def test_the_finance_officer_reconciles_a_bank_statement_and_exports_it(bank, day_of_payments, officers):
    paid, day = day_of_payments, today()
    rows = [["FT1", day.strftime("%d/%m/%Y"), tx.amount, f"THANH TOAN PHI {tx.reference} HO SO"] for tx in paid[2:]]
    rows[0][2] += 50000  # credited another amount
    rows.append(["FT9", day, 200000, "CK LT000000FFFFFFFF NGUOI LA"])  # a credit of ours we do not know
    rows.append(["FT8", day, 300000, "Chuyen tien ca nhan"])  # not a fee: not compared
    rows.append(["FT7", day - dt.timedelta(days=1), paid[0].amount, f"{paid[0].reference}"])  # another day
    finance = Client()
    finance.force_login(officers["finance@commune_centre"])

    upload = {"day": day.isoformat(), "statement": statement(rows)}
    response = finance.post("/backoffice/payments/reconciliation/", upload, follow=True)
    run = Reconciliation.objects.get(source="statement")
    assert found(run) == {("missing_theirs", paid[0].reference), ("missing_theirs", paid[1].reference),
                          ("amount", paid[2].reference), ("missing_ours", "LT000000FFFFFFFF")}  # fmt: skip
    page = response.content.decode()
    assert "Đã đối chiếu ngày" in page and "Thiếu ở đối tác (có ở hệ thống)" in page and paid[2].reference in page
    export = finance.get(f"/backoffice/payments/reconciliation/{run.pk}/", {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert export["Content-Type"] == XLSX and sheet.max_row == 2 + 4
    assert {sheet.cell(row, 2).value for row in range(3, 7)} == {ref for _kind, ref in found(run)}


def test_a_bad_statement_is_refused_row_by_row_and_others_may_not_enter(bank, officers, day_of_payments):
    finance = Client()
    finance.force_login(officers["finance@commune_centre"])
    day = today().strftime("%d/%m/%Y")
    bad = statement([["FT1", day, "hai trăm", "LT000000FFFFFFFF"], ["FT2", "32/13/2026", 1000, "x"]])
    response = finance.post("/backoffice/payments/reconciliation/", {"day": today().isoformat(), "statement": bad})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Dòng 2: số tiền “hai trăm” không phải số nguyên dương." in page
    assert "Dòng 3: ngày giao dịch “32/13/2026” không đọc được (dd/mm/yyyy)." in page
    not_xlsx = SimpleUploadedFile("sao-ke.xlsx", b"PK not a workbook", XLSX)
    response = finance.post("/backoffice/payments/reconciliation/", {"day": today().isoformat(),
                                                                     "statement": not_xlsx})  # fmt: skip
    assert response.status_code == 400 and "không phải bảng tính Excel" in response.content.decode()
    assert not Reconciliation.objects.exists()

    receiver = Client()
    receiver.force_login(officers["receiver@commune_centre"])
    assert receiver.get("/backoffice/payments/reconciliation/").status_code == 403
    assert "Đối chiếu thanh toán" in finance.get("/backoffice/").content.decode()  # the menu's door


def test_the_finance_officer_downloads_the_days_and_the_months_collections(bank, day_of_payments, officers,
                                                                          receive):  # fmt: skip
    from lienthong.payments.services import payment_record_at_desk, payment_refund

    payment_record_at_desk(officer=officers["receiver@commune_centre"], dossier=receive(), method="cash",
                           amount=600000)  # fmt: skip
    payment_refund(transaction_id=day_of_payments[0].pk, by="ketoan")
    finance = Client()
    finance.force_login(officers["finance@commune_centre"])
    assert "Tổng hợp thu phí, lệ phí (Excel)" in finance.get("/backoffice/payments/reconciliation/").content.decode()
    for period in ("day", "month"):
        response = finance.get("/backoffice/payments/collections.xlsx", {"period": period, "day": today().isoformat()})
        assert response["Content-Type"] == XLSX
        rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))
        by_channel = {row[2]: row[3:] for row in rows[:-1]}
        assert by_channel == {
            "Cổng thanh toán ngân hàng (VNPAY)": (6, 3600000, 600000),
            "Tiền mặt tại Bộ phận Một cửa": (1, 600000, 0),
        }
        assert rows[-1][0] == "Tổng cộng" and rows[-1][3:] == (7, 4200000, 600000)
        assert {row[0] for row in rows[:-1]} == {"TTPVHCC phường Trấn Biên"}
    other = Client()
    other.force_login(officers["finance@centre"])  # another agency's finance officer: none of these
    rows = list(
        openpyxl.load_workbook(
            io.BytesIO(
                other.get(
                    "/backoffice/payments/collections.xlsx", {"period": "day", "day": today().isoformat()}
                ).content
            )
        ).active.iter_rows(min_row=3, values_only=True)
    )
    assert rows == [("Tổng cộng", None, None, 0, 0, 0)]
