"""The communes' readiness view and the roadmaps in a real browser, at a phone's and a desktop's size: the province's
monitor sees 95 communes ranked (20 a page) with the chart and its table and the assist list, then the roadmap
issued to every commune, one commune's roadmap, one item, the public readiness headline, the form that issues a plan,
and the board with each commune's roadmap. Every
page passes axe-core (no serious or critical finding), fits the screen without horizontal scrolling, and raises no
console or HTTP error. Screenshots land in var/test-artifacts/screenshots/readiness/<size>/."""

import datetime as dt

import pytest
from django.utils import timezone

from lienthong.org.constants import Level
from lienthong.readiness.selectors import period_current
from lienthong.readiness.services import period_get, survey_import
from lienthong.readiness.xlsx import survey_rows_from_xlsx
from lienthong.reports.models import DailyFigure
from lienthong.roadmaps.constants import EvidenceKind, ItemKind
from lienthong.roadmaps.selectors import plan_group_agencies
from lienthong.roadmaps.services import due_compute, plan_issue
from tests.e2e.browser import artifacts_dir, skip_without_browser
from tests.e2e.browser_checks import public_browser, server_problems, sign_in_officer
from tests.readiness.conftest import communes, monitor, workbook  # noqa: F401 — fixtures reused
from tests.readiness.test_a_communes_villages_show_their_rates_and_the_villages_to_assist import villages_file

pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}


@pytest.fixture
def surveyed(communes):  # noqa: F811
    year, quarter = period_current()
    period = period_get(year=year, quarter=quarter)
    survey_import(period=period, rows=survey_rows_from_xlsx(workbook(communes)))
    # 26001 answers by village, and its dossiers mostly come to the counter: its low villages are to assist
    survey_import(period=period, rows=survey_rows_from_xlsx(villages_file()))
    agency = communes["26001"]
    DailyFigure.objects.create(day=timezone.localdate(), agency_id=agency.pk, unit_id=agency.pk, procedure_id=1,
                               field_id=1, level=Level.COMMUNE, channel="online", received=100, online=20)  # fmt: skip
    plan_issue(
        title="Cung cấp dịch vụ công trực tuyến toàn trình cấp xã",
        legal_basis="Thông báo 408/TB-VPCP",
        agencies=plan_group_agencies("communes"),
        kind=ItemKind.FULLY_ONLINE,
        due=due_compute(given=timezone.localdate() + dt.timedelta(days=30)),
        evidence_kind=EvidenceKind.ONLINE_DOSSIERS,
        evidence_params={"count": 20},
        milestones=[("Rà soát thủ tục", timezone.localdate() + dt.timedelta(days=7))],
    )
    return communes


@pytest.mark.parametrize("size", list(SIZES))
def test_the_monitor_sees_95_communes_ranked_and_their_roadmap(
    chromium,
    live_server,
    monitor,  # noqa: F811
    surveyed,
    size,
    caplog,
):
    from playwright.sync_api import expect

    width, height = SIZES[size]
    with public_browser(
        chromium,
        width=width,
        height=height,
        base_url=live_server.url,
        label=size,
        shots=artifacts_dir("screenshots", "readiness", size),
    ) as gate:
        page = gate.page
        sign_in_officer(gate, monitor.username, "mat-khau-dai-123")
        gate.visit("/backoffice/lo-trinh/san-sang-so/", "readiness")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Mức sẵn sàng số của các xã")
        expect(page.locator("figure.chart svg[role=img]")).to_have_count(1)  # the lowest 15
        # the map: a group of 95 squares, each an image named by its commune and value
        expect(page.locator("figure.chart svg[role=group]")).to_have_count(1)
        expect(page.locator("figure.chart svg[role=group] [role=img] > title")).to_have_count(95)
        expect(page.locator("figure.chart svg[role=img]").last).to_be_visible()
        expect(page.locator("table.readiness tbody tr")).to_have_count(20)  # ranked, 20 a page
        expect(page.locator("#ban-do ~ figure.chart svg[role=group]")).to_be_visible()  # the communes' tile map
        expect(page.get_by_role("heading", name="Thôn, tổ dân phố cần hỗ trợ")).to_be_visible()
        expect(page.locator("table.readiness tbody tr").first).to_contain_text("1")
        expect(page.locator("nav.pager")).to_contain_text("Trang 1 / 5")
        page.locator("nav.pager a[rel=next]").click()
        gate.check("readiness-page-2")
        expect(page.locator("table.readiness tbody tr").first).to_contain_text("21")
        gate.visit("/backoffice/lo-trinh/san-sang-so/?ban_do=online", "readiness-map-online")
        expect(page.locator("#ban-do ~ figure.chart svg[role=group]")).to_be_visible()
        gate.visit(f"/backoffice/lo-trinh/san-sang-so/xa/{surveyed['26001'].pk}/", "commune-villages")
        expect(page.locator("table.villages tbody tr")).to_have_count(3)
        gate.visit("/backoffice/lo-trinh/", "roadmaps")
        expect(page.locator("table.roadmap-items tbody tr")).to_have_count(30)  # a page of the 95 items
        expect(page.get_by_role("status").first).to_contain_text("95 nhiệm vụ")
        with page.expect_navigation():
            page.locator("table.roadmap-items tbody tr a").first.click()
        gate.check("item")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Cung cấp dịch vụ công trực tuyến toàn trình")
        expect(page.get_by_role("heading", name="Mốc tiến độ")).to_be_visible()
        expect(page.get_by_role("button", name="Đánh dấu hoàn thành")).to_be_visible()
        commune = surveyed["26001"]
        gate.visit(f"/backoffice/lo-trinh/?don_vi={commune.pk}", "unit-roadmap")
        expect(page.locator("table.roadmap-items tbody tr")).to_have_count(1)
        expect(page.get_by_role("link", name="Tải PDF lộ trình của đơn vị")).to_be_visible()
        gate.visit("/thong-ke/san-sang-so/", "public-readiness")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Mức sẵn sàng số và lộ trình chuyển đổi số")
        expect(page.locator("dl.readiness-figures > div")).to_have_count(4)
        expect(page.locator("dl.readiness-figures")).to_contain_text("95/95")
        expect(page.locator("figure.chart svg[role=img]")).to_be_visible()
        expect(page.locator("table.readiness-roadmap")).to_contain_text("95")
        gate.visit("/backoffice/lo-trinh/ke-hoach/moi/", "plan-form")
        expect(page.get_by_label("Giao cho")).to_be_visible()
        gate.visit("/backoffice/ket-noi/?level=commune", "board")
        expect(page.locator("table.board").get_by_text("0/1 hoàn thành").first).to_be_visible()
        findings = gate.findings()
    assert not findings, findings
    assert not server_problems(caplog)
