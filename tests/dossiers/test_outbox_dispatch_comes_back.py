"""The outbox dispatch comes back by itself for what it had to leave: a delivery to retry later, a dossier another
worker was delivering (PostgreSQL: the row is locked and passed by, never delivered twice)."""

import datetime as dt
import os
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from lienthong.core.events import subscribe, unsubscribe
from lienthong.dossiers.constants import Channel, EventKind
from lienthong.dossiers.models import OutboxMessage
from lienthong.dossiers.services import dossier_receive
from lienthong.dossiers.tasks import BUSY_RETRY, backoff, outbox_dispatch

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM)
TOPIC = "test.dispatch"


@pytest.fixture
def delivered():
    seen = []
    subscribe(TOPIC, lambda envelope: seen.append(envelope["seq"]), kinds=[EventKind.RECEIVED])
    yield seen
    unsubscribe(TOPIC)


@pytest.fixture
def receive(province, officers, procedure, applicant, form_data, documents):
    def receive():
        return dossier_receive(officer=officers["receiver@commune_centre"], agency=province["commune_centre"],
                               version=procedure, channel=Channel.COUNTER, applicant=applicant, form_data=form_data,
                               documents_present=documents)  # fmt: skip

    return receive


def _follow_ups() -> list[dt.datetime]:
    """The dispatches waiting to run (not the other tasks the subscribers enqueue, such as the reports' counts)."""
    waiting = DBTaskResult.objects.filter(status="READY", task_path=outbox_dispatch.module_path)
    return sorted(waiting.exclude(run_after__year=9999).values_list("run_after"))


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_failed_delivery_is_retried_when_due_without_waiting_for_another_event(receive):
    def refuse(envelope):
        raise ConnectionRefusedError("subscriber down")

    subscribe(TOPIC, refuse, kinds=[EventKind.RECEIVED])
    try:
        receive()
        DBTaskResult.objects.all().delete()  # the dispatch the receipt enqueued, as if a worker had run it

        outbox_dispatch.call()
    finally:
        unsubscribe(TOPIC)

    message = OutboxMessage.objects.get(topic=TOPIC)
    assert message.available_at == NOW + backoff(1)
    assert _follow_ups() == [(NOW + backoff(1),)]

    # a second run before then schedules nothing more: the follow-up already comes in time
    outbox_dispatch.call()
    assert len(_follow_ups()) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("DATABASE_URL" not in os.environ, reason="row locks need PostgreSQL")
@time_machine.travel(NOW, tick=True)
def test_a_message_another_worker_holds_is_passed_by_and_its_dossier_waits(receive, delivered):
    dossier = receive()
    DBTaskResult.objects.all().delete()  # the dispatch the receipt enqueued, as if this worker were running it
    first = OutboxMessage.objects.get(topic=TOPIC)
    held, release = threading.Event(), threading.Event()

    def other_worker():  # holds the message's row as a worker delivering it would
        try:
            with transaction.atomic():
                OutboxMessage.objects.select_for_update().get(pk=first.pk)
                held.set()
                release.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=other_worker)
    worker.start()
    try:
        assert held.wait(10)
        assert outbox_dispatch.call() >= 0
        assert delivered == []  # not the held message, and nothing of its dossier behind it
        assert OutboxMessage.objects.get(pk=first.pk).delivered_at is None
        (run_after,) = _follow_ups()[-1]
        assert run_after - dt.datetime.now(tz=HCM) <= BUSY_RETRY
    finally:
        release.set()
        worker.join()

    outbox_dispatch.call()
    assert delivered == [1]
    assert OutboxMessage.objects.get(pk=first.pk).delivered_at is not None
    assert dossier.code


@pytest.mark.django_db
@pytest.mark.skipif("DATABASE_URL" not in os.environ, reason="the row-locked delivery runs on PostgreSQL")
@time_machine.travel(NOW, tick=False)
def test_a_subscriber_breaking_the_transaction_is_retried_later_with_its_own_error(receive):
    def broken(envelope):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")

    subscribe(TOPIC, broken, kinds=[EventKind.RECEIVED])
    try:
        receive()
        outbox_dispatch.call()
    finally:
        unsubscribe(TOPIC)

    message = OutboxMessage.objects.get(topic=TOPIC)
    assert (message.attempts, message.delivered_at, message.available_at) == (1, None, NOW + backoff(1))
    assert "no_such_table" in message.last_error
