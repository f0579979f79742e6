"""Issue 11, point 5, through the back-office pages: "Chuyển xử lý" names the next step, its agency and role before
and after the click; the leader's "Phân công" hands the specialists' step to the one chosen; each step offers the
one action its process gives it ("Phân công", "Hoàn thành bước" or "Phê duyệt"), each saying what it does; a step
taken from a role's pool shows who did it; and Mẫu 06 names who handled each step."""

import html
import re

import pytest
from django.urls import reverse

from lienthong.dossiers.constants import Channel, StepState
from lienthong.dossiers.documents.context import control_slip_rows
from lienthong.dossiers.documents.selectors import document_event
from lienthong.dossiers.services import dossier_receive
from tests.backoffice.scope_given import action_url, as_officer, dossier_url

pytestmark = pytest.mark.django_db
DEPARTMENT = "Sở Nông nghiệp và Môi trường"


@pytest.fixture
def received(province, officers, assigning_procedure, applicant, form_data):
    return dossier_receive(
        officer=officers["receiver@centre"], agency=province["centre"], version=assigning_procedure,
        channel=Channel.COUNTER, applicant=applicant, form_data=form_data,
        documents_present=set(assigning_procedure.documents.values_list("pk", flat=True)),
    )  # fmt: skip


def _text(response) -> str:
    """The page as read: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _act(client, dossier, action: str, **data) -> str:
    response = client.post(action_url(dossier, action), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return _text(client.get(response["Location"]))


def _step(dossier, name: str) -> int:
    return dossier.steps.get(name=name, state=StepState.ACTIVE).pk


def _panels(client, dossier) -> set[str]:
    return set(re.findall(r'id="action-(\w+)"', client.get(dossier_url(dossier)).content.decode()))


def test_each_step_offers_its_action_and_tells_where_the_dossier_goes(received, officers):
    desk = as_officer(officers["receiver@centre"])
    leader = as_officer(officers["leader@department"])
    expert = as_officer(officers["specialist@department"])
    leader_step = f"bước “Phân công xử lý” — {DEPARTMENT} (Lãnh đạo)"

    # before the click, the desk reads where "Chuyển xử lý" sends the dossier; after it, where it went
    assert f"Hồ sơ sẽ được chuyển đến: {leader_step}." in _text(desk.get(dossier_url(received)))
    assert f"Đã chuyển xử lý. Hồ sơ đang ở: {leader_step}." in _act(desk, received, "forward")

    # the leader is offered "Phân công" (not "Hoàn thành bước") at the assignment step, told what it does
    assert {"assign", "complete", "approve"} & _panels(leader, received) == {"assign"}
    page = _text(leader.get(dossier_url(received)))
    assert "“Phân công xử lý”: người được chọn nhận các bước “Thẩm định”; bước phân công hoàn thành." in page
    page = _act(leader, received, "assign", step=_step(received, "Phân công xử lý"),
                assignee=officers["specialist@department"].pk)  # fmt: skip
    assert (
        f"Đã phân công xử lý. Hồ sơ đang ở: bước “Thẩm định” — {DEPARTMENT} (specialist.department); "
        "bước “Xác minh” — UBND phường Trấn Biên (Chuyên viên xử lý)."
    ) in page
    assert received.code in expert.get(reverse("backoffice:inbox"), {"box": "mine"}).content.decode()

    # the specialist completes; while the parallel step is at work the page says the dossier waits for it
    assert "Sau bước “Thẩm định”: hồ sơ chờ các bước song song “Xác minh” hoàn thành rồi mới chuyển tiếp." in _text(
        expert.get(dossier_url(received))
    )
    _act(expert, received, "complete", step=_step(received, "Thẩm định"), note="Không có án tích")
    clerk = as_officer(officers["specialist@committee"])  # of the committee's pool, not assigned
    _act(clerk, received, "complete", step=_step(received, "Xác minh"), note="Đã xác minh")
    _act(expert, received, "complete", step=_step(received, "Lập kết quả"), note="Đã lập phiếu")

    # at the approval the leader is offered "Phê duyệt" only, told the difference and where the result goes
    assert {"assign", "complete", "approve"} & _panels(leader, received) == {"approve"}
    page = _text(leader.get(dossier_url(received)))
    assert "Lãnh đạo đồng ý với kết quả giải quyết" in page
    assert "Sau bước “Phê duyệt”: hồ sơ xử lý xong, kết quả chuyển về TTPVHCC tỉnh để trả cho người nộp." in page
    page = _act(leader, received, "approve", step=_step(received, "Phê duyệt"), note="Đồng ý")
    assert "Đã phê duyệt. Hồ sơ đang ở: đã xử lý xong, chờ Bộ phận Một cửa trả kết quả." in page

    # the steps table names who did each step, with the step's role — the pool's step too
    for name, who, role in [
        ("Phân công xử lý", "leader.department", "Lãnh đạo"),
        ("Xác minh", "specialist.committee", "Chuyên viên xử lý"),
        ("Phê duyệt", "leader.department", "Lãnh đạo"),
    ]:
        assert re.search(rf"{name}( Phân công [^|]*?| [^|]*?)? (Sở|UBND)[^|]*? {who} {role} ", page), name


def test_the_control_slip_names_who_handled_each_step(received, officers):
    desk, leader = as_officer(officers["receiver@centre"]), as_officer(officers["leader@department"])
    _act(desk, received, "forward")
    _act(leader, received, "assign", step=_step(received, "Phân công xử lý"),
         assignee=officers["specialist@department"].pk)  # fmt: skip
    _act(as_officer(officers["specialist@committee"]), received, "complete", step=_step(received, "Xác minh"))

    rows = control_slip_rows(dossier=received, receipt=document_event(dossier=received, kind="received"))
    assert [(row["name"], row["officer"]) for row in rows] == [
        ("Tiếp nhận hồ sơ", "receiver.centre"),
        ("Phân công xử lý", "leader.department"),  # the leader did it, not the specialist named
        ("Thẩm định", "specialist.department"),  # open, assigned
        ("Xác minh", "specialist.committee"),  # taken from the pool: whoever completed it
    ]
