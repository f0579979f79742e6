"""Issue 13 part 3, item 1: each collecting agency registers its own e-receipt template and series (Decree 123/2020,
Circular 78/2021), effective-dated, in the admin; a receipt is issued under the series in force on its day of the
agency that collects the fee line. While that agency has none, nothing is sent to the service: the receipt waits,
the finance officer reads why in Vietnamese (and a replacement is refused with it), and once the admin enters the
series the receipt is issued — nothing lost, nothing twice."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from lienthong.catalogue.models import Fee
from lienthong.dossiers.constants import EventKind
from lienthong.payments.constants import ReceiptState
from lienthong.payments.models import EReceipt, ReceiptSeries
from lienthong.payments.receipting import NO_SERIES, receipt_replace, receipts_issue_due
from lienthong.payments.services import PaymentError
from tests.payments.conftest import register_series

pytestmark = pytest.mark.django_db


def issued(tx) -> list[tuple[str, str, str, str]]:
    return [(r.line.code, r.template_code, r.series, r.state)
            for r in EReceipt.objects.filter(transaction=tx).select_related("line").order_by("line_id")]  # fmt: skip


def test_each_line_is_receipted_under_its_collecting_agencys_series_in_force(receipts, paid_at_desk, province, fees):
    # given: the department collects the appraisal fee; it registered a series, and next year's ahead of time
    Fee.objects.filter(version=fees, code="DD-02").update(collecting_agency=province["department"])
    ReceiptSeries.objects.filter(agency=province["department"]).delete()
    register_series(province["department"], template_code="01BLP0-002", series="NN-26E")
    next_year = timezone.localdate() + dt.timedelta(days=30)
    register_series(province["department"], template_code="01BLP0-002", series="NN-27E", valid_from=next_year)

    # when: a payment today, and one after the new series took over
    _dossier, today = paid_at_desk()
    with time_machine.travel(next_year + dt.timedelta(days=1), tick=True):
        _later, later = paid_at_desk()

    # then: the receiving centre's line under its series; the department's under the one in force on the day
    assert issued(today) == [("DD-01", "01BLP0-001", "BL-26E", "issued"), ("DD-02", "01BLP0-002", "NN-26E", "issued")]
    assert issued(later) == [("DD-01", "01BLP0-001", "BL-26E", "issued"), ("DD-02", "01BLP0-002", "NN-27E", "issued")]
    sent = {key: (r.pattern, r.serial) for key, r in receipts.book.receipts.items()}
    assert sorted(sent.values()) == sorted([("01BLP0-001", "BL-26E")] * 2 + [("01BLP0-002", "NN-26E"),
                                                                           ("01BLP0-002", "NN-27E")])  # fmt: skip


def test_without_a_series_the_receipt_waits_and_is_issued_once_the_admin_enters_it(
    receipts, paid_at_desk, province, officers, django_capture_on_commit_callbacks
):
    # given: the receiving centre has not registered its series
    ReceiptSeries.objects.filter(agency=province["commune_centre"]).delete()

    # when: a fee is paid at its desk
    dossier, tx = paid_at_desk()

    # then: nothing is sent to the service, nothing is issued, and the dossier's history says nothing yet
    assert [(r.state, r.error) for r in EReceipt.objects.filter(transaction=tx)] == [(ReceiptState.PENDING,
                                                                                     NO_SERIES)] * 2  # fmt: skip
    assert receipts.book.state()["receipts"] == {}
    assert not dossier.events.filter(kind=EventKind.RECEIPT_ISSUED).exists()
    finance = Client()
    finance.force_login(officers["finance@commune_centre"])
    page = finance.get(f"/backoffice/dossiers/{dossier.pk}/").content.decode()
    assert page.count("cơ quan thu chưa khai báo ký hiệu mẫu và ký hiệu biên lai") == 2
    waiting = EReceipt.objects.filter(transaction=tx).first()
    assert receipts_issue_due() == {"issued": 0, "pending": 2}  # the sweep asks nothing of the service either
    assert receipts.book.state()["receipts"] == {}

    # and a replacement of the other agency's… (none issued): the refusal names the agency, in Vietnamese
    waiting.state = ReceiptState.ISSUED
    waiting.save(update_fields=["state"])
    with pytest.raises(PaymentError) as refused:
        receipt_replace(officer=officers["finance@commune_centre"], receipt_id=waiting.pk, reason="Sai tên",
                        payer_name="Nguyễn Thị Hoà")  # fmt: skip
    assert refused.value.code == PaymentError.NO_RECEIPT_SERIES
    assert refused.value.message.startswith(f"{province['commune_centre'].name} chưa khai báo ký hiệu mẫu")
    waiting.state = ReceiptState.PENDING
    waiting.save(update_fields=["state"])

    # when: the admin enters the series (its save asks for the waiting receipts at once)
    admin = get_user_model().objects.create_superuser("quantri", password="mat-khau-dai-123")
    site = Client()
    site.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = site.post("/admin/payments/receiptseries/add/", {
            "agency": province["commune_centre"].pk, "template_code": "01BLP0-001", "series": "TB-26E",
            "valid_from": "01/01/2026",
        })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]

    # then: both receipts issued under it, once each, each an event in the dossier's history
    assert issued(tx) == [("DD-01", "01BLP0-001", "TB-26E", "issued"), ("DD-02", "01BLP0-001", "TB-26E", "issued")]
    assert len(receipts.book.state()["receipts"]) == 2
    assert dossier.events.filter(kind=EventKind.RECEIPT_ISSUED).count() == 2
    assert receipts_issue_due() == {"issued": 0, "pending": 0}


def test_the_admin_refuses_a_symbol_no_registration_can_hold(province, receipts):
    admin = get_user_model().objects.create_superuser("quantri", password="mat-khau-dai-123")
    site = Client()
    site.force_login(admin)
    page = site.post("/admin/payments/receiptseries/add/", {
        "agency": province["centre"].pk, "template_code": "01blp0 001", "series": "BL-26E", "valid_from": "01/01/2026",
    }).content.decode()  # fmt: skip
    assert "Chỉ gồm chữ in hoa không dấu, chữ số, dấu - và /." in page
    assert not ReceiptSeries.objects.filter(template_code__icontains="blp0 ").exists()
