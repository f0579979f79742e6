"""Every committed outbox row is delivered though receipts within a second of a dispatch enqueue none of their
own: that dispatch drains, looking again until a second after it starts (dossiers/tasks.py, outbox_dispatch_wake).

The later receipt is injected at the critical point: while the dispatch is draining, after it has read the outbox
once and found it empty."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from lienthong.core.events import subscribe, unsubscribe
from lienthong.dossiers import tasks
from lienthong.dossiers.constants import Channel, EventKind
from lienthong.dossiers.models import OutboxMessage
from lienthong.dossiers.services import dossier_receive
from lienthong.dossiers.tasks import WAKE_SHARED_SECONDS, outbox_dispatch

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
TOPIC = "test.drain"


@pytest.fixture
def delivered():
    seen = []
    subscribe(TOPIC, lambda envelope: seen.append(envelope["dossier_code"]), kinds=[EventKind.RECEIVED])
    yield seen
    unsubscribe(TOPIC)


@pytest.fixture
def clock(monkeypatch):
    """A monotonic clock the test moves; the dispatch's pauses move it instead of sleeping."""
    now = [1000.0]
    monkeypatch.setattr(tasks, "_clock", lambda: now[0])
    return now


@pytest.fixture
def receive(province, officers, procedure, applicant, form_data, documents, django_capture_on_commit_callbacks):
    def receive():
        with django_capture_on_commit_callbacks(execute=True):
            return dossier_receive(officer=officers["receiver@commune_centre"], agency=province["commune_centre"],
                                   version=procedure, channel=Channel.COUNTER, applicant=applicant,
                                   form_data=form_data, documents_present=documents)  # fmt: skip

    return receive


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False)
def test_a_receipt_committed_while_the_dispatch_drains_is_delivered_by_it(receive, delivered, clock, monkeypatch):
    first = receive()
    (waiting,) = DBTaskResult.objects.all()
    later = []

    def pause(seconds):  # the dispatch has delivered the first receipt and found the outbox empty since
        clock[0] += seconds
        if not later:
            clock[0] += 0.3  # the next receipt's commit, 0.3 s + the pause after the first enqueued the dispatch
            later.append(receive())
            assert DBTaskResult.objects.count() == 1  # it relied on the draining dispatch: none of its own

    monkeypatch.setattr(tasks, "_pause", pause)
    outbox_dispatch.call(**waiting.args_kwargs["kwargs"])

    assert delivered == [first.code, later[0].code]
    assert not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False)
def test_the_dispatch_looks_once_more_after_its_second_and_then_stops(receive, delivered, clock, monkeypatch):
    receive()
    looks = []
    original = tasks._deliver_due

    def look():
        looks.append(clock[0])
        return original()

    monkeypatch.setattr(tasks, "_deliver_due", look)
    monkeypatch.setattr(tasks, "_pause", lambda seconds: clock.__setitem__(0, clock[0] + seconds))

    outbox_dispatch.call(drain_seconds=WAKE_SHARED_SECONDS)

    assert looks[-1] >= looks[0] + WAKE_SHARED_SECONDS > looks[-2]
    assert len(delivered) == 1


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False)
def test_a_dispatch_that_delivered_comes_back_for_a_sweep(receive, delivered):
    receive()
    DBTaskResult.objects.all().delete()  # the dispatch the receipt enqueued, as if a worker were running it

    outbox_dispatch.call()

    (sweep,) = DBTaskResult.objects.filter(status="READY").values_list("run_after", flat=True)
    assert sweep == dt.datetime(2026, 3, 2, 9, 1, tzinfo=HCM)
    assert len(delivered) == 1
