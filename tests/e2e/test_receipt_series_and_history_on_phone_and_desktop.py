# ruff: noqa: F811 — the fixtures imported from the payments and dossier tests
"""Issue 13 part 3 in a browser, at 390×844 and 1280×800: the finance officer's dossier page says in words why a
receipt waits (the collecting agency has no series yet); once the series is entered, the receipts are issued and
one replaced, and the dossier's history names each receipt; the applicant's tracking page tells the same story and
offers the receipt in force. Every page passes axe-core and none scrolls sideways.

Screenshots land in var/test-artifacts/screenshots/receipt-series/.
"""

import pytest

from lienthong.dossiers.constants import Channel
from lienthong.dossiers.services import dossier_receive
from lienthong.payments.models import EReceipt
from lienthong.payments.receipt_simulator import ACCOUNT, PASSWORD, receipt_simulator_running
from lienthong.payments.receipting import receipt_replace, receipts_issue_due
from lienthong.payments.services import payment_record_at_desk
from tests.backoffice.web_given import PASSWORD as OFFICER_PASSWORD
from tests.dossiers.conftest import applicant, documents, form_data  # noqa: F401
from tests.e2e.browser import artifacts_dir, skip_without_browser
from tests.e2e.browser_checks import public_browser, server_problems, sign_in_officer
from tests.payments.conftest import fees, register_series  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}


def test_a_receipt_waits_for_its_series_then_the_history_and_tracking_page_show_it(
    chromium, live_server, settings, province, officers, fees, applicant, form_data, documents, caplog, tmp_path
):
    from playwright.sync_api import expect

    dossier = dossier_receive(officer=officers["receiver@commune_centre"], agency=province["commune_centre"],
                              version=fees, channel=Channel.COUNTER, applicant=applicant, form_data=form_data,
                              documents_present=documents)  # fmt: skip
    findings = []
    with receipt_simulator_running() as receipts:
        settings.LIENTHONG_ERECEIPT_URL, settings.MEDIA_ROOT = receipts.url, str(tmp_path)
        settings.LIENTHONG_ERECEIPT_ACCOUNT, settings.LIENTHONG_ERECEIPT_PASSWORD = ACCOUNT, PASSWORD
        finance = officers["finance@commune_centre"]
        payment_record_at_desk(officer=officers["receiver@commune_centre"], dossier=dossier, method="cash",
                               amount=600000)  # fmt: skip
        receipts_issue_due()  # the worker: no series yet, nothing sent
        for size, (width, height) in SIZES.items():
            with public_browser(chromium, width=width, height=height, base_url=live_server.url,
                                shots=artifacts_dir("screenshots", "receipt-series"), label=size) as gate:  # fmt: skip
                sign_in_officer(gate, finance.username, OFFICER_PASSWORD)
                gate.visit(f"/backoffice/dossiers/{dossier.pk}/", f"{size}-waiting-for-series")
                expect(gate.page.locator("p.no-series")).to_have_count(2)
                findings += gate.failures + gate.problems
        register_series(province["commune_centre"])  # the admin enters it; the sweep issues what waited
        receipts_issue_due()
        first = EReceipt.objects.filter(state="issued").order_by("line_id").first()
        receipt_replace(officer=finance, receipt_id=first.pk, reason="Ghi sai tên người nộp",
                        payer_name="Nguyễn Thị Hoà")  # fmt: skip
        for size, (width, height) in SIZES.items():
            with public_browser(chromium, width=width, height=height, base_url=live_server.url,
                                shots=artifacts_dir("screenshots", "receipt-series"), label=size) as gate:  # fmt: skip
                page = gate.page
                sign_in_officer(gate, finance.username, OFFICER_PASSWORD)
                gate.visit(f"/backoffice/dossiers/{dossier.pk}/", f"{size}-history")
                expect(page.locator("ol.timeline")).to_contain_text("Biên lai 01BLP0-001 · BL-26E số 0000001")
                expect(page.locator("ol.timeline")).to_contain_text("thay bằng biên lai 01BLP0-001 · BL-26E số 0000003")
                page.locator("#h-timeline").scroll_into_view_if_needed()
                gate.check(f"{size}-history-timeline")
                gate.visit(f"/tra-cuu/?code={dossier.code}&digits=5678", f"{size}-tracking")
                expect(page.locator("main")).to_contain_text(
                    "Biên lai điện tử BL-26E số 0000001 được thay thế bằng biên lai BL-26E số 0000003."
                )
                expect(page.locator("ul.receipts li")).to_have_count(2)
                findings += gate.failures + gate.problems
    assert not findings, findings
    assert not server_problems(caplog)
