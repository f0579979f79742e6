"""A door an officer may not open, in a real browser at a phone's and a desktop's size (issue 11, item 3): the
commune's specialist sees no menu entry for the desk's intake nor for the connection board, and typing their
addresses gets a page in the back office's style, in Vietnamese, that says whom the door is for and what to do — the
same for an unknown address on the public site. Every page passes axe-core and fits the screen.

Screenshots land in var/test-artifacts/screenshots/doors/<size>/.
"""

import pytest

from tests.backoffice.web_given import PASSWORD as OFFICER_PASSWORD
from tests.e2e.browser import artifacts_dir, skip_without_browser
from tests.e2e.browser_checks import public_browser, server_problems, sign_in_officer

pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
REFUSED = ("Forbidden (Permission denied): /backoffice/intake/", "Forbidden (Permission denied): /backoffice/ket-noi/",
           "Not Found: /khong-co-trang-nay/")  # fmt: skip


@pytest.mark.parametrize("size", list(SIZES))
def test_a_specialist_is_offered_no_shut_door_and_typing_one_is_told_why(chromium, live_server, officers, size,
                                                                          caplog):  # fmt: skip
    from playwright.sync_api import expect

    width, height = SIZES[size]
    with public_browser(chromium, width=width, height=height, base_url=live_server.url, label=size,
                        shots=artifacts_dir("screenshots", "doors", size)) as gate:  # fmt: skip
        page = gate.page
        sign_in_officer(gate, officers["specialist@committee"].username, OFFICER_PASSWORD)
        # the menu offers what opens for him, and nothing else
        gate.visit("/backoffice/", "inbox")
        menu = page.get_by_role("navigation", name="Chức năng")
        expect(menu.get_by_role("link")).to_have_text(["Hộp hồ sơ", "Phản ánh, kiến nghị"])
        expect(menu.get_by_role("link", name="Hộp hồ sơ")).to_have_attribute("aria-current", "true")
        # typing the desk's intake: a page in the back office's style that says why and what to do
        gate.visit("/backoffice/intake/", "intake-refused", status=403)
        expect(page.get_by_role("heading", level=1)).to_have_text("Bạn không có quyền mở trang này")
        expect(page.get_by_text("Chỉ cán bộ Bộ phận Một cửa được tiếp nhận hồ sơ.")).to_be_visible()
        expect(page.get_by_role("link", name="Đăng nhập bằng tài khoản cán bộ khác")).to_be_visible()
        expect(menu).to_be_visible()  # the way on stays at hand, no entry claiming to be this page
        expect(menu.locator("[aria-current]")).to_have_count(0)
        # typing the connection board's
        gate.visit("/backoffice/ket-noi/", "board-refused", status=403)
        expect(page.get_by_text("Bảng theo dõi kết nối dành cho văn phòng giám sát")).to_be_visible()
        # and an unknown address on the public site: the portal's own page, with where to go instead
        gate.visit("/khong-co-trang-nay/", "public-404", status=404)
        expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
        expect(page.get_by_role("link", name="Tra cứu hồ sơ bằng mã hồ sơ")).to_be_visible()
        findings = gate.findings()
    assert not findings, findings
    assert not server_problems(caplog, expected=REFUSED)
