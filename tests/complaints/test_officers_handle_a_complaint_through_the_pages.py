"""From the list by urgency to publication, through the back-office pages; refusals are Vietnamese messages."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from lienthong.complaints.constants import EventKind, Status
from lienthong.complaints.models import Complaint
from tests.backoffice.scope_given import as_officer
from tests.complaints.conftest import HCM

pytestmark = pytest.mark.django_db


def _act(client, complaint, name, **data):
    return client.post(reverse("complaints_backoffice:action", args=[complaint.pk, name]), data)


def test_accept_answer_publish_through_the_pages(submit, officers, client):
    complaint = submit(at=None)
    desk = as_officer(officers["specialist@committee"])

    assert _act(desk, complaint, "accept").status_code == 302
    assert _act(desk, complaint, "answer", answer="Đã trả kết quả, xin lỗi ông/bà.").status_code == 302
    assert _act(desk, complaint, "publish", public_content="Hồ sơ quá hẹn.").status_code == 302

    complaint.refresh_from_db()
    assert complaint.status == Status.PUBLISHED
    assert list(complaint.events.values_list("kind", flat=True).order_by("at", "id")) == [
        EventKind.SUBMITTED, EventKind.ACCEPTED, EventKind.ANSWERED, EventKind.PUBLISHED,
    ]  # fmt: skip
    page = desk.get(reverse("complaints_backoffice:detail", args=[complaint.pk])).content.decode()
    assert "Lịch sử xử lý" in page and "Công khai kết quả trả lời" in page
    assert "Hồ sơ quá hẹn." in client.get(reverse("complaints:detail", args=[complaint.code])).content.decode()


def test_forwarding_hands_it_over_and_returns_to_the_list(submit, officers, province):
    complaint = submit(at=None)
    desk = as_officer(officers["receiver@committee"])

    response = _act(desk, complaint, "forward", agency=str(province["department"].pk), note="Thuộc cấp tỉnh.")

    assert response.status_code == 302 and response["Location"] == reverse("complaints_backoffice:list")
    assert Complaint.objects.get().agency == province["department"]
    department = as_officer(officers["leader@department"])
    assert department.get(reverse("complaints_backoffice:detail", args=[complaint.pk])).status_code == 200


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("refuse", {"reason": ""}, "Vui lòng ghi lý do từ chối."),
        ("forward", {"agency": "999999"}, "Vui lòng chọn cơ quan."),
        ("answer", {"answer": ""}, "Bạn không thể thực hiện thao tác này"),
        ("nonsense", {}, ""),
    ],
)
def test_bad_actions_are_explained_and_write_nothing(submit, officers, name, data, message):
    complaint = submit(at=None)
    desk = as_officer(officers["receiver@committee"])

    response = _act(desk, complaint, name, **data)

    assert response.status_code in (400, 403, 404)
    assert message in response.content.decode()
    assert complaint.events.count() == 1


def test_a_late_refusal_is_explained(submit, officers):
    complaint = submit()  # Tuesday 10/3 08:30: refusal due Thursday 12/3 08:30
    desk = as_officer(officers["receiver@committee"])

    with time_machine.travel(dt.datetime(2026, 3, 13, 9, 0, tzinfo=HCM), tick=False):
        response = _act(desk, complaint, "refuse", reason="Trùng lặp.")

    assert response.status_code == 400
    assert "Đã quá thời hạn từ chối tiếp nhận" in response.content.decode()
    assert Complaint.objects.get().status == Status.RECEIVED


def test_the_list_puts_overdue_first_with_badges(submit, officers):
    late = submit(title="Quá hạn rồi")  # received 10/3/2026, decision due 12/3
    fresh = submit(title="Mới gửi", at=None)
    desk = as_officer(officers["receiver@committee"])

    page = desk.get(reverse("complaints_backoffice:list")).content.decode()
    late_only = desk.get(reverse("complaints_backoffice:list"), {"urgency": "late"}).content.decode()

    assert page.index(late.code) < page.index(fresh.code)
    assert 'class="badge late"' in page
    assert late.code in late_only and fresh.code not in late_only
