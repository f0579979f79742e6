"""Zalo, SMS and e-mail through one delivery model (issue 15; docs/notifications.md).

Routing per event (`phone_on_event`, the outbox subscriber of PHONE_TOPIC): Zalo ZNS first when the applicant has a
phone, SMS when Zalo refuses with a hard error (not on Zalo, rejects ZNS, out of quota, phone invalid), fails
technically or no receipt comes within LIENTHONG_ZNS_RECEIPT_SECONDS; e-mail goes beside them to any address
(services.email_on_event, the outbox retrying it). A channel the citizen opted out of is skipped.

Exactly once per (event, channel, recipient): the Message row's unique key is taken before anything is sent, and a
message leaves `created` for `sending` in its own committed transaction under a row lock before the provider is
called, so a second worker, a redelivered event or a repeated callback finds it taken. A worker that dies after the
claim leaves it `sending` without the provider's reference: an SMS is sent again with the same RequestId, which the
gateway answers "124 duplicate" (nothing goes out twice); a Zalo message is never sent again (Zalo does not promise
to de-duplicate tracking_id) — its receipt timeout hands it to SMS.

Status model (Notify's): created → sending → delivered | permanent-failure | temporary-failure | technical-failure;
a final status never changes again; each change is a MessageStatusChange row. `notify_due` (the periodic job) sends
what is due, hands silent Zalo messages to SMS, polls the SMS gateway and times out what is `sending` after 72 h.
"""

import datetime as dt
import functools
import logging
import re
import uuid
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template import Context
from django.utils import timezone, translation

from lienthong.core.ratelimit import rate_parse, window_hit
from lienthong.dossiers.constants import EventKind
from lienthong.dossiers.models import Dossier
from lienthong.notify import texts
from lienthong.notify.constants import (
    CONFIRMED_CHANNELS,
    FINAL_STATUSES,
    LETTER_SUBJECT,
    NOT_SENT_CONFIRMED_ELSEWHERE,
    NOT_SENT_NO_ADDRESS,
    NOT_SENT_NO_CHANNEL,
    NOT_SENT_NO_TEMPLATE,
    NOT_SENT_OPTED_OUT,
    NOT_SENT_REASONS,
    ONE_TIME_CODE,
    SENDING_TIMEOUT_SECONDS,
    ZNS_OUT_OF_QUOTA,
    MessageChannel,
    MessageStatus,
)
from lienthong.notify.links import track_link
from lienthong.notify.models import Message, MessageStatusChange, MessageTemplate, OptOut
from lienthong.notify.providers import (
    provider_for,
    provider_name,
    sms_configured,
    zns_configured,
    zns_quota_left,
)
from lienthong.notify.signals import message_status_changed

log = logging.getLogger("lienthong.notify")
PHONE_VN = re.compile(r"84[35789][0-9]{8}")
NEXT_CHANNEL = {MessageChannel.ZNS: MessageChannel.SMS}


def phone_normalise(raw: str) -> str:
    """A Vietnamese mobile number in Zalo's 84xxxxxxxxx form, or "" when it is not one."""
    digits = re.sub(r"[^0-9]", "", raw or "")
    if digits.startswith("0"):
        digits = "84" + digits[1:]
    elif len(digits) == 9:
        digits = "84" + digits
    return digits if PHONE_VN.fullmatch(digits) else ""


def opted_out(channel: str, recipient: str) -> bool:
    return OptOut.objects.filter(channel=channel, recipient=recipient).exists()


def active_template(kind: str, channel: str, language: str = "") -> MessageTemplate | None:
    """The event's active template on this channel, in `language` (the applicant's) or else the site's language when
    it has one, else Vietnamese."""
    from lienthong.notify.letters import letter_template

    return letter_template(kind, channel, language)


def channel_ready(channel: str) -> bool:
    if channel == MessageChannel.ZNS:
        return zns_configured() and zns_quota_left()
    if channel == MessageChannel.SMS:
        return sms_configured()
    return True


# -- time ----------------------------------------------------------------------------------------------------------


def _quiet_hours() -> tuple[dt.time, dt.time] | None:
    text = (settings.LIENTHONG_NOTIFY_QUIET_HOURS or "").strip()
    if not text or text.lower() == "off":
        return None
    start, _, end = text.partition("-")
    return dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())


def send_time(now: dt.datetime, kind: str) -> dt.datetime:
    """`now`, or the end of the quiet hours (22:00–07:00 by default) when `now` falls in them; a one-time code is
    never held back (the citizen is waiting for it)."""
    hours = _quiet_hours()
    if hours is None or kind == ONE_TIME_CODE:
        return now
    local = timezone.localtime(now)
    start, end = hours
    clock = local.time()
    quiet = (clock >= start or clock < end) if start > end else (start <= clock < end)
    if not quiet:
        return now
    day = local.date() + dt.timedelta(days=1) if start > end and clock >= start else local.date()
    return dt.datetime.combine(day, end, tzinfo=local.tzinfo)


# -- creating messages ---------------------------------------------------------------------------------------------


def phone_on_event(envelope: dict[str, Any]) -> None:
    """Route one dossier event to the applicant's phone: Zalo if it can, else SMS (the outbox subscriber)."""
    dossier = Dossier.objects.select_related("agency", "procedure_version").get(pk=envelope["dossier_id"])
    phone = phone_normalise(dossier.applicant_phone)
    # A notice the phone does not get is recorded once, on SMS (the phone's last resort), with why.
    if envelope["kind"] == EventKind.SUBMITTED and dossier.channel not in CONFIRMED_CHANNELS:
        message_not_sent(channel=MessageChannel.SMS, recipient=phone, dossier=dossier, envelope=envelope,
                         reason=NOT_SENT_CONFIRMED_ELSEWHERE)  # fmt: skip
        return  # confirmed by the channel it came through
    if not phone:
        message_not_sent(channel=MessageChannel.SMS, recipient="", dossier=dossier, envelope=envelope,
                         reason=NOT_SENT_NO_ADDRESS)  # fmt: skip
        return
    message = phone_route(recipient=phone, dossier=dossier, envelope=envelope)
    if message is None:
        message_not_sent(channel=MessageChannel.SMS, recipient=phone, dossier=dossier, envelope=envelope,
                         reason=_phone_reason(envelope["kind"], phone))  # fmt: skip
        return
    transaction.on_commit(lambda m=message.pk: _enqueue(m))


def _phone_reason(kind: str, recipient: str) -> str:
    """Why neither Zalo nor SMS took the notice: the citizen's choice first, then the IT officer's, then the set-up."""
    reasons = set()
    for channel in (MessageChannel.ZNS, MessageChannel.SMS):
        if not channel_ready(channel):
            reasons.add(NOT_SENT_NO_CHANNEL)
        elif opted_out(channel, recipient):
            reasons.add(NOT_SENT_OPTED_OUT)
        else:
            reasons.add(NOT_SENT_NO_TEMPLATE)
    return next(r for r in (NOT_SENT_OPTED_OUT, NOT_SENT_NO_TEMPLATE, NOT_SENT_NO_CHANNEL) if r in reasons)


def message_not_sent(*, channel: str, recipient: str, dossier: Dossier | None, envelope: dict[str, Any],
                     reason: str) -> Message:  # fmt: skip
    """Record that this event's notice was not sent on this channel, and why (NOT_SENT_REASONS): a final `not-sent`
    message the officer sees on the dossier's timeline and the delivery rates count apart. Once per event and channel:
    a redelivered event finds the row (whichever recipient it named)."""
    existing = Message.objects.filter(event_uuid=envelope["id"], channel=channel, resend_of=None).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            message = Message.objects.create(
                event_uuid=envelope["id"], kind=envelope["kind"], channel=channel, recipient=recipient,
                dossier=dossier, event=_small(envelope), send_after=timezone.now(), error_code=reason,
                detail=str(NOT_SENT_REASONS[reason]),
            )  # fmt: skip
            _change(message, MessageStatus.NOT_SENT, "route", reason)
    except IntegrityError:  # another worker recorded it a moment ago
        return Message.objects.get(event_uuid=envelope["id"], channel=channel, recipient=recipient, resend_of=None)
    return message


def phone_route(*, recipient: str, dossier: Dossier | None, envelope: dict[str, Any]) -> Message | None:
    """The event's message to a phone: on Zalo if it can take it (set up, a template, not opted out, quota left
    today), else on SMS; None when neither can."""
    for channel in (MessageChannel.ZNS, MessageChannel.SMS):
        message = message_create(channel=channel, recipient=recipient, dossier=dossier, envelope=envelope)
        if message is not None:
            return message
    return None


def message_create(*, channel: str, recipient: str, dossier: Dossier | None, envelope: dict[str, Any],
                   fallback_of: Message | None = None, text: str = "",
                   params: dict[str, Any] | None = None) -> Message | None:  # fmt: skip
    """The message for this event on this channel, created once (None when the channel cannot take it: not set
    up, no active template, opted out, Zalo's quota spent). `text` is the body of a message without a template,
    `params` its parameters (an e-mail's subject, LETTER_SUBJECT)."""
    kind = envelope["kind"]
    if not channel_ready(channel) or (kind != ONE_TIME_CODE and opted_out(channel, recipient)):
        return None
    template = active_template(kind, channel, dossier.applicant_language if dossier else "")
    if template is None and not text:
        return None
    key = {"event_uuid": envelope["id"], "channel": channel, "recipient": recipient, "resend_of": None}
    existing = Message.objects.filter(**key).first()
    if existing is not None:
        return existing
    body, params = (
        (text, dict(params or {}))
        if template is None
        else render(template=template, dossier=dossier, envelope=envelope)
    )
    now = timezone.now()
    try:
        with transaction.atomic():
            message = Message.objects.create(
                event_uuid=envelope["id"], kind=kind, channel=channel, recipient=recipient, dossier=dossier,
                template=template, body=body, params=params, event=_small(envelope), send_after=send_time(now, kind),
                fallback_of=fallback_of,
            )  # fmt: skip
            _change(message, MessageStatus.CREATED, "create", fallback_of and f"thay cho {fallback_of.channel}")
    except IntegrityError:  # another worker created it a moment ago: the unique key kept it to one
        return Message.objects.get(**key)
    return message


def _small(envelope: dict[str, Any]) -> dict[str, Any]:
    return {key: envelope.get(key) for key in ("id", "kind", "dossier_id", "status_after", "payload")}


def render(*, template: MessageTemplate, dossier: Dossier | None, envelope: dict[str, Any]) -> tuple[str, dict]:
    """The SMS text (fitted to its segments, the link kept whole) or the ZNS params (each cut to its kind's limit)."""
    from lienthong.notify.letters import LETTER_EVENTS, letter_render
    from lienthong.notify.services import LANGUAGE, email_context

    if template.kind in LETTER_EVENTS:  # a letter's values were checked and written when it was queued
        _subject, text, params = letter_render(template, envelope.get("payload") or {})
        return text, params
    with translation.override(template.language or LANGUAGE):
        values = email_context(dossier=dossier, envelope=envelope) if dossier else dict(envelope.get("payload") or {})
        values["track_url"] = track_link(dossier.code or "") if dossier else ""
        text = " ".join(_compiled(template.body).render(Context(values, autoescape=False)).split())
    if template.channel == MessageChannel.ZNS:
        params = {name: texts.zns_value(values.get(name, ""), kind) for name, kind in (template.params or {}).items()}
        return text, params
    link = values["track_url"] if values["track_url"] not in text else ""
    if template.channel == MessageChannel.SMS and not settings.LIENTHONG_SMS_UNICODE:
        text = texts.without_diacritics(text)
    return texts.sms_fit(text, link, max_segments=settings.LIENTHONG_SMS_MAX_SEGMENTS), {}


@functools.lru_cache(maxsize=256)
def _compiled(text: str):
    """A template's text compiled once per process (a new version is a new text)."""
    from lienthong.notify.services import email_template_compile

    return email_template_compile(text)


def _enqueue(message_id: int) -> None:
    from lienthong.notify.tasks import notify_send

    notify_send.enqueue(message_id)


# -- status --------------------------------------------------------------------------------------------------------


def _change(message: Message, status: str, source: str, detail: str | None = "") -> None:
    """Record a new status (never from a final one); the caller holds the row."""
    now = timezone.now()
    message.status = status
    if status in FINAL_STATUSES:
        message.completed_at = now
    message.save()
    MessageStatusChange.objects.create(message=message, status=status, source=source, detail=(detail or "")[:500],
                                       at=now)  # fmt: skip
    message_status_changed.send(sender=Message, message=message, status=status, at=now)


def _fallback(message: Message, reason: str) -> Message | None:
    """Hand the event to the next channel (Zalo → SMS), once: the unique key holds however often this runs."""
    channel = NEXT_CHANNEL.get(message.channel)
    if channel is None or message.fallbacks.exists():
        return None
    nxt = message_create(channel=channel, recipient=message.recipient, dossier=message.dossier,
                         envelope=message.event or {"id": str(message.event_uuid), "kind": message.kind},
                         fallback_of=message, text=message.body if message.kind == ONE_TIME_CODE else "")  # fmt: skip
    if nxt is not None:
        log.info("message %s: %s → %s (%s)", message.uuid, message.channel, channel, reason)
        transaction.on_commit(lambda m=nxt.pk: _enqueue(m))
    return nxt


# -- sending -------------------------------------------------------------------------------------------------------


def message_send(*, message_id: int) -> str:
    """Send one message if it is due and still `created`; what happened, as a word for logs and tests."""
    now = timezone.now()
    with transaction.atomic():
        # skip_locked: a message another worker is claiming right now is theirs (the periodic run retries the rare
        # claim that rolled back).
        message = Message.objects.select_for_update(skip_locked=True).filter(pk=message_id).first()
        if message is None or message.status != MessageStatus.CREATED:
            return "taken"
        if message.channel == MessageChannel.EMAIL and LETTER_SUBJECT not in message.params:
            return "outbox"  # a dossier notice: the EMAIL_TOPIC subscriber sends it and the outbox retries it
        if message.send_after > now:
            return "not-due"
        later = now if message.channel == MessageChannel.EMAIL else send_time(now, message.kind)
        if later > now:  # created by day, due at night: held until morning (a phone; e-mail wakes nobody)
            message.send_after = later
            message.save(update_fields=["send_after", "updated_at"])
            return "deferred"
        if message.channel == MessageChannel.ZNS and not zns_quota_left():
            _change(message, MessageStatus.PERMANENT_FAILURE, "send", f"{ZNS_OUT_OF_QUOTA}: hết hạn mức trong ngày")
            message.error_code = str(ZNS_OUT_OF_QUOTA)
            message.save(update_fields=["error_code"])
            _fallback(message, "quota")
            return "quota"
        rate = rate_parse(settings.LIENTHONG_NOTIFY_RATES.get(message.channel, "off"))
        if rate is not None:
            verdict = window_hit(f"notify:{message.channel}", rate)
            if not verdict.allowed:
                message.send_after = now + dt.timedelta(seconds=verdict.retry_after)
                message.save(update_fields=["send_after", "updated_at"])
                transaction.on_commit(lambda: _enqueue_at(message_id, message.send_after))
                return "rate-limited"
        message.attempts += 1
        message.sent_at, message.provider = now, provider_name(message.channel)
        _change(message, MessageStatus.SENDING, "send")
    # The claim is committed: whatever happens now, no other worker sends this message.
    return _call_provider(message)


def _enqueue_at(message_id: int, at: dt.datetime) -> None:
    from lienthong.notify.tasks import notify_send

    backend = notify_send.get_backend()
    if backend.supports_defer:
        notify_send.using(run_after=at).enqueue(message_id)
    # else: the periodic notify_due sends it once due


def _call_provider(message: Message) -> str:
    result = provider_for(message.channel).send(message)
    return message_sent(message_id=message.pk, result=result)


def message_sent(*, message_id: int, result) -> str:
    """Record what the provider answered to a send."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        message.error_code, message.detail = result.code, result.detail
        if result.accepted and message.channel == MessageChannel.EMAIL:
            if message.status not in FINAL_STATUSES:  # SMTP has no delivery report: the server's acceptance is all
                _change(message, MessageStatus.DELIVERED, "smtp", result.code)
            return "accepted"
        if result.accepted:
            message.provider_ref = result.provider_ref or message.provider_ref
            message.save()
            if message.status == MessageStatus.SENDING:
                MessageStatusChange.objects.create(
                    message=message,
                    status=MessageStatus.SENDING,
                    source="accepted",
                    detail=f"{result.code} {result.provider_ref}",
                    at=timezone.now(),
                )
            return "accepted"
        if message.status in FINAL_STATUSES:  # a receipt came first (a very fast provider)
            message.save()
            return "already-final"
        if (
            result.technical
            and message.channel in (MessageChannel.SMS, MessageChannel.EMAIL)
            and message.attempts < settings.LIENTHONG_NOTIFY_MAX_ATTEMPTS
        ):
            # Safe to send again: the gateway knows our RequestId, a mail system our Message-ID. Back to `created`,
            # a little later (the periodic notify_due sends it once due).
            message.send_after = timezone.now() + dt.timedelta(seconds=30 * 2**message.attempts)
            _change(message, MessageStatus.CREATED, "retry", result.detail)
            return "retry"
        status = MessageStatus.TECHNICAL_FAILURE if result.technical else MessageStatus.PERMANENT_FAILURE
        _change(message, status, "send", f"{result.code} {result.detail}".strip())
        _fallback(message, result.code or "technical")
        return "refused"


def message_receipt(*, channel: str, reference: str, delivered: bool, source: str = "callback",
                    detail: str = "") -> bool:  # fmt: skip
    """A delivery report, by our uuid (tracking_id / RequestId) or the provider's id: applied once; a repeat or a
    late report on a final message changes nothing. Whether it was applied."""
    with transaction.atomic():
        lookup = Message.objects.select_for_update().filter(channel=channel)
        message = _by_reference(lookup, reference)
        if message is None or message.status in FINAL_STATUSES:
            return False
        _change(message, MessageStatus.DELIVERED if delivered else MessageStatus.PERMANENT_FAILURE, source, detail)
        if not delivered:
            _fallback(message, "report")
        return True


def _by_reference(lookup, reference: str) -> Message | None:
    """Our uuid (the tracking_id / RequestId a report names) first, else the provider's own id."""
    try:
        ours = uuid.UUID(reference)
    except ValueError:
        return lookup.filter(provider_ref=reference).first() if reference else None
    return lookup.filter(uuid=ours).first() or lookup.filter(provider_ref=reference).first()


# -- the periodic job ----------------------------------------------------------------------------------------------


def notify_due_run(*, limit: int = 500) -> dict[str, int]:
    """Everything the clock decides: hand silent Zalo messages to SMS, resend SMS claimed by a worker that died,
    send what is due, poll SMS reports, time out what is `sending` after 72 hours."""
    now = timezone.now()
    counts = {"sent": 0, "fallback": 0, "resent": 0, "polled": 0, "timed_out": 0}
    silent = now - dt.timedelta(seconds=settings.LIENTHONG_ZNS_RECEIPT_SECONDS)
    waiting = Message.objects.filter(channel=MessageChannel.ZNS, status=MessageStatus.SENDING, sent_at__lte=silent)
    for message in waiting.filter(fallbacks__isnull=True)[:limit]:
        with transaction.atomic():
            counts["fallback"] += _fallback(message, "no receipt") is not None
    stuck = now - dt.timedelta(seconds=settings.LIENTHONG_NOTIFY_STUCK_SECONDS)
    # An SMS or a letter's e-mail claimed by a worker that died before recording the answer goes again: the same
    # RequestId (a gateway that had it answers 124 with its SMSID) or Message-ID (a mail system drops a copy).
    claimed = Message.objects.filter(
        Q(channel=MessageChannel.SMS) | Q(channel=MessageChannel.EMAIL, params__has_key=LETTER_SUBJECT),
        status=MessageStatus.SENDING, provider_ref="",
    )  # fmt: skip
    for message in claimed.filter(sent_at__lte=stuck)[:limit]:
        counts["resent"] += 1
        _call_provider(message)
    due = Message.objects.filter(status=MessageStatus.CREATED, send_after__lte=now).order_by("send_after", "pk")
    due = due.exclude(Q(channel=MessageChannel.EMAIL) & ~Q(params__has_key=LETTER_SUBJECT))  # the outbox's to send
    for pk in due.values_list("pk", flat=True)[:limit]:
        counts["sent"] += message_send(message_id=pk) in ("accepted", "refused", "quota")
    poll = now - dt.timedelta(seconds=settings.LIENTHONG_SMS_POLL_SECONDS)
    unreported = Message.objects.filter(channel=MessageChannel.SMS, status=MessageStatus.SENDING, sent_at__lte=poll)
    for message in unreported.exclude(provider_ref="")[:limit]:
        delivered = provider_for(MessageChannel.SMS).status(message)
        if delivered is not None:
            counts["polled"] += message_receipt(
                channel=MessageChannel.SMS, reference=str(message.uuid), delivered=delivered, source="poll"
            )
    counts["timed_out"] = messages_time_out(now=now)
    return counts


def messages_time_out(*, now: dt.datetime) -> int:
    """Give up on what is still `sending` (or never left `created`) 72 hours on: temporary-failure when the provider
    had accepted it, technical-failure when we never knew (Notify's timeout_notifications)."""
    cutoff = now - dt.timedelta(seconds=SENDING_TIMEOUT_SECONDS)
    done = 0
    stale = Message.objects.filter(status__in=[MessageStatus.SENDING, MessageStatus.CREATED], created_at__lte=cutoff)
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            message = Message.objects.select_for_update().get(pk=pk)
            if message.status in FINAL_STATUSES or message.send_after > now:
                continue
            accepted = message.status == MessageStatus.SENDING and message.provider_ref
            status = MessageStatus.TEMPORARY_FAILURE if accepted else MessageStatus.TECHNICAL_FAILURE
            _change(message, status, "timeout", "72 giờ không có báo nhận")
            done += 1
    return done
