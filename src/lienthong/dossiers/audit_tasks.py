"""The periodic digest of all event chains and its daily publication, as tasks on the `audit` queue.

`lienthong scheduler` enqueues the digest every 5 minutes (launch/schedule.py), since a digest is what makes a
dossier deleted with its whole trail detectable (`lienthong audit verify`), and the publication once a day, which
puts the newest digest outside the database (`LIENTHONG_AUDIT_PUBLISH_DIR` / `_URL`); `lienthong audit digest
[--publish]` does either at once.
"""

from django_tasks import task

from lienthong.dossiers.services.audit import digest_record
from lienthong.dossiers.services.audit_publish import digest_publish


@task(queue_name="audit")
def chain_digest_record() -> str | None:
    """Record a digest of the events since the last one; returns its value, or None when nothing was new."""
    digest = digest_record()
    return digest.digest if digest else None


@task(queue_name="audit")
def chain_digest_publish() -> str | None:
    """Publish the newest digest outside the database; None when it already was or no target is configured. A
    failing target raises: the run is marked failed and the next one publishes it."""
    digest = digest_publish()
    return digest.digest if digest else None
