"""Reads of the delivery model for the officers' pages and the citizen's "Hồ sơ của tôi"."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext

from lienthong.notify.constants import FINAL_STATUSES, NOT_SENT_REASONS, MessageChannel, MessageStatus
from lienthong.notify.models import Message


@dataclass(frozen=True)
class TimelineRow:
    id: int
    at: datetime
    kind: str
    channel: str
    channel_label: str
    recipient: str
    status: str
    status_label: str
    detail: str
    fallback: bool
    resend: bool
    final: bool  # a final status: may be sent again (a waiting one may not, nor one that was never sent)
    kind_label: str  # the event it told of, as the applicant reads it
    body: str  # what it said (a Zalo message: the approved text as filled in)
    reason: str = ""  # why it was not sent, or until when it waits (quiet hours, a rate window)


def message_timeline(*, dossier_id: int, with_not_sent: bool = True) -> list[TimelineRow]:
    """Every message about the dossier, oldest first, with its current status and when it last changed (one query):
    what the officer reads before answering "did you not get our message?" — the notices not sent too, with why —
    and what "Hồ sơ của tôi" lists for the applicant (issue 15 item 6; only what was sent)."""
    messages = Message.objects.filter(dossier_id=dossier_id).order_by("created_at", "pk")
    if not with_not_sent:
        messages = messages.exclude(status=MessageStatus.NOT_SENT)
    now = timezone.now()
    return [
        TimelineRow(
            id=m.pk,
            at=m.completed_at or m.sent_at or m.created_at,
            kind=m.kind,
            channel=m.channel,
            channel_label=str(MessageChannel(m.channel).label),
            recipient=_masked(m.recipient),
            status=m.status,
            status_label=str(MessageStatus(m.status).label),
            detail=m.error_code if m.status not in (MessageStatus.DELIVERED, MessageStatus.NOT_SENT) else "",
            fallback=m.fallback_of_id is not None,
            resend=m.resend_of_id is not None,
            final=m.status in FINAL_STATUSES and m.status != MessageStatus.NOT_SENT,
            kind_label=_kind_label(m.kind),
            body=m.body,
            reason=_reason(m, now),
        )  # fmt: skip
        for m in messages
    ]


def _reason(message: Message, now: datetime) -> str:
    if message.status == MessageStatus.NOT_SENT:
        return str(NOT_SENT_REASONS.get(message.error_code, message.detail))
    if message.status == MessageStatus.CREATED and message.send_after > now:  # quiet hours or a rate window
        at = timezone.localtime(message.send_after)
        return gettext("chờ gửi lúc %(at)s") % {"at": f"{at:%H:%M %d/%m/%Y}"}
    return ""


def _kind_label(kind: str) -> str:
    from lienthong.dossiers.constants import EventKind

    return str(EventKind(kind).label) if kind in EventKind.values else kind


def _masked(recipient: str) -> str:
    """ "84912345678" → "84912***678", "hoa@example.vn" → "h***@example.vn": enough to recognise, not to copy."""
    if "@" in recipient:
        local, _, domain = recipient.partition("@")
        return f"{local[:1]}***@{domain}"
    return f"{recipient[:5]}***{recipient[-3:]}" if len(recipient) > 8 else recipient


@dataclass(frozen=True)
class RateRow:
    """What became of the messages of one channel through one provider in a period."""

    channel: str
    channel_label: str
    provider: str
    counts: dict[str, int]  # per status, every status present (0 when none)
    total: int  # handed to the provider or waiting to be; the notices not sent are `not_sent`

    @property
    def final(self) -> int:
        """Handed to the provider and ended: a notice never sent is counted apart (`not_sent`), not as a failure."""
        return sum(n for status, n in self.counts.items() if status in FINAL_STATUSES) - self.not_sent

    @property
    def not_sent(self) -> int:
        return self.counts[MessageStatus.NOT_SENT]

    @property
    def cells(self) -> list[tuple[str, int]]:
        """(status label, count) in the status model's order."""
        return [(str(label), self.counts[value]) for value, label in MessageStatus.choices
                if value != MessageStatus.NOT_SENT]  # fmt: skip

    @property
    def delivered_percent(self) -> float | None:
        share = self.delivered_share
        return None if share is None else 100 * share

    @property
    def delivered_share(self) -> float | None:
        """Delivered among those with a final status (the waiting ones are not failures yet); None when none."""
        return self.counts[MessageStatus.DELIVERED] / self.final if self.final else None


def delivery_rates(*, since: datetime, until: datetime, agency_ids: frozenset[int] | None) -> list[RateRow]:
    """Counts by status per channel and provider of the messages created in [since, until) — about the dossiers of
    `agency_ids` (their receiving agency), or every message, letters included, when None. One query."""
    messages = Message.objects.filter(created_at__gte=since, created_at__lt=until)
    if agency_ids is not None:
        messages = messages.filter(Q(dossier__agency_id__in=agency_ids))
    rows = messages.values("channel", "provider", "status").annotate(n=Count("id")).order_by()
    grouped: dict[tuple[str, str], dict[str, int]] = {}
    for row in rows:
        counts = grouped.setdefault((row["channel"], row["provider"]), dict.fromkeys(MessageStatus.values, 0))
        counts[row["status"]] += row["n"]
    order = {channel: i for i, channel in enumerate(MessageChannel.values)}
    return [
        RateRow(
            channel=channel,
            channel_label=str(MessageChannel(channel).label),
            provider=provider,
            counts=counts,
            total=sum(counts.values()) - counts[MessageStatus.NOT_SENT],  # handed over or waiting
        )  # fmt: skip
        for (channel, provider), counts in sorted(grouped.items(), key=lambda item: (order[item[0][0]], item[0][1]))
    ]


@dataclass(frozen=True)
class TemplateRow:
    pk: int
    kind: str
    event_label: str
    channel_label: str
    language: str
    version: int
    active: bool
    created_at: datetime
    subject: str
    body: str
    preview: str  # the active version filled with sample values of its placeholders' kinds
    placeholders: list[str]  # a letter event's placeholders, "name (kind)", required ones marked by *


def message_templates() -> list[TemplateRow]:
    """Every message template and every version of it, by event, channel, language and newest version first (one
    query, a few hundred rows at most): what the IT officer reads to see which words go out."""
    from lienthong.notify.letters import event_of, letter_preview
    from lienthong.notify.models import MessageTemplate

    channels = dict(MessageChannel.choices)
    rows = []
    for template in MessageTemplate.objects.order_by("kind", "channel", "-language", "-version"):
        event = event_of(template.kind)
        if event is not None:
            label = str(event.label)
            names = [f"{name}{'*' if template.channel in p.required else ''} ({p.kind})"
                     for name, p in event.placeholders.items()]  # fmt: skip
        else:
            label, names = template.kind, []
        rows.append(TemplateRow(
            pk=template.pk, kind=template.kind, event_label=label,
            channel_label=str(channels.get(template.channel, template.channel)),
            language=template.language, version=template.version, active=template.is_active,
            created_at=template.created_at, subject=template.subject, body=template.body,
            preview=letter_preview(template) if event is not None and template.is_active else "", placeholders=names,
        ))  # fmt: skip
    return rows
