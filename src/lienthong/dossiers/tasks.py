"""Background delivery of the outbox: each subscriber gets each event at least once, in order per dossier."""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from lienthong.core.events import subscription
from lienthong.dossiers.models import OutboxMessage
from lienthong.dossiers.selectors import event_envelope

log = logging.getLogger(__name__)
BATCH = 200
MAX_ATTEMPTS = 12  # with the backoff below: retries spread over about 17 hours, then dead-lettered
BACKOFF_CAP = dt.timedelta(hours=4)


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, … doubling, capped at 4 h."""
    return min(dt.timedelta(seconds=30 * 2 ** (attempts - 1)), BACKOFF_CAP)


@task(queue_name="outbox")
def outbox_dispatch() -> int:
    """Deliver what is due; returns how many messages were delivered."""
    delivered = 0
    while batch := _due_batch():
        failed: set[tuple[str, int]] = set()
        for message in batch:
            key = (message.topic, message.event.dossier_id)
            if key in failed:
                continue  # never let a later event of a dossier overtake one that just failed
            if _deliver(message):
                delivered += 1
            else:
                failed.add(key)
        if len(batch) < BATCH:
            break
    return delivered


def _due_batch() -> list[OutboxMessage]:
    """Due messages in event order, less those queued behind an earlier message of their dossier still waiting."""
    now = timezone.now()
    pending = OutboxMessage.objects.filter(delivered_at__isnull=True, dead_at__isnull=True)
    due = pending.filter(available_at__lte=now).select_related("event").order_by("event_id")[:BATCH]
    waiting = set(pending.filter(available_at__gt=now).values_list("topic", "event__dossier_id").distinct())
    return [m for m in due if (m.topic, m.event.dossier_id) not in waiting]


def _deliver(message: OutboxMessage) -> bool:
    target = subscription(message.topic)
    now = timezone.now()
    try:
        if target is None:
            raise LookupError(f"no subscriber registered for topic {message.topic!r}")
        target.handler(event_envelope(message.event))
    except Exception as exc:  # noqa: BLE001 — any failure of a subscriber means "try again later"
        _failed(message, exc, now)
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(delivered_at=now, attempts=message.attempts + 1)
    return True


def _failed(message: OutboxMessage, exc: Exception, now: dt.datetime) -> None:
    attempts = message.attempts + 1
    changes = {"attempts": attempts, "last_error": f"{type(exc).__name__}: {exc}"[:2000]}
    if attempts >= MAX_ATTEMPTS:
        changes["dead_at"] = now
        log.warning("outbox message %s dead after %s attempts: %s", message.pk, attempts, exc)
    else:
        changes["available_at"] = now + backoff(attempts)
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(**changes)
