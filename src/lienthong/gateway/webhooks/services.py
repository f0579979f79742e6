"""Writes of the webhooks: subscriptions, the fan-out from the outbox, delivery with retries, replay.

Nothing is lost if a process dies: the outbox row of an event is marked delivered only once the fan-out has
written its `WebhookDelivery` rows (on PostgreSQL in the same transaction; the fan-out is idempotent, so a
repeated outbox delivery writes nothing twice), and a delivery is marked delivered only after the receiver's 2xx.
A death between the receiver's 2xx and that mark sends the event again, with the same webhook-id.
"""

import datetime as dt
import json
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.dossiers.models import DossierEvent, StepInstance
from lienthong.dossiers.selectors import national_status_code
from lienthong.gateway.errors import GatewayError
from lienthong.gateway.models import ConnectedSystem
from lienthong.gateway.selectors import agency_dossiers_q
from lienthong.gateway.webhooks import transport
from lienthong.gateway.webhooks.addresses import url_refused_address
from lienthong.gateway.webhooks.constants import (
    BATCH,
    MESSAGE_STATUS,
    NOTICE_KINDS,
    PAYLOAD_WITHHELD,
    RETRIED_STATUSES,
    DeliveryState,
)
from lienthong.gateway.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookNotice, WebhookSubscription
from lienthong.gateway.webhooks.signing import secret_generate, signed_headers

log = logging.getLogger(__name__)
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
URL_INVALID = "webhook_url_invalid"
URL_NOT_ALLOWED = "webhook_url_not_allowed"
URL_MAX_LENGTH = WebhookSubscription._meta.get_field("url").max_length
KIND_UNKNOWN = "webhook_kind_unknown"
CATCH_UP_MARGIN = dt.timedelta(seconds=30)


# -- subscriptions -------------------------------------------------------------------------------------------------


def url_check(url: str) -> str:
    """https, or http to this machine only (development and tests): events carry dossier data. And never to an
    internal address unless the operator allows its range: the province's servers must not be made to call their
    own network (addresses.py; checked again on every delivery)."""
    parts = urlsplit(url)
    local = parts.scheme == "http" and parts.hostname in LOCAL_HOSTS
    if len(url) > URL_MAX_LENGTH:
        raise GatewayError(URL_INVALID, _("Địa chỉ nhận dài quá %(max)d ký tự.") % {"max": URL_MAX_LENGTH},
                           field="url")  # fmt: skip
    if not parts.hostname or not (parts.scheme == "https" or local):
        raise GatewayError(URL_INVALID, _("Địa chỉ nhận phải dùng https (http chỉ cho localhost)."), field="url",
                           url=url)  # fmt: skip
    if (refused := url_refused_address(url)) is not None:
        names = {"host": parts.hostname, "address": refused}
        if parts.hostname.strip("[]") == str(refused):
            message = _("Địa chỉ nhận %(address)s là địa chỉ nội bộ: chỉ được gửi tới địa chỉ công khai trên "
                        "Internet.") % names  # fmt: skip
        else:
            message = _("Địa chỉ nhận %(host)s trỏ tới %(address)s, một địa chỉ nội bộ: chỉ được gửi tới địa chỉ "
                        "công khai trên Internet.") % names  # fmt: skip
        raise GatewayError(URL_NOT_ALLOWED, message, field="url", url=url)
    return url


def kinds_check(kinds: list[str]) -> list[str]:
    from lienthong.dossiers.constants import EventKind

    if unknown := sorted(set(kinds) - set(EventKind.values) - set(NOTICE_KINDS)):
        raise GatewayError(KIND_UNKNOWN, _("Loại sự kiện không có: %(kinds)s.") % {"kinds": ", ".join(unknown)})
    return sorted(set(kinds))


def subscription_create(*, system: ConnectedSystem, url: str, kinds: list[str]) -> WebhookSubscription:
    """A new subscription with a generated secret; the caller shows `secret` once."""
    return WebhookSubscription.objects.create(system=system, url=url_check(url), kinds=kinds_check(kinds),
                                              secret=secret_generate())  # fmt: skip


@transaction.atomic
def subscription_rotate_secret(*, subscription: WebhookSubscription) -> WebhookSubscription:
    """A new secret; the old one still signs (beside it) for the overlap, so the receiver can switch."""
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    overlap = dt.timedelta(seconds=settings.LIENTHONG_WEBHOOK_SECRET_OVERLAP)
    subscription.previous_secret, subscription.previous_secret_until = subscription.secret, timezone.now() + overlap
    subscription.secret = secret_generate()
    subscription.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
    return subscription


def subscription_delete(*, subscription: WebhookSubscription) -> None:
    subscription.delete()


def subscription_secrets_reencrypt() -> int:
    """Write every stored secret again under the first key of LIENTHONG_SECRETS_KEY (after a key rotation, before
    the old key is dropped); how many subscriptions. Each row is locked while rewritten: a rotation meanwhile
    is not undone."""
    count = 0
    for pk in WebhookSubscription.objects.values_list("pk", flat=True).order_by("pk"):
        with transaction.atomic():
            row = WebhookSubscription.objects.select_for_update().filter(pk=pk).first()
            if row is not None:
                row.save(update_fields=["secret", "previous_secret"])  # the field encrypts with the first key
                count += 1
    return count


def secrets_in_use(subscription: WebhookSubscription, now: dt.datetime) -> list[str]:
    until = subscription.previous_secret_until
    if subscription.previous_secret and until is not None and until > now:
        return [subscription.secret, subscription.previous_secret]
    return [subscription.secret]


# -- fan-out (an outbox subscriber) --------------------------------------------------------------------------------


def webhook_fan_out(envelope: dict) -> None:
    """Write a delivery for every active subscription that wants this event: those of the agency that received
    the dossier or holds one of its steps. Idempotent: the outbox may hand the same event over twice."""
    wanted = [s for s in _subscriptions_of(envelope["dossier_id"], envelope["agency_id"])
              if not s.kinds or envelope["kind"] in s.kinds]  # fmt: skip
    if not wanted:
        return
    event_id = DossierEvent.objects.values_list("pk", flat=True).get(uuid=envelope["id"])
    now = timezone.now()
    WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(subscription=s, event_id=event_id, dossier_id=envelope["dossier_id"], available_at=now)
         for s in wanted],
        ignore_conflicts=True,
    )  # fmt: skip
    transaction.on_commit(_wake)


def _subscriptions_of(dossier_id: int, agency_id: int) -> list[WebhookSubscription]:
    """The active subscriptions of the agency that received the dossier and of those holding one of its steps."""
    agencies = {agency_id} | set(StepInstance.objects.filter(dossier_id=dossier_id).values_list("agency_id", flat=True))
    return list(WebhookSubscription.objects.filter(is_active=True, system__is_active=True,
                                                   system__agency_id__in=agencies))  # fmt: skip


def message_status_notice(*, dossier_id: int, agency_id: int, data: dict, at: dt.datetime) -> WebhookNotice | None:
    """A message to the applicant changed status (notify's signal, in its transaction): a notice for every
    subscription of the dossier's agencies that names `message_status`; None when no one does."""
    from lienthong.gateway.webhooks.listening import webhooks_listening

    if not webhooks_listening():  # a province where no system listens pays no query per status change
        return None
    wanted = [s for s in _subscriptions_of(dossier_id, agency_id) if MESSAGE_STATUS in s.kinds]
    if not wanted:
        return None
    notice = WebhookNotice.objects.create(kind=MESSAGE_STATUS, dossier_id=dossier_id, at=at, data=data)
    WebhookDelivery.objects.bulk_create([WebhookDelivery(subscription=s, notice=notice, dossier_id=dossier_id,
                                                         available_at=timezone.now()) for s in wanted])  # fmt: skip
    transaction.on_commit(_wake)
    return notice


def message_status_heard(sender, *, message, status: str, at: dt.datetime, **kwargs) -> None:
    """notify's `message_status_changed`: a notice of a message about a dossier (letters about no dossier have no
    agency to tell). The recipient is withheld, as every contact is (PAYLOAD_WITHHELD)."""
    if message.dossier_id is None:
        return
    dossier = message.dossier
    data = {
        "id": str(message.uuid), "reference": str(message.event_uuid), "dossier_code": dossier.code,
        "kind": message.kind, "channel": message.channel, "status": status, "error_code": message.error_code,
        "fallback_of": str(message.fallback_of.uuid) if message.fallback_of_id else None,
        "created_at": message.created_at.isoformat(), "sent_at": message.sent_at and message.sent_at.isoformat(),
        "completed_at": message.completed_at and message.completed_at.isoformat(),
    }  # fmt: skip
    message_status_notice(dossier_id=dossier.pk, agency_id=dossier.agency_id, data=data, at=at)


def _wake() -> None:
    from lienthong.gateway.webhooks.tasks import webhook_deliver

    webhook_deliver.enqueue()


def subscription_catch_up_later(*, subscription_ids: list[int]) -> None:
    """After this transaction, see that these subscriptions (just created or re-activated) get every event recorded
    from now on, including those a process still believing nobody listened wrote no outbox row for
    (gateway/webhooks/listening.py): the catch-up runs once every process has read the answer again."""
    if not subscription_ids:
        return
    now = timezone.now()
    since = (now - CATCH_UP_MARGIN).isoformat()  # the margin: event times come from other machines' clocks
    at = now + dt.timedelta(seconds=settings.LIENTHONG_WEBHOOK_RECHECK_SECONDS) + CATCH_UP_MARGIN

    def enqueue() -> None:
        from lienthong.gateway.webhooks.tasks import webhook_catch_up

        later = webhook_catch_up.using(run_after=at) if webhook_catch_up.get_backend().supports_defer else None
        for pk in subscription_ids:
            (later or webhook_catch_up).enqueue(subscription_id=pk, since=since)

    transaction.on_commit(enqueue)


def subscription_catch_up(*, subscription_id: int, since: dt.datetime) -> int:
    """Write a delivery to this subscription for every event it wants recorded since `since` (the fan-out's
    choice: its agency received the dossier or holds one of its steps); how many were new. Idempotent."""
    subscription = (
        WebhookSubscription.objects.filter(pk=subscription_id, is_active=True, system__is_active=True)
        .select_related("system")
        .first()
    )
    if subscription is None:
        return 0
    events = DossierEvent.objects.filter(agency_dossiers_q(subscription.system.agency_id, dossier="dossier"),
                                         at__gte=since)  # fmt: skip
    if event_kinds := set(subscription.kinds) - set(NOTICE_KINDS):
        events = events.filter(kind__in=event_kinds)
    elif subscription.kinds:  # notices only: they are written when they happen, not caught up
        return 0
    wanted = dict(events.values_list("pk", "dossier_id"))
    had = WebhookDelivery.objects.filter(subscription=subscription, event_id__in=wanted).values_list("event_id")
    missing = sorted(set(wanted) - {pk for (pk,) in had})
    now = timezone.now()
    WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(subscription=subscription, event_id=pk, dossier_id=wanted[pk], available_at=now)
         for pk in missing],
        ignore_conflicts=True,  # the fan-out may write the same one meanwhile
    )  # fmt: skip
    if missing:
        transaction.on_commit(_wake)
    return len(missing)


# -- delivery ------------------------------------------------------------------------------------------------------


def schedule() -> list[int]:
    """Seconds to wait after the 1st, 2nd, … failed attempt; one attempt more than its length, then dead."""
    return [int(part) for part in str(settings.LIENTHONG_WEBHOOK_SCHEDULE).split(",") if part.strip()]


def webhook_body(event: DossierEvent) -> str:
    """The JSON a receiver gets (Standard Webhooks' {type, timestamp, data}); the same bytes on every attempt."""
    dossier = event.dossier
    data = {
        "id": str(event.uuid), "kind": event.kind, "seq": event.seq, "at": event.at.isoformat(),
        "dossier_code": dossier.code, "status_before": event.status_before, "status_after": event.status_after,
        "national_status": national_status_code(event.status_after),
        "payload": {k: v for k, v in event.payload.items() if k not in PAYLOAD_WITHHELD},
    }  # fmt: skip
    envelope = {"type": f"dossier.{event.kind}", "timestamp": event.at.isoformat(), "data": data}
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def notice_body(notice: WebhookNotice) -> str:
    """A notice's JSON: `message.status` with notify's fields (docs/integration.md); the same bytes every attempt."""
    envelope = {"type": notice.kind.replace("_", "."), "timestamp": notice.at.isoformat(), "data": notice.data}
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def webhook_deliver_due() -> int:
    """Send every delivery that is due, in event order per (subscription, dossier); how many were delivered.

    A dossier's later event waits while an earlier one is pending (failed and rescheduled, or held by another
    worker); it goes once the earlier one is delivered or dead-lettered."""
    delivered = 0
    while batch := _due_batch():
        held: set[tuple[int, int]] = set()
        for delivery in batch:
            key = (delivery.subscription_id, delivery.dossier_id)
            if key in held:
                continue
            state = _send_once(delivery)
            if state == DeliveryState.DELIVERED:
                delivered += 1
            elif state != DeliveryState.DEAD:
                held.add(key)
        if len(batch) < BATCH or len(held) == len(batch):
            break
    return delivered


def _due_batch() -> list[WebhookDelivery]:
    now = timezone.now()
    pending = WebhookDelivery.objects.filter(state=DeliveryState.PENDING, subscription__is_active=True)
    waiting = set(pending.filter(available_at__gt=now).values_list("subscription_id", "dossier_id").distinct())
    due = (
        pending.filter(available_at__lte=now)
        .select_related("subscription", "event__dossier", "notice")
        # events in their order (a notice after them: it is written when it happens, with its own order of ids)
        .order_by(F("event_id").asc(nulls_last=True), "id", "subscription_id")[:BATCH]
    )
    return [d for d in due if (d.subscription_id, d.dossier_id) not in waiting]


def _send_once(delivery: WebhookDelivery) -> str | None:
    """Send unless another worker has it (None). On PostgreSQL the row stays locked through the POST and the
    mark, and other workers pass it by (SKIP LOCKED); SQLite runs one worker (`lienthong start`)."""
    if not connection.features.has_select_for_update_skip_locked:
        return _send(delivery)
    with transaction.atomic():
        locked = (
            WebhookDelivery.objects.filter(
                pk=delivery.pk, state=DeliveryState.PENDING, available_at__lte=timezone.now()
            )  # fmt: skip
            .select_for_update(skip_locked=True)
            .first()
        )
        if locked is None:
            return None
        locked.subscription, locked.event, locked.notice = delivery.subscription, delivery.event, delivery.notice
        return _send(locked)


def _send(delivery: WebhookDelivery) -> str:
    now = timezone.now()
    subscription = delivery.subscription
    body = webhook_body(delivery.event) if delivery.event_id else notice_body(delivery.notice)
    headers = signed_headers(msg_id=delivery.webhook_id, at=now, body=body,
                             secrets_in_use=secrets_in_use(subscription, now))  # fmt: skip
    answer = transport.post(subscription.url, body.encode(), headers, timeout=settings.LIENTHONG_WEBHOOK_TIMEOUT)
    WebhookAttempt.objects.create(delivery=delivery, at=now, status=answer.status, latency_ms=answer.latency_ms,
                                  error=answer.error[:2000])  # fmt: skip
    delivery.attempts += 1
    delivery.last_status, delivery.last_error = answer.status, answer.error[:2000]
    if answer.status is not None and 200 <= answer.status < 300:
        delivery.state, delivery.delivered_at = DeliveryState.DELIVERED, now
    elif not answer.refused and _retried(answer.status) and delivery.attempts <= len(delays := schedule()):
        wait = delays[delivery.attempts - 1]
        if answer.retry_after is not None:  # honoured, within the schedule's longest wait
            wait = max(wait, min(answer.retry_after, max(delays)))
        delivery.available_at = now + dt.timedelta(seconds=wait)
    else:
        delivery.state, delivery.dead_at = DeliveryState.DEAD, now
        log.warning("webhook delivery %s dead after %s attempts: %s", delivery.pk, delivery.attempts, answer.error)
    delivery.save(update_fields=["attempts", "last_status", "last_error", "state", "delivered_at", "available_at",
                                 "dead_at"])  # fmt: skip
    return delivery.state


def _retried(status: int | None) -> bool:
    return status is None or status >= 500 or status in RETRIED_STATUSES


def webhook_next_due(*, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the earliest rescheduled delivery falls due (the task comes back then).

    Only a future instant counts. After a pass, a delivery already due and still pending is held behind an earlier
    event of its dossier — rescheduled (it goes after that one's time, which counts here) or in another worker's
    hands (which comes back itself) — or new (its fan-out's wake is queued): coming back "now" for it would spin the
    worker on one unit's dead endpoint, starving every other task of the outbox queue."""
    pending = WebhookDelivery.objects.filter(state=DeliveryState.PENDING, subscription__is_active=True,
                                             available_at__gt=now or timezone.now())  # fmt: skip
    return pending.order_by("available_at").values_list("available_at", flat=True).first()


@transaction.atomic
def delivery_replay(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a dead letter again, with a fresh schedule and its original webhook-id (receivers de-duplicate)."""
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.state != DeliveryState.DEAD:
        raise GatewayError("webhook_not_dead", _("Chỉ gửi lại được lượt gửi đã thành thư chết."), status=409)
    delivery.state, delivery.attempts, delivery.dead_at = DeliveryState.PENDING, 0, None
    delivery.available_at = timezone.now()
    delivery.save(update_fields=["state", "attempts", "dead_at", "available_at"])
    transaction.on_commit(_wake)
    return delivery
