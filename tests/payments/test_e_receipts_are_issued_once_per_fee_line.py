"""Issue 13 item 5: after a payment is confirmed (at the desk or online), the worker asks the e-receipt service
(simulated, over HTTP) for one receipt per fee line, under a key of ours, so that however the call fails — an
answer lost to a timeout, a refusal with a code, a request the service saw twice — each line ends with exactly one
receipt there and here, with its number, series, date and PDF. The finance officer cancels or replaces one with a
reason; the applicant downloads those in force from the tracking page by a signed link; the officer from the
dossier page."""

import re

import pytest
from django.test import Client

from lienthong.payments.constants import ReceiptState
from lienthong.payments.models import EReceipt
from lienthong.payments.receipting import receipt_cancel, receipt_replace, receipts_issue, receipts_issue_due
from lienthong.payments.services import PaymentError, payment_start
from tests.payments.conftest import ipn, query

pytestmark = pytest.mark.django_db


def at_service(receipts) -> dict[str, dict]:
    return receipts.book.state()["receipts"]


def test_a_desk_payment_gets_one_receipt_per_fee_line_with_its_document(receipts, paid_at_desk):
    dossier, tx = paid_at_desk()
    ours = list(EReceipt.objects.filter(transaction=tx).select_related("line"))
    assert [(r.line.code, r.amount, r.state, r.series, r.number) for r in ours] == [
        ("DD-01", 100000, ReceiptState.ISSUED, "BL-26E", "0000001"),
        ("DD-02", 500000, ReceiptState.ISSUED, "BL-26E", "0000002"),
    ]
    assert all(r.template_code == "01BLP0-001" and r.issued_on and r.payer_name == "Nguyễn Thị Hoa" for r in ours)
    with ours[0].document.open("rb") as pdf:
        assert pdf.read().startswith(b"%PDF-")
    sent = receipts.book.receipts[ours[1].key].invoice
    assert (sent["Total"], sent["AmountInWords"], sent["PaymentMethod"]) == (500000, "Năm trăm nghìn đồng", "TM")
    assert sent["ArisingDate"] == ours[1].issued_on.strftime("%d/%m/%Y") and sent["DossierCode"] == dossier.code

    # asked again (a second delivery of the task, the sweep): nothing new anywhere
    assert receipts_issue(transaction_id=tx.pk) == {"issued": 0, "pending": 0}
    assert receipts_issue_due() == {"issued": 0, "pending": 0}
    assert len(at_service(receipts)) == 2 and EReceipt.objects.count() == 2


def test_a_lost_answer_a_refusal_and_a_duplicate_still_end_with_one_receipt_per_line(receipts, paid_at_desk):
    receipts.inject("timeout", seconds=1.5)  # the first line is issued there, but its answer comes too late
    _dossier, lost = paid_at_desk()
    first, second = EReceipt.objects.filter(transaction=lost).order_by("line_id")
    assert (first.state, first.error, second.state) == ("pending", "timeout", "issued")
    assert first.key in at_service(receipts)  # issued there, unknown here

    receipts.inject("refuse", code="20")  # the next publish is refused (the series is out of numbers)
    _dossier, refused = paid_at_desk()
    third, fourth = EReceipt.objects.filter(transaction=refused).order_by("line_id")
    assert (third.state, third.error, fourth.state) == ("pending", "20", "issued")
    assert third.key not in at_service(receipts)

    receipts.inject("duplicate")  # the retry is issued there and answered as a repeat
    assert receipts_issue_due() == {"issued": 2, "pending": 0}
    there = at_service(receipts)
    ours = list(EReceipt.objects.order_by("id"))
    assert sorted(there) == sorted(r.key for r in ours) and len(ours) == 4  # exactly one per line, both sides
    assert all(r.state == "issued" and r.number == there[r.key]["number"] and r.document for r in ours)
    assert len({r.number for r in ours}) == 4
    assert receipts_issue_due() == {"issued": 0, "pending": 0}


def test_an_online_payment_gets_its_receipts_after_the_ipn(client, receive, bank, receipts,
                                                          django_capture_on_commit_callbacks):  # fmt: skip
    dossier = receive()
    tx, url = payment_start(dossier=dossier, provider="vnpay", return_url="http://testserver/r", client_ip="1.2.3.4")
    bank.bank.order_open(query(url))
    bank.bank.pay(tx.reference)
    (genuine,) = bank.bank.ipns_take()
    with django_capture_on_commit_callbacks(execute=True):
        assert ipn(client, genuine) == "00"
    with django_capture_on_commit_callbacks(execute=True):
        assert ipn(client, genuine) == "02"  # a duplicate IPN asks for nothing more
    assert EReceipt.objects.filter(transaction=tx, state="issued").count() == 2
    assert receipts.book.receipts[f"{tx.reference}-{tx.demand.lines.first().pk}"].invoice["PaymentMethod"] == "CK"
    assert len(at_service(receipts)) == 2


def test_the_finance_officer_replaces_and_cancels_with_a_reason(receipts, paid_at_desk, officers):
    dossier, tx = paid_at_desk()
    first, second = EReceipt.objects.filter(transaction=tx).order_by("line_id")
    finance = officers["finance@commune_centre"]
    with pytest.raises(Exception, match="không có quyền"):
        receipt_cancel(officer=officers["receiver@commune_centre"], receipt_id=first.pk, reason="Sai tên")
    with pytest.raises(PaymentError, match="Cần ghi lý do"):
        receipt_cancel(officer=finance, receipt_id=first.pk, reason="  ")

    new = receipt_replace(officer=finance, receipt_id=first.pk, reason="Ghi sai tên người nộp",
                          payer_name="Nguyễn Thị Hoà")  # fmt: skip
    first.refresh_from_db()
    assert (first.state, first.reason, first.changed_by) == ("replaced", "Ghi sai tên người nộp", finance)
    assert (new.state, new.replaces, new.number, new.payer_name) == ("issued", first, "0000003", "Nguyễn Thị Hoà")
    assert new.document and receipts.book.receipts[first.key].state == "cancelled"
    with pytest.raises(PaymentError, match="còn hiệu lực"):
        receipt_cancel(officer=finance, receipt_id=first.pk, reason="Lần nữa")

    receipt_cancel(officer=finance, receipt_id=second.pk, reason="Nộp nhầm khoản")
    second.refresh_from_db()
    assert second.state == "cancelled" and receipts.book.receipts[second.key].state == "cancelled"
    # a payment whose receipts were replaced or cancelled is not receipted again by the sweep
    assert receipts_issue_due() == {"issued": 0, "pending": 0}

    page = Client()
    page.force_login(finance)
    html = page.get(f"/backoffice/dossiers/{dossier.pk}/").content.decode()
    assert "Biên lai điện tử" in html and "thay thế biên lai số 0000001" in html and "Lý do: Nộp nhầm khoản" in html
    assert html.count("Lập biên lai thay thế") == 1  # only the receipt in force can still be changed
    download = page.get(f"/backoffice/dossiers/{dossier.pk}/receipts/{new.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")


def test_the_finance_officer_acts_from_the_dossier_page(receipts, paid_at_desk, officers):
    dossier, tx = paid_at_desk()
    receipt = EReceipt.objects.filter(transaction=tx).first()
    receiver = Client()
    receiver.force_login(officers["receiver@commune_centre"])
    assert "Hủy biên lai" not in receiver.get(f"/backoffice/dossiers/{dossier.pk}/").content.decode()
    url = f"/backoffice/dossiers/{dossier.pk}/receipts/{receipt.pk}/change/"
    refused = receiver.post(url, {"action": "cancel", "reason": "x"}, follow=True).content.decode()
    assert "không có quyền" in refused
    finance = Client()
    finance.force_login(officers["finance@commune_centre"])
    done = finance.post(url, {"action": "cancel", "reason": "Thu nhầm"}, follow=True).content.decode()
    assert "Đã hủy biên lai 0000001." in done
    receipt.refresh_from_db()
    assert receipt.state == "cancelled"


def test_the_applicant_downloads_the_receipts_in_force_from_the_tracking_page(client, receipts, paid_at_desk,
                                                                             officers):  # fmt: skip
    dossier, tx = paid_at_desk()
    page = client.get("/tra-cuu/", {"code": dossier.code, "digits": "5678"}).content.decode()
    links = re.findall(r'href="(/thanh-toan/bien-lai/[^"]+/)"', page)
    assert len(links) == 2 and "Biên lai BL-26E số 0000002 — Phí thẩm định hồ sơ" in page
    response = client.get(links[0])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]

    first = EReceipt.objects.filter(transaction=tx).order_by("line_id").first()
    receipt_cancel(officer=officers["finance@commune_centre"], receipt_id=first.pk, reason="Thu nhầm")
    assert client.get(links[0]).status_code == 404  # cancelled: no longer given
    assert client.get("/thanh-toan/bien-lai/not-a-token/").status_code == 404
