"""Periodic work of the payments app (launch/schedule.py)."""

from django_tasks import task

from lienthong.payments.selectors import online_payment_on
from lienthong.payments.services import payment_query_stale


@task(queue_name="default")
def payments_query_stale() -> dict[str, int]:
    """Attempts pending past 15 minutes asked of the gateway (a lost IPN found); nothing while no gateway is set."""
    if not online_payment_on():
        return {}
    return payment_query_stale()
