"""Background delivery of the outbox: each subscriber gets each event at least once, in order per dossier."""

import datetime as dt
import enum
import logging

from django.db import DatabaseError, connection, transaction
from django.db.models import Min, Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from lienthong.core.events import subscription
from lienthong.dossiers.models import OutboxMessage
from lienthong.dossiers.selectors import event_envelope

log = logging.getLogger(__name__)
BATCH = 200
MAX_ATTEMPTS = 12  # with the backoff below: retries spread over about 17 hours, then dead-lettered
BACKOFF_CAP = dt.timedelta(hours=4)
# How soon to come back for the messages of a dossier another worker was delivering when this one reached them.
BUSY_RETRY = dt.timedelta(seconds=5)


class Outcome(enum.Enum):
    DELIVERED = "delivered"
    FAILED = "failed"
    BUSY = "busy"  # another worker holds the message (or has just delivered it)


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, … doubling, capped at 4 h."""
    return min(dt.timedelta(seconds=30 * 2 ** (attempts - 1)), BACKOFF_CAP)


def outbox_dispatch_wake() -> None:
    """See that a dispatch runs after this moment; called on commit of every change that queued outbox rows.

    A dispatch enqueued but not yet claimed by a worker (READY) will do: a worker claims it only after this check,
    which runs after our commit, so the dispatch reads the outbox with our rows in it. Enqueueing another would cost
    every event a second transaction and leave the worker a row per event with nothing to do. A RUNNING dispatch
    does not count: it may have read its batch before our commit. Backends that keep no rows (the tests' immediate
    backend) always get the task.
    """
    if not _dispatch_pending():
        outbox_dispatch.enqueue()


@task(queue_name="outbox")
def outbox_dispatch() -> int:
    """Deliver what is due; returns how many messages were delivered."""
    delivered, busy = 0, False
    while batch := _due_batch():
        held: set[tuple[str, int]] = set()
        for message in batch:
            key = (message.topic, message.event.dossier_id)
            if key in held:
                continue  # never let a later event of a dossier overtake one that failed or another worker holds
            outcome = _deliver_once(message)
            if outcome is Outcome.DELIVERED:
                delivered += 1
            else:
                held.add(key)
                busy |= outcome is Outcome.BUSY
        if len(batch) < BATCH:
            break
    _follow_up(busy=busy)
    return delivered


def _dispatch_pending(*, by: dt.datetime | None = None) -> bool:
    """A dispatch not yet claimed will start by `by` (default: as soon as a worker is free)."""
    backend = outbox_dispatch.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    starts = Q(run_after=get_date_max()) | Q(run_after__lte=by or timezone.now())  # the "max" means no delay
    return DBTaskResult.objects.filter(
        starts, status=TaskResultStatus.READY, backend_name=backend.alias, queue_name=outbox_dispatch.queue_name,
        task_path=outbox_dispatch.module_path,
    ).exists()  # fmt: skip


def _follow_up(*, busy: bool) -> None:
    """Come back when a message retried later falls due, or soon after another worker's hold on a dossier:
    without this, such a message would wait for the next event anywhere to wake the dispatch."""
    if not outbox_dispatch.get_backend().supports_defer:
        return  # an immediate backend would run it now, and again: the next event's dispatch will do
    now = timezone.now()
    pending = OutboxMessage.objects.filter(delivered_at__isnull=True, dead_at__isnull=True, available_at__gt=now)
    candidates = [pending.aggregate(at=Min("available_at"))["at"], now + BUSY_RETRY if busy else None]
    if not (due := min((at for at in candidates if at is not None), default=None)):
        return
    if not _dispatch_pending(by=due):
        outbox_dispatch.using(run_after=due).enqueue()


def _due_batch() -> list[OutboxMessage]:
    """Due messages in event order, less those queued behind an earlier message of their dossier still waiting."""
    now = timezone.now()
    pending = OutboxMessage.objects.filter(delivered_at__isnull=True, dead_at__isnull=True)
    due = pending.filter(available_at__lte=now).select_related("event").order_by("event_id")[:BATCH]
    waiting = set(pending.filter(available_at__gt=now).values_list("topic", "event__dossier_id").distinct())
    return [m for m in due if (m.topic, m.event.dossier_id) not in waiting]


def _deliver_once(message: OutboxMessage) -> Outcome:
    """Deliver `message` unless another worker has it. On PostgreSQL the message's row stays locked until its
    delivery is recorded, and a worker finding it locked passes it by (SKIP LOCKED), so two workers never both
    deliver it; the handler's own writes commit with the mark. SQLite has no row locks and lets one writer in at
    a time: a transaction there would shut out every receipt for as long as the handler runs, so it delivers as
    before (one worker, as `lienthong start` runs it)."""
    if not connection.features.has_select_for_update_skip_locked:
        return Outcome.DELIVERED if _deliver(message) else Outcome.FAILED
    try:
        with transaction.atomic():
            still_due = OutboxMessage.objects.filter(
                pk=message.pk, delivered_at__isnull=True, dead_at__isnull=True, available_at__lte=timezone.now()
            )
            locked = still_due.select_for_update(skip_locked=True).first()
            if locked is None:
                return Outcome.BUSY
            locked.event = message.event
            return Outcome.DELIVERED if _deliver(locked) else Outcome.FAILED
    except DatabaseError as exc:
        # A handler's database error aborts the transaction, and recording the failure in it fails too: record it
        # after the rollback, with the handler's own error, so the message is retried later as any failure is.
        _failed(message, _first_cause(exc), timezone.now())
        return Outcome.FAILED


def _first_cause(exc: BaseException) -> BaseException:
    """The error that set off a chain ("current transaction is aborted" is only its consequence)."""
    while exc.__context__ is not None:
        exc = exc.__context__
    return exc


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
