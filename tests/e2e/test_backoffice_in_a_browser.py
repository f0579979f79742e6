"""The back office in a real browser (Debian's Chromium through Playwright), at a tablet's and a desktop's size: one
dossier from the desk's intake form to the returned result, each officer signing in, finding it and acting through
the page's own controls — the same flow as tests/backoffice/test_desk_intake_to_returned_result_through_the_pages.py,
plus what only a browser shows: labels tied to their inputs, the file picker, the <details> panels, the layout.

Screenshots of the main pages land in var/test-artifacts/screenshots/<size>/ (or under LIENTHONG_TEST_ARTIFACTS).
"""

import re

import pytest

from lienthong.dossiers.constants import EventKind, Status
from lienthong.dossiers.models import Attachment, Dossier
from tests.backoffice.web_given import PASSWORD, PDF
from tests.e2e.browser import artifacts_dir, chromium_page, has_no_horizontal_overflow, skip_without_browser

# live_server serves from another thread, so the data must be committed: a transactional test, flushed after. It
# must not rely on rows the migrations seed (status mapping, notification templates): any transactional test that
# ran before it has flushed them away. (serialized_rollback would restore them, but clashes on content types that
# such a flush re-created under other ids.)
pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]

SIZES = {"tablet": (820, 1180), "desktop": (1280, 800)}
PROCEDURE = "Đăng ký đất đai lần đầu"


class Officer:
    """The browser as one officer after another uses it: sign in, look, act, sign out."""

    def __init__(self, page, shots, size: str):
        from playwright.sync_api import expect

        self.page, self.shots, self.size, self.expect = page, shots, size, expect

    def go(self, control) -> None:
        """Click a link or a submit button and wait for the page it leads to (a POST's redirect included), so that
        what is checked next is never the page left behind — which may well show the same message."""
        with self.page.expect_navigation(wait_until="commit"):
            control.click()

    def shot(self, name: str) -> None:
        self.page.screenshot(path=self.shots / f"{name}.png", full_page=True)

    def fits(self) -> None:
        if self.size == "tablet":
            fits, detail = has_no_horizontal_overflow(self.page)
            assert fits, detail

    def sign_in(self, username: str, *, shot: bool = False) -> None:
        page = self.page
        if not page.url.endswith("/backoffice/login/"):  # signing out lands there already
            page.goto("/backoffice/login/")
        self.expect(page.get_by_role("heading", name="Đăng nhập cán bộ")).to_be_visible()
        if shot:
            self.shot("01-login")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        self.go(page.get_by_role("button", name="Đăng nhập"))
        self.expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()

    def sign_out(self) -> None:
        self.go(self.page.get_by_role("button", name="Đăng xuất"))
        self.expect(self.page.get_by_role("heading", name="Đăng nhập cán bộ")).to_be_visible()

    def open_from_inbox(self, code: str, *, shot: bool = False) -> None:
        page = self.page
        if not page.url.endswith("/backoffice/"):  # signing in lands there
            self.go(page.get_by_role("navigation", name="Chức năng").get_by_role("link", name="Hộp hồ sơ"))
        link = page.get_by_role("link", name=code, exact=True)
        self.expect(link).to_be_visible()
        self.fits()
        if shot:
            self.shot("02-inbox")
        self.go(link)
        self.expect(page.get_by_role("heading", level=1)).to_have_text(code)
        self.fits()

    def open_by_search(self, code: str) -> None:
        page = self.page
        page.get_by_role("searchbox", name="Tìm hồ sơ").fill(code)
        self.go(page.get_by_role("search").get_by_role("button", name="Tìm"))
        self.go(page.get_by_role("link", name=code, exact=True))
        self.expect(page.get_by_role("heading", level=1)).to_have_text(code)

    def panel(self, action: str):
        """Open the action's <details> panel as a click on its summary does, and return it."""
        panel = self.page.locator(f"details#action-{action}")
        panel.locator("summary").click()
        self.expect(panel).to_have_attribute("open", "")
        return panel

    def act_on_step(self, action: str, step: str, note: str, *, done: str) -> None:
        panel = self.panel(action)
        option = panel.get_by_role("option", name=re.compile(rf"^{re.escape(step)} \("))
        # By label within the panel: each panel's form has ids of its own, so its labels find its own inputs.
        panel.get_by_label("Bước xử lý").select_option(option.get_attribute("value"))
        panel.get_by_label("Ý kiến xử lý").fill(note)
        self.go(panel.get_by_role("button", name=panel.locator("summary").inner_text()))
        self.expect(self.page.get_by_role("status")).to_contain_text(done)

    def status_is(self, label: str) -> None:
        self.expect(self.page.locator(".dossier-head .status .pill")).to_have_text(label)


@pytest.mark.parametrize("size", list(SIZES))
def test_a_dossier_goes_from_intake_to_the_returned_result_in_a_browser(
    chromium, live_server, province, officers, procedure, size
):
    width, height = SIZES[size]
    shots = artifacts_dir("screenshots", size)
    user = {key: officer.get_username() for key, officer in officers.items()}

    failed = shots / "failure.png"
    failed.unlink(missing_ok=True)
    with chromium_page(chromium, width=width, height=height, base_url=live_server.url, failure_shot=failed) as page:
        who = Officer(page, shots, size)
        expect = who.expect

        # the desk receives the dossier: procedure, applicant, tờ khai, checklist, a scan of the application
        who.sign_in(user["receiver@commune_centre"], shot=True)
        who.go(page.get_by_role("navigation", name="Chức năng").get_by_role("link", name="Tiếp nhận"))
        who.go(page.get_by_role("link", name=PROCEDURE))
        expect(page.get_by_role("heading", level=1)).to_contain_text(PROCEDURE)
        page.get_by_label("Kênh tiếp nhận").select_option("counter")
        page.get_by_label("Loại chủ hồ sơ").select_option("citizen")
        page.get_by_label("Họ và tên / tên tổ chức").fill("Nguyễn Thị Hoa")
        page.get_by_label("Số định danh cá nhân / hộ chiếu").fill("075190001234")
        page.get_by_label("Điện thoại").fill("0912345678")
        page.get_by_label("Thư điện tử").fill("hoa@example.vn")
        page.get_by_label("Địa chỉ").fill("Phường Trấn Biên, Đồng Nai")
        page.get_by_label("Nhận kết quả").select_option("at_desk")
        declaration = page.get_by_role("group", name="Tờ khai")
        declaration.get_by_label(re.compile(r"^Họ và tên( \*)?$")).fill("Nguyễn Thị Hoa")
        declaration.get_by_label("Ngày sinh").fill("1990-05-17")
        # the schema's so_dinh_danh has no title: its label is its key, made readable
        declaration.get_by_label("So dinh danh").fill("075190001234")
        checklist = page.get_by_role("group", name="Thành phần hồ sơ")
        for name in ("Đơn đăng ký", "Giấy tờ về quyền sử dụng đất"):
            checklist.get_by_role("checkbox", name=name).check()
        application = checklist.get_by_role("listitem").filter(has=page.get_by_role("checkbox", name="Đơn đăng ký"))
        application.get_by_label("Bản quét — Đơn đăng ký").set_input_files(
            {"name": "don-dang-ky.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        who.shot("03-intake-form")
        who.go(page.get_by_role("button", name="Tiếp nhận và cấp giấy hẹn"))

        expect(page.get_by_role("status")).to_contain_text("Đã tiếp nhận hồ sơ")
        code = page.get_by_role("heading", level=1).inner_text().strip()
        assert re.fullmatch(r"\S+", code), f"the dossier's code, not {code!r}"
        assert re.search(r"/backoffice/dossiers/\d+/$", page.url), page.url
        who.status_is("Đã tiếp nhận")
        expect(page.get_by_role("link", name="don-dang-ky.pdf")).to_be_visible()
        who.fits()
        who.shot("04-dossier-received")

        # forwarded to the commune's step
        who.go(who.panel("forward").get_by_role("button", name="Chuyển xử lý"))
        # the message names where the dossier went (issue 11, point 5)
        expect(page.get_by_role("status")).to_contain_text("Đã chuyển xử lý. Hồ sơ đang ở: bước “Xác nhận hiện trạng”")
        who.status_is("Đang xử lý")
        who.sign_out()

        # the committee's specialist checks the land on the ground
        who.sign_in(user["specialist@committee"])
        who.open_from_inbox(code, shot=True)
        who.act_on_step("complete", "Xác nhận hiện trạng", "Đúng hiện trạng", done="Đã hoàn thành bước")
        who.sign_out()

        # the department's two parallel steps, then its leader's approval
        who.sign_in(user["specialist@department"])
        who.open_from_inbox(code)
        who.act_on_step("complete", "Thẩm định", "Đủ điều kiện", done="Đã hoàn thành bước")
        who.act_on_step("complete", "Xác định nghĩa vụ tài chính", "Miễn", done="Đã hoàn thành bước")
        who.sign_out()
        who.sign_in(user["leader@department"])
        who.open_from_inbox(code)
        who.act_on_step("approve", "Phê duyệt", "Đồng ý", done="Đã phê duyệt")
        who.status_is("Đã có kết quả")
        who.sign_out()

        # the desk hands the result over
        who.sign_in(user["receiver@commune_centre"])
        who.open_by_search(code)
        returning = who.panel("return")
        returning.get_by_label("Hình thức trả").select_option("at_desk")
        who.go(returning.get_by_role("button", name="Trả kết quả"))
        expect(page.get_by_role("status")).to_contain_text("Đã trả kết quả cho người nộp")
        who.status_is("Đã trả kết quả")
        who.fits()
        who.shot("05-dossier-returned")
        problems = list(page.problems)

    assert not problems, "\n".join(problems)
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == Status.RETURNED and dossier.returned_at is not None
    assert dossier.form_data == {"ho_ten": "Nguyễn Thị Hoa", "ngay_sinh": "1990-05-17", "so_dinh_danh": "075190001234"}
    scan = Attachment.objects.get(dossier=dossier)
    assert scan.original_name == "don-dang-ky.pdf" and scan.sha256 and scan.required_document.position == 1
    kinds = list(dossier.events.order_by("seq").values_list("kind", flat=True))
    assert kinds == [
        EventKind.RECEIVED, EventKind.FORWARDED, EventKind.STEP_COMPLETED, EventKind.FORWARDED,
        EventKind.STEP_COMPLETED, EventKind.STEP_COMPLETED, EventKind.FORWARDED, EventKind.APPROVED,
        EventKind.RESULT_READY, EventKind.RETURNED,
    ]  # fmt: skip
    events = dossier.events.order_by("seq")
    assert [e.actor.get_username() for e in events.filter(kind=EventKind.STEP_COMPLETED)] == [
        user["specialist@committee"], user["specialist@department"], user["specialist@department"],
    ]  # fmt: skip
    assert events.get(kind=EventKind.APPROVED).actor == officers["leader@department"]
    assert events.get(kind=EventKind.RETURNED).actor == officers["receiver@commune_centre"]
