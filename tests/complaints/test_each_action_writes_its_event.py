"""Every write goes through a service that records who did what and when; a refused action writes nothing."""

import datetime as dt

import pytest

from lienthong.complaints.constants import EventKind, Status
from lienthong.complaints.errors import ComplaintError
from lienthong.complaints.models import Complaint, ComplaintEvent
from lienthong.complaints.services import (
    complaint_accept,
    complaint_answer,
    complaint_forward,
    complaint_publish,
    complaint_refuse,
    monitoring_agency,
)
from lienthong.notify.models import Message
from tests.complaints.conftest import HCM, LAN, TUESDAY_MORNING

pytestmark = pytest.mark.django_db
LATER = TUESDAY_MORNING + dt.timedelta(hours=2)


def _events(complaint) -> list[tuple[str, str, str, str]]:
    return list(
        ComplaintEvent.objects.filter(complaint=complaint)
        .order_by("at", "id")
        .values_list("kind", "actor__username", "status_before", "status_after")
    )


def test_submission_gets_an_unguessable_code_and_goes_to_the_concerned_agency(submit, province):
    complaint = submit()

    assert complaint.code.startswith("PAKN-260310-") and len(complaint.code) == len("PAKN-260310-") + 6
    assert complaint.agency == province["committee"]
    assert complaint.sender_phone == "0987654321"  # spaces dropped
    assert _events(complaint) == [(EventKind.SUBMITTED, None, "", Status.RECEIVED)]


def test_without_an_agency_the_province_monitoring_office_handles_it(submit, province, officers):
    complaint = submit(concerned_agency=None)

    assert complaint.agency == monitoring_agency() == province["centre"]  # the provincial agency of the monitors


def test_accept_answer_publish_each_record_their_event(submit, officers):
    complaint = submit()
    officer = officers["specialist@committee"]

    complaint_accept(complaint=complaint, officer=officer, at=LATER)
    complaint_answer(complaint=complaint, officer=officer, answer="Hồ sơ đã được trả ngày 12/3.", at=LATER)
    published = complaint_publish(
        complaint=complaint, officer=officers["leader@committee"], public_content="Hồ sơ đất đai quá hẹn.", at=LATER
    )

    assert published.status == Status.PUBLISHED and published.published and published.due_at is None
    assert published.public_content == "Hồ sơ đất đai quá hẹn."
    assert _events(complaint) == [
        (EventKind.SUBMITTED, None, "", Status.RECEIVED),
        (EventKind.ACCEPTED, "specialist.committee", Status.RECEIVED, Status.ACCEPTED),
        (EventKind.ANSWERED, "specialist.committee", Status.ACCEPTED, Status.ANSWERED),
        (EventKind.PUBLISHED, "leader.committee", Status.ANSWERED, Status.PUBLISHED),
    ]
    assert complaint.events.get(kind=EventKind.ANSWERED).payload["on_time"] is True


def test_refusal_records_the_reason_and_queues_the_email(submit, officers):
    complaint = submit()

    complaint_refuse(complaint=complaint, officer=officers["receiver@committee"], reason="Không thuộc thẩm quyền.",
                     at=LATER)  # fmt: skip

    event = complaint.events.get(kind=EventKind.REFUSED)
    assert (event.actor, event.payload) == (officers["receiver@committee"], {"reason": "Không thuộc thẩm quyền."})
    letter = Message.objects.get()  # notify's delivery model: keyed by the event, sent once it commits
    assert (letter.event_uuid, letter.kind, letter.recipient) == (event.uuid, "complaint_refused", "lan@example.vn")
    assert "Không thuộc thẩm quyền." in letter.body


def test_forwarding_moves_it_to_another_agency_and_records_both(submit, officers, province):
    complaint = submit()

    complaint_forward(complaint=complaint, officer=officers["receiver@committee"], to_agency=province["department"],
                      note="Thuộc lĩnh vực đất đai cấp tỉnh.", at=LATER)  # fmt: skip

    complaint.refresh_from_db()
    assert complaint.agency == province["department"] and complaint.status == Status.RECEIVED
    payload = complaint.events.get(kind=EventKind.FORWARDED).payload
    assert payload["from"]["name"] == "UBND phường Trấn Biên"
    assert payload["to"]["name"] == "Sở Nông nghiệp và Môi trường"
    # Now the department's, no longer the committee's.
    with pytest.raises(ComplaintError) as refused:
        complaint_accept(complaint=complaint, officer=officers["receiver@committee"])
    assert refused.value.code == ComplaintError.NOT_PERMITTED


def test_refusal_after_two_working_days_is_refused_and_writes_nothing(submit, officers):
    complaint = submit()  # Tuesday 08:30: refusal due Thursday 08:30

    with pytest.raises(ComplaintError) as refused:
        complaint_refuse(complaint=complaint, officer=officers["leader@committee"], reason="Trùng lặp.",
                         at=dt.datetime(2026, 3, 12, 9, 0, tzinfo=HCM))  # fmt: skip

    assert refused.value.code == ComplaintError.REFUSAL_PERIOD_OVER
    assert Complaint.objects.get().status == Status.RECEIVED
    assert [kind for kind, *_ in _events(complaint)] == [EventKind.SUBMITTED]


@pytest.mark.parametrize(
    ("action", "code"),
    [
        (lambda c, o: complaint_answer(complaint=c, officer=o, answer="Trả lời"), ComplaintError.NOT_ALLOWED_IN_STATUS),
        (lambda c, o: complaint_publish(complaint=c, officer=o), ComplaintError.NOT_ALLOWED_IN_STATUS),
        (lambda c, o: complaint_refuse(complaint=c, officer=o, reason="  "), ComplaintError.REASON_REQUIRED),
    ],
)
def test_out_of_order_or_empty_actions_are_refused(submit, officers, action, code):
    complaint = submit(at=None, sender=LAN)

    with pytest.raises(ComplaintError) as refused:
        action(complaint, officers["leader@committee"])

    assert refused.value.code == code
    assert ComplaintEvent.objects.count() == 1
