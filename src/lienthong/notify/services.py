"""E-mail to the applicant at each change of status that concerns them, in the words of the event's versioned template
(notify.notices), recorded as a `Message` of the one delivery model beside Zalo and SMS.

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
from django.utils.translation import gettext

from lienthong.catalogue.fees import fee_texts
from lienthong.core.calendar import format_instant
from lienthong.core.http import public_url
from lienthong.core.rules import rule_get
from lienthong.dossiers.constants import EventKind, ResultDelivery, Status
from lienthong.dossiers.models import Dossier
from lienthong.notify.constants import (
    CONFIRMED_CHANNELS,
    NOT_SENT_CONFIRMED_ELSEWHERE,
    NOT_SENT_NO_ADDRESS,
    NOT_SENT_NO_TEMPLATE,
    NOT_SENT_OPTED_OUT,
    NOT_SENT_REASONS,
    NOTICE_SUBJECT,
    MessageChannel,
    MessageStatus,
)
from lienthong.notify.links import opt_out_token, track_link
from lienthong.notify.models import Message, MessageTemplate
from lienthong.notify.providers import provider_name

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
    """Mail the applicant about one dossier event, at most once per event id however often it is delivered.

    The e-mail is a `Message` of the one delivery model, rendered from the event's active e-mail template: created
    on the first attempt and left `created` while the mail server refuses (raising, so the outbox tries again later),
    `delivered` once the server took it — a redelivered event then finds it final and mails nobody twice."""
    from lienthong.notify.delivery import _change, active_template, message_not_sent

    dossier = Dossier.objects.select_related("agency", "procedure_version").get(pk=envelope["dossier_id"])
    recipient = (dossier.applicant_email or "").strip().lower()
    key = {"event_uuid": envelope["id"], "channel": MessageChannel.EMAIL, "recipient": recipient, "resend_of": None}
    message = Message.objects.filter(**key).first()
    if message is not None and message.status != MessageStatus.CREATED:
        return  # sent (or given up, or recorded as not sent): a redelivered event mails nobody twice
    template = active_template(envelope["kind"], MessageChannel.EMAIL, dossier.applicant_language)
    reason = _not_mailed(dossier=dossier, envelope=envelope, recipient=recipient, template=template)
    if reason:  # a notice not mailed leaves its record, with why (once per event); a retried one ends there
        if message is None:
            message_not_sent(channel=MessageChannel.EMAIL, recipient=recipient, dossier=dossier, envelope=envelope,
                             reason=reason)  # fmt: skip
        else:
            message.error_code, message.detail = reason, str(NOT_SENT_REASONS[reason])
            _change(message, MessageStatus.NOT_SENT, "route", reason)
        return
    subject, body = email_render(template=template, dossier=dossier, envelope=envelope)
    if message is None:
        message = Message.objects.create(**key, kind=envelope["kind"], dossier=dossier, event=_small(envelope),
                                         send_after=timezone.now())  # fmt: skip
        _change(message, MessageStatus.CREATED, "create")
    message.template, message.body, message.params = template, body, {NOTICE_SUBJECT: subject}
    message.attempts += 1
    message.sent_at, message.provider = timezone.now(), provider_name(MessageChannel.EMAIL)
    try:
        _send(to=dossier.applicant_email, subject=subject, body=body, event_uuid=uuid.UUID(str(envelope["id"])))
    except RETRIED_ERRORS as exc:
        message.detail = f"{type(exc).__name__}: {exc}"[:500]
        message.save()
        raise
    message.detail = subject
    _change(message, MessageStatus.DELIVERED, "smtp", subject)  # SMTP has no delivery report: acceptance is all


def _not_mailed(*, dossier: Dossier, envelope: dict[str, Any], recipient: str, template) -> str:
    """Why this event is not mailed (a NOT_SENT_* code), or "" when it is."""
    from lienthong.notify.delivery import opted_out

    if envelope["kind"] == EventKind.SUBMITTED and dossier.channel not in CONFIRMED_CHANNELS:
        return NOT_SENT_CONFIRMED_ELSEWHERE  # confirmed to the applicant by the channel it came through
    if not recipient:
        return NOT_SENT_NO_ADDRESS
    if opted_out(MessageChannel.EMAIL, recipient):
        return NOT_SENT_OPTED_OUT
    if template is None:
        return NOT_SENT_NO_TEMPLATE  # switched off by the IT officer
    return ""


def _small(envelope: dict[str, Any]) -> dict[str, Any]:
    return {key: envelope.get(key) for key in ("id", "kind", "dossier_id", "status_after", "payload")}


def email_render(*, template: MessageTemplate, dossier: Dossier, envelope: dict[str, Any]) -> tuple[str, str]:
    """The subject (one line, as a mail header must be) and the plain-text body for this event."""
    with translation.override(template.language or LANGUAGE):
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
        "result_note": result_note(delivery, agency=dossier.agency.name),
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


def result_note(delivery: str, *, agency: str) -> str:
    """How the result comes, in a few words a Zalo parameter can carry (issue 15 item 4)."""
    if delivery == ResultDelivery.ELECTRONIC:
        return gettext("tải về tại trang tra cứu")
    if delivery == ResultDelivery.BY_POST:
        return gettext("gửi qua bưu chính đến địa chỉ đã đăng ký")
    return gettext("mời nhận tại %(agency)s (%(hours)s)") % {"agency": agency, "hours": office_hours_text()}


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
