"""Housekeeping of the task queue itself: `lienthong scheduler` enqueues `task_results_prune` daily
(launch/schedule.py), since every run of a task — the periodic ones, a few thousand a day — leaves a result row."""

from django.core.management import call_command
from django_tasks import task
from django_tasks_db import DatabaseBackend

RESULTS_KEPT_DAYS = 14


@task(queue_name="default")
def task_results_prune() -> None:
    """Delete the results of the tasks finished more than RESULTS_KEPT_DAYS ago (django-tasks-db's own command)."""
    if isinstance(task_results_prune.get_backend(), DatabaseBackend):
        call_command("prune_db_task_results", queue_name="*", min_age_days=RESULTS_KEPT_DAYS, verbosity=0)
