"""Issue 14 in a real browser (Debian's Chromium), at a phone's and a desktop's size: the leader's approval signed
the result; its public verification page (the address of its QR code) shows HỢP LỆ with the agency, signer and
number, downloads the original, checks an uploaded copy (valid and the same), refuses a file that is not a PDF with
a message; every page passes axe-core's WCAG 2.1 A/AA rules and fits the phone's width."""

import pytest

from lienthong.signing.models import SignedDocument
from tests.e2e.browser import artifacts_dir, skip_without_browser
from tests.e2e.browser_checks import Budget, public_browser, server_problems
from tests.signing.given import certificate_give, shared_ca, trust_shared
from tests.signing.test_the_leader_signs_the_result_on_approval import LEADER, _approve, at_approval  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
PAGE = Budget(kilobytes=60, requests=5)  # a page of text and a form, like the other public pages


@pytest.fixture
def signed(at_approval, officers, province) -> SignedDocument:  # noqa: F811
    trust_shared()
    certificate_give(shared_ca(), user=officers[LEADER], agency=province["department"])
    _approve(officers, at_approval)
    return SignedDocument.objects.select_related("attachment__dossier").get()


@pytest.mark.parametrize("size", list(SIZES))
def test_a_citizen_verifies_a_signed_result(chromium, live_server, signed, size, tmp_path, caplog):
    from playwright.sync_api import expect

    width, height = SIZES[size]
    address = f"/v/{signed.attachment.dossier.code}/{signed.public_id}/"
    with public_browser(chromium, width=width, height=height, base_url=live_server.url, budget=PAGE, label=size,
                        shots=artifacts_dir("screenshots", "signing", size)) as gate:  # fmt: skip
        page = gate.page
        gate.visit(address, "verify")
        expect(page.locator("#verify-status")).to_have_text("Trạng thái: HỢP LỆ")
        expect(page.locator("dl.facts")).to_contain_text("Sở Nông nghiệp và Môi trường")
        expect(page.locator("dl.facts")).to_contain_text("125/GCN")

        with page.expect_download() as download:
            page.get_by_role("link", name="Tải bản gốc (giay-chung-nhan.pdf)").click()
        original = tmp_path / "ban-goc.pdf"
        download.value.save_as(original)

        page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(original))
        with page.expect_navigation():
            page.get_by_role("button", name="Kiểm tra", exact=True).click()
        gate.check("verify-upload")
        expect(page.locator(".verify-uploaded")).to_contain_text("Tệp của bạn: HỢP LỆ")
        expect(page.locator(".verify-uploaded")).to_contain_text("Trùng khớp từng byte với bản gốc")

        not_pdf = tmp_path / "anh.png"
        not_pdf.write_bytes(b"\x89PNG\r\n\x1a\n not a pdf")
        page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(not_pdf))
        with page.expect_navigation():
            page.get_by_role("button", name="Kiểm tra", exact=True).click()
        gate.check("verify-not-pdf", status=400)
        expect(page.locator("#verify-file-error")).to_have_text("Tệp đã chọn không phải tệp PDF.")
        findings = gate.findings()
    problems = server_problems(caplog, expected=(f"Bad Request: {address}",))
    assert not findings, findings
    assert not problems, problems
