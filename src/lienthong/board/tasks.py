"""Background work of the board. The deployment's cron enqueues `escalations_check` every 15 minutes or so."""

from django_tasks import task

from lienthong.board.escalation import escalations_send


@task(queue_name="default")
def escalations_check() -> int:
    """E-mail the heads and the monitoring office of the units disconnected past the grace period, once per outage."""
    return len(escalations_send())
