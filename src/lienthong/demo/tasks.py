"""Background work of the demo: its systems' traffic (lienthong.demo.traffic), every 5 minutes by the scheduler."""

from django_tasks import task

from lienthong.demo.traffic import demo_traffic_tick


@task(queue_name="default")
def demo_traffic() -> int:
    """The demo's live systems send a heartbeat and a minute of calls; nothing outside the demo."""
    return demo_traffic_tick()
