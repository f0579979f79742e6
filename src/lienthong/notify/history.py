"""The messages of dossiers whose history was written in bulk, past the outbox (the demo's past dossiers): what notify
would have sent at each notified event, recorded in the one delivery model as sent then — rendered from the event's
active template in the applicant's language, to the applicant's e-mail address and mobile number (by SMS: the demo's
past has no Zalo), `delivered` at the event's time. Nothing is sent. Once per event and channel (the unique key), so a
second run adds nothing. notify owns the Message table: the demo calls this, it never writes messages itself."""

import datetime as dt

from django.db import transaction

from lienthong.dossiers.models import DossierEvent
from lienthong.dossiers.selectors import event_envelope
from lienthong.notify.constants import CONFIRMED_CHANNELS, NOTICE_SUBJECT, NOTIFIED_KINDS, MessageChannel
from lienthong.notify.models import Message, MessageStatusChange

SENT_AFTER = dt.timedelta(seconds=30)  # the worker's moment after the event's commit
REPORTED_AFTER = dt.timedelta(minutes=1)  # the provider's delivery report


@transaction.atomic
def notices_record_past(*, dossier_ids: list[int]) -> int:
    """The notices of these dossiers' notified events as delivered when each happened; how many were written."""
    from lienthong.dossiers.constants import EventKind
    from lienthong.notify.delivery import _small, active_template, phone_normalise, render
    from lienthong.notify.services import email_render

    events = (
        DossierEvent.objects.filter(dossier_id__in=dossier_ids, kind__in=NOTIFIED_KINDS)
        .select_related("dossier__agency", "dossier__procedure_version", "actor")
        .order_by("dossier_id", "seq")
    )
    taken = set(Message.objects.filter(dossier_id__in=dossier_ids).values_list("event_uuid", "channel"))
    written = 0
    for event in events:
        dossier = event.dossier
        if event.kind == EventKind.SUBMITTED and dossier.channel not in CONFIRMED_CHANNELS:
            continue  # confirmed by the channel it came through
        envelope = event_envelope(event)
        routes = [(MessageChannel.EMAIL, (dossier.applicant_email or "").lower()),
                  (MessageChannel.SMS, phone_normalise(dossier.applicant_phone))]  # fmt: skip
        for channel, recipient in routes:
            if not recipient or (event.uuid, channel) in taken:
                continue
            template = active_template(event.kind, channel, dossier.applicant_language)
            if template is None:
                continue
            if channel == MessageChannel.EMAIL:
                subject, body = email_render(template=template, dossier=dossier, envelope=envelope)
                params = {NOTICE_SUBJECT: subject}
            else:
                body, params = render(template=template, dossier=dossier, envelope=envelope)
            _record(event=event, channel=channel, recipient=recipient, template=template, body=body, params=params,
                    envelope=_small(envelope))  # fmt: skip
            written += 1
    return written


def _record(*, event, channel, recipient, template, body, params, envelope) -> None:
    sent, done = event.at + SENT_AFTER, event.at + REPORTED_AFTER
    message = Message.objects.create(
        event_uuid=event.uuid, kind=event.kind, channel=channel, recipient=recipient, dossier=event.dossier,
        template=template, body=body, params=params, event=envelope, attempts=1, status="delivered",
        send_after=event.at, sent_at=sent, completed_at=done, provider="lịch sử demo",
        detail=params.get(NOTICE_SUBJECT, ""),
    )  # fmt: skip
    Message.objects.filter(pk=message.pk).update(created_at=event.at, updated_at=done)  # auto_now set them to now
    MessageStatusChange.objects.bulk_create([
        MessageStatusChange(message=message, status="created", source="history", at=event.at),
        MessageStatusChange(message=message, status="sending", source="history", at=sent),
        MessageStatusChange(message=message, status="delivered", source="history", at=done),
    ])  # fmt: skip
