"""The demo's history runs up to its build instant, and the dossiers it leaves open are mostly within their time
limits: the public statistics' "overdue in progress" is a realistic few percent on the first start (about 8 %) and
still modest on the next working day, instead of most of them."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Max

from lienthong.core.calendar_store import work_calendar_current
from lienthong.demo.history import demo_history_build
from lienthong.dossiers.constants import CLOCK_RUNNING_STATUSES as CLOCK_RUNNING
from lienthong.dossiers.constants import Status
from lienthong.dossiers.models import Dossier, DossierEvent
from lienthong.dossiers.selectors import OPEN_STATUSES

from .conftest import built

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 12, 9, 15, 10, tzinfo=HCM)  # a Wednesday afternoon
COUNT = 5000


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker):
    with built(django_db_blocker, history=0):
        yield demo_history_build(count=COUNT, now=NOW)


def _overdue_share(at: dt.datetime) -> float:
    """Overdue in progress ÷ open dossiers whose clock runs: received, not finished, past the due date at `at`."""
    running = Dossier.objects.filter(status__in=CLOCK_RUNNING, received_at__lt=at, finished_at__isnull=True)
    overdue = running.filter(due_at__lt=at).count()
    running = running.count()
    assert running > 100  # enough to measure a share
    return overdue / running


def test_a_realistic_share_of_the_open_dossiers_is_overdue_at_the_build(history):
    assert 0.05 <= _overdue_share(NOW) <= 0.15


def test_the_share_stays_modest_on_the_next_working_day(history):
    next_day = work_calendar_current().add(NOW, 1, "working_days").instant
    assert 0.05 <= _overdue_share(next_day) <= 0.20


def test_the_history_runs_up_to_the_build_with_dossiers_received_today(history):
    last_event = DossierEvent.objects.aggregate(last=Max("at"))["last"]
    assert NOW - dt.timedelta(hours=3) < last_event < NOW
    received_today = Dossier.objects.filter(received_at__gte=NOW.replace(hour=0, minute=0), received_at__lt=NOW)
    assert received_today.count() >= 10


def test_open_dossiers_fall_due_over_the_coming_days_not_all_at_once(history):
    due = Dossier.objects.filter(status__in=OPEN_STATUSES, due_at__gte=NOW).values_list("due_at", flat=True)
    days = {instant.astimezone(HCM).date() for instant in due}
    assert len(days) >= 8
    ready = Dossier.objects.filter(status=Status.RESULT_READY)
    assert ready.exists() and all(d.finished_at <= NOW for d in ready)
