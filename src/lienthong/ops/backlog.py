"""What is waiting, read at each Prometheus scrape: the task queue, the outbox, the national portal's sync, webhook
and e-mail deliveries. Counts and ages only — never a dossier, a name or a number."""

from dataclasses import dataclass

from django.db.models import Count, Min
from django.utils import timezone


@dataclass(frozen=True)
class Backlog:
    count: int
    oldest_seconds: float  # 0 when nothing waits


def _backlog(rows: dict, *, now) -> Backlog:
    oldest = rows.get("oldest")
    return Backlog(count=rows.get("n") or 0, oldest_seconds=max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)


def task_queues() -> dict[str, Backlog]:
    """Tasks ready to run and not yet taken, per queue (the database backend only: another backend has its own)."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    rows = DBTaskResult.objects.ready().values("queue_name").annotate(n=Count("pk"), oldest=Min("enqueued_at"))
    return {row["queue_name"]: _backlog(row, now=now) for row in rows}


def outbox() -> Backlog:
    """Dossier events not yet handed to their subscriber (neither delivered nor dead-lettered)."""
    from lienthong.dossiers.models import OutboxMessage

    pending = OutboxMessage.objects.filter(delivered_at__isnull=True, dead_at__isnull=True)
    return _backlog(pending.aggregate(n=Count("pk"), oldest=Min("created_at")), now=timezone.now())


def outbox_dead() -> int:
    from lienthong.dossiers.models import OutboxMessage

    return OutboxMessage.objects.filter(dead_at__isnull=False).count()


def national_sync() -> tuple[Backlog, int]:
    """Dossiers the national portal has not yet been told of (since their oldest change), and those failed."""
    from lienthong.national.constants import SyncState
    from lienthong.national.models import NationalSync

    pending = NationalSync.objects.filter(state=SyncState.PENDING)
    lag = _backlog(pending.aggregate(n=Count("pk"), oldest=Min("updated_at")), now=timezone.now())
    return lag, NationalSync.objects.filter(state=SyncState.FAILED).count()


def webhooks() -> tuple[Backlog, int]:
    from lienthong.gateway.webhooks.constants import DeliveryState
    from lienthong.gateway.webhooks.models import WebhookDelivery

    pending = WebhookDelivery.objects.filter(state=DeliveryState.PENDING)
    waiting = _backlog(pending.aggregate(n=Count("pk"), oldest=Min("created_at")), now=timezone.now())
    return waiting, WebhookDelivery.objects.filter(state=DeliveryState.DEAD).count()


def email_failures() -> int:
    """E-mails a mail server refused that wait for their retry (their message still `created` after an attempt)."""
    from lienthong.notify.constants import MessageChannel, MessageStatus
    from lienthong.notify.models import Message

    return Message.objects.filter(channel=MessageChannel.EMAIL, status=MessageStatus.CREATED, attempts__gt=0).count()
