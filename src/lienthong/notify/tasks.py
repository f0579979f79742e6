"""Background work of notify: one message's send, and the periodic job the scheduler enqueues every minute
(launch/schedule.py)."""

from django_tasks import task

from lienthong.notify.delivery import message_send, notify_due_run


@task(queue_name="default")
def notify_send(message_id: int) -> str:
    return message_send(message_id=message_id)


@task(queue_name="default")
def notify_due() -> dict:
    return notify_due_run()


@task(queue_name="default")
def notify_oa_reply(user_id: str, text: str) -> bool:
    """The OA's answer to a citizen who wrote to it (notify.oa), sent after the webhook has answered Zalo."""
    from lienthong.notify.oa import oa_reply_send

    return oa_reply_send(user_id=user_id, text=text).accepted
