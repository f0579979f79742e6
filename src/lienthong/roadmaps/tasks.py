"""Background work of roadmaps. `roadmaps_check` is periodic: `lienthong scheduler` enqueues it every 15 minutes
(launch/schedule.py), so an item whose automatic evidence becomes true turns green within one run."""

from django.utils import timezone
from django_tasks import task

from lienthong.roadmaps.escalation import escalations_send, reconnect_items_create
from lienthong.roadmaps.evaluation import evidence_evaluate


@task(queue_name="default")
def roadmaps_check() -> int:
    """Make the "reconnect" items of units disconnected past the grace period, check every open item's evidence and
    status, then escalate the overdue ones to their heads (once per item and step). Returns the escalations sent."""
    now = timezone.now()
    reconnect_items_create(now=now)
    evidence_evaluate(now=now)
    return len(escalations_send(now=now))
