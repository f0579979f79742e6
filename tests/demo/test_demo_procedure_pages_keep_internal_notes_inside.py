"""Issue 11 items 2, 4 and 8 on the demo province's own catalogue, as citizens meet it: no procedure page shows a
placeholder or an official's note ("dữ liệu mẫu — chưa gắn số quyết định", "chưa đối chiếu", the sources' tags),
every form a page names can be downloaded, and every procedure offered online with an electronic form names the
document its declaration stands for."""

import re

import pytest
from django.core.cache import cache

from lienthong.catalogue.constants import OnlineLevel
from lienthong.catalogue.models import ProcedureVersion

pytestmark = pytest.mark.django_db
INTERNAL = re.compile(r"dữ liệu mẫu|chưa gắn số|đối chiếu|domain-vn|\[U\]|\[S\]|\[V\]|nguồn thứ cấp", re.IGNORECASE)


def test_no_procedure_page_shows_a_placeholder_or_an_internal_note(client, demo):
    cache.clear()
    for version in ProcedureVersion.objects.filter(is_current=True).select_related("procedure"):
        page = client.get(f"/thu-tuc/{version.procedure.national_code}/").content.decode()
        main = page.split('<main id="main">', 1)[1]
        assert not INTERNAL.search(main), (version.procedure.national_code, INTERNAL.search(main).group(0))


def test_every_form_a_page_names_is_a_working_download(client, demo):
    for version in ProcedureVersion.objects.filter(is_current=True).select_related("procedure"):
        code = version.procedure.national_code
        page = client.get(f"/thu-tuc/{code}/").content.decode()
        for document in version.documents.exclude(template_name="", is_declaration=False):
            url = f"/thu-tuc/{code}/mau/{document.pk}/"
            assert f'href="{url}"' in page, (code, document.name)
        declaration = version.documents.filter(is_declaration=True).first()
        if declaration is not None:  # one download per procedure is enough to prove the printing works
            response = client.get(f"/thu-tuc/{code}/mau/{declaration.pk}/")
            assert response.status_code == 200 and response["Content-Type"] == "application/pdf", code


def test_every_procedure_offered_online_names_its_declaration(demo):
    online = ProcedureVersion.objects.filter(is_current=True).exclude(online_level=OnlineLevel.OFFLINE)
    without = [
        v.procedure.national_code
        for v in online.select_related("procedure")
        if v.form_schema and not v.documents.filter(is_declaration=True).exists()
    ]
    assert without == ["2.000815"]  # certifying a copy: the citizen brings the original, there is nothing to declare


def test_the_demos_fee_bearing_procedures_publish_structured_fees(client, demo):
    """Issue 13 item 8: the criminal-record certificate, land and construction procedures charge real amounts."""
    cache.clear()
    record = ProcedureVersion.objects.get(is_current=True, name__startswith="Cấp Phiếu lý lịch tư pháp")
    fee = record.fees.get()
    assert (fee.kind, fee.amount, fee.due) == ("phi", 200000, "receipt")
    page = client.get(f"/thu-tuc/{record.procedure.national_code}/").content.decode()
    assert "200.000 đ" in page and "Người khuyết tật" in page
    for prefix in ("Cấp giấy phép xây dựng mới", "Đăng ký đất đai"):
        version = ProcedureVersion.objects.get(is_current=True, name__startswith=prefix)
        assert all(fee.amount and fee.code for fee in version.fees.all()), prefix


def test_the_demo_has_paid_failed_and_refunded_fee_payments(demo):
    """Issue 13 item 8: a payment history made through the services and the gateway simulator."""
    from lienthong.dossiers.models import DossierEvent
    from lienthong.payments.models import FeeDemand, PaymentTransaction

    states = set(PaymentTransaction.objects.values_list("state", flat=True))
    assert {"paid", "failed", "refunded"} <= states
    assert FeeDemand.objects.filter(state="paid").count() == PaymentTransaction.objects.filter(state="paid").count()
    paid_events = DossierEvent.objects.filter(kind="fee_paid").count()
    assert paid_events == PaymentTransaction.objects.filter(state__in=["paid", "refunded"]).count()
    assert DossierEvent.objects.filter(kind="fee_refunded").count() == 1


def test_the_demo_has_desk_payments_and_a_receipt_per_fee_line(demo):
    """Issue 13 items 4 and 5: two payments at the desk (cash, card), and every payment in force receipted."""
    from lienthong.payments.models import EReceipt, PaymentTransaction

    desk = PaymentTransaction.objects.filter(provider__in=["cash", "pos"], state="paid")
    assert sorted(desk.values_list("provider", flat=True)) == ["cash", "pos"]
    assert all(tx.recorded_by_id for tx in desk)
    # taken by a person at the desk, not by a connected system's account (which holds the desk's role too)
    assert not desk.filter(recorded_by__connected_system__isnull=False).exists()
    paid = PaymentTransaction.objects.filter(state="paid", surplus=False).prefetch_related("demand__lines")
    for tx in paid:
        receipts = EReceipt.objects.filter(transaction=tx, state="issued")
        assert receipts.count() == len(tx.demand.lines.all()) and all(r.number and r.document for r in receipts)


def test_the_demo_has_a_reconciliation_run_for_the_finance_officer(demo):
    """Issue 13 item 3: the page "Đối chiếu thanh toán" opens on the day's run against the gateway's own list."""
    from lienthong.payments.models import PaymentTransaction, Reconciliation

    (run,) = Reconciliation.objects.all()
    assert run.source == "provider" and run.compared >= PaymentTransaction.objects.filter(state="paid").count() > 0
    # everything the demo paid went through the simulator as recorded: nothing to list
    assert not run.mismatches.exists()


def test_the_demos_receipts_are_under_each_collecting_agencys_series_and_in_the_history(demo):
    """Issue 13 part 3: each agency collecting a demo fee has its own series, every receipt is issued under its
    collecting agency's and is an event of its dossier's history; the ward centre of ketoan.tranbien collects online
    through the national platform."""
    from lienthong.dossiers.constants import EventKind
    from lienthong.org.models import OfficerRole
    from lienthong.payments.models import AgencyPaymentChannel, EReceipt, ReceiptSeries

    receipts = list(EReceipt.objects.filter(state="issued").select_related("line", "transaction__demand__dossier"))
    assert receipts
    for receipt in receipts:
        dossier = receipt.transaction.demand.dossier
        series = ReceiptSeries.objects.get(agency_id=receipt.line.collecting_agency_id or dossier.agency_id)
        assert (receipt.template_code, receipt.series) == (series.template_code, series.series)
        assert dossier.events.filter(kind=EventKind.RECEIPT_ISSUED, payload__receipt__key=receipt.key).count() == 1
    registered = list(ReceiptSeries.objects.values_list("series", flat=True))
    assert len(set(registered)) == len(registered) > 1  # one series per agency
    platform = AgencyPaymentChannel.objects.get()
    assert platform.provider == "paygov"
    assert OfficerRole.objects.filter(user__username="ketoan.tranbien", agency=platform.agency).exists()
