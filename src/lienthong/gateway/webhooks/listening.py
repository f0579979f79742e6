"""Whether any system listens for webhooks: asked on every dossier event (core/events.py `listening`), so that a
province where no system has subscribed writes no outbox row for the webhooks' fan-out — without a query per event.

Each process keeps the answer for LIENTHONG_WEBHOOK_RECHECK_SECONDS, then reads it again (one `EXISTS`); a change
of a subscription or a system in this process is seen at once (`webhooks_listening_forget`, from signals in
gateway/apps.py). Another process may go on answering "nobody" for up to that many seconds after the first
subscription is created: the events it records then get no outbox row. They are not lost: the creation (or the
re-activation) of a subscription enqueues `webhook_catch_up`, which runs once every process has read the answer
again, and fans out to that subscription every event of its agency recorded since (idempotently: an event that did
reach the fan-out is not delivered twice). The answer is per province, not per agency: the fan-out also serves
the agencies holding a dossier's steps, which could not be known without a query per event.
"""

import threading
import time

from django.conf import settings
from django.db import transaction

from lienthong.gateway.webhooks.models import WebhookSubscription
from lienthong.gateway.webhooks.services import subscription_catch_up_later


class _Known:
    lock = threading.Lock()
    listening: bool | None = None
    read_at = -float("inf")  # monotonic clock
    generation = 0  # moved on by each forget: an answer read before a forget is not kept after it


_clock = time.monotonic  # a module attribute, so that a test can move time on


def webhooks_listening() -> bool:
    """Whether some active system has an active webhook subscription (at most the recheck interval old)."""
    now = _clock()
    with _Known.lock:
        if _Known.listening is not None and now - _Known.read_at < settings.LIENTHONG_WEBHOOK_RECHECK_SECONDS:
            return _Known.listening
        generation = _Known.generation
    listening = WebhookSubscription.objects.filter(is_active=True, system__is_active=True).exists()
    with _Known.lock:
        if _Known.generation == generation:
            _Known.listening, _Known.read_at = listening, now
    return listening


def webhooks_listening_forget() -> None:
    """Read the answer afresh next time (a subscription or a system changed in this process; a new test)."""
    with _Known.lock:
        _Known.listening, _Known.generation = None, _Known.generation + 1


def webhooks_listening_changed(**kwargs) -> None:
    """Forget now, and again after the commit: a read in between (another thread of this process) saw the old
    rows."""
    webhooks_listening_forget()
    transaction.on_commit(webhooks_listening_forget)


def subscription_saved(*, instance: WebhookSubscription, created: bool, update_fields=None, **kwargs) -> None:
    webhooks_listening_changed()
    if instance.is_active and (created or update_fields is None or "is_active" in update_fields):
        subscription_catch_up_later(subscription_ids=[instance.pk])


def system_saved(*, instance, update_fields=None, **kwargs) -> None:
    webhooks_listening_changed()
    if instance.is_active and (update_fields is None or "is_active" in update_fields):
        active = WebhookSubscription.objects.filter(system=instance, is_active=True).values_list("pk", flat=True)
        subscription_catch_up_later(subscription_ids=list(active))
