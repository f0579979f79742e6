# ruff: noqa: F811 (the dossier tests' fixtures, imported, are parameters of the test)
"""Issue 14, the certified copy's public page in a real browser at a phone's and a desktop's size: a scan the desk
certified (the desk officer's signature, then the agency's seal) opens at the address of its QR code and says it is
an electronic copy certified from the original, who converted it, both signatures HỢP LỆ; it passes the public
pages' gates (axe-core, no horizontal scrolling, no console or HTTP error, the budget).

Screenshots land in var/test-artifacts/screenshots/certified-copy/<size>/.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lienthong.signing.digitise import attachment_digitise
from lienthong.signing.models import SignedDocument, TrustAnchor
from lienthong.signing.services import certificate_register
from tests.dossiers.conftest import applicant, documents, form_data  # noqa: F401
from tests.dossiers.test_documents_given import Desk
from tests.e2e.browser import artifacts_dir, skip_without_browser
from tests.e2e.browser_checks import Budget, public_browser, server_problems
from tests.signing.given import PASSPHRASE, a_pdf, certificate_give
from tests.signing.given import test_ca as ca_make

pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
PAGE = Budget(kilobytes=60, requests=5)  # as the result's page (test_a_signed_result_is_verified_in_a_browser.py)
LAND = "Giấy tờ về quyền sử dụng đất"


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    return ca_make(tmp_path_factory.mktemp("ca"))


@pytest.mark.parametrize("size", list(SIZES))
def test_anyone_opens_a_certified_copy_s_page(chromium, live_server, province, officers, procedure, applicant,
                                               form_data, documents, ca, size, caplog):  # fmt: skip
    from playwright.sync_api import expect

    centre = province["commune_centre"]
    TrustAnchor.objects.create(name="Test Root CA", pem=ca.authority.pem.decode())
    certificate_register(agency=centre, secret=PASSPHRASE,
                         pkcs12_path=str(ca.pkcs12("TTPVHCC phường Trấn Biên", organisation=centre.name)))  # fmt: skip
    desk = Desk(province, officers, procedure, applicant, form_data, documents)
    certificate_give(ca, user=officers["receiver@commune_centre"], agency=centre)
    dossier = desk.receive()
    upload = SimpleUploadedFile("so-do.pdf", a_pdf("Giấy chứng nhận quyền sử dụng đất số CS 01234"))
    copy = attachment_digitise(officer=officers["receiver@commune_centre"], dossier=dossier,
                               document=procedure.documents.get(name=LAND), upload=upload)  # fmt: skip
    first = SignedDocument.objects.filter(attachment=copy).order_by("id").first()
    width, height = SIZES[size]

    with public_browser(chromium, width=width, height=height, base_url=live_server.url, budget=PAGE, label=size,
                        shots=artifacts_dir("screenshots", "certified-copy", size)) as gate:  # fmt: skip
        page = gate.page
        gate.visit(f"/v/{dossier.code}/{first.public_id}/", "certified-copy")
        expect(page.locator("#verify-status")).to_have_text("Trạng thái: HỢP LỆ")
        expect(page.locator("dd.verify-copy")).to_have_text(f"Bản sao điện tử được chứng thực từ bản chính: {LAND}")
        expect(page.locator("dl.facts")).to_contain_text("Trần Văn Bình")
        expect(page.locator(".verify-signatures > li")).to_have_count(2)
        findings = gate.findings()

    assert not findings, findings
    assert not server_problems(caplog)
