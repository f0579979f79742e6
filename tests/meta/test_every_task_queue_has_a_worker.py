"""Every task's queue is declared to the backend, and the worker `lienthong start` runs serves it."""

import importlib
import pkgutil

from django.conf import settings
from django_tasks.base import Task

import lienthong


def _tasks() -> list[Task]:
    found = []
    for module in pkgutil.walk_packages(lienthong.__path__, "lienthong."):
        if module.name.rsplit(".", 1)[-1] in {"tasks", "audit_tasks"}:
            found += [v for v in vars(importlib.import_module(module.name)).values() if isinstance(v, Task)]
    return found


def test_tasks_were_found():
    assert _tasks(), "no task found: the discovery above is out of date"


def test_every_task_queue_is_declared_and_served():
    declared = set(settings.TASKS["default"]["QUEUES"])
    from lienthong.launch.management.commands.start import WORKER_QUEUES

    for task in _tasks():
        assert task.queue_name in declared, f"{task.name}: queue {task.queue_name!r} is not in TASKS QUEUES"
        assert WORKER_QUEUES == "*" or task.queue_name in WORKER_QUEUES.split(",")
