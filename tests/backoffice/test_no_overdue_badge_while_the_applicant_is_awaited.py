"""Issue 11, point 6: a dossier whose clock is stopped — waiting for the applicant's supplement or payment — is not
shown "Quá hạn" in the inbox, its "Quá hạn" filter, or on its page, and sorts after the work whose clock runs."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from lienthong.dossiers.selectors import Box
from tests.backoffice import scope_given as given
from tests.backoffice.scope_given import as_officer, dossier_url

pytestmark = pytest.mark.django_db
# Received on Tuesday 10/3/2026 08:30 with 3 working days: due Friday 13/3 08:30; looked at a week later.
A_WEEK_LATER = given.TUESDAY_MORNING + dt.timedelta(days=8)
LATE, PAUSED = "Quá hạn", "Tạm dừng tính hạn"


@pytest.fixture
def dossiers(province, officers, procedure):
    with time_machine.travel(given.TUESDAY_MORNING, tick=False):
        running = given.forwarded(province, officers, procedure)
        supplement = given.supplement_requested(province, officers, procedure)
        payment = given.financial_obligation(province, officers, procedure)
    return {"running": running, "supplement": supplement, "payment": payment}


def _row(page: str, code: str) -> str:
    (row,) = [row for row in re.split(r"<tr[ >]", page) if code in row]
    return row


def test_the_inbox_marks_waiting_dossiers_paused_and_only_running_ones_late(officers, dossiers):
    monitor = as_officer(officers["monitor@centre"])
    with time_machine.travel(A_WEEK_LATER, tick=False):
        page = monitor.get(reverse("backoffice:inbox"), {"box": Box.MONITOR}).content.decode()
        late_only = monitor.get(reverse("backoffice:inbox"), {"box": Box.MONITOR, "urgency": "late"}).content.decode()

    assert LATE in _row(page, dossiers["running"].code)
    for waiting in ("supplement", "payment"):
        row = _row(page, dossiers[waiting].code)
        assert PAUSED in row and LATE not in row, waiting
        assert dossiers[waiting].code not in late_only, waiting
    assert dossiers["running"].code in late_only
    # the waiting ones come after the work whose clock runs
    codes = re.findall(r'href="/backoffice/dossiers/\d+/">([^<]+)<', page)
    assert codes.index(dossiers["running"].code) < min(codes.index(dossiers[w].code) for w in ("supplement", "payment"))


def test_the_dossier_page_shows_no_overdue_badge_on_a_dossier_or_step_that_waits(officers, dossiers):
    monitor = as_officer(officers["monitor@centre"])
    with time_machine.travel(A_WEEK_LATER, tick=False):
        waiting_supplement = monitor.get(dossier_url(dossiers["supplement"])).content.decode()
        waiting_payment = monitor.get(dossier_url(dossiers["payment"])).content.decode()
        running = monitor.get(dossier_url(dossiers["running"])).content.decode()

    for page in (waiting_supplement, waiting_payment):
        assert PAUSED in page
        assert f'<span class="badge late">{LATE}</span>' not in page
    # the payment waits at the committee's step: that step waits too
    assert PAUSED in _row(waiting_payment, "Xác nhận hiện trạng")
    assert f'<span class="badge late">{LATE}</span>' in running
