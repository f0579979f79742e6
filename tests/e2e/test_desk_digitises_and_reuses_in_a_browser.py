# ruff: noqa: F811 (the dossier tests' fixtures, imported, are parameters of the test)
"""The desk digitises a paper document and a later dossier of the same person reuses it, in a real browser at a
phone's and a desktop's size: the panels "Số hóa giấy tờ" and "Dùng lại giấy tờ đã số hóa" on the dossier page, the
file picker, the date, the choice of the stored copy, the marks on the files, the sealed slips' note.

Screenshots land in var/test-artifacts/screenshots/<size>/ (or under LIENTHONG_TEST_ARTIFACTS).
"""

import pytest

from lienthong.dossiers.constants import EventKind
from lienthong.dossiers.models import StoredDocument
from lienthong.signing.services import certificate_register
from tests.backoffice.web_given import PASSWORD
from tests.dossiers.conftest import applicant, documents, form_data  # noqa: F401
from tests.dossiers.test_documents_given import Desk, at
from tests.e2e.browser import artifacts_dir, chromium_page, has_no_horizontal_overflow, skip_without_browser
from tests.signing.given import PASSPHRASE, a_pdf
from tests.signing.given import test_ca as ca_make

pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
LAND = "Giấy tờ về quyền sử dụng đất"


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    return ca_make(tmp_path_factory.mktemp("ca"))


@pytest.mark.parametrize("size", list(SIZES))
def test_the_desk_digitises_then_reuses_a_document(
    chromium,
    live_server,
    province,
    officers,
    procedure,
    applicant,
    form_data,
    documents,
    ca,
    tmp_path,
    size,
):
    from playwright.sync_api import expect

    centre = province["commune_centre"]
    certificate_register(agency=centre, secret=PASSPHRASE,
                         pkcs12_path=str(ca.pkcs12("TTPVHCC phường Trấn Biên", organisation=centre.name)))  # fmt: skip
    desk = Desk(province, officers, procedure, applicant, form_data, documents)
    first, later = desk.receive(), desk.receive(at(2026, 3, 2, 9, 0))
    scan = tmp_path / "so-do.pdf"
    scan.write_bytes(a_pdf("Giấy chứng nhận quyền sử dụng đất số CS 01234"))
    width, height = SIZES[size]
    shots = artifacts_dir("screenshots", size)
    failed = shots / "failure-digitise.png"
    failed.unlink(missing_ok=True)

    with chromium_page(chromium, width=width, height=height, base_url=live_server.url, failure_shot=failed) as page:
        page.goto("/backoffice/login/")
        page.get_by_label("Tên đăng nhập").fill(officers["receiver@commune_centre"].get_username())
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        with page.expect_navigation(wait_until="commit"):
            page.locator("button.primary").click()

        page.goto(f"/backoffice/dossiers/{first.pk}/")
        expect(page.get_by_text("được ký số bằng chứng thư số của cơ quan")).to_be_visible()
        panel = page.locator("#action-digitise")
        panel.locator("summary").click()
        panel.get_by_label("Thành phần hồ sơ").select_option(label=LAND)
        panel.get_by_label("Bản quét (PDF, JPEG, PNG, TIFF)").set_input_files(str(scan))
        panel.get_by_label("Giấy tờ có giá trị đến").fill("2036-01-01")
        page.screenshot(path=shots / "10-digitise-panel.png", full_page=True)
        with page.expect_navigation(wait_until="commit"):
            panel.get_by_role("button", name="Số hóa giấy tờ").click()
        expect(page.get_by_role("status")).to_contain_text("Đã số hóa giấy tờ")
        expect(page.locator("ul.files").get_by_text("đã số hóa", exact=True)).to_be_visible()
        assert has_no_horizontal_overflow(page)[0]
        page.screenshot(path=shots / "11-digitised.png", full_page=True)

        page.goto(f"/backoffice/dossiers/{later.pk}/")
        panel = page.locator("#action-reuse")
        panel.locator("summary").click()
        panel.get_by_role("radio").first.check()
        page.screenshot(path=shots / "12-reuse-panel.png", full_page=True)
        with page.expect_navigation(wait_until="commit"):
            panel.get_by_role("button", name="Dùng lại giấy tờ đã số hóa").click()
        expect(page.get_by_role("status")).to_contain_text("Đã dùng lại giấy tờ đã số hóa")
        expect(page.locator("ul.files").get_by_text("dùng lại từ kho")).to_be_visible()
        assert has_no_horizontal_overflow(page)[0]
        page.screenshot(path=shots / "13-reused.png", full_page=True)
        assert not page.problems

    stored = StoredDocument.objects.get()
    assert str(stored.valid_until) == "2036-01-01" and stored.identity_number == applicant.id_number
    assert later.events.filter(kind=EventKind.DOCUMENT_REUSED).count() == 1
    assert later.attachments.filter(reused_from=stored).count() == 1
