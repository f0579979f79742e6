"""Issue 14, what must show: in Debian's Chromium at a phone's size (390×844), a dossier for an electronic result walks
from the desk's intake form, through the leader's "Phê duyệt" that signs the result with their certificate (and the
agency's seal), to the desk's electronic return; then the citizen finds it on the tracking page, downloads the signed
result, opens "Kiểm tra chữ ký số" (its verification page: HỢP LỆ, the agency, both signatures) and checks the file
they downloaded there (valid and the same, byte for byte). The steps between intake and approval — the commune's
check, the department's appraisal and its result PDF — go through the services, as the other browser walks show them.
The citizen's pages pass the public pages' gates (axe-core, no horizontal scrolling, no console or HTTP error).

Screenshots land in var/test-artifacts/screenshots/signed-walk/{1-backoffice,2-citizen}/.
"""

import re

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile

from lienthong.dossiers.constants import EventKind, ResultDelivery, Status
from lienthong.dossiers.models import Attachment, Dossier
from lienthong.dossiers.services.files import attachment_add
from lienthong.signing.models import SignedDocument
from tests.backoffice import scope_given as given
from tests.backoffice.web_given import PDF
from tests.e2e.browser import artifacts_dir, chromium_page, skip_without_browser
from tests.e2e.browser_checks import Budget, public_browser, server_problems
from tests.e2e.test_backoffice_in_a_browser import PROCEDURE, Officer
from tests.signing.given import a_pdf, certificate_give, shared_ca, trust_shared

pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]
PHONE = (390, 844)
BUDGET = Budget(kilobytes=60, requests=5)  # the public pages' budget (docs/performance.md)


def _intake(who: Officer, page, expect) -> str:
    """The desk receives Nguyễn Thị Hoa's land registration, asking for the result by electronic means."""
    who.go(page.get_by_role("navigation", name="Chức năng").get_by_role("link", name="Tiếp nhận"))
    who.go(page.get_by_role("link", name=PROCEDURE))
    page.get_by_label("Kênh tiếp nhận").select_option("counter")
    page.get_by_label("Loại chủ hồ sơ").select_option("citizen")
    page.get_by_label("Họ và tên / tên tổ chức").fill("Nguyễn Thị Hoa")
    page.get_by_label("Số định danh cá nhân / hộ chiếu").fill("075190001234")
    page.get_by_label("Điện thoại").fill("0912345678")
    page.get_by_label("Thư điện tử").fill("hoa@example.vn")
    page.get_by_label("Địa chỉ").fill("Phường Trấn Biên, Đồng Nai")
    page.get_by_label("Nhận kết quả").select_option("electronic")
    declaration = page.get_by_role("group", name="Tờ khai")
    declaration.get_by_label(re.compile(r"^Họ và tên( \*)?$")).fill("Nguyễn Thị Hoa")
    declaration.get_by_label("Ngày sinh").fill("1990-05-17")
    declaration.get_by_label("So dinh danh").fill("075190001234")
    checklist = page.get_by_role("group", name="Thành phần hồ sơ")
    for name in ("Đơn đăng ký", "Giấy tờ về quyền sử dụng đất"):
        checklist.get_by_role("checkbox", name=name).check()
    application = checklist.get_by_role("listitem").filter(has=page.get_by_role("checkbox", name="Đơn đăng ký"))
    application.get_by_label("Bản quét — Đơn đăng ký").set_input_files(
        {"name": "don-dang-ky.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    who.go(page.get_by_role("button", name="Tiếp nhận và cấp giấy hẹn"))
    expect(page.get_by_role("status")).to_contain_text("Đã tiếp nhận hồ sơ")
    who.shot("01-received")
    who.go(who.panel("forward").get_by_role("button", name="Chuyển xử lý"))
    expect(page.get_by_role("status")).to_contain_text("Đã chuyển xử lý")
    return page.get_by_role("heading", level=1).inner_text().strip()


def _to_approval(officers, code: str) -> None:
    """The commune's check and the department's two steps, its result PDF attached (services)."""
    dossier = Dossier.objects.get(code=code)
    dossier = given.complete(officers, dossier, "specialist@committee", "Xác nhận")
    upload = ContentFile(a_pdf("Giấy chứng nhận quyền sử dụng đất số CS 04567"), name="giay-chung-nhan.pdf")
    attachment_add(officer=officers["specialist@department"], dossier=dossier, upload=upload, result_code="CS 04567")
    dossier = given.complete(officers, dossier, "specialist@department", "Thẩm định")
    given.complete(officers, dossier, "specialist@department", "Xác định nghĩa vụ")


def test_intake_approve_and_sign_return_then_the_citizen_downloads_and_verifies(
    chromium, live_server, province, officers, procedure, tmp_path, caplog
):
    from playwright.sync_api import expect

    cache.clear()  # the tracking and checking rate limits live there
    trust_shared()
    leader = certificate_give(shared_ca(), user=officers["leader@department"], agency=province["department"])
    seal = certificate_give(shared_ca(), user=None, agency=province["department"], common_name="Sở Nông nghiệp")
    user = {key: officer.get_username() for key, officer in officers.items()}
    width, height = PHONE
    shots = artifacts_dir("screenshots", "signed-walk", "1-backoffice")
    with chromium_page(chromium, width=width, height=height, base_url=live_server.url,
                       failure_shot=shots / "failure.png") as page:  # fmt: skip
        who = Officer(page, shots, "phone")
        who.sign_in(user["receiver@commune_centre"])
        code = _intake(who, page, expect)
        who.sign_out()
        problems = list(page.problems)

    _to_approval(officers, code)  # the database outside the browser's event loop

    with chromium_page(chromium, width=width, height=height, base_url=live_server.url,
                       failure_shot=shots / "failure.png") as page:  # fmt: skip
        who = Officer(page, shots, "phone")
        # the leader approves: the result is signed with their certificate, the department's seal follows
        who.sign_in(user["leader@department"])
        who.open_from_inbox(code)
        who.act_on_step("approve", "Phê duyệt", "Đồng ý", done="Đã phê duyệt")
        who.status_is("Đã có kết quả")
        who.shot("02-approved-and-signed")
        who.sign_out()

        # the desk returns it electronically (offered only because the result is signed)
        who.sign_in(user["receiver@commune_centre"])
        who.open_by_search(code)
        returning = who.panel("return")
        returning.get_by_label("Hình thức trả").select_option("electronic")
        who.go(returning.get_by_role("button", name="Trả kết quả"))
        expect(page.get_by_role("status")).to_contain_text("Đã trả kết quả cho người nộp")
        who.status_is("Đã trả kết quả")
        who.shot("03-returned")
        problems += page.problems
    assert not problems, "\n".join(problems)

    dossier = Dossier.objects.get(code=code)
    assert dossier.status == Status.RETURNED and dossier.result_delivery == ResultDelivery.ELECTRONIC
    (result,) = Attachment.objects.filter(dossier=dossier, kind=Attachment.Kind.RESULT)
    assert result.signed_at is not None
    assert [s.signer_serial for s in SignedDocument.objects.filter(attachment=result).order_by("id")] == [
        leader.serial, seal.serial]  # fmt: skip
    approved = dossier.events.get(kind=EventKind.APPROVED)
    assert approved.actor == officers["leader@department"] and approved.payload["signed_results"]

    # the citizen, at the same phone size: tracking page → download → verification page → check the download
    with public_browser(chromium, width=width, height=height, base_url=live_server.url, budget=BUDGET, label="phone",
                        shots=artifacts_dir("screenshots", "signed-walk", "2-citizen")) as gate:  # fmt: skip
        page = gate.page
        gate.visit(f"/tra-cuu/?code={code}&digits=5678", "track")
        expect(page.get_by_role("heading", name="Đã trả kết quả")).to_be_visible()
        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile("^Tải về giay-chung-nhan.pdf")).click()
        downloaded = tmp_path / "ket-qua.pdf"
        download.value.save_as(downloaded)
        gate.skip()
        with page.expect_navigation():
            page.get_by_role("link", name="Kiểm tra chữ ký số").click()
        gate.check("verify")
        expect(page.locator("#verify-status")).to_have_text("Trạng thái: HỢP LỆ")
        expect(page.locator("dl.facts")).to_contain_text("Sở Nông nghiệp và Môi trường")
        expect(page.locator("dl.facts")).to_contain_text("CS 04567")
        expect(page.locator(".verify-signatures > li")).to_have_count(2)
        page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(downloaded))
        with page.expect_navigation():
            page.get_by_role("button", name="Kiểm tra", exact=True).click()
        gate.check("verify-upload")
        expect(page.locator(".verify-uploaded")).to_contain_text("Tệp của bạn: HỢP LỆ")
        expect(page.locator(".verify-uploaded")).to_contain_text("Trùng khớp từng byte với bản gốc")
        findings = gate.findings()

    with result.file.open("rb") as handle:
        assert downloaded.read_bytes() == handle.read()
    assert not findings, findings
    assert not server_problems(caplog)
