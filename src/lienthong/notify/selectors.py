"""Reads of the delivery model for the officers' pages."""

from dataclasses import dataclass
from datetime import datetime

from lienthong.notify.constants import MessageChannel, MessageStatus
from lienthong.notify.models import Message


@dataclass(frozen=True)
class TimelineRow:
    at: datetime
    kind: str
    channel: str
    channel_label: str
    recipient: str
    status: str
    status_label: str
    detail: str
    fallback: bool


def message_timeline(*, dossier_id: int) -> list[TimelineRow]:
    """Every message sent about the dossier, oldest first, with its current status and when it last changed (one
    query): what the officer reads before answering "did you not get our message?"."""
    messages = Message.objects.filter(dossier_id=dossier_id).order_by("created_at", "pk")
    return [
        TimelineRow(
            at=m.completed_at or m.sent_at or m.created_at,
            kind=m.kind,
            channel=m.channel,
            channel_label=str(MessageChannel(m.channel).label),
            recipient=_masked(m.recipient),
            status=m.status,
            status_label=str(MessageStatus(m.status).label),
            detail=m.error_code if m.status != MessageStatus.DELIVERED else "",
            fallback=m.fallback_of_id is not None,
        )  # fmt: skip
        for m in messages
    ]


def _masked(recipient: str) -> str:
    """ "84912345678" → "84912***678", "hoa@example.vn" → "h***@example.vn": enough to recognise, not to copy."""
    if "@" in recipient:
        local, _, domain = recipient.partition("@")
        return f"{local[:1]}***@{domain}"
    return f"{recipient[:5]}***{recipient[-3:]}" if len(recipient) > 8 else recipient
