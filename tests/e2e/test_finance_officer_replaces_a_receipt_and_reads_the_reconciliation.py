# ruff: noqa: F811 — the fixtures imported from the payments and dossier tests
"""Issue 13 items 3 and 5 in a browser at 390×844: the finance officer opens a dossier paid at the desk, sees its
e-receipts, replaces one with a reason; then opens the reconciliation page and the night's run with its mismatch.
Every page passes axe-core and none scrolls sideways.

Screenshots land in var/test-artifacts/screenshots/finance/.
"""

import pytest
from django.utils import timezone

from lienthong.dossiers.constants import Channel
from lienthong.dossiers.services import dossier_receive
from lienthong.payments.providers.vnpay import vnp_time
from lienthong.payments.receipt_simulator import ACCOUNT, PASSWORD, receipt_simulator_running
from lienthong.payments.receipting import receipts_issue_due
from lienthong.payments.reconciling import GMT7, reconcile_with_provider
from lienthong.payments.services import payment_record_at_desk
from lienthong.payments.simulator import Bank, bank_simulator_running
from lienthong.payments.simulator.bank import Order
from tests.backoffice.web_given import PASSWORD as OFFICER_PASSWORD
from tests.dossiers.conftest import applicant, documents, form_data  # noqa: F401
from tests.e2e.browser import artifacts_dir, skip_without_browser
from tests.e2e.browser_checks import public_browser, server_problems, sign_in_officer
from tests.payments.conftest import fees, register_series  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]
PHONE = (390, 844)


def test_the_finance_officer_replaces_a_receipt_and_reads_a_mismatch(
    chromium, live_server, settings, province, officers, fees, applicant, form_data, documents, caplog, tmp_path
):
    from playwright.sync_api import expect

    register_series(province["commune_centre"])  # its e-receipt template and series, as the admin enters them
    dossier = dossier_receive(officer=officers["receiver@commune_centre"], agency=province["commune_centre"],
                              version=fees, channel=Channel.COUNTER, applicant=applicant, form_data=form_data,
                              documents_present=documents)  # fmt: skip
    with receipt_simulator_running() as receipts, bank_simulator_running(bank=Bank()) as bank:
        settings.LIENTHONG_ERECEIPT_URL, settings.MEDIA_ROOT = receipts.url, str(tmp_path)
        settings.LIENTHONG_ERECEIPT_ACCOUNT, settings.LIENTHONG_ERECEIPT_PASSWORD = ACCOUNT, PASSWORD
        settings.LIENTHONG_VNPAY_PAY_URL, settings.LIENTHONG_VNPAY_API_URL = bank.pay_url, bank.api_url
        settings.LIENTHONG_VNPAY_TMN_CODE, settings.LIENTHONG_VNPAY_SECRET = bank.bank.tmn_code, bank.bank.secret
        payment_record_at_desk(officer=officers["receiver@commune_centre"], dossier=dossier, method="cash",
                               amount=600000)  # fmt: skip
        receipts_issue_due()  # what the worker does after the payment's commit (no worker runs here)
        stranger = {"vnp_TxnRef": "LT000000ABCDEF12", "vnp_Amount": "20000000",
                    "vnp_CreateDate": vnp_time(timezone.now())}  # fmt: skip
        bank.bank.orders["LT000000ABCDEF12"] = Order(params=stranger, state="00")
        run = reconcile_with_provider(day=timezone.localtime(timezone.now(), GMT7).date())
        assert run.mismatches.count() == 1
        with public_browser(chromium, width=PHONE[0], height=PHONE[1], base_url=live_server.url,
                            shots=artifacts_dir("screenshots", "finance"), label="finance") as gate:  # fmt: skip
            page = gate.page
            sign_in_officer(gate, officers["finance@commune_centre"].username, OFFICER_PASSWORD)
            gate.visit(f"/backoffice/dossiers/{dossier.pk}/", "dossier-receipts")
            expect(page.locator("tr.receipt")).to_have_count(2)
            page.locator("tr.receipt summary").first.click()
            page.get_by_label("Lý do").first.fill("Ghi sai tên người nộp")
            page.get_by_label("Tên người nộp (khi thay thế)").first.fill("Nguyễn Thị Hoà")
            with page.expect_navigation():
                page.get_by_role("button", name="Lập biên lai thay thế").first.click()
            expect(page.locator("main")).to_contain_text("Đã lập biên lai 0000003 thay thế.")
            expect(page.locator("tr.receipt")).to_have_count(3)
            gate.check("dossier-receipt-replaced")
            gate.visit("/backoffice/payments/reconciliation/", "reconciliation")
            expect(page.locator("tr.run")).to_have_count(1)
            with page.expect_navigation():
                page.locator("tr.run a").click()
            expect(page.locator("tr.mismatch")).to_contain_text("LT000000ABCDEF12")
            gate.check("reconciliation-run")
            findings = gate.failures + gate.problems
    assert not findings, findings
    assert not server_problems(caplog)
