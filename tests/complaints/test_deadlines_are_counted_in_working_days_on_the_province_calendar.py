"""Refusal within 2, answer within 15, publication within 2 working days (Decision 766 index 5.x), on the
province's calendar: weekends, Tết, Hùng Kings' day and the 15:00 cut-off, with the rules as data."""

import datetime as dt

import pytest

from lienthong.complaints import rules
from lienthong.complaints.constants import EventKind
from lienthong.complaints.services import complaint_accept, complaint_answer
from lienthong.core.models import Rule
from tests.complaints.conftest import HCM

pytestmark = pytest.mark.django_db


def _at(*parts) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=HCM)


@pytest.mark.parametrize(
    ("received", "refusal_due", "answer_due"),
    [
        # Friday before Tết 2026: 14/02–22/02 off, so two working days end on the Tuesday after.
        (_at(2026, 2, 13, 10, 0), _at(2026, 2, 24, 10, 0), _at(2026, 3, 13, 10, 0)),
        # Thursday after the 15:00 cut-off: counting starts Friday 07:30, the weekend is skipped.
        (_at(2026, 3, 5, 16, 0), _at(2026, 3, 9, 17, 0), _at(2026, 3, 26, 17, 0)),
        # Friday before Hùng Kings' day (26/4, a Sunday, made up on Monday 27/4) and 30/4–1/5.
        (_at(2026, 4, 24, 9, 0), _at(2026, 4, 29, 9, 0), _at(2026, 5, 20, 9, 0)),
    ],
)
def test_refusal_and_answer_deadlines_skip_weekends_and_holidays(submit, received, refusal_due, answer_due):
    complaint = submit(at=received)

    assert complaint.refusal_due_at == refusal_due
    assert complaint.answer_due_at == answer_due
    assert complaint.due_at == refusal_due  # what is expected first: accept or refuse
    event = complaint.events.get()
    assert event.kind == EventKind.SUBMITTED
    assert event.payload["answer_due_at"] == answer_due.isoformat()


def test_publication_is_due_two_working_days_after_the_answer(submit, officers):
    complaint = submit()
    complaint_accept(complaint=complaint, officer=officers["leader@committee"])
    # Friday 15:30, past the cut-off: Monday and Tuesday are the two days.
    answered = complaint_answer(
        complaint=complaint, officer=officers["leader@committee"], answer="Đã trả kết quả.", at=_at(2026, 3, 13, 15, 30)
    )

    assert answered.publish_due_at == _at(2026, 3, 17, 17, 0)
    assert answered.due_at == answered.publish_due_at


def test_an_administrator_changes_the_periods_without_a_developer(submit):
    Rule.objects.create(key=rules.ANSWER_WORKING_DAYS, value=10)
    Rule.objects.create(key=rules.REFUSAL_WORKING_DAYS, value=3)

    complaint = submit(at=_at(2026, 3, 10, 8, 30))

    assert complaint.refusal_due_at == _at(2026, 3, 13, 8, 30)
    assert complaint.answer_due_at == _at(2026, 3, 24, 8, 30)
