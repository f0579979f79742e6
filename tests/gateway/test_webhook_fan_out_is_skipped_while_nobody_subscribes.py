"""While no system has a webhook subscription, a dossier event writes no outbox row for the webhooks' fan-out
(no query per event either); once one subscribes, rows appear at once in the process that created it, and the
events another process left out while it still believed nobody listened are caught up (listening.py)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lienthong.dossiers.models import OutboxMessage
from lienthong.gateway.webhooks import listening
from lienthong.gateway.webhooks.constants import TOPIC
from lienthong.gateway.webhooks.models import WebhookDelivery
from lienthong.gateway.webhooks.services import subscription_create
from lienthong.gateway.webhooks.tasks import webhook_catch_up
from tests.gateway.webhook_support import dossier_through_steps, receiver, run_tasks  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _listening_read_afresh():
    listening.webhooks_listening_forget()
    yield
    listening.webhooks_listening_forget()


def _webhook_rows() -> int:
    return OutboxMessage.objects.filter(topic=TOPIC).count()


def test_no_outbox_row_for_the_webhooks_while_nobody_subscribes(api, local_procedure, new_dossier):
    dossier_through_steps(api, new_dossier, "MC-1", actions=("receive", "forward"))
    assert _webhook_rows() == 0
    assert OutboxMessage.objects.exclude(topic=TOPIC).exists()  # the other subscribers still hear the events


def test_the_answer_is_kept_between_events_and_read_again_after_the_recheck(api, local_procedure, new_dossier,
                                                                          monkeypatch):  # fmt: skip
    now = [1000.0]
    monkeypatch.setattr(listening, "_clock", lambda: now[0])
    assert listening.webhooks_listening() is False
    with CaptureQueriesContext(connection) as captured:
        assert listening.webhooks_listening() is False
    assert captured.captured_queries == []
    now[0] += 5.0  # LIENTHONG_WEBHOOK_RECHECK_SECONDS
    with CaptureQueriesContext(connection) as captured:
        listening.webhooks_listening()
    assert len(captured.captured_queries) == 1


def test_rows_appear_in_this_process_right_after_a_subscription_is_created(
    api,
    system,
    local_procedure,
    new_dossier,
    receiver,  # noqa: F811
):
    dossier_through_steps(api, new_dossier, "MC-1", actions=("receive",))
    assert _webhook_rows() == 0 and listening.webhooks_listening() is False  # the answer "nobody" is kept

    subscription_create(system=system, url=receiver.url, kinds=[])
    receiver.secret = system.webhook_subscriptions.get().secret
    code = dossier_through_steps(api, new_dossier, "MC-2", actions=("receive",))

    assert _webhook_rows() == 2  # submitted, received
    run_tasks()
    assert {r.data["dossier_code"] for r in receiver.delivered()} == {code}


def test_events_another_process_left_out_are_caught_up_after_the_recheck(
    api,
    system,
    local_procedure,
    new_dossier,
    receiver,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    # given a subscription just created, and this process answering "nobody" as another one still might
    with django_capture_on_commit_callbacks(execute=True):
        subscription = subscription_create(system=system, url=receiver.url, kinds=[])
    receiver.secret = subscription.secret
    catch_up = DBTaskResult.objects.get(task_path=webhook_catch_up.module_path)
    assert catch_up.run_after >= timezone.now() + dt.timedelta(seconds=5)
    listening._Known.listening, listening._Known.read_at = False, listening._clock()

    # when events are recorded meanwhile: no outbox row for the webhooks
    code = dossier_through_steps(api, new_dossier, "MC-1", actions=("receive", "forward"))
    assert _webhook_rows() == 0

    # then the catch-up, once due, fans them out, and a second run writes nothing more
    kwargs = catch_up.args_kwargs["kwargs"]
    assert webhook_catch_up.call(**kwargs) == 3  # submitted, received, forwarded
    assert webhook_catch_up.call(**kwargs) == 0
    run_tasks()
    assert [r.data["seq"] for r in receiver.delivered()] == [1, 2, 3]
    assert {r.data["dossier_code"] for r in receiver.delivered()} == {code}
    assert WebhookDelivery.objects.count() == 3


def test_deleting_the_last_subscription_stops_the_rows_in_this_process(api, system, local_procedure, new_dossier):
    subscription = subscription_create(system=system, url="https://a.vn/h", kinds=[])
    dossier_through_steps(api, new_dossier, "MC-1", actions=())
    assert _webhook_rows() == 1
    subscription.delete()
    dossier_through_steps(api, new_dossier, "MC-2", actions=())
    assert _webhook_rows() == 1
