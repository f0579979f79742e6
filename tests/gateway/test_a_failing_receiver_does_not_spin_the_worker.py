"""A receiver that fails the first event of a dossier holds that dossier's later events (order per dossier). The
delivery task then comes back when the failed one is due again — not at once for the held ones, which would spin the
worker on one unit's dead endpoint and starve every other task of its queue (found by a developer trying the docs:
the worker ran the task ~100 times a second until the subscription was deleted)."""

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lienthong.gateway.webhooks.constants import DeliveryState
from lienthong.gateway.webhooks.models import WebhookDelivery
from lienthong.gateway.webhooks.services import webhook_next_due
from lienthong.gateway.webhooks.tasks import webhook_deliver
from tests.gateway.webhook_support import dossier_through_steps, run_tasks

pytestmark = pytest.mark.django_db


def test_the_task_comes_back_when_the_failed_delivery_is_due_not_for_the_held_ones(
    api, system, local_procedure, new_dossier, receiver, subscription
):
    receiver.answers.append(503)
    dossier_through_steps(api, new_dossier, "MC-9", actions=("receive",))  # submitted, then received
    run_tasks()

    failed, held = WebhookDelivery.objects.order_by("event__seq")
    now = timezone.now()
    assert (failed.state, failed.attempts, failed.available_at > now) == (DeliveryState.PENDING, 1, True)
    assert (held.state, held.attempts, held.available_at <= now) == (DeliveryState.PENDING, 0, True)
    assert len(receiver.received) == 1  # the held one was not sent out of order
    assert webhook_next_due() == failed.available_at
    follow_ups = DBTaskResult.objects.filter(task_path=webhook_deliver.module_path, status=TaskResultStatus.READY)
    assert [f.run_after for f in follow_ups] == [failed.available_at]
