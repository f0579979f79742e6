"""Periodic tasks as data: which task is enqueued how often. `lienthong scheduler` (one process, started by
`lienthong start`) enqueues each one whose interval has elapsed; the worker runs it like any other task.

Tasks are named by dotted path: the table is data, read without importing the apps up front. An interval is
overridden, or a task turned off, by LIENTHONG_SCHEDULE (`name=seconds,name=off`; docs/configuration.md).

Two schedulers may run (a second machine, a restart overlapping the old process): each enqueue is claimed by a
conditional UPDATE of the task's `ScheduledTask` row, in the transaction that writes the task, so one of them
enqueues and the other finds the interval not elapsed (PostgreSQL re-checks the condition after the first one's
commit; SQLite lets one writer in at a time).
"""

import contextlib
import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Periodic:
    task: str  # dotted path of a django-tasks Task taking no argument
    seconds: int  # default interval
    # The task enqueues its own next run (national_poll): the schedule only restarts a chain that was lost, and
    # stays away while a run of it waits, however far ahead.
    self_scheduling: bool = False

    @property
    def name(self) -> str:
        """The key of its `ScheduledTask` row and of LIENTHONG_SCHEDULE: the task's function name."""
        return self.task.rsplit(".", 1)[-1]


SCHEDULE: tuple[Periodic, ...] = (
    # Closed minutes of per-key call counts to `CallStat`; the board reads them.
    Periodic("lienthong.gateway.tasks.call_stats_flush", 60),
    Periodic("lienthong.gateway.tasks.idempotency_purge", 3600),
    # Units disconnected past the grace period: their heads are mailed once per outage.
    Periodic("lienthong.board.tasks.escalations_check", 15 * 60),
    # Roadmap items: reconnect items made, evidence checked (green within one run), overdue ones escalated once.
    Periodic("lienthong.roadmaps.tasks.roadmaps_check", 15 * 60),
    # Polls the portal and re-enqueues itself every LIENTHONG_NATIONAL_POLL_SECONDS; this restarts it after a
    # worker lost the chain. Does nothing while the connector is not configured.
    Periodic("lienthong.national.tasks.national_poll", 300, self_scheduling=True),
    # The safety net under each dossier's own deferred retry (national_sync).
    Periodic("lienthong.national.tasks.national_sync_due", 600),
    # Failed dossiers go again once their cause is gone (a corrected record, a portal back after hours down).
    Periodic("lienthong.national.tasks.national_sync_failed_retry", 3600),
    Periodic("lienthong.news.tasks.visits_flush", 300),
    # Zalo/SMS: what is due (after the quiet hours, a rate window), silent Zalo messages handed to SMS, SMS reports
    # polled, `sending` timed out after 72 h (notify/delivery.py). A few queries when nothing is waiting.
    Periodic("lienthong.notify.tasks.notify_due", 60),
    # Payments pending past 15 minutes asked of the gateway: a lost IPN is found here (docs/payments.md).
    Periodic("lienthong.payments.tasks.payments_query_stale", 300),
    # E-receipts not yet issued (a service down, a refusal, a lost task) asked for again, under the same key.
    Periodic("lienthong.payments.tasks.payments_receipts_due", 300),
    # Yesterday's attempts against the gateway's own list: asked hourly, done by the first run after midnight.
    Periodic("lienthong.payments.tasks.payments_reconcile_nightly", 3600),
    # Sweeps: rows whose wake was lost (a process died between its commit and its on-commit enqueue) and, for
    # webhooks, rescheduled deliveries whose own follow-up was lost.
    Periodic("lienthong.gateway.webhooks.tasks.webhook_deliver", 60),
    Periodic("lienthong.dossiers.tasks.outbox_dispatch", 60),
    # The digest that makes a dossier deleted with its whole trail detectable (`lienthong audit verify`).
    Periodic("lienthong.dossiers.audit_tasks.chain_digest_record", 300),
    # The newest digest written outside the database (LIENTHONG_AUDIT_PUBLISH_DIR / _URL); nothing if neither is set.
    Periodic("lienthong.dossiers.audit_tasks.chain_digest_publish", 24 * 3600),
    # The demo's live systems keep the connection board's story true (demo/traffic.py); one query elsewhere.
    Periodic("lienthong.demo.tasks.demo_traffic", 300),
    # Last month's Decision 766 scores frozen per unit: the first run from the 1st writes them, later runs nothing.
    Periodic("lienthong.reports.tasks.snapshot_monthly", 3600),
    # The dashboard's periods counted again (reports/figure_store.py): a leader's page reads them, never counts.
    Periodic("lienthong.reports.tasks.figures_refresh_hourly", 3600),
    # Each run leaves a result row (the periodic ones alone, a few thousand a day): those of 14 days ago go.
    Periodic("lienthong.core.tasks.task_results_prune", 24 * 3600),
)

OFF = "off"


def schedule_intervals() -> dict[Periodic, dt.timedelta]:
    """Each periodic task still on, with its interval after LIENTHONG_SCHEDULE's overrides."""
    overrides = _overrides(settings.LIENTHONG_SCHEDULE)
    if unknown := set(overrides) - {p.name for p in SCHEDULE}:
        raise ValueError(f"LIENTHONG_SCHEDULE names no periodic task: {', '.join(sorted(unknown))}")
    intervals = {}
    for periodic in SCHEDULE:
        value = overrides.get(periodic.name, str(periodic.seconds))
        if value.lower() != OFF:
            intervals[periodic] = dt.timedelta(seconds=int(value))
    return intervals


def _overrides(raw: str) -> dict[str, str]:
    pairs = [part.split("=", 1) for part in raw.split(",") if part.strip()]
    if any(len(pair) != 2 for pair in pairs):
        raise ValueError(f"LIENTHONG_SCHEDULE must read name=seconds,name=off, not {raw!r}")
    return {name.strip(): value.strip() for name, value in pairs}


@cache
def task_of(path: str):
    return import_string(path)


def schedule_run_due(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue every periodic task whose interval has elapsed; the names of those this call enqueued."""
    from lienthong.core.models import ScheduledTask

    now = now or timezone.now()
    intervals = schedule_intervals()
    if not intervals:
        return []  # every periodic task turned off: nothing to read
    last = dict(ScheduledTask.objects.values_list("name", "last_enqueued_at"))
    _rows_ensure([p.name for p in intervals if p.name not in last])
    enqueued = []
    for periodic, every in intervals.items():
        at = last.get(periodic.name)
        if (at is None or at <= now - every) and _claim_and_enqueue(periodic, every=every, now=now):
            enqueued.append(periodic.name)
    return enqueued


def _rows_ensure(names: list[str]) -> None:
    from lienthong.core.models import ScheduledTask

    for name in names:
        with contextlib.suppress(IntegrityError), transaction.atomic():  # another scheduler created it meanwhile
            ScheduledTask.objects.get_or_create(name=name)


def _claim_and_enqueue(periodic: Periodic, *, every: dt.timedelta, now: dt.datetime) -> bool:
    """Claim this interval's run with a conditional UPDATE, and enqueue it in the same transaction: a scheduler
    that dies in between enqueues nothing and claims nothing, and of two schedulers only one's UPDATE matches."""
    from lienthong.core.models import ScheduledTask

    with transaction.atomic():
        elapsed = Q(last_enqueued_at__isnull=True) | Q(last_enqueued_at__lte=now - every)
        if not ScheduledTask.objects.filter(elapsed, name=periodic.name).update(last_enqueued_at=now):
            return False
        task = task_of(periodic.task)
        if _waiting(task, now=now, any_time=periodic.self_scheduling):
            return False  # the worker has not yet taken the last one: a second would only repeat it
        task.enqueue()
        return True


def _waiting(task, *, now: dt.datetime, any_time: bool) -> bool:
    """A run of `task` not yet taken by a worker that starts by `now` (or at any time, with `any_time`). Only the
    database backend can tell; with another backend every interval enqueues."""
    from django_tasks import TaskResultStatus
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult, get_date_max

    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    ready = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, backend_name=backend.alias, task_path=task.module_path
    )
    if not any_time:
        ready = ready.filter(Q(run_after=get_date_max()) | Q(run_after__lte=now))  # the "max" means no delay
    return ready.exists()
