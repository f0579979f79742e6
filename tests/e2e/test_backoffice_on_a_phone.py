"""The back office on a commune officer's phone (390×844, issue 11, item 9): the desk's and the specialist's inbox,
the search, a dossier's page and the complaints, and for the province's monitor the connection board down to a
system. No page scrolls sideways — not even inside a list: every list is one card per row — each passes axe-core
(WCAG 2.1 A/AA, no serious or critical finding) and raises no HTTP or script error, and the inbox's bulk actions
stay on screen, at the bottom, while the desk ticks rows further down.

Screenshots land in var/test-artifacts/screenshots/phone/.
"""

import pytest
from django.utils import timezone

from lienthong.complaints.constants import Kind
from lienthong.complaints.services import Sender, complaint_submit
from lienthong.gateway.constants import SystemKind
from lienthong.gateway.models import FailedCall
from lienthong.gateway.services.credentials import system_create
from lienthong.gateway.services.reports import heartbeat_record
from tests.backoffice import scope_given as given
from tests.backoffice.web_given import PASSWORD as OFFICER_PASSWORD
from tests.e2e.browser import artifacts_dir, skip_without_browser
from tests.e2e.browser_checks import public_browser, server_problems, sign_in_officer

pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]
PHONE = (390, 844)
# Elements that scroll sideways inside the page (not the 1-pixel boxes of text for screen readers): a list cut off at
# the right edge is what a phone must never show.
CUT_OFF = """() => [...document.querySelectorAll('main *')]
  .filter(e => e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
  .map(e => `${e.tagName}.${e.className} ${e.scrollWidth}>${e.clientWidth}`)"""


@pytest.fixture
def commune_at_work(province, officers, procedure):
    """Twelve dossiers at the commune — waiting at the desk, forwarded to the committee, one at the department — a
    complaint about the committee, and the commune centre's one-stop software connected, with a failed call."""
    dossiers = [given.receive(province, officers, procedure, scan=False) for _ in range(6)]
    dossiers += [given.forwarded(province, officers, procedure) for _ in range(5)]
    dossiers.append(given.at_department(province, officers, procedure))
    lan = Sender(name="Trần Thị Lan", phone="0987654321")
    complaint_submit(kind=Kind.REFLECTION, sender=lan, title="Trả kết quả chậm", content="Hồ sơ của tôi quá hẹn.",
                     concerned_agency=province["committee"])  # fmt: skip
    system = system_create(agency=province["commune_centre"], name="Một cửa phường Trấn Biên",
                           kind=SystemKind.ONE_STOP, vendor="VNPT")  # fmt: skip
    heartbeat_record(system=system, version="3.2.1", queue_depth=2)
    FailedCall.objects.create(system=system, at=timezone.now(), operation="dossier_act", status=409,
                              problem="dossier.not_allowed_in_status", latency_ms=18)  # fmt: skip
    return {"dossiers": dossiers, "system": system}


def _nothing_cut_off(gate, name: str) -> None:
    if cut := gate.page.evaluate(CUT_OFF):
        gate.failures.append(f"{name}: cut off at the right edge: {cut}")


def test_commune_officers_and_the_monitor_work_on_a_phone(chromium, live_server, officers, commune_at_work, caplog):
    from playwright.sync_api import expect

    dossier, system = commune_at_work["dossiers"][-2], commune_at_work["system"]
    shots = artifacts_dir("screenshots", "phone")
    with public_browser(chromium, width=PHONE[0], height=PHONE[1], base_url=live_server.url, shots=shots,
                        label="phone") as gate:  # fmt: skip
        page = gate.page
        # the commune's desk: its inbox as cards, ticks a row far down and forwards it with the bar under its thumb
        sign_in_officer(gate, officers[given.DESK].username, OFFICER_PASSWORD)
        gate.visit("/backoffice/", "desk-inbox")
        _nothing_cut_off(gate, "desk-inbox")
        cards = page.locator("table.list tbody tr")
        expect(cards).to_have_count(6)
        last = cards.last
        last.scroll_into_view_if_needed()
        last.get_by_role("checkbox").check()
        forward = page.get_by_role("button", name="Chuyển xử lý")
        expect(forward).to_be_in_viewport()
        box, screen = forward.bounding_box(), page.viewport_size
        assert box["y"] + box["height"] > screen["height"] * 0.8, box  # at the bottom: where the thumb is
        gate.visit("/backoffice/search/?q=nguyen+thi+hoa", "desk-search")
        _nothing_cut_off(gate, "desk-search")
        gate.visit(given.dossier_url(dossier), "desk-dossier")
        _nothing_cut_off(gate, "desk-dossier")
        # the committee's specialist: the dossiers at his step, one of them, the complaints
        with page.expect_navigation():
            page.get_by_role("button", name="Đăng xuất").click()
        gate.skip()
        sign_in_officer(gate, officers["specialist@committee"].username, OFFICER_PASSWORD)
        gate.visit("/backoffice/?box=agency", "specialist-inbox")
        _nothing_cut_off(gate, "specialist-inbox")
        expect(page.locator("table.list tbody tr").first).to_contain_text("Xác nhận hiện trạng")
        gate.visit(given.dossier_url(commune_at_work["dossiers"][6]), "specialist-dossier")
        _nothing_cut_off(gate, "specialist-dossier")
        expect(page.locator("summary", has_text="Hoàn thành bước")).to_be_visible()  # its action, within reach
        gate.visit("/backoffice/pakn/", "specialist-complaints")
        _nothing_cut_off(gate, "specialist-complaints")
        # the province's monitor: the board, the unit, its system
        with page.expect_navigation():
            page.get_by_role("button", name="Đăng xuất").click()
        gate.skip()
        sign_in_officer(gate, officers["monitor@centre"].username, OFFICER_PASSWORD)
        gate.visit("/backoffice/ket-noi/", "board")
        _nothing_cut_off(gate, "board")
        gate.visit(f"/backoffice/ket-noi/co-quan/{system.agency_id}/", "board-agency")
        _nothing_cut_off(gate, "board-agency")
        gate.visit(f"/backoffice/ket-noi/he-thong/{system.pk}/", "board-system")
        _nothing_cut_off(gate, "board-system")
        expect(page.get_by_text("dossier.not_allowed_in_status")).to_be_visible()
        findings = gate.findings()
    assert not findings, findings
    assert not server_problems(caplog)
