"""Writes of complaints and recommendations: each a service that checks, changes, and records its event.

Deadlines are counted in working days on the province's calendar (`core.services.calendar_add`, with its 15:00
cut-off and holidays) from rules an administrator may change (`complaints.rules`, Decision 766 index 5.x).
"""

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lienthong.complaints import rules
from lienthong.complaints.access import complaint_can_handle, complaint_can_publish
from lienthong.complaints.constants import (
    ANSWER_MAX_LENGTH,
    CODE_ALPHABET,
    CODE_PREFIX,
    CODE_RANDOM_LENGTH,
    CONTENT_MAX_LENGTH,
    EVENTS_SOURCE,
    NAME_MAX_LENGTH,
    OPEN,
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    EventKind,
    Kind,
    Status,
)
from lienthong.complaints.emails import complaint_email_queue
from lienthong.complaints.errors import ComplaintError
from lienthong.complaints.models import Complaint, ComplaintEvent
from lienthong.core.calendar import TimeUnit, WorkCalendar
from lienthong.core.calendar_store import work_calendar_current
from lienthong.core.events import record_publish
from lienthong.core.ratelimit import rate_parse, window_hit
from lienthong.core.rules import rule_get
from lienthong.core.services import calendar_add
from lienthong.core.text import fold
from lienthong.org.access import officer_scope
from lienthong.org.constants import AgencyKind, Level, Role
from lienthong.org.models import Agency

PHONE_PATTERN = re.compile(r"\+?[0-9]{8,15}")
CODE_ATTEMPTS = 5


@dataclass(frozen=True)
class Sender:
    name: str
    phone: str = ""
    email: str = ""
    address: str = ""


def phone_normalise(raw: str) -> str:
    """Spaces, dots, dashes and brackets go: "0912 345 678" and "0912.345.678" are one number."""
    return re.sub(r"[\s.\-()]", "", raw or "")


# -- deadlines -----------------------------------------------------------------------------------------------------


def working_days_after(*, start: datetime, rule: str, calendar: WorkCalendar | None = None) -> datetime:
    """`start` plus the rule's number of working days on the province's calendar."""
    return calendar_add(start=start, amount=rule_get(rule), unit=TimeUnit.WORKING_DAYS, calendar=calendar).instant


def monitoring_agency() -> Agency:
    """Who handles what names no agency: the rule's agency, else the provincial agency of the province's monitors
    (the TTHC control office), else the provincial people's committee."""
    code = rule_get(rules.MONITORING_AGENCY)
    agencies = Agency.objects.filter(is_active=True)
    found = agencies.filter(identifier_code=code).first() if code else None
    found = found or (
        agencies.filter(level=Level.PROVINCE, officer_roles__role=Role.MONITOR, officer_roles__is_active=True)
        .order_by("id")
        .first()
    )
    found = found or agencies.filter(level=Level.PROVINCE, kind=AgencyKind.PEOPLES_COMMITTEE).order_by("id").first()
    if found is None:
        raise ComplaintError(
            ComplaintError.INVALID, _("Hệ thống chưa có cơ quan tiếp nhận phản ánh, kiến nghị. Vui lòng thử lại sau.")
        )
    return found


# -- submission ----------------------------------------------------------------------------------------------------


def guard_submit_rate(*, client: str) -> None:
    """Per client address: a person sends a few complaints a day, a spam script hundreds."""
    rate = rate_parse(str(rule_get(rules.SUBMIT_RATE)))
    if rate is None:
        return
    verdict = window_hit(f"complaints:submit:{client}", rate)
    if not verdict.allowed:
        raise ComplaintError(
            ComplaintError.TOO_MANY,
            _("Bạn đã gửi quá nhiều phản ánh, kiến nghị. Vui lòng thử lại sau %(seconds)s giây.")
            % {"seconds": verdict.retry_after},
            retry_after=verdict.retry_after,
        )


def _check_submission(*, kind: str, sender: Sender, title: str, content: str) -> None:
    problems = [
        (kind not in Kind.values, _("Vui lòng chọn phản ánh hoặc kiến nghị.")),
        (not sender.name or len(sender.name) > NAME_MAX_LENGTH, _("Vui lòng nhập họ và tên người gửi.")),
        (not sender.phone and not sender.email, _("Vui lòng nhập số điện thoại hoặc thư điện tử để nhận trả lời.")),
        (bool(sender.phone) and not PHONE_PATTERN.fullmatch(sender.phone), _("Số điện thoại không hợp lệ.")),
        (not title or len(title) > TITLE_MAX_LENGTH, _("Vui lòng nhập tiêu đề (tối đa 200 ký tự).")),
        (not content or len(content) > CONTENT_MAX_LENGTH, _("Vui lòng nhập nội dung (tối đa 5000 ký tự).")),
    ]
    for failed, message in problems:
        if failed:
            raise ComplaintError(ComplaintError.INVALID, message)


def _new_code(at: datetime) -> str:
    tail = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_RANDOM_LENGTH))
    return f"{CODE_PREFIX}-{timezone.localtime(at):%y%m%d}-{tail}"


def _create_with_code(**fields) -> Complaint:
    """Random codes, so that none can be guessed from another; a collision (one in a billion a day) draws again."""
    for attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return Complaint.objects.create(code=_new_code(fields["received_at"]), **fields)
        except IntegrityError:
            if attempt == CODE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def complaint_submit(
    *,
    kind: str,
    sender: Sender,
    title: str,
    content: str,
    concerned_agency: Agency | None = None,
    dossier_code: str = "",
    client: str | None = None,
    at: datetime | None = None,
) -> Complaint:
    """Receive a complaint or recommendation: code, handling agency and the deadlines of Decision 766 index 5.x."""
    sender = Sender(
        name=(sender.name or "").strip(),
        phone=phone_normalise(sender.phone),
        email=(sender.email or "").strip().lower(),
        address=(sender.address or "").strip(),
    )
    title, content = (title or "").strip(), (content or "").strip()
    _check_submission(kind=kind, sender=sender, title=title, content=content)
    if client is not None:
        guard_submit_rate(client=client)
    at = at or timezone.now()
    calendar = work_calendar_current()
    refusal_due = working_days_after(start=at, rule=rules.REFUSAL_WORKING_DAYS, calendar=calendar)
    complaint = _create_with_code(
        kind=kind, sender_name=sender.name, sender_phone=sender.phone, sender_email=sender.email,
        sender_address=sender.address, concerned_agency=concerned_agency,
        agency=concerned_agency or monitoring_agency(), dossier_code=(dossier_code or "").strip()[:60],
        title=title, content=content, received_at=at, refusal_due_at=refusal_due,
        answer_due_at=working_days_after(start=at, rule=rules.ANSWER_WORKING_DAYS, calendar=calendar),
        due_at=refusal_due,
    )  # fmt: skip
    _record(complaint, EventKind.SUBMITTED, actor=None, before="", at=at, payload={
        "agency": complaint.agency.name, "refusal_due_at": complaint.refusal_due_at.isoformat(),
        "answer_due_at": complaint.answer_due_at.isoformat(),
    })  # fmt: skip
    return complaint


# -- handling ------------------------------------------------------------------------------------------------------


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().select_related("agency").get(pk=complaint.pk)


def _guard(complaint: Complaint, officer, *, statuses, publish: bool = False) -> None:
    scope = officer_scope(officer)
    allowed = complaint_can_publish(scope, complaint) if publish else complaint_can_handle(scope, complaint)
    if not allowed:
        raise ComplaintError(ComplaintError.NOT_PERMITTED, _("Phản ánh, kiến nghị này không thuộc phạm vi của bạn."))
    if complaint.status not in statuses:
        raise ComplaintError(
            ComplaintError.NOT_ALLOWED_IN_STATUS,
            _("Không thể thực hiện thao tác này khi phản ánh, kiến nghị đang ở trạng thái “%(status)s”.")
            % {"status": complaint.get_status_display()},
        )


def _actor_label(officer) -> str:
    return (officer.get_full_name() or officer.get_username()) if officer is not None else ""


def _record(complaint: Complaint, kind: str, *, actor, before: str, at: datetime, payload: dict) -> ComplaintEvent:
    """The change's event, published to the subscribers of complaints' events in the same transaction (the
    reporting read model: `core.events.record_publish`)."""
    event = ComplaintEvent.objects.create(
        complaint=complaint, kind=kind, at=at, actor=actor, actor_label=_actor_label(actor), status_before=before,
        status_after=complaint.status, payload=payload,
    )  # fmt: skip
    record_publish(EVENTS_SOURCE, {"complaint_id": complaint.pk, "kind": kind, "event": str(event.uuid)})
    return event


def _save(complaint: Complaint, *fields: str) -> None:
    complaint.save(update_fields=list(fields))


@transaction.atomic
def complaint_accept(*, complaint: Complaint, officer, at: datetime | None = None) -> Complaint:
    """Take the complaint up: from now the answer is due (15 working days from receipt)."""
    complaint = _locked(complaint)
    _guard(complaint, officer, statuses=[Status.RECEIVED])
    at, before = at or timezone.now(), complaint.status
    complaint.status, complaint.accepted_at, complaint.due_at = Status.ACCEPTED, at, complaint.answer_due_at
    complaint.assignee = complaint.assignee or officer
    _save(complaint, "status", "accepted_at", "due_at", "assignee")
    _record(complaint, EventKind.ACCEPTED, actor=officer, before=before, at=at, payload={})
    return complaint


@transaction.atomic
def complaint_refuse(*, complaint: Complaint, officer, reason: str, at: datetime | None = None) -> Complaint:
    """Refuse with a written reason, within the refusal period (2 working days, Decision 766); later, it must be
    handled. The sender is emailed the reason."""
    complaint = _locked(complaint)
    _guard(complaint, officer, statuses=[Status.RECEIVED])
    reason, at, before = (reason or "").strip(), at or timezone.now(), complaint.status
    if not reason or len(reason) > REASON_MAX_LENGTH:
        raise ComplaintError(ComplaintError.REASON_REQUIRED, _("Vui lòng ghi lý do từ chối (tối đa 2000 ký tự)."))
    if at > complaint.refusal_due_at:
        raise ComplaintError(
            ComplaintError.REFUSAL_PERIOD_OVER,
            _("Đã quá thời hạn từ chối tiếp nhận; phản ánh, kiến nghị phải được xem xét, trả lời."),
        )
    complaint.status, complaint.refused_at, complaint.refusal_reason, complaint.due_at = (
        Status.REFUSED, at, reason, None
    )  # fmt: skip
    _save(complaint, "status", "refused_at", "refusal_reason", "due_at")
    event = _record(complaint, EventKind.REFUSED, actor=officer, before=before, at=at, payload={"reason": reason})
    complaint_email_queue(complaint=complaint, event=event)
    return complaint


@transaction.atomic
def complaint_forward(
    *, complaint: Complaint, officer, to_agency: Agency, note: str = "", at: datetime | None = None
) -> Complaint:
    """Send it to the competent agency; the deadlines run on from the original receipt."""
    complaint = _locked(complaint)
    _guard(complaint, officer, statuses=OPEN)
    if to_agency is None or not to_agency.is_active or to_agency.pk == complaint.agency_id:
        raise ComplaintError(ComplaintError.INVALID_TARGET, _("Vui lòng chọn một cơ quan khác để chuyển đến."))
    at, before, source = at or timezone.now(), complaint.status, complaint.agency
    complaint.agency, complaint.assignee = to_agency, None
    _save(complaint, "agency", "assignee")
    _record(complaint, EventKind.FORWARDED, actor=officer, before=before, at=at, payload={
        "from": {"id": source.pk, "name": source.name}, "to": {"id": to_agency.pk, "name": to_agency.name},
        "note": (note or "").strip()[:REASON_MAX_LENGTH],
    })  # fmt: skip
    return complaint


@transaction.atomic
def complaint_answer(*, complaint: Complaint, officer, answer: str, at: datetime | None = None) -> Complaint:
    """The agency's answer; publication is then due within 2 working days. The sender is emailed the answer."""
    complaint = _locked(complaint)
    _guard(complaint, officer, statuses=[Status.ACCEPTED])
    answer, at, before = (answer or "").strip(), at or timezone.now(), complaint.status
    if not answer or len(answer) > ANSWER_MAX_LENGTH:
        raise ComplaintError(ComplaintError.ANSWER_REQUIRED, _("Vui lòng nhập nội dung trả lời (tối đa 10000 ký tự)."))
    complaint.status, complaint.answer, complaint.answered_at, complaint.answered_by = (
        Status.ANSWERED, answer, at, officer
    )  # fmt: skip
    complaint.publish_due_at = working_days_after(start=at, rule=rules.PUBLICATION_WORKING_DAYS)
    complaint.due_at = complaint.publish_due_at
    _save(complaint, "status", "answer", "answered_at", "answered_by", "publish_due_at", "due_at")
    event = _record(complaint, EventKind.ANSWERED, actor=officer, before=before, at=at, payload={
        "on_time": complaint.on_time, "publish_due_at": complaint.publish_due_at.isoformat(),
    })  # fmt: skip
    complaint_email_queue(complaint=complaint, event=event)
    return complaint


@transaction.atomic
def complaint_publish(
    *, complaint: Complaint, officer, public_content: str = "", at: datetime | None = None
) -> Complaint:
    """Publish the question and its answer on the portal, the content stripped of personal data by the officer."""
    complaint = _locked(complaint)
    _guard(complaint, officer, statuses=[Status.ANSWERED], publish=True)
    public = (public_content or "").strip() or complaint.content
    at, before = at or timezone.now(), complaint.status
    complaint.status, complaint.published, complaint.published_at, complaint.due_at = Status.PUBLISHED, True, at, None
    complaint.public_content = public[:CONTENT_MAX_LENGTH]
    public_text = [complaint.code, complaint.title, complaint.public_content, complaint.answer]
    complaint.search_folded = fold(" ".join(public_text))
    _save(complaint, "status", "published", "published_at", "due_at", "public_content", "search_folded")
    on_time = at <= complaint.publish_due_at if complaint.publish_due_at else None
    _record(complaint, EventKind.PUBLISHED, actor=officer, before=before, at=at, payload={"on_time": on_time})
    return complaint
