"""The periodic digest of all event chains, as a task on the `audit` queue.

The deployment's cron schedules it — `lienthong audit digest` every few minutes, or enqueue this task — since a
digest is what makes a dossier deleted with its whole trail detectable (`lienthong audit verify`).
"""

from django_tasks import task

from lienthong.dossiers.services.audit import digest_record


@task(queue_name="audit")
def chain_digest_record() -> str | None:
    """Record a digest of the events since the last one; returns its value, or None when nothing was new."""
    digest = digest_record()
    return digest.digest if digest else None
