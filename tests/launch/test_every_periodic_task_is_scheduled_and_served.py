"""Every task is either periodic, and then in launch/schedule.py, or enqueued by code for a reason of its own; and
every scheduled task runs on a queue the worker of `lienthong start` serves."""

import inspect

from django.conf import settings
from django_tasks.base import Task

from lienthong.launch.management.commands.start import WORKER_QUEUES
from lienthong.launch.schedule import SCHEDULE, task_of
from tests.meta.test_every_task_queue_has_a_worker import _tasks

# Enqueued by the code, each with its own arguments or on commit of its own change; never by the clock.
ON_DEMAND = {
    "lienthong.national.tasks.national_sync",  # per dossier, on commit; its retries are deferred runs of itself
    "lienthong.gateway.webhooks.tasks.webhook_catch_up",  # once, after a webhook subscription is created
    "lienthong.notify.tasks.notify_send",  # per message (also complaints' and escalations' letters), on commit;
    # notify_due (periodic) sends what it missed and retries what the provider refused for now
    "lienthong.payments.tasks.payments_receipts_issue",  # per payment, on commit; payments_receipts_due catches up
    "lienthong.reports.tasks.figures_refresh",  # after facts change (a minute later), or by a page whose figures lag
    "lienthong.notify.tasks.notify_oa_reply",  # once per citizen's message to the Zalo OA, after its webhook answered
    "lienthong.readiness.tasks.readiness_chart_draw",  # after a quarter's survey changes (import, form, closing)
}


def test_every_task_is_scheduled_or_declared_on_demand():
    scheduled = {p.task for p in SCHEDULE}
    for task in _tasks():
        assert task.module_path in scheduled | ON_DEMAND, (
            f"{task.module_path}: add it to launch/schedule.py SCHEDULE if it runs periodically, "
            "else to ON_DEMAND here with the reason"
        )
    assert not scheduled & ON_DEMAND


def test_every_scheduled_task_exists_takes_no_argument_and_its_queue_has_a_worker():
    declared = set(settings.TASKS["default"]["QUEUES"])
    for periodic in SCHEDULE:
        task = task_of(periodic.task)
        assert isinstance(task, Task), periodic.task
        required = [p for p in inspect.signature(task.func).parameters.values() if p.default is p.empty]
        assert not required, f"{periodic.name} is enqueued with no argument"
        assert task.queue_name in declared
        assert WORKER_QUEUES == "*" or task.queue_name in WORKER_QUEUES.split(",")


def test_no_task_still_says_a_cron_of_the_deployment_runs_it():
    for task in _tasks():
        module = inspect.getmodule(task.func)
        for text in (module.__doc__ or "", task.func.__doc__ or ""):
            assert "cron enqueues" not in text and "cron schedules" not in text, task.module_path
