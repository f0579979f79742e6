"""Decision 766's sixth group (satisfaction) on a commune's page of the leaders' dashboard, in a real browser on a
phone (390×844) and a desktop (1280×800), counted from the read model the complaints' events and the ratings keep:
March at the commune desk — two dossiers returned on time, one rated "not satisfied"; two complaints about the
commune, one answered on time and one past its deadline without an answer. The page shows the hand-counted
figures and points, passes axe-core and does not scroll sideways.

Screenshots land in var/test-artifacts/screenshots/dashboard-satisfaction/<size>/.
"""

import pytest
import time_machine

from lienthong.complaints.constants import Kind
from lienthong.complaints.services import Sender, complaint_accept, complaint_answer, complaint_submit
from lienthong.feedback.constants import Criterion
from lienthong.feedback.services import rating_submit
from tests.e2e.browser import artifacts_dir, chromium_executable, skip_without_browser
from tests.e2e.browser_checks import public_browser, server_problems, sign_in_officer
from tests.reports.conftest import at

pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
PASSWORD = "mat-khau-dai-123"  # tests.dossiers.conftest.officers
LAN = Sender(name="Trần Thị Lan", phone="0987654321")


@pytest.fixture
def march(walk, officers, province):
    """Two dossiers received at the commune desk in March, both returned on time, one rated 2/5 ("not satisfied"),
    the other 5/5; two complaints about the commune's committee: one answered on time, one accepted and never
    answered (due 23/3)."""
    for day, score in ((2, 2), (3, 5)):
        dossier = walk.receive(at(day, 8))
        walk.forward(dossier, at(day, 10))
        walk.finish(dossier, at(day + 1, 9))
        dossier = walk.give_back(dossier, at(day + 1, 10))
        with time_machine.travel(at(day + 2, 9), tick=False):
            rating_submit(dossier=dossier, scores=dict.fromkeys(Criterion.values, score))
    leader = officers["leader@committee"]
    for received, answered in ((at(2, 9), at(6, 9)), (at(2, 11), None)):
        with time_machine.travel(received, tick=False):
            complaint = complaint_submit(kind=Kind.REFLECTION, sender=LAN, title="Trả kết quả chậm", content="…",
                                         concerned_agency=province["committee"], at=received)  # fmt: skip
            complaint_accept(complaint=complaint, officer=leader, at=received)
        if answered:
            with time_machine.travel(answered, tick=False):
                complaint_answer(complaint=complaint, officer=leader, answer="Đã xử lý.", at=answered)
    return walk


@pytest.mark.parametrize("size", list(SIZES))
def test_a_communes_satisfaction_group_shows_its_complaints_and_ratings(
    live_server, march, officers, province, size, caplog
):
    from playwright.sync_api import expect

    width, height = SIZES[size]
    with public_browser(chromium_executable(), width=width, height=height, base_url=live_server.url, label=size,
                        shots=artifacts_dir("screenshots", "dashboard-satisfaction", size)) as gate:  # fmt: skip
        page = gate.page
        page.set_default_timeout(60_000)  # a cold page counts its period and draws its charts: slow on a loaded CI
        sign_in_officer(gate, officers["monitor@centre"].username, PASSWORD)
        gate.go("/backoffice/chi-so/?ky=2026-03")
        with page.expect_navigation():
            page.get_by_role("link", name=province["committee"].name).first.click()
        gate.check("commune")
        satisfaction = page.locator("tr.group", has_text="Mức độ hài lòng")
        satisfaction.scroll_into_view_if_needed()
        # Receiving satisfaction: 2 received, none overdue, 1 rated "not satisfied": 1/2 ÷ 90% × 6 → 3,33; PAKN on
        # time 1/2 → 3,00; handling satisfaction (2 − 1 overdue) ÷ 2 → 3,00. The group: 9,33 / 18 (Vietnamese
        # decimals).
        expect(page.get_by_role("row", name="Mức độ hài lòng trong tiếp nhận, giải quyết TTHC")).to_contain_text("3,33")
        expect(page.get_by_role("row", name="Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn")).to_contain_text("3,00")
        expect(page.get_by_role("row", name="Mức độ hài lòng trong xử lý phản ánh, kiến nghị")).to_contain_text("3,00")
        expect(satisfaction).to_contain_text("9,33")
        page.screenshot(path=artifacts_dir("screenshots", "dashboard-satisfaction", size) / "group-6.png")
        findings = gate.findings()
    assert not findings, findings
    assert not server_problems(caplog)
