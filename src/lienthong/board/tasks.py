"""Background work of the board. `escalations_check` is periodic: `lienthong scheduler` enqueues it every 15
minutes (launch/schedule.py)."""

from django.utils import timezone
from django_tasks import task

from lienthong.board.escalation import escalations_send
from lienthong.board.history import state_changes_record


@task(queue_name="default")
def escalations_check() -> int:
    """Record the systems' state changes (the monthly compliance report's history), then e-mail the heads and the
    monitoring office of the units disconnected past the grace period, once per outage."""
    now = timezone.now()
    state_changes_record(now=now)
    return len(escalations_send(now=now))
