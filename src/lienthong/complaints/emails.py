"""Email to the sender of a complaint, in the administrator's words (rules `complaints.email_*`), with the
template language and conventions of `lienthong.notify`: sent after commit, retried with backoff, never twice
under one Message-ID."""

import datetime as dt
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template import Context, TemplateSyntaxError
from django.utils import timezone, translation

from lienthong.complaints import rules
from lienthong.complaints.constants import EmailStatus, EventKind
from lienthong.complaints.models import ComplaintEmail
from lienthong.core.calendar import format_instant
from lienthong.core.rules import rule_get
from lienthong.notify.services import LANGUAGE, RETRIED_ERRORS, SMTP_TIMEOUT, email_template_compile

MAX_ATTEMPTS = 8  # with the backoff below: about two hours of retries, then the delivery is marked dead
TEMPLATE_OF = {EventKind.ANSWERED: rules.EMAIL_ANSWER, EventKind.REFUSED: rules.EMAIL_REFUSAL}


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(60 * 2 ** (attempts - 1), 3600))


def email_render(email: ComplaintEmail) -> tuple[str, str]:
    """The subject (one line) and plain-text body; raises TemplateSyntaxError for a broken rule value."""
    event = email.event
    complaint = event.complaint
    template = rule_get(TEMPLATE_OF[event.kind])
    if not isinstance(template, dict):
        raise TemplateSyntaxError(f"{TEMPLATE_OF[event.kind]} must be {{'subject': ..., 'body': ...}}")
    context = Context({
        "code": complaint.code, "sender": complaint.sender_name, "title": complaint.title,
        "agency": complaint.agency.name, "answer": complaint.answer, "reason": complaint.refusal_reason,
        "answered_at": format_instant(timezone.localtime(complaint.answered_at)) if complaint.answered_at else "",
    })  # fmt: skip
    with translation.override(LANGUAGE):
        subject = " ".join(email_template_compile(str(template.get("subject", ""))).render(context).split())
        body = email_template_compile(str(template.get("body", ""))).render(context).strip() + "\n"
    return subject[:255], body


def complaint_email_send(*, email_id: int) -> bool:
    """Send one queued email; True when it is sent (now or before). A failure is recorded and retried later."""
    email = ComplaintEmail.objects.select_related("event__complaint__agency").filter(pk=email_id).first()
    if email is None or email.status in (EmailStatus.SENT, EmailStatus.DEAD):
        return email is not None and email.status == EmailStatus.SENT
    email.attempts += 1
    try:
        email.subject, body = email_render(email)
        _send(to=email.to, subject=email.subject, body=body, message_id=str(email.event.uuid))
    except (*RETRIED_ERRORS, smtplib.SMTPException) as exc:
        email.status = EmailStatus.DEAD if email.attempts >= MAX_ATTEMPTS else EmailStatus.FAILED
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        email.save(update_fields=["attempts", "status", "last_error", "subject"])
        return False
    email.status, email.sent_at, email.last_error = EmailStatus.SENT, timezone.now(), ""
    email.save(update_fields=["attempts", "status", "last_error", "subject", "sent_at"])
    return True


def _send(*, to: str, subject: str, body: str, message_id: str) -> None:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "localhost"
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        connection=get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", None) or SMTP_TIMEOUT),
        headers={"Message-ID": f"<{message_id}.pakn.lienthong@{domain}>", "Auto-Submitted": "auto-generated"},
    ).send()
