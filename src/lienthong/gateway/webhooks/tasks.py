"""The delivery task: enqueued on commit of a fan-out or a replay, by itself for the next rescheduled delivery,
and every minute by `lienthong scheduler` as a sweep (launch/schedule.py): a delivery whose wake or follow-up was
lost (a process that died between its commit and the enqueue) still goes once its time has come. And the
catch-up after a subscription is created (listening.py)."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from lienthong.gateway.webhooks.services import subscription_catch_up, webhook_deliver_due, webhook_next_due


@task(queue_name="outbox")
def webhook_deliver() -> int:
    """Send the webhook deliveries that are due; come back when the next rescheduled one is."""
    delivered = webhook_deliver_due()
    backend = webhook_deliver.get_backend()
    if backend.supports_defer and (due := webhook_next_due()) is not None and not _pending(backend, due):
        webhook_deliver.using(run_after=max(due, timezone.now())).enqueue()
    return delivered


def _pending(backend, due) -> bool:
    if not isinstance(backend, DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        Q(run_after=get_date_max()) | Q(run_after__lte=due),  # the "max" means no delay
        status=TaskResultStatus.READY, backend_name=backend.alias, task_path=webhook_deliver.module_path,
    ).exists()  # fmt: skip


@task(queue_name="outbox")
def webhook_catch_up(subscription_id: int, since: str) -> int:
    """Fan out to a subscription just created or re-activated the events recorded since `since` (ISO 8601) that
    a process still believing nobody listened left out of the outbox (gateway/webhooks/listening.py)."""
    return subscription_catch_up(subscription_id=subscription_id, since=dt.datetime.fromisoformat(since))
