"""The sender's letter about an answer or a refusal: its data, handed to notify (`notify.letters`), which renders the
event's versioned templates (e-mail; Zalo, else SMS, for a sender who gave a phone) and sends them after commit."""

import logging

from django.urls import reverse

from lienthong.complaints.constants import EventKind
from lienthong.complaints.models import Complaint, ComplaintEvent
from lienthong.core.http import public_url
from lienthong.notify.letters import letter_queue

log = logging.getLogger(__name__)
LETTER_KIND = "complaint_{kind}"  # the kind of the letter in notify's messages: complaint_answered, complaint_refused


def letter_data(*, complaint: Complaint, kind: str) -> dict:
    """The placeholders of the complaint's letter (notify.letters.LETTER_EVENTS)."""
    data = {
        "code": complaint.code, "sender": complaint.sender_name, "title": complaint.title,
        "agency": complaint.agency.name, "link": public_url(reverse("complaints:lookup")),
    }  # fmt: skip
    if kind == EventKind.ANSWERED:
        return {**data, "answer": complaint.answer, "answered_at": complaint.answered_at}
    return {**data, "reason": complaint.refusal_reason}


def complaint_email_queue(*, complaint: Complaint, event: ComplaintEvent) -> None:
    """Queue the sender's letter about this event in the caller's transaction, keyed by the event (never twice): by
    e-mail when the sender gave an address, and to the phone when they gave one and no address."""
    if not (complaint.sender_email or complaint.sender_phone):
        return
    letter_queue(
        key=event.uuid,
        kind=LETTER_KIND.format(kind=event.kind),
        data=letter_data(complaint=complaint, kind=event.kind),
        emails=[complaint.sender_email] if complaint.sender_email else [],
        phone="" if complaint.sender_email else complaint.sender_phone,
    )
