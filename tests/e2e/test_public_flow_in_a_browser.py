"""Issue 4 item 8: the citizen's whole journey in a real browser (Debian's Chromium through Playwright) at a phone's
and a desktop's size — search → read the procedure → sign in → fill in the generated form and attach the scans →
review → submit and get the code → the desk receives it in the back office → track it by code and the phone's last
four digits → rate it — every public page passing the quality gates (axe-core WCAG 2.1 A/AA with no serious or
critical violation, no horizontal scrolling, no console or HTTP error, within the weight budget).

Screenshots land in var/test-artifacts/screenshots/public-flow/<size>/{1-submit,2-track-and-rate}/ (or under
LIENTHONG_TEST_ARTIFACTS).
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from lienthong.accounts.constants import ContactKind
from lienthong.accounts.models import CitizenProfile
from lienthong.dossiers.constants import Channel, EventKind, ResultDelivery, Status
from lienthong.dossiers.models import Attachment, Dossier
from lienthong.dossiers.services import dossier_return
from lienthong.feedback.models import Rating
from tests.backoffice.web_given import PASSWORD as OFFICER_PASSWORD
from tests.e2e.browser import artifacts_dir, skip_without_browser
from tests.e2e.browser_checks import Budget, public_browser, server_problems
from tests.feedback.given import finished
from tests.submission.conftest import PDF, PNG

pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
PROCEDURE = "Đăng ký đất đai lần đầu"
CITIZEN_EMAIL, CITIZEN_PASSWORD = "hoa@example.vn", "mat-khau-cong-dan-1"
# The same budget as the other public pages (docs/performance.md): a form page carries no image either.
BUDGET = Budget(kilobytes=60, requests=5)


@pytest.fixture
def citizen(db):
    cache.clear()  # sign-in and tracking rate limits live there
    user = get_user_model().objects.create_user(CITIZEN_EMAIL, password=CITIZEN_PASSWORD)
    CitizenProfile.objects.create(user=user, full_name="Nguyễn Thị Hoa", email=CITIZEN_EMAIL,
                                  identity_number="075190001234", contact_kind=ContactKind.EMAIL,
                                  verified_at=timezone.now())  # fmt: skip
    yield user
    cache.clear()


def _scans(tmp_path):
    (tmp_path / "don-dang-ky.pdf").write_bytes(PDF)
    (tmp_path / "so-do-thua-dat.png").write_bytes(PNG)
    return tmp_path / "don-dang-ky.pdf", tmp_path / "so-do-thua-dat.png"


def _submit_online(gate, expect, tmp_path) -> str:
    """From the home page to the confirmation; returns the code the page shows."""
    page = gate.page
    gate.visit("/", "home")
    page.get_by_label("Tìm theo tên hoặc mã thủ tục").fill("dang ky dat dai")
    with page.expect_navigation():
        page.get_by_role("search").get_by_role("button", name="Tìm").click()
    gate.check("search")
    with page.expect_navigation():
        page.get_by_role("link", name=PROCEDURE, exact=True).click()
    gate.check("procedure")
    with page.expect_navigation():
        page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    gate.check("sign-in")  # the submission asks for an account first, and comes back after
    page.get_by_label("Thư điện tử hoặc số điện thoại").fill(CITIZEN_EMAIL)
    page.get_by_label("Mật khẩu").fill(CITIZEN_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    gate.check("submit-start")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ trực tuyến")
    with page.expect_navigation():
        page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    gate.check("submit-form")

    # the account's own details are shown, not asked again; the rest is typed
    expect(page.locator("dl.held")).to_contain_text("Nguyễn Thị Hoa")
    page.get_by_label("Số điện thoại").fill("0912345678")
    declaration = page.get_by_role("group", name="Tờ khai")
    declaration.get_by_label(re.compile("^Họ và tên")).fill("Nguyễn Thị Hoa")
    declaration.get_by_label("Ngày sinh").fill("1990-05-17")
    declaration.get_by_label("So dinh danh").fill("075190001234")
    application, land_map = _scans(tmp_path)
    files = page.get_by_role("group", name="Thành phần hồ sơ")
    files.get_by_label(re.compile("^Đơn đăng ký")).set_input_files(application)
    files.get_by_label(re.compile("^Giấy tờ về quyền sử dụng đất")).set_input_files(land_map)
    with page.expect_navigation():
        page.get_by_role("button", name="Tiếp tục: xem lại").click()
    gate.check("submit-review")
    expect(page.get_by_text("17/05/1990")).to_be_visible()
    expect(page.get_by_text(re.compile("so-do-thua-dat.png"))).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Nộp hồ sơ").click()
    gate.check("submit-done")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nộp hồ sơ")
    return page.locator("#code strong").inner_text().strip()


def _receive_at_the_desk(gate, expect, officer: str, code: str) -> None:
    """The commune centre's desk officer finds the online dossier and receives it through the page's own controls."""
    page = gate.page
    gate.go("/backoffice/login/")
    page.get_by_label("Tên đăng nhập").fill(officer)
    page.get_by_label("Mật khẩu").fill(OFFICER_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("searchbox", name="Tìm hồ sơ").fill(code)
    with page.expect_navigation():
        page.get_by_role("search").get_by_role("button", name="Tìm").click()
    with page.expect_navigation():
        page.get_by_role("link", name=code, exact=True).click()
    expect(page.get_by_role("link", name="don-dang-ky.pdf")).to_be_visible()  # the citizen's scans are there
    panel = page.locator("details#action-receive")
    panel.locator("summary").click()
    for name in ("Đơn đăng ký", "Giấy tờ về quyền sử dụng đất"):
        panel.get_by_role("checkbox", name=name).check()
    with page.expect_navigation():
        panel.get_by_role("button", name="Tiếp nhận hồ sơ trực tuyến").click()
    expect(page.get_by_role("status")).to_contain_text("Đã tiếp nhận hồ sơ")
    gate.skip()


def _track_and_rate(gate, expect, code: str) -> None:
    page = gate.page
    gate.visit("/tra-cuu/", "track-empty")
    page.get_by_label("Mã số hồ sơ").fill(code)
    page.get_by_label(re.compile("4 số cuối")).fill("5678")
    with page.expect_navigation():
        page.get_by_role("button", name="Tra cứu").click()
    gate.check("track-found")
    expect(page.get_by_role("heading", name="Đã trả kết quả")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Đánh giá", exact=True).click()
    gate.check("rate")
    for criterion in page.locator("fieldset.rate-criterion").all():
        criterion.get_by_role("radio", name="Rất hài lòng", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi đánh giá").click()
    gate.check("rated")
    expect(page.get_by_role("heading", name="Cảm ơn bạn đã đánh giá!")).to_be_visible()


@pytest.mark.parametrize("size", list(SIZES))
def test_a_citizen_submits_online_the_desk_receives_and_the_citizen_tracks_and_rates(
    chromium, live_server, province, officers, procedure, citizen, size, tmp_path, caplog
):
    from playwright.sync_api import expect

    width, height = SIZES[size]
    with public_browser(chromium, width=width, height=height, base_url=live_server.url,
                        shots=artifacts_dir("screenshots", "public-flow", size, "1-submit"),
                        budget=BUDGET, label=size) as gate:  # fmt: skip
        code = _submit_online(gate, expect, tmp_path)
        online = gate.findings()
        gate.save_weights(artifacts_dir("page-weight") / f"public-flow-submit-{size}.json")

    dossier = Dossier.objects.get(code=code)
    assert (dossier.status, dossier.channel, dossier.citizen) == (Status.SUBMITTED, Channel.OWN_PORTAL, citizen)
    assert dossier.form_data == {"ho_ten": "Nguyễn Thị Hoa", "ngay_sinh": "1990-05-17", "so_dinh_danh": "075190001234"}
    scans = Attachment.objects.filter(dossier=dossier).order_by("required_document__position")
    assert [(a.original_name, a.content_type) for a in scans] == [
        ("don-dang-ky.pdf", "application/pdf"), ("so-do-thua-dat.png", "image/png")
    ]  # fmt: skip

    # the back office is not a public page: its own browser test holds it to its gates; here it only acts
    with public_browser(chromium, width=1280, height=800, base_url=live_server.url, axe=False) as desk:
        _receive_at_the_desk(desk, expect, officers["receiver@commune_centre"].username, code)
        at_desk = desk.findings()
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED and dossier.code == code and dossier.due_at is not None

    # given: processed and returned (each step's own pages are tested in tests/e2e/test_backoffice_in_a_browser.py)
    dossier = finished(dossier, when=timezone.now())
    dossier_return(officer=officers["receiver@commune_centre"], dossier=dossier, delivery=ResultDelivery.AT_DESK)

    with public_browser(chromium, width=width, height=height, base_url=live_server.url,
                        shots=artifacts_dir("screenshots", "public-flow", size, "2-track-and-rate"),
                        budget=BUDGET, label=size) as gate:  # fmt: skip
        _track_and_rate(gate, expect, code)
        tracked = gate.findings()
        gate.save_weights(artifacts_dir("page-weight") / f"public-flow-track-{size}.json")

    assert not online, online
    assert not at_desk, at_desk
    assert not tracked, tracked
    assert not server_problems(caplog)
    rating = Rating.objects.get(dossier=dossier)
    assert sorted(rating.answers.values_list("score", flat=True)) == [5, 5, 5, 5] and rating.average == 5
    kinds = list(dossier.events.order_by("seq").values_list("kind", flat=True))
    assert kinds == [EventKind.SUBMITTED, EventKind.RECEIVED, EventKind.RETURNED]
