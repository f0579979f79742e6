"""The connection board in a real browser, at a phone's, a tablet's and a desktop's size: the province's monitor
signs in, sees the units per level and state (table and chart) and the units that need a call first, drills down
from the board to a unit and to one of its systems — failed calls and undelivered webhook events — through the
pages' own links, then opens last month's compliance report. Every page passes axe-core (WCAG 2.1 A/AA, no serious
or critical finding), fits the screen without horizontal scrolling, and raises no console or HTTP error.

Screenshots land in var/test-artifacts/screenshots/board/<size>/.
"""

import datetime as dt

import pytest
from django.utils import timezone

from lienthong.gateway.constants import SystemKind
from lienthong.gateway.models import FailedCall, Heartbeat
from lienthong.gateway.services.credentials import system_create
from lienthong.gateway.services.reports import heartbeat_record
from lienthong.org.models import HeadAssignment
from tests.backoffice.web_given import PASSWORD as OFFICER_PASSWORD
from tests.board.undelivered import undelivered_pair
from tests.dossiers.conftest import form_data  # noqa: F401 — fixture
from tests.e2e.browser import artifacts_dir, skip_without_browser
from tests.e2e.browser_checks import public_browser, server_problems, sign_in_officer

pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]
SIZES = {"phone": (390, 844), "tablet": (820, 1180), "desktop": (1280, 800)}


@pytest.fixture
def connections(province, procedure, form_data):  # noqa: F811
    """The commune centre's one-stop software answering, its document system silent for 40 minutes (degraded),
    the committee's never connected; failed calls and two undelivered events on the one-stop software."""
    centre = province["commune_centre"]
    HeadAssignment.objects.create(agency=centre, full_name="Trần Thị Bình", title="Giám đốc",
                                  starts_on=dt.date(2025, 7, 1))  # fmt: skip
    one_stop = system_create(agency=centre, name="Một cửa phường Trấn Biên", kind=SystemKind.ONE_STOP, vendor="VNPT")
    heartbeat_record(system=one_stop, version="3.2.1", queue_depth=2)
    documents = system_create(agency=centre, name="Quản lý văn bản phường", kind=SystemKind.DOCUMENT_MANAGEMENT)
    silent_since = timezone.now() - dt.timedelta(minutes=40)
    Heartbeat.objects.create(system=documents, at=silent_since, version="1.0", queue_depth=0)
    documents.last_heartbeat_at = silent_since
    documents.save(update_fields=["last_heartbeat_at"])
    system_create(agency=province["committee"], name="Một cửa UBND phường", kind=SystemKind.ONE_STOP)
    FailedCall.objects.create(system=one_stop, at=timezone.now(), operation="dossier_act", status=409,
                              problem="dossier.not_allowed_in_status", latency_ms=18)  # fmt: skip
    undelivered_pair(system=one_stop, province=province, procedure=procedure, form_data=form_data)
    return one_stop


@pytest.mark.parametrize("size", list(SIZES))
def test_the_monitor_drills_down_from_the_board_to_a_systems_undelivered_events(
    chromium, live_server, province, officers, connections, size, caplog
):
    from playwright.sync_api import expect

    width, height = SIZES[size]
    with public_browser(chromium, width=width, height=height, base_url=live_server.url, label=size,
                        shots=artifacts_dir("screenshots", "board", size)) as gate:  # fmt: skip
        page = gate.page
        sign_in_officer(gate, officers["monitor@centre"].username, OFFICER_PASSWORD)
        gate.visit("/backoffice/ket-noi/", "board")
        expect(page.locator("figure.level-chart svg[role=img]")).to_be_visible()  # units per level × state, drawn
        expect(page.locator("table.level-counts")).to_contain_text("Cấp xã")  # and the same counts as a table
        rows = page.locator("table.board tbody tr")
        expect(rows.first).to_contain_text("Chưa kết nối")  # the units that need a call come first
        expect(page.get_by_role("row", name="TTPVHCC phường Trấn Biên")).to_contain_text("Trần Thị Bình")
        with page.expect_navigation():
            page.get_by_role("link", name="TTPVHCC phường Trấn Biên").click()
        gate.check("agency")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Kết nối không ổn định")  # its worst system
        with page.expect_navigation():
            page.get_by_role("link", name="Một cửa phường Trấn Biên").first.click()
        gate.check("system")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Đang kết nối")
        undelivered = page.locator("#su-kien-chua-gui")
        expect(undelivered.get_by_role("row")).to_have_count(3)  # a header and two events
        expect(undelivered).to_contain_text("HTTP 503")
        failures = page.locator("section", has_text="Lượt gọi lỗi gần đây")
        expect(failures).to_contain_text("dossier.not_allowed_in_status")
        with page.expect_navigation():
            page.get_by_role("link", name="Bảng theo dõi kết nối").first.click()
        gate.skip()
        with page.expect_navigation():
            page.get_by_role("link", name="Báo cáo tuân thủ kết nối hằng tháng (PDF, XLSX)").click()
        gate.check("compliance")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Báo cáo tuân thủ kết nối tháng")
        department = page.get_by_role("row", name="Sở Nông nghiệp và Môi trường")  # no system declared: out
        expect(department).to_contain_text("Chưa khai báo hệ thống kết nối")
        expect(page.get_by_role("link", name="Tải PDF")).to_be_visible()
        findings = gate.findings()
    assert not findings, findings
    assert not server_problems(caplog)
