"""Decision 766, "PAKN handled on time": answered on time ÷ (answered + overdue without an answer) in a period."""

import datetime as dt

import pytest

from lienthong.complaints.selectors import complaint_on_time_share
from lienthong.complaints.services import complaint_accept, complaint_answer, complaint_refuse
from tests.complaints.conftest import HCM

pytestmark = pytest.mark.django_db
MARCH = (dt.datetime(2026, 3, 1, tzinfo=HCM), dt.datetime(2026, 4, 1, tzinfo=HCM))


def _at(day: int, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, 9, 0, tzinfo=HCM)


def _answered(submit, officer, *, received, answered):
    complaint = submit(at=received)
    complaint_accept(complaint=complaint, officer=officer, at=received)
    return complaint_answer(complaint=complaint, officer=officer, answer="Đã xử lý.", at=answered)


def test_the_share_counts_on_time_late_and_overdue_unanswered(submit, officers, django_assert_num_queries):
    leader = officers["leader@committee"]
    _answered(submit, leader, received=_at(2), answered=_at(10))  # on time (due 23/3)
    _answered(submit, leader, received=_at(3), answered=_at(20))  # on time (due 24/3)
    _answered(submit, leader, received=_at(2, 2), answered=_at(16))  # late: due 13/3 (Tết in between)
    overdue = submit(at=_at(4))  # due 25/3, never answered
    complaint_accept(complaint=overdue, officer=leader, at=_at(4))
    refused = submit(at=_at(5))
    complaint_refuse(complaint=refused, officer=leader, reason="Trùng lặp.", at=_at(5))
    submit(at=_at(30))  # due in April: not yet counted

    with django_assert_num_queries(1):
        share = complaint_on_time_share(start=MARCH[0], end=MARCH[1], at=_at(15, 4))

    assert (share.answered, share.on_time, share.overdue_unanswered) == (3, 2, 1)
    assert share.rate == 0.5


def test_an_agency_with_nothing_due_has_no_rate(officers, province):
    share = complaint_on_time_share(start=MARCH[0], end=MARCH[1], agency_ids=[province["department"].pk])

    assert share.counted == 0 and share.rate is None
