"""Issue 15 on a citizen's phone (390×844): sign up with a phone number, the one-time code coming by SMS through the
SMS gateway simulator (notify's delivery model); apply online; the confirmation comes by SMS too, with the signed
link to the tracking page, which opens the dossier without typing the code or the four digits. Every page of ours
passes axe-core and none scrolls sideways.

Screenshots land in var/test-artifacts/screenshots/phone-sign-up/.
"""

import importlib
import re
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache

from lienthong.dossiers.models import Dossier
from lienthong.notify.constants import MessageChannel, MessageStatus
from lienthong.notify.models import Message, MessageTemplate
from tests.e2e.browser import artifacts_dir, skip_without_browser
from tests.e2e.browser_checks import public_browser, server_problems

# pytest injects fixtures by parameter name, which ruff reads as a redefinition of the imports below.
# ruff: noqa: F811
from tests.e2e.test_citizen_walk_form_to_electronic_result_in_a_browser import ADDRESS, walk  # noqa: F401
from tests.notify.conftest import providers  # noqa: F401 — the SMS gateway simulator
from tests.submission.conftest import PNG

pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]
PHONE = (390, 844)
NUMBER = "0987654321"
LINK = re.compile(r"https?://\S+")


def _sms_templates_seeded() -> None:
    """The SMS and Zalo templates the migrations seed (a test with committed data before this one emptied them)."""
    if not MessageTemplate.objects.exists():
        importlib.import_module("lienthong.notify.migrations.0006_seed_message_templates").seed(apps, None)


def _texts(providers) -> list[str]:
    return [sent["Content"] for sent in providers.sms.sends if sent["Phone"] == "84987654321"]


def test_a_citizen_signs_up_by_phone_applies_and_opens_the_link_in_the_receipt_sms(
    chromium, live_server, settings, walk, providers, tmp_path, caplog
):
    from playwright.sync_api import expect

    settings.LIENTHONG_ZNS_URL = ""  # no Zalo here: the phone's messages go by SMS
    settings.LIENTHONG_SMS_GATEWAY = "lienthong.notify.otp.SmsCodeGateway"  # one-time codes through notify
    settings.LIENTHONG_NOTIFY_QUIET_HOURS = "off"  # whatever the hour the test runs at
    _sms_templates_seeded()
    cache.clear()
    with public_browser(chromium, width=PHONE[0], height=PHONE[1], base_url=live_server.url,
                        shots=artifacts_dir("screenshots", "phone-sign-up"), label="phone") as gate:  # fmt: skip
        page = gate.page
        gate.visit("/tai-khoan/dang-ky/", "sign-up")
        page.get_by_label("Họ và tên").fill("Lê Văn Bình")
        page.get_by_label("Hoặc số điện thoại").fill(NUMBER)
        page.get_by_label("Mật khẩu", exact=True).fill("mat-khau-dai-cua-binh")
        page.get_by_label("Nhập lại mật khẩu").fill("mat-khau-dai-cua-binh")
        with page.expect_navigation():
            page.get_by_role("button", name="Đăng ký và nhận mã").click()
        gate.check("verify")
        [code_sms] = _texts(providers)  # the code came by SMS, through the gateway simulator
        code = re.search(r"\b(\d{6})\b", code_sms).group(1)
        page.get_by_label("Mã xác minh").fill(code)
        with page.expect_navigation():
            page.get_by_role("button", name="Xác minh").click()
        gate.check("my-dossiers")

        gate.visit("/", "home")
        page.get_by_label("Tìm theo tên hoặc mã thủ tục").fill("dang ky dat dai")
        with page.expect_navigation():
            page.get_by_role("search").get_by_role("button", name="Tìm").click()
        with page.expect_navigation():
            page.get_by_role("link", name="Đăng ký đất đai lần đầu", exact=True).click()
        with page.expect_navigation():
            page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
        gate.check("submit-start")
        with page.expect_navigation():
            page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
        gate.check("submit-form")
        if page.get_by_label("Số điện thoại").count():
            page.get_by_label("Số điện thoại").fill(NUMBER)
        page.get_by_label(re.compile("^Số định danh cá nhân")).fill("075188004321")  # the account did not give it
        page.get_by_label("Địa chỉ liên hệ").fill(ADDRESS)
        page.get_by_label("Nhận kết quả").select_option("at_desk")  # no e-mail address: the result at the desk
        page.get_by_label("Tìm nơi nộp theo tên xã, phường hoặc cơ quan").fill("tran bien")
        page.get_by_role("radio", name="TTPVHCC phường Trấn Biên").check()
        declaration = page.get_by_role("group", name="Tờ khai")
        if declaration.get_by_label("Họ, chữ đệm và tên người yêu cầu").count():
            declaration.get_by_label("Họ, chữ đệm và tên người yêu cầu").fill("Lê Văn Bình")
        declaration.get_by_label("Ngày sinh của người yêu cầu").fill("1988-03-02")
        declaration.get_by_label("Tờ bản đồ số").fill("12")
        declaration.get_by_label("Thửa đất số").fill("345")
        declaration.get_by_label("Diện tích (m²)").fill("120.5")
        (tmp_path / "so-do.png").write_bytes(PNG)
        documents = page.get_by_role("group", name="Thành phần hồ sơ")
        documents.get_by_label(re.compile("^Giấy tờ về quyền sử dụng đất")).set_input_files(tmp_path / "so-do.png")
        with page.expect_navigation():
            page.get_by_role("button", name="Tiếp tục: xem lại").click()
        gate.check("submit-review")
        with page.expect_navigation():
            page.get_by_role("button", name="Nộp hồ sơ").click()
        gate.check("submit-done")
        expect(page.get_by_role("heading", level=1)).to_have_text("Đã nộp hồ sơ")
        dossier_code = page.locator("#code strong").inner_text().strip()

        # the confirmation came by SMS (no diacritics), with the signed link to the tracking page
        receipt = _texts(providers)[-1]
        assert dossier_code in receipt
        link = LINK.search(receipt).group(0)
        assert link.startswith(f"{live_server.url}/tra-cuu/?") and "t=" in link
        parts = urlsplit(link)
        gate.visit(f"{parts.path}?{parts.query}", "track-from-sms")
        # the dossier's status, opened without typing the four digits (their box stays empty, for another look-up)
        expect(page.locator("#main")).to_contain_text("Hồ sơ đã được nộp trực tuyến")
        expect(page.locator("#main")).to_contain_text(dossier_code)
        expect(page.get_by_label(re.compile("^4 số cuối"))).to_have_value("")
        findings = gate.failures + gate.problems

    dossier = Dossier.objects.get(code=dossier_code)
    [confirmation] = Message.objects.filter(dossier=dossier, channel=MessageChannel.SMS)
    assert confirmation.kind == "submitted" and confirmation.status == MessageStatus.SENDING  # accepted, no report
    assert not findings, findings
    assert not server_problems(caplog)
