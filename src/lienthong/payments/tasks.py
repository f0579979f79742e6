"""Periodic work of the payments app (launch/schedule.py)."""

from django_tasks import task

from lienthong.payments.receipting import receipts_issue, receipts_issue_due
from lienthong.payments.reconciling import reconcile_nightly
from lienthong.payments.selectors import online_payment_anywhere, provider_configured
from lienthong.payments.services import payment_query_stale


@task(queue_name="default")
def payments_query_stale() -> dict[str, int]:
    """Attempts pending past 15 minutes asked of the gateway (a lost IPN found); nothing while no gateway is set."""
    if not online_payment_anywhere():
        return {}
    return payment_query_stale()


@task(queue_name="default")
def payments_receipts_issue(transaction_id: int) -> dict[str, int]:
    """The e-receipts of one confirmed payment, one per fee line (enqueued after the payment's commit)."""
    return receipts_issue(transaction_id=transaction_id)


@task(queue_name="default")
def payments_receipts_due() -> dict[str, int]:
    """Payments of the last days whose receipts are not all issued, asked for again; nothing without a service."""
    return receipts_issue_due()


@task(queue_name="default")
def payments_reconcile_nightly() -> dict[str, int]:
    """Yesterday's attempts against the gateway's own list, once (run hourly: the first run after midnight). The
    national platform's v1.0.6 messages have no day list: its attempts are checked one by one by QUERY (above)."""
    if not provider_configured("vnpay"):
        return {}
    run = reconcile_nightly()
    return {} if run is None else {"compared": run.compared, "mismatches": run.mismatches.count()}
