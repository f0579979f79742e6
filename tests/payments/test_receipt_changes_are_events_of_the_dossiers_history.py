"""Issue 13 part 3, item 2: a receipt issued, cancelled or replaced is an event on the dossier's hash-chained log,
written by the dossier app's service in the transaction of the receipt's change (payments calls it: one writer),
shown in the back office's history with its symbols and number, and on the applicant's tracking page, which offers
the receipt in force."""

import re

import pytest
from django.test import Client

from lienthong.dossiers.constants import EventKind
from lienthong.dossiers.services.audit import chain_verify
from lienthong.payments.models import EReceipt
from lienthong.payments.receipting import receipt_cancel, receipt_replace

pytestmark = pytest.mark.django_db
KINDS = [EventKind.RECEIPT_ISSUED, EventKind.RECEIPT_CANCELLED, EventKind.RECEIPT_REPLACED]


def test_issue_replace_and_cancel_are_each_one_event_of_the_chain(receipts, paid_at_desk, officers, client):
    # given: a fee paid at the desk, its two receipts issued by the worker
    dossier, tx = paid_at_desk()
    first, second = EReceipt.objects.filter(transaction=tx).order_by("line_id")
    finance = officers["finance@commune_centre"]

    # when: the finance officer replaces the first (a name written wrong) and cancels the second
    new = receipt_replace(officer=finance, receipt_id=first.pk, reason="Ghi sai tên người nộp",
                          payer_name="Nguyễn Thị Hoà")  # fmt: skip
    receipt_cancel(officer=finance, receipt_id=second.pk, reason="Nộp nhầm khoản")

    # then: four events, in order, with what the receipts were; the chain still verifies
    events = list(dossier.events.filter(kind__in=KINDS).order_by("seq"))
    assert [e.kind for e in events] == [EventKind.RECEIPT_ISSUED, EventKind.RECEIPT_ISSUED,
                                        EventKind.RECEIPT_REPLACED, EventKind.RECEIPT_CANCELLED]  # fmt: skip
    issued = events[0].payload["receipt"]
    assert (issued["template_code"], issued["series"], issued["number"], issued["amount"], issued["fee_code"]) == (
        "01BLP0-001", "BL-26E", "0000001", 100000, "DD-01")  # fmt: skip
    assert issued["reference"] == tx.reference and events[0].actor is None
    replaced = events[2]
    assert replaced.payload["receipt"]["number"] == "0000001"
    assert replaced.payload["replacement"]["number"] == new.number
    assert replaced.payload["replacement"]["payer_name"] == "Nguyễn Thị Hoà"
    assert (replaced.actor, replaced.payload["reason"]) == (finance, "Ghi sai tên người nộp")
    assert (events[3].payload["receipt"]["number"], events[3].payload["reason"]) == ("0000002", "Nộp nhầm khoản")
    assert chain_verify(dossier_ids=[dossier.pk]) == []

    # the back office's history names each receipt
    page = Client()
    page.force_login(finance)
    html = page.get(f"/backoffice/dossiers/{dossier.pk}/").content.decode()
    assert "Biên lai 01BLP0-001 · BL-26E số 0000001 — Lệ phí cấp Giấy chứng nhận, 100.000 đồng" in html
    assert f"thay bằng biên lai 01BLP0-001 · BL-26E số {new.number}" in html
    assert html.count("Hủy biên lai điện tử") >= 1 and "Thay thế biên lai điện tử" in html

    # the tracking page tells the applicant, and offers only the receipt in force: the replacement
    track = client.get("/tra-cuu/", {"code": dossier.code, "digits": "5678"}).content.decode()
    assert "Đã lập biên lai điện tử BL-26E số 0000001: 100.000 đ." in track
    assert f"Biên lai điện tử BL-26E số 0000001 được thay thế bằng biên lai BL-26E số {new.number}." in track
    assert "Biên lai điện tử BL-26E số 0000002 đã bị hủy." in track
    assert len(re.findall(r'href="/thanh-toan/bien-lai/[^"]+/"', track)) == 1
    assert f"Biên lai BL-26E số {new.number} — Lệ phí cấp Giấy chứng nhận" in track


def test_a_receipt_asked_for_twice_is_one_event(receipts, paid_at_desk):
    from lienthong.payments.receipting import receipts_issue, receipts_issue_due

    dossier, tx = paid_at_desk()
    receipts_issue(transaction_id=tx.pk)
    receipts_issue_due()
    assert dossier.events.filter(kind=EventKind.RECEIPT_ISSUED).count() == 2
