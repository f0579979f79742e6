"""Email to the applicant at each change of status that concerns them, in the administrator's own words.

`email_on_event` is the outbox subscriber: it runs after the change has committed, so a mail server that is down
delays the email and never the transition; raising tells the outbox to try again later.
"""

import functools
import smtplib
import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from lienthong.catalogue.fees import fee_texts
from lienthong.core.calendar import format_instant
from lienthong.core.http import public_url
from lienthong.core.rules import rule_get
from lienthong.dossiers.constants import EventKind, ResultDelivery, Status
from lienthong.dossiers.models import Dossier
from lienthong.notify.constants import (
    CONFIRMED_CHANNELS,
    SKIPPED_CONFIRMED_ELSEWHERE,
    SKIPPED_NO_ADDRESS,
    SKIPPED_NO_TEMPLATE,
    SKIPPED_OPTED_OUT,
    DeliveryStatus,
    MessageChannel,
)
from lienthong.notify.links import opt_out_token, track_link
from lienthong.notify.models import EmailDelivery, EmailTemplate, OptOut

SMTP_TIMEOUT = 30  # seconds, unless EMAIL_TIMEOUT says otherwise: a hung server must not hold a worker forever
# OSError covers refused, unreachable and timed-out connections; a template error waits for the administrator.
RETRIED_ERRORS = (smtplib.SMTPException, OSError, TemplateSyntaxError)
LANGUAGE = "vi"  # the templates are Vietnamese, and so are the weekday names in dates
WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
# Every message to the applicant carries the tracking page's link (issue 11 item 8); a template that lost it gets
# this line before its signature block.
TRACK_LINE = "Tra cứu hồ sơ: {url}"


@functools.cache
def email_engine() -> Engine:
    """Django's template language for plain text: no HTML escaping, and the `dong` filter for amounts."""
    return Engine(autoescape=False, builtins=["lienthong.notify.template_filters"])


def email_template_compile(text: str) -> Template:
    """Raises TemplateSyntaxError for a template that cannot be rendered (the admin refuses it)."""
    return email_engine().from_string(text)


def email_on_event(envelope: dict[str, Any]) -> None:
    """Mail the applicant about one dossier event, at most once per event id however often it is delivered."""
    delivery = EmailDelivery.objects.filter(event_uuid=envelope["id"]).first()
    if delivery is not None and delivery.status != DeliveryStatus.FAILED:
        return  # sent, or deliberately not: a redelivered event mails nobody twice
    dossier = Dossier.objects.select_related("agency", "procedure_version").get(pk=envelope["dossier_id"])
    delivery = delivery or EmailDelivery(event_uuid=uuid.UUID(envelope["id"]), dossier=dossier, kind=envelope["kind"])
    if envelope["kind"] == EventKind.SUBMITTED and dossier.channel not in CONFIRMED_CHANNELS:
        _record(delivery, status=DeliveryStatus.SKIPPED, last_error=SKIPPED_CONFIRMED_ELSEWHERE)
        return
    template = EmailTemplate.objects.filter(kind=envelope["kind"], is_active=True).first()
    if not dossier.applicant_email or template is None:
        reason = SKIPPED_NO_ADDRESS if not dossier.applicant_email else SKIPPED_NO_TEMPLATE
        _record(delivery, status=DeliveryStatus.SKIPPED, last_error=reason)
        return
    if OptOut.objects.filter(channel=MessageChannel.EMAIL, recipient=dossier.applicant_email.lower()).exists():
        _record(delivery, status=DeliveryStatus.SKIPPED, last_error=SKIPPED_OPTED_OUT)
        return
    delivery.to, delivery.attempts = dossier.applicant_email, delivery.attempts + 1
    try:
        delivery.subject, body = email_render(template=template, dossier=dossier, envelope=envelope)
        _send(to=delivery.to, subject=delivery.subject, body=body, event_uuid=delivery.event_uuid)
    except RETRIED_ERRORS as exc:
        _record(delivery, status=DeliveryStatus.FAILED, last_error=f"{type(exc).__name__}: {exc}"[:2000])
        email_recorded(delivery=delivery, envelope=envelope, body="", accepted=False)
        raise
    _record(delivery, status=DeliveryStatus.SENT, last_error="", sent_at=timezone.now())
    email_recorded(delivery=delivery, envelope=envelope, body=body, accepted=True)


def email_recorded(*, delivery: EmailDelivery, envelope: dict[str, Any], body: str, accepted: bool) -> None:
    """The e-mail in the one delivery model beside Zalo and SMS (the dossier's message timeline): SMTP has no
    delivery reports, so the mail server's acceptance is `delivered`; a refusal leaves it `created` while the
    outbox retries it."""
    from lienthong.notify.delivery import email_message_record

    email_message_record(delivery=delivery, envelope=envelope, body=body, accepted=accepted)


def email_render(*, template: EmailTemplate, dossier: Dossier, envelope: dict[str, Any]) -> tuple[str, str]:
    """The subject (one line, as a mail header must be) and the plain-text body for this event."""
    with translation.override(LANGUAGE):
        values = email_context(dossier=dossier, envelope=envelope)
        context = Context(values, autoescape=False)
        subject = " ".join(email_template_compile(template.subject).render(context).split())
        body = email_template_compile(template.body).render(context).strip() + "\n"
    return subject[:255], _with_track_link(body, values["track_url"])


def _with_track_link(body: str, url: str) -> str:
    """The body, with the tracking link added before the automatic footer (or at the end) if the template lost it."""
    if url in body:
        return body
    line = TRACK_LINE.format(url=url)
    head, separator, footer = body.rpartition("\n---\n")
    if separator:
        return f"{head.rstrip()}\n\n{line}{separator}{footer}"
    return f"{body.rstrip()}\n\n{line}\n"


def email_context(*, dossier: Dossier, envelope: dict[str, Any]) -> dict[str, Any]:
    """What a template may use; dates read as the desk says them, e.g. "17:00 thứ Tư 25/02/2026"."""
    payload = envelope.get("payload") or {}
    # The event's own dates win over the dossier's current ones: a retry hours later still tells what happened.
    due = _instant(payload.get("new_due_at") or payload.get("due_at")) or dossier.due_at
    status = envelope.get("status_after") or dossier.status
    procedure = dossier.procedure_version.name
    submitted = timezone.localtime(dossier.submitted_at or dossier.created_at)
    delivery = payload.get("delivery") or dossier.result_delivery
    return {
        **_links(dossier),
        "submitted": format_instant(submitted.replace(second=0, microsecond=0)),
        "agency_address": dossier.agency.address,
        "agency_phone": dossier.agency.phone,
        "office_hours": office_hours_text(),
        "applicant_address": dossier.applicant_address,
        "delivery_kind": delivery,
        # The fees the procedure publishes, worded as on its public page (an unconfirmed amount says so).
        "fees": [fee.line for fee in fee_texts(dossier.procedure_version.fees.all())],
        "dossier": dossier,
        "code": dossier.code or "",
        # Every dossier has a code from submission on; the fallback is for one written before that rule.
        "ref": dossier.code or f"{procedure} (nộp ngày {submitted:%d/%m/%Y})",
        "received": dossier.received_at is not None,
        "applicant": dossier.applicant_name,
        "procedure": procedure,
        "agency": dossier.agency.name,
        "due": _local(due),
        "old_due": _local(_instant(payload.get("old_due_at"))),
        "original_due": _local(dossier.original_due_at),
        "status": str(Status(status).label) if status in Status.values else status,
        "delivery": _delivery_label(delivery),
        "payload": payload,
    }


def _links(dossier: Dossier) -> dict[str, str]:
    """Absolute links for a message read outside the site: the tracking page with the code filled in (the digits
    that prove who asks are never in a link), and "Hồ sơ của tôi" for a dossier submitted from an account."""
    code = dossier.code or ""
    mine = reverse("accounts:my-dossier", args=[code]) if code and dossier.citizen_id else ""
    opt_out = public_url(reverse("notify:opt-out", args=[opt_out_token(code)])) if code else ""
    return {"track_url": track_link(code), "my_dossier_url": public_url(mine) if mine else "", "opt_out_url": opt_out}


def office_hours_text() -> str:
    """ "07:30–11:30 và 13:30–17:00, thứ Hai đến thứ Sáu": when a result can be collected, from the province's rules."""
    periods = " và ".join(f"{start}–{end}" for start, end in rule_get("calendar.working_periods"))
    days = sorted(rule_get("calendar.working_weekdays"))
    if not days:
        return periods
    if days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
        return f"{periods}, {WEEKDAYS[days[0]]} đến {WEEKDAYS[days[-1]]}"
    return f"{periods}, {', '.join(WEEKDAYS[day] for day in days)}"


def _delivery_label(value: str) -> str:
    return str(ResultDelivery(value).label) if value in ResultDelivery.values else value


def _instant(value: Any) -> datetime | None:
    return parse_datetime(value) if isinstance(value, str) else None


def _local(instant: datetime | None) -> str:
    return format_instant(timezone.localtime(instant)) if instant else ""


def _send(*, to: str, subject: str, body: str, event_uuid: uuid.UUID) -> None:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "localhost"
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        connection=get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", None) or SMTP_TIMEOUT),
        # The same Message-ID on every attempt lets a mail system drop a copy sent twice by a retry (RFC 5322),
        # and Auto-Submitted keeps auto-responders from answering (RFC 3834).
        headers={"Message-ID": f"<{event_uuid}.lienthong@{domain}>", "Auto-Submitted": "auto-generated"},
    )
    message.send()


def _record(delivery: EmailDelivery, **changes: Any) -> None:
    for field, value in changes.items():
        setattr(delivery, field, value)
    delivery.save()
