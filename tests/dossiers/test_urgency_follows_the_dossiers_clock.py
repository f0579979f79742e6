"""One rule decides "overdue" for every badge and list (lienthong.dossiers.urgency): a dossier waiting for the
applicant has its clock stopped (Decree 61 art. 19(4)) and is never overdue; a finished one was late only if it
finished after its due date (Decision 766); a running one is late past its deadline."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from lienthong.dossiers.constants import Status
from lienthong.dossiers.urgency import Urgency, dossier_urgency, step_urgency

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 3, 18, 10, 0, tzinfo=HCM)  # a Wednesday morning
YESTERDAY = NOW - dt.timedelta(days=1)
THIS_AFTERNOON = NOW.replace(hour=16)
NEXT_WEEK = NOW + dt.timedelta(days=7)
EARLIER, LATER = YESTERDAY - dt.timedelta(hours=1), YESTERDAY + dt.timedelta(hours=1)

# (status, due, finished, expected)
DOSSIERS = [
    pytest.param(Status.PROCESSING, YESTERDAY, None, Urgency.LATE, id="processing past its due date"),
    pytest.param(Status.RECEIVED, THIS_AFTERNOON, None, Urgency.TODAY, id="received, due this afternoon"),
    pytest.param(Status.PROCESSING, NEXT_WEEK, None, Urgency.NONE, id="processing, due next week"),
    pytest.param(Status.SUPPLEMENT_REQUESTED, YESTERDAY, None, Urgency.PAUSED, id="waiting for a supplement"),
    pytest.param(Status.FINANCIAL_OBLIGATION, YESTERDAY, None, Urgency.PAUSED, id="waiting for a payment"),
    pytest.param(Status.SUPPLEMENT_REQUESTED, THIS_AFTERNOON, None, Urgency.PAUSED, id="paused, not due today"),
    pytest.param(Status.RESULT_READY, YESTERDAY, EARLIER, Urgency.NONE, id="finished on time, not yet collected"),
    pytest.param(Status.RETURNED, YESTERDAY, EARLIER, Urgency.NONE, id="returned, finished on time"),
    pytest.param(Status.RETURNED, YESTERDAY, LATER, Urgency.LATE, id="returned, finished late"),
    pytest.param(Status.REFUSED, YESTERDAY, None, Urgency.NONE, id="refused: nothing is due"),
    pytest.param(Status.STOPPED, YESTERDAY, None, Urgency.NONE, id="stopped: nothing is due"),
    pytest.param(Status.SUBMITTED, None, None, Urgency.UNRECEIVED, id="submitted online, not received"),
]


@pytest.mark.parametrize(("status", "due", "finished", "expected"), DOSSIERS)
def test_a_dossiers_urgency_follows_its_clock(status, due, finished, expected):
    assert dossier_urgency(status=status, due_at=due, finished_at=finished, now=NOW) == expected


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        (Status.PROCESSING, YESTERDAY, Urgency.LATE),
        (Status.PROCESSING, THIS_AFTERNOON, Urgency.TODAY),
        (Status.FINANCIAL_OBLIGATION, YESTERDAY, Urgency.PAUSED),
        (Status.SUPPLEMENT_REQUESTED, YESTERDAY, Urgency.PAUSED),
    ],
)
def test_a_step_waits_with_its_dossier(status, due, expected):
    assert step_urgency(dossier_status=status, due_at=due, now=NOW) == expected
