"""Issue 11, what must show: a citizen, in Debian's Chromium at a phone's and a desktop's size, downloads the form a
procedure names, applies online without uploading the declaration they fill in on the page (what their account holds
is not asked; the desk is found by typing part of its name), is confirmed by an e-mail (a real SMTP server) whose link
opens the tracking page, and — once the desk has received, processed and returned the result electronically (through
the services: the back office's own pages have their own browser tests) — follows the return e-mail's link and
downloads the electronic result. Every public page passes the quality gates (axe-core WCAG 2.1 A/AA, no horizontal
scrolling, no console or HTTP error, within the weight budget).

Screenshots land in var/test-artifacts/screenshots/citizen-walk/<size>/{1-apply,2-result}/.
"""

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from pypdf import PdfReader

from lienthong.accounts.constants import ContactKind
from lienthong.accounts.models import CitizenProfile
from lienthong.catalogue.models import Fee
from lienthong.core.models import Rule
from lienthong.dossiers.constants import Channel, ResultDelivery, Status
from lienthong.dossiers.models import Attachment, Dossier
from lienthong.dossiers.services import dossier_receive_submitted, dossier_return
from tests.e2e.browser import artifacts_dir, skip_without_browser
from tests.e2e.browser_checks import Budget, public_browser, server_problems
from tests.feedback.given import finished
from tests.notify.conftest import smtp  # noqa: F401 — the real SMTP server the e-mails go to
from tests.signing.given import signed_result_attach, trusted_signed_pdf

# pytest injects fixtures by parameter name, which ruff reads as a redefinition of the import above.
# ruff: noqa: F811
from tests.submission.conftest import PDF, PNG

pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
CITIZEN_EMAIL, CITIZEN_PASSWORD = "hoa@example.vn", "mat-khau-cong-dan-1"
BUDGET = Budget(kilobytes=60, requests=5)  # the public pages' budget (docs/performance.md)
FORM_TITLE = "Đơn đăng ký đất đai, tài sản gắn liền với đất"
LAND_FORM = {
    "type": "object",
    "title": FORM_TITLE,
    "x-order": ["ho_ten_nguoi_yeu_cau", "so_dinh_danh", "noi_cu_tru", "so_dien_thoai", "ngay_sinh_nguoi_yeu_cau",
                "so_to", "so_thua", "dien_tich"],
    "required": ["ho_ten_nguoi_yeu_cau", "so_dinh_danh", "noi_cu_tru", "ngay_sinh_nguoi_yeu_cau", "so_thua"],
    "properties": {
        "ho_ten_nguoi_yeu_cau": {"type": "string", "title": "Họ, chữ đệm và tên người yêu cầu", "x-applicant": "name"},
        "so_dinh_danh": {"type": "string", "title": "Số định danh cá nhân", "pattern": "^[0-9]{12}$",
                         "x-applicant": "id_number"},
        "noi_cu_tru": {"type": "string", "title": "Nơi cư trú", "x-applicant": "address"},
        "so_dien_thoai": {"type": "string", "title": "Số điện thoại", "x-applicant": "phone"},
        "ngay_sinh_nguoi_yeu_cau": {"type": "string", "format": "date", "title": "Ngày sinh của người yêu cầu"},
        "so_to": {"type": "integer", "title": "Tờ bản đồ số", "minimum": 1},
        "so_thua": {"type": "integer", "title": "Thửa đất số", "minimum": 1},
        "dien_tich": {"type": "number", "title": "Diện tích (m²)", "minimum": 0},
    },
}  # fmt: skip
ADDRESS = "Số 5 đường Võ Thị Sáu, phường Trấn Biên, tỉnh Đồng Nai"
LINK = re.compile(r"https?://\S+/tra-cuu/\?code=\S+")


@pytest.fixture
def walk(settings, live_server, province, officers, procedure):
    """The land procedure as the province publishes it: its application form is the declaration, its fees known
    (one confirmed, one not yet), the site's contact set; e-mail links lead to this server; tasks run at once."""
    settings.LIENTHONG_PUBLIC_URL = live_server.url
    queues = settings.TASKS["default"].get("QUEUES", ["default"])
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": queues}}
    procedure.form_schema = LAND_FORM
    procedure.save(update_fields=["form_schema"])
    procedure.documents.filter(position=1).update(is_declaration=True, template_name=FORM_TITLE)
    Fee.objects.create(version=procedure, name="Lệ phí cấp Giấy chứng nhận", amount=25000, verified=True)
    Fee.objects.create(version=procedure, name="Phí thẩm định hồ sơ", amount=None, verified=False,
                       description="Mức thu do Hội đồng nhân dân tỉnh quy định.",
                       internal_note="Chưa đối chiếu.")  # fmt: skip
    Rule.objects.create(key="portal.contact", value={"hotline": "0251 3822 555", "address": ADDRESS})
    cache.clear()  # sign-in and tracking rate limits live there
    user = get_user_model().objects.create_user(CITIZEN_EMAIL, password=CITIZEN_PASSWORD)
    CitizenProfile.objects.create(user=user, full_name="Nguyễn Thị Hoa", email=CITIZEN_EMAIL,
                                  identity_number="075190001234", contact_kind=ContactKind.EMAIL,
                                  verified_at=timezone.now())  # fmt: skip
    yield user
    cache.clear()


def _download(page, link_name: re.Pattern, tmp_path, name: str) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).click()
    path = tmp_path / name
    download.value.save_as(path)
    return path.read_bytes()


def _apply(gate, expect, tmp_path) -> tuple[str, bytes]:
    """From the home page to the confirmation; returns the code the page shows and the form downloaded."""
    page = gate.page
    gate.visit("/", "home")
    expect(page.get_by_role("banner")).to_contain_text("Tỉnh Đồng Nai")
    page.get_by_label("Tìm theo tên hoặc mã thủ tục").fill("dang ky dat dai")
    with page.expect_navigation():
        page.get_by_role("search").get_by_role("button", name="Tìm").click()
    gate.check("search")
    with page.expect_navigation():
        page.get_by_role("link", name="Đăng ký đất đai lần đầu", exact=True).click()
    gate.check("procedure")
    expect(page.locator("#main")).to_contain_text("Lệ phí cấp Giấy chứng nhận: 25.000 đ")
    expect(page.locator("#main")).not_to_contain_text("Chưa đối chiếu")

    # the form the page names downloads (printed from the electronic form: the province uploaded none)
    form = _download(page, re.compile("^Tải mẫu: " + FORM_TITLE), tmp_path, "mau.pdf")
    gate.skip()  # a download, not a page

    with page.expect_navigation():
        page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    gate.check("sign-in")
    page.get_by_label("Thư điện tử hoặc số điện thoại").fill(CITIZEN_EMAIL)
    page.get_by_label("Mật khẩu").fill(CITIZEN_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    gate.check("submit-start")
    expect(page.locator("#main")).to_contain_text("điền trực tuyến, không cần bản chụp")
    with page.expect_navigation():
        page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    gate.check("submit-form")

    # what the account holds is shown, not asked; the rest is typed
    held = page.locator("dl.held")
    expect(held).to_contain_text("Nguyễn Thị Hoa")
    expect(held).to_contain_text("075190001234")
    expect(page.get_by_label("Họ và tên / tên tổ chức")).to_have_count(0)
    page.get_by_label("Số điện thoại").fill("0912345678")
    page.get_by_label("Địa chỉ liên hệ").fill(ADDRESS)
    # the desk is found by typing part of its name (the picker's script asks the server as one types)
    page.get_by_label("Tìm nơi nộp theo tên xã, phường hoặc cơ quan").fill("tran bien")
    page.get_by_role("radio", name="TTPVHCC phường Trấn Biên").check()
    declaration = page.get_by_role("group", name="Tờ khai")
    expect(declaration.get_by_label("Họ, chữ đệm và tên người yêu cầu")).to_have_count(0)
    declaration.get_by_label("Ngày sinh của người yêu cầu").fill("1990-05-17")
    declaration.get_by_label("Tờ bản đồ số").fill("12")
    declaration.get_by_label("Thửa đất số").fill("345")
    declaration.get_by_label("Diện tích (m²)").fill("120.5")
    documents = page.get_by_role("group", name="Thành phần hồ sơ")
    expect(documents.get_by_label(re.compile("^Đơn đăng ký"))).to_have_count(0)  # filled in above, not uploaded
    (tmp_path / "so-do.png").write_bytes(PNG)
    documents.get_by_label(re.compile("^Giấy tờ về quyền sử dụng đất")).set_input_files(tmp_path / "so-do.png")
    with page.expect_navigation():
        page.get_by_role("button", name="Tiếp tục: xem lại").click()
    gate.check("submit-review")
    expect(page.locator("#main")).to_contain_text("tờ khai điện tử, lập từ nội dung đã khai")
    with page.expect_navigation():
        page.get_by_role("button", name="Nộp hồ sơ").click()
    gate.check("submit-done")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nộp hồ sơ")
    expect(page.get_by_role("status")).to_contain_text("Thư xác nhận kèm liên kết tra cứu hồ sơ đã được gửi đến")
    return page.locator("#code strong").inner_text().strip(), form


def _result(gate, expect, link: str, tmp_path) -> bytes:
    """From the return e-mail's link to the downloaded result."""
    page = gate.page
    gate.visit(link, "track-from-email")
    # the link is signed (issue 15 item 4): it opens the dossier without typing the four digits
    expect(page.get_by_label("Mã số hồ sơ")).to_have_value(parse_qs(urlsplit(link).query)["code"][0])
    gate.check("track-found")
    expect(page.get_by_role("heading", name="Đã trả kết quả")).to_be_visible()
    result = _download(page, re.compile("^Tải về giay-chung-nhan.pdf"), tmp_path, "ket-qua.pdf")
    gate.skip()
    return result


def _mail(smtp, subject: str) -> str:  # noqa: F811
    bodies = [message.get_content() for _to, message in smtp.received if message["Subject"].strip().endswith(subject)]
    assert len(bodies) == 1, [message["Subject"] for _to, message in smtp.received]
    return bodies[0]


@pytest.mark.parametrize("size", list(SIZES))
def test_a_citizen_downloads_the_form_applies_without_uploading_it_is_mailed_and_downloads_the_result(
    chromium,
    live_server,
    province,
    officers,
    procedure,
    walk,
    smtp,
    size,
    tmp_path,
    caplog,  # noqa: F811
):
    from playwright.sync_api import expect

    width, height = SIZES[size]
    with public_browser(chromium, width=width, height=height, base_url=live_server.url,
                        shots=artifacts_dir("screenshots", "citizen-walk", size, "1-apply"),
                        budget=BUDGET, label=size) as gate:  # fmt: skip
        code, form = _apply(gate, expect, tmp_path)
        applied = gate.findings()

    # the form downloaded is the declaration, printed with a line for every question
    text = " ".join(PdfReader(io.BytesIO(form)).pages[0].extract_text().split())
    assert FORM_TITLE.upper() in text and "Thửa đất số:" in text and "Ngày sinh của người yêu cầu:" in text

    # the dossier carries the declaration it was filled in as, and what the account holds
    dossier = Dossier.objects.get(code=code)
    assert (dossier.status, dossier.channel, dossier.citizen, dossier.agency) == (
        Status.SUBMITTED, Channel.OWN_PORTAL, walk, province["commune_centre"]
    )  # fmt: skip
    assert dossier.form_data["ho_ten_nguoi_yeu_cau"] == "Nguyễn Thị Hoa" and dossier.form_data["so_thua"] == 345
    filed = Attachment.objects.get(dossier=dossier, required_document__position=1)
    assert (
        filed.content_type == "application/pdf"
        and filed.original_name == f"to-khai-{procedure.procedure.national_code}.pdf"
    )

    # the confirmation e-mail, to the account's address, links the tracking page with the code filled in
    confirmation = _mail(smtp, f"Hồ sơ {code} đã được nộp trực tuyến")
    assert f"Tra cứu hồ sơ: {live_server.url}/tra-cuu/?code={code}" in confirmation
    assert "- Lệ phí cấp Giấy chứng nhận: 25.000 đồng" in confirmation and "Chưa đối chiếu" not in confirmation

    # the desk receives, processes, attaches the result and returns it electronically (services)
    desk = officers["receiver@commune_centre"]
    every_document = set(procedure.documents.values_list("pk", flat=True))
    dossier = dossier_receive_submitted(officer=desk, dossier=dossier, documents_present=every_document)
    dossier = finished(dossier, when=timezone.now())
    signed = trusted_signed_pdf(PDF)  # the leader's signed result (an electronic return needs one: tests/signing)
    signed_result_attach(officer=desk, dossier=dossier, name="giay-chung-nhan.pdf", content=signed)
    dossier_return(officer=desk, dossier=dossier, delivery=ResultDelivery.ELECTRONIC)

    returned = _mail(smtp, f"Hồ sơ {code}: đã trả kết quả")
    assert "Kết quả bản điện tử đã sẵn sàng." in returned
    (link,) = set(LINK.findall(returned))
    assert link.startswith(f"{live_server.url}/tra-cuu/?code={code}")

    with public_browser(chromium, width=width, height=height, base_url=live_server.url,
                        shots=artifacts_dir("screenshots", "citizen-walk", size, "2-result"),
                        budget=BUDGET, label=size) as gate:  # fmt: skip
        downloaded = _result(gate, expect, link.removeprefix(live_server.url), tmp_path)
        tracked = gate.findings()

    assert downloaded == signed
    assert not applied, applied
    assert not tracked, tracked
    assert not server_problems(caplog)
