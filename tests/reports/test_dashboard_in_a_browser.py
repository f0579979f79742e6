"""The leaders' dashboard in a real browser, on a phone (390×844) and a desktop (1280×800): the province's monitor
opens the ranking, a commune, the dossiers behind its on-time figure and the on-time table, through the pages' own
links. Every page passes axe-core (WCAG 2.1 A/AA, nothing serious or critical), does not scroll sideways, and shows
its charts; the PDF export carries the charts (their titles and axes are text in the PDF).

Screenshots land in var/test-artifacts/screenshots/dashboard/<size>/.
"""

import io

import pytest
from pypdf import PdfReader

from tests.e2e.browser import artifacts_dir, chromium_executable, skip_without_browser
from tests.e2e.browser_checks import public_browser, server_problems, sign_in_officer
from tests.reports.conftest import at

pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
PASSWORD = "mat-khau-dai-123"  # tests.dossiers.conftest.officers


@pytest.fixture
def march(walk):
    """March 2026 at the commune desk: one dossier finished on time, one late, one still open past its due date."""
    on_time = walk.receive(at(2, 8))
    walk.forward(on_time, at(2, 10))
    walk.finish(on_time, at(3, 9))
    late = walk.receive(at(2, 9))
    walk.forward(late, at(2, 10))
    walk.finish(late, at(12, 9))
    walk.receive(at(4, 9))
    return walk


@pytest.mark.parametrize("size", list(SIZES))
def test_the_monitor_goes_from_the_ranking_to_the_dossiers_behind_a_figure(
    live_server, march, officers, province, size, caplog
):
    from playwright.sync_api import expect

    width, height = SIZES[size]
    with public_browser(chromium_executable(), width=width, height=height, base_url=live_server.url, label=size,
                        shots=artifacts_dir("screenshots", "dashboard", size)) as gate:  # fmt: skip
        page = gate.page
        sign_in_officer(gate, officers["monitor@centre"].username, PASSWORD)
        gate.visit("/backoffice/chi-so/?ky=2026-03", "ranking")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Chỉ số phục vụ người dân, doanh nghiệp")
        expect(page.locator("figure.chart svg[role=img]").first).to_be_visible()
        with page.expect_navigation():
            page.get_by_role("link", name=province["committee"].name).first.click()
        gate.check("commune")
        expect(page.get_by_role("heading", level=1)).to_contain_text(province["committee"].name)
        on_time = page.get_by_role("row", name="Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn")
        expect(on_time).to_contain_text("1")
        with page.expect_navigation():
            on_time.get_by_role("link").first.click()  # the numerator: the dossiers handled on time
        gate.check("list")
        expect(page.locator("p.count")).to_contain_text("1 hồ sơ")
        expect(page.locator("table tbody tr")).to_have_count(1)
        gate.visit("/backoffice/chi-so/dung-han/?ky=2026-03", "on-time")
        expect(page.locator("table tfoot")).to_contain_text("3")  # received in March
        pdf = page.request.get(live_server.url + "/backoffice/chi-so/xuat.pdf?ky=2026-03")
        status, kind, body = pdf.status, pdf.headers["content-type"], pdf.body()
        findings = gate.findings()
    assert not findings, findings
    assert not server_problems(caplog)
    assert status == 200 and kind == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    # the charts' SVG is drawn in the PDF, its text as text: the groups chart's axis, the trend's axis and months
    assert "điểm đạt (%)" in text
    assert "điểm / 100" in text and "3/26" in text
