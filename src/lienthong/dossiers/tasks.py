"""Background delivery of the outbox: each subscriber gets each event at least once, in order per dossier.

`outbox_dispatch` is enqueued on commit (`outbox_dispatch_wake`), by itself (`_follow_up`), and every minute by
`lienthong scheduler` as a sweep (launch/schedule.py)."""

import datetime as dt
import enum
import logging
import threading
import time

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
# For this long after a process enqueues a dispatch, its later commits rely on that dispatch instead of enqueueing
# their own; the dispatch keeps reading the outbox for as long after it starts (see `outbox_dispatch_wake`).
WAKE_SHARED_SECONDS = 1.0
DRAIN_PAUSE_SECONDS = 0.1  # between two looks at an outbox with nothing due, while draining
# A dispatch that delivered something comes back this much later, whatever happens meanwhile: a sweep for rows
# whose wake was lost (a process that died between its commit and its on-commit callback).
SWEEP_AFTER = dt.timedelta(minutes=1)


class Outcome(enum.Enum):
    DELIVERED = "delivered"
    FAILED = "failed"
    BUSY = "busy"  # another worker holds the message (or has just delivered it)


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, … doubling, capped at 4 h."""
    return min(dt.timedelta(seconds=30 * 2 ** (attempts - 1)), BACKOFF_CAP)


class _LastWake:
    """When (monotonic clock) this process last enqueued a dispatch that drains; shared by its threads."""

    lock = threading.Lock()
    at = -float("inf")


_clock = time.monotonic  # module attributes, so that a test can move time on and step into the drain
_pause = time.sleep


def outbox_dispatch_wake() -> None:
    """See that a dispatch reads the outbox after this moment; called on commit of every change that queued rows.

    Invariant: every committed outbox row is read by a dispatch that starts or looks again after its commit. A
    process enqueues a dispatch at most once a second, with no query in between:

    - It notes the time `t` before enqueueing. The dispatch is claimed by a worker at some `s ≥ t`, and drains
      (`drain_seconds`): it looks again and again until its own clock says `WAKE_SHARED_SECONDS` have passed since
      `s`, then looks once more. Only durations are compared, each on one machine's clock, so the worker and the
      web server need not agree on the time.
    - A commit whose callback runs at `r < t + WAKE_SHARED_SECONDS` skips enqueueing. It committed before `r`,
      hence before `s + WAKE_SHARED_SECONDS`, hence before the dispatch's last look, which therefore reads its rows.
    - Any other commit enqueues a dispatch of its own, which starts after it.

    A row that look finds but must leave (a delivery to retry later, a dossier another worker holds) gets a
    follow-up dispatch (`_follow_up`). A process that dies between its commit and this callback loses its wake,
    as it did when every commit enqueued: the sweep that follows any dispatch that delivered something, the
    scheduler's sweep every minute and the one `lienthong start` enqueues deliver those rows. A per-process memo
    alone would not do: a dispatch already running may have read the outbox before our commit, which is why it
    drains. An immediate backend (the tests' option) runs the dispatch now, after our commit, and needs neither.
    """
    if not outbox_dispatch.get_backend().supports_defer:
        outbox_dispatch.enqueue()
        return
    now = _clock()
    if 0 <= now - _LastWake.at < WAKE_SHARED_SECONDS:
        return
    outbox_dispatch.enqueue(drain_seconds=WAKE_SHARED_SECONDS)
    with _LastWake.lock:
        _LastWake.at = max(_LastWake.at, now)


def outbox_wake_forget() -> None:
    """Forget this process's last wake, so that the next commit enqueues a dispatch (tests start afresh)."""
    with _LastWake.lock:
        _LastWake.at = -float("inf")


@task(queue_name="outbox")
def outbox_dispatch(drain_seconds: float = 0.0) -> int:
    """Deliver what is due, looking again until `drain_seconds` after the start and once after that; returns how
    many messages were delivered. The waits are short pauses on an outbox with nothing due."""
    until = _clock() + drain_seconds
    delivered, busy = 0, False
    while True:
        began = _clock()
        got, held_busy = _deliver_due()
        delivered, busy = delivered + got, busy or held_busy
        if began >= until:
            break
        if not got:
            _pause(min(DRAIN_PAUSE_SECONDS, max(0.0, until - _clock())))
    _follow_up(busy=busy, swept=delivered > 0)
    return delivered


def _deliver_due() -> tuple[int, bool]:
    """One look at the outbox: deliver every message due, batch after batch; how many, and whether another
    worker held any."""
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
    return delivered, busy


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


def _follow_up(*, busy: bool, swept: bool = False) -> None:
    """Come back when a message retried later falls due, or soon after another worker's hold on a dossier:
    without this, such a message would wait for the next event anywhere to wake the dispatch. After delivering
    something (`swept`), come back in any case within `SWEEP_AFTER`, for rows whose wake was lost."""
    if not outbox_dispatch.get_backend().supports_defer:
        return  # an immediate backend would run it now, and again: the next event's dispatch will do
    now = timezone.now()
    pending = OutboxMessage.objects.filter(delivered_at__isnull=True, dead_at__isnull=True, available_at__gt=now)
    candidates = [
        pending.aggregate(at=Min("available_at"))["at"],
        now + BUSY_RETRY if busy else None,
        now + SWEEP_AFTER if swept else None,
    ]
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
