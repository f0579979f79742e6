"""Background work of complaints: the emails to senders, after the change that caused them has committed."""

from django.utils import timezone
from django_tasks import task

from lienthong.complaints.constants import EmailStatus
from lienthong.complaints.emails import backoff, complaint_email_send
from lienthong.complaints.models import ComplaintEmail


@task(queue_name="default")
def complaint_email_deliver(email_id: int) -> None:
    """Send, and on failure come back later (when the backend can defer) until the attempts run out."""
    if complaint_email_send(email_id=email_id):
        return
    email = ComplaintEmail.objects.filter(pk=email_id, status=EmailStatus.FAILED).only("attempts").first()
    if email is not None and complaint_email_deliver.get_backend().supports_defer:
        later = complaint_email_deliver.using(run_after=timezone.now() + backoff(email.attempts))
        later.enqueue(email_id=email_id)
