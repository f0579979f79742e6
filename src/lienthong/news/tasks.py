"""Background work of the news app: `lienthong scheduler` enqueues `visits_flush` every 5 minutes
(launch/schedule.py)."""

from django_tasks import task

from lienthong.news.services import visits_flush as visits_flush_now


@task(queue_name="default")
def visits_flush() -> int:
    """Move the visits counted in the cache to the database (with Redis, every process's; news/visitors.py)."""
    return visits_flush_now()
