"""The periodic digest of all event chains, as a task on the `audit` queue.

`lienthong scheduler` enqueues it every 5 minutes (launch/schedule.py), since a digest is what makes a dossier
deleted with its whole trail detectable (`lienthong audit verify`); `lienthong audit digest` records one at once.
"""

from django_tasks import task

from lienthong.dossiers.services.audit import digest_record


@task(queue_name="audit")
def chain_digest_record() -> str | None:
    """Record a digest of the events since the last one; returns its value, or None when nothing was new."""
    digest = digest_record()
    return digest.digest if digest else None
