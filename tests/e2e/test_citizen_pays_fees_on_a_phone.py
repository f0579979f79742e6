# ruff: noqa: F811 — the fixtures imported from the payments and dossier tests
"""Issue 13 items 5 and 6 on a citizen's phone (390×844): the tracking page offers "Thanh toán"; the bank's page (the
gateway simulator, its own server) takes the click; the citizen comes back to our return page, which shows
"Đã thanh toán" once the bank's IPN — sent by the simulator to our server over HTTP — has confirmed it; the tracking
page then lists the e-receipts (issued by the e-receipt simulator) and the citizen downloads one; the officer sees
the dossier's fees paid and its receipts. Every page of ours passes axe-core and none scrolls sideways.

Screenshots land in var/test-artifacts/screenshots/pay/.
"""

import threading

import pytest

from lienthong.dossiers.constants import Channel
from lienthong.dossiers.services import dossier_receive
from lienthong.payments.receipt_simulator import ACCOUNT, PASSWORD, receipt_simulator_running
from lienthong.payments.receipting import receipts_issue_due
from lienthong.payments.services import demand_ensure
from lienthong.payments.simulator import Bank, bank_simulator_running
from tests.backoffice.web_given import PASSWORD as OFFICER_PASSWORD
from tests.dossiers.conftest import applicant, documents, form_data  # noqa: F401
from tests.e2e.browser import artifacts_dir, skip_without_browser
from tests.e2e.browser_checks import public_browser, server_problems, sign_in_officer
from tests.payments.conftest import fees, register_accounts, register_series  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]
PHONE = (390, 844)


def test_a_citizen_pays_on_a_phone_and_the_officer_sees_it_paid(
    chromium,
    live_server,
    settings,
    province,
    officers,
    fees,
    applicant,
    form_data,
    documents,
    caplog,  # noqa: F811
    tmp_path,
):
    from playwright.sync_api import expect

    register_series(province["commune_centre"])  # its e-receipt template and series, as the admin enters them
    register_accounts(province["commune_centre"])  # and its beneficiary account
    dossier = dossier_receive(officer=officers["receiver@commune_centre"], agency=province["commune_centre"],
                              version=fees, channel=Channel.COUNTER, applicant=applicant, form_data=form_data,
                              documents_present=documents)  # fmt: skip
    demand_ensure(dossier_id=dossier.pk)  # what the worker does on the received event (no worker runs here)
    with bank_simulator_running(bank=Bank(), ipn_url=f"{live_server.url}/thanh-toan/vnpay/ipn/") as bank, \
            receipt_simulator_running() as receipts:  # fmt: skip
        settings.LIENTHONG_ERECEIPT_URL, settings.MEDIA_ROOT = receipts.url, str(tmp_path)
        settings.LIENTHONG_ERECEIPT_ACCOUNT, settings.LIENTHONG_ERECEIPT_PASSWORD = ACCOUNT, PASSWORD
        settings.LIENTHONG_VNPAY_PAY_URL, settings.LIENTHONG_VNPAY_API_URL = bank.pay_url, bank.api_url
        settings.LIENTHONG_VNPAY_TMN_CODE, settings.LIENTHONG_VNPAY_SECRET = bank.bank.tmn_code, bank.bank.secret
        policy = {**settings.CONTENT_SECURITY_POLICY}
        policy["DIRECTIVES"] = {**policy["DIRECTIVES"], "form-action": ["'self'", bank.url]}
        settings.CONTENT_SECURITY_POLICY = policy
        with public_browser(chromium, width=PHONE[0], height=PHONE[1], base_url=live_server.url,
                            shots=artifacts_dir("screenshots", "pay"), label="pay") as gate:  # fmt: skip
            page = gate.page
            gate.visit(f"/tra-cuu/?code={dossier.code}&digits=5678", "track-unpaid")
            expect(page.locator(".pay-offer")).to_contain_text("600.000 đ")
            with page.expect_navigation():
                page.get_by_role("button", name="Thanh toán").click()
            assert page.url.startswith(bank.pay_url)
            expect(page.locator("main")).to_contain_text("600.000 đ")
            gate.skip()  # the bank's page is not ours to check
            with page.expect_navigation():
                page.get_by_role("button", name="Thanh toán").click()
            expect(page.locator(".pay-result")).to_contain_text("Đã thanh toán", timeout=15000)
            expect(page.locator(".pay-result")).to_contain_text("Cơ quan đã nhận", timeout=15000)
            gate.check("returned-paid")
            worker = threading.Thread(target=receipts_issue_due)  # the worker's run (none runs here), off the
            worker.start()  # browser's event loop, which Django's ORM refuses to be called from
            worker.join(timeout=30)
            gate.visit(f"/tra-cuu/?code={dossier.code}&digits=5678", "track-paid")
            expect(page.locator(".pay-state")).to_have_text("Đã thanh toán")
            expect(page.locator(".receipts a")).to_have_count(2)
            with page.expect_download() as download:
                page.locator(".receipts a").first.click()
            assert download.value.suggested_filename == "bien-lai-BL-26E-0000001.pdf"
            assert download.value.path().read_bytes().startswith(b"%PDF-")
            sign_in_officer(gate, officers["receiver@commune_centre"].username, OFFICER_PASSWORD)
            gate.visit(f"/backoffice/dossiers/{dossier.pk}/", "desk-dossier-paid")
            expect(page.locator(".fee-demand-state")).to_have_text("Đã thanh toán")
            expect(page.locator("tr.receipt")).to_have_count(2)
            findings = gate.failures + gate.problems
    assert [reply for _params, reply in bank.bank.sent] == ["00"]
    assert not findings, findings
    assert not server_problems(caplog)
