"""The e-mail to the sender of a complaint, in the administrator's words (rules `complaints.email_*`), with the
template language of `lienthong.notify`; notify's delivery model sends it after commit and retries it
(`notify.outbound`)."""

import logging

from django.template import Context, TemplateSyntaxError
from django.utils import timezone, translation

from lienthong.complaints import rules
from lienthong.complaints.constants import EventKind
from lienthong.complaints.models import Complaint, ComplaintEvent
from lienthong.core.calendar import format_instant
from lienthong.core.rules import rule_get
from lienthong.notify.outbound import email_letter_queue
from lienthong.notify.services import LANGUAGE, email_template_compile

log = logging.getLogger(__name__)
TEMPLATE_OF = {EventKind.ANSWERED: rules.EMAIL_ANSWER, EventKind.REFUSED: rules.EMAIL_REFUSAL}
LETTER_KIND = "complaint_{kind}"  # the kind of the letter in notify's messages: complaint_answered, complaint_refused


def email_render(*, complaint: Complaint, kind: str) -> tuple[str, str]:
    """The subject (one line) and plain-text body; raises TemplateSyntaxError for a broken rule value."""
    template = rule_get(TEMPLATE_OF[kind])
    if not isinstance(template, dict):
        raise TemplateSyntaxError(f"{TEMPLATE_OF[kind]} must be {{'subject': ..., 'body': ...}}")
    context = Context({
        "code": complaint.code, "sender": complaint.sender_name, "title": complaint.title,
        "agency": complaint.agency.name, "answer": complaint.answer, "reason": complaint.refusal_reason,
        "answered_at": format_instant(timezone.localtime(complaint.answered_at)) if complaint.answered_at else "",
    })  # fmt: skip
    with translation.override(LANGUAGE):
        subject = " ".join(email_template_compile(str(template.get("subject", ""))).render(context).split())
        body = email_template_compile(str(template.get("body", ""))).render(context).strip() + "\n"
    return subject[:255], body


def complaint_email_queue(*, complaint: Complaint, event: ComplaintEvent) -> None:
    """Queue the sender's e-mail about this event in the caller's transaction, keyed by the event (never twice)."""
    if not complaint.sender_email:
        return
    try:
        subject, body = email_render(complaint=complaint, kind=event.kind)
    except TemplateSyntaxError:  # the administrator's rule cannot be rendered: the answer stands, the letter waits
        log.exception("complaint %s: the e-mail rule %s cannot be rendered", complaint.code, TEMPLATE_OF[event.kind])
        return
    email_letter_queue(key=event.uuid, kind=LETTER_KIND.format(kind=event.kind), to=[complaint.sender_email],
                       subject=subject, body=body)  # fmt: skip
